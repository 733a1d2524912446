# Sphinx configuration for the teaching site. `make site` (korea_central_asia.book) stages the executed notebooks
# into build/book/<edition>/ and runs Sphinx with this folder as its configuration directory; the settings
# themselves live in korea_central_asia/site.py so that they are tested and documented in one place.
import os
from pathlib import Path

from korea_central_asia.site import sphinx_config

globals().update(sphinx_config(os.environ.get("KCA_SITE_EDITION", "teacher"),
                               Path(os.environ["KCA_SITE_STATIC"]), Path(os.environ["KCA_SITE_EXTRA"])))
