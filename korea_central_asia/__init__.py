"""Korea–Central Asia relations in data: paths, loading, validation, style and export shared by the notebooks."""
from .data import load, sources_for, table_names
from .paths import DATA_DIR, PROJECT_DIR
from .validate import DataError, Problem, validate

__all__ = ["load", "sources_for", "table_names", "validate", "DataError", "Problem", "DATA_DIR", "PROJECT_DIR"]
