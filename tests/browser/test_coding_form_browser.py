"""The coding form in a real JupyterLab, driven by headless Chromium (Debian's `chromium` and the
Python package `playwright`, no browser download). Slow and needs a browser, so it runs only with
FRAMINGS_BROWSER=1; FRAMINGS_FORM_SCREENSHOT=path keeps the screenshot. The click is made by this
test program (test data), not by a reader."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import framings as fr

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(os.environ.get("FRAMINGS_BROWSER") != "1" or not Path(CHROMIUM).exists(),
                                reason="browser test: set FRAMINGS_BROWSER=1 (needs /usr/bin/chromium, playwright)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_coding_form_in_jupyterlab(tmp_path_factory, paras):
    tmp_path = tmp_path_factory.mktemp("lab")          # what JupyterLab serves: the sheet, not the key
    sync_api = pytest.importorskip("playwright.sync_api")
    sample = fr.coding_sample(paras, n=8, random_state=4)
    fr.coding.write_coding_sample(sample, tmp_path, key=tmp_path_factory.mktemp("private") / "key.csv")
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "form", "metadata": {},
                           "outputs": [], "source": ["import framings as fr\n",
                                                     "fr.coding_form('test-coder.csv', blank='sheet.csv')"]}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "form.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    port, token = free_port(), "framings-test"
    server = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
                               "--ip=127.0.0.1", "--allow-root", f"--IdentityProvider.token={token}",
                               f"--ServerApp.root_dir={tmp_path}", "--LabApp.extension_manager=readonly",
                               "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    screenshot = Path(os.environ.get("FRAMINGS_FORM_SCREENSHOT", tmp_path / "form.png"))
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu",
                                                       "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"http://127.0.0.1:{port}/lab/tree/form.ipynb?token={token}", timeout=120_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            # wait until the kernel has started (status bar "Python 3 (ipykernel) | Idle"), then run the cell
            page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=120_000)
            try:
                page.get_by_role("button", name="No", exact=True).click(timeout=5_000)  # JupyterLab's news prompt
            except sync_api.Error:
                pass
            page.click(".jp-Cell .jp-InputArea-editor")
            page.keyboard.press("Control+Enter")
            try:
                page.wait_for_selector(".widget-button:has-text('strategic-autonomy')", timeout=120_000)
            except sync_api.TimeoutError:
                page.screenshot(path=str(screenshot.with_name(screenshot.stem + "-failed.png")))
                raise
            first_id = fr.coding.read_sheet(tmp_path / "test-coder.csv")["id"].iloc[0]
            page.click(".widget-button:has-text('strategic-autonomy')")
            page.wait_for_selector(f".widget-html:has-text('saved {first_id} = strategic-autonomy')", timeout=60_000)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=False)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    saved = fr.coding.read_sheet(tmp_path / "test-coder.csv", codes=fr.coding.codebook_codes())
    assert saved["code"].tolist()[0] == "strategic-autonomy" and saved["code"].eq("").sum() == 7
    assert screenshot.stat().st_size > 10_000
