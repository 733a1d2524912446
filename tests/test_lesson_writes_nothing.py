"""Running a lesson as JupyterLab does (no KCA_* variable, export off) changes no tracked file."""
from __future__ import annotations

import hashlib
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

from korea_central_asia.execute import notebook_paths
from korea_central_asia.paths import NOTEBOOKS_DIR, PROJECT_DIR
from tests.test_lesson_runs import run

LESSONS = notebook_paths()


def tracked_digests() -> dict[str, tuple]:
    """Bytes, inode and modification time of every tracked file: a rewrite with the same bytes counts too."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_DIR, capture_output=True, check=True).stdout
    paths = [PROJECT_DIR / name for name in listed.decode().split("\0") if name]
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in paths if p.is_file()}


def test_running_lessons_as_jupyterlab_does_changes_no_tracked_file(tmp_path):
    """Kernels without any KCA_* variable, as `make lab` starts them; one lesson from notebooks/ and from elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KCA_")}
    before = tracked_digests()
    jobs = [(p, NOTEBOOKS_DIR if i % 2 == 0 else tmp_path) for i, p in enumerate(LESSONS)]
    jobs.append((LESSONS[1], tmp_path if jobs[1][1] == NOTEBOOKS_DIR else NOTEBOOKS_DIR))
    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(run, path, cwd, env) for path, cwd in jobs]:
            future.result()
    after = tracked_digests()
    changed = sorted(name for name in before if before[name] != after.get(name))
    assert not changed, f"running the lessons changed tracked files: {changed[:10]}"
    assert not list(tmp_path.rglob("*.png")) and not (tmp_path / "figures").exists()
