"""Shared fixtures. Tests never write tracked files and never use the network."""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

# Figures written while notebooks run under nbval go to a scratch folder, never to figures/ (kernels inherit this).
os.environ.setdefault("KCA_FIGURES_DIR", tempfile.mkdtemp(prefix="kca-test-figures-"))
os.environ.setdefault("MPLBACKEND", "Agg")
# The nbval run checks that every cell runs and every assert holds; the print files themselves are built and
# compared byte for byte by tests/test_figures.py, whose build sets this back to 0.
os.environ.setdefault("KCA_SKIP_PRINT_EXPORT", "1")

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")):
        raise OSError(f"tests must not use the network (tried to reach {host})")
    return _real_connect(self, address)


socket.socket.connect = _loopback_only


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of the data folder (without the raw workbooks, which no bad-input test touches)."""
    # Imported here, not at the top: the package pulls in pandas, and the nbval run starts three pytest processes
    # that never need it.
    from korea_central_asia.paths import DATA_DIR

    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("raw", "README.md"))
    return target


# Test modules that take longest (seconds on this 2-core machine, `--durations=0`): they are handed to the two
# workers first, so the many short modules fill in around them instead of one long module running alone at the
# end. `make test` passes --no-loadscope-reorder, which keeps this order (xdist would otherwise sort modules by
# their number of tests, putting the site and figure builds last).
SLOW_FIRST = ["tests/test_site.py", "tests/test_figures.py", "tests/test_jupyterlab.py", "tests/test_lesson_runs.py",
              "tests/test_i18n.py", "tests/test_lesson_writes_nothing.py",
              "tests/test_maps.py"]


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        return SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)
    items.sort(key=rank)  # stable: within a module, and among the rest, the collected order stays
