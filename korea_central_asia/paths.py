"""Where things live. Everything resolves from this file, so notebooks run from any working directory."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
CURATED_DIR = DATA_DIR / "curated"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
DATAPACKAGE = DATA_DIR / "datapackage.json"


def figures_dir() -> Path:
    """Output folder for figures; tests point KCA_FIGURES_DIR at a temporary folder so they never touch tracked files."""
    return Path(os.environ.get("KCA_FIGURES_DIR", PROJECT_DIR / "figures"))
