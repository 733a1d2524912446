"""`make lab` for a classroom: JupyterLab started with the Makefile's own command shows no pop-up or dialog."""
from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from korea_central_asia.paths import NOTEBOOKS_DIR, PROJECT_DIR

from .test_figures import CHROMIUM, CHROMIUM_ARGS
from .test_jupyterlab import free_port


def lab_command() -> list[str]:
    """The `lab` target's recipe from the Makefile, with the virtualenv's jupyter as this interpreter."""
    recipe = re.search(r"^lab:.*\n\t(.+)$", (PROJECT_DIR / "Makefile").read_text(), re.MULTILINE).group(1)
    words = recipe.replace("$(CURDIR)", str(PROJECT_DIR)).split()
    assert words[0] == "$(VENV)/bin/jupyter" and words[1] == "lab", recipe
    return [sys.executable, "-m", "jupyterlab", *words[2:]]


def lab_in(root) -> list[str]:
    """The `make lab` command serving `root` instead of notebooks/ (a scratch copy that autosave may change)."""
    return [f"--notebook-dir={root}" if word.startswith("--notebook-dir=") else word for word in lab_command()]


def test_lab_command_ships_the_classroom_settings():
    command = lab_command()
    settings = [word.split("=", 1)[1] for word in command if word.startswith("--LabApp.app_settings_dir=")]
    assert settings, command
    import json
    from pathlib import Path

    overrides = json.loads((Path(settings[0]) / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}


@pytest.mark.lab
@pytest.mark.browser
def test_make_lab_opens_with_no_news_pop_up_or_dialog(tmp_path):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make setup`")
    root = tmp_path / "root"
    shutil.copytree(NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), secrets.token_hex(16)
    # A fresh user: no settings or workspaces from earlier runs, as on a classroom machine.
    env = dict(os.environ, KCA_FIGURES_DIR=str(tmp_path / "figures"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen([*lab_in(root), "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
                               f"--IdentityProvider.token={token}"],
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    outside = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()[-3000:])
                time.sleep(0.3)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=[
                *CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.on("request", lambda request: None if request.url.startswith((base, "data:", "blob:"))
                       else outside.append(request.url))
            page = context.new_page()
            page.goto(f"{base}/lab?token={token}")
            page.locator(".jp-DirListing-item", has_text="02-trade.ipynb").wait_for(timeout=60_000)
            # Lab asks about news a moment after start-up; give it time to ask before looking.
            page.wait_for_timeout(8_000)
            toasts = page.locator(".Toastify__toast").all_inner_texts()
            dialogs = page.locator(".jp-Dialog").all_inner_texts()
            page.screenshot(path=str(tmp_path / "lab.png"))
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    print(f"notifications: {toasts}; dialogs: {dialogs}; outside requests: {outside}")
    assert toasts == [] and dialogs == []
    assert outside == []
