"""`make lab` opens on the series' first notebook, quietly (issue 13, point 4).

A fellow who types ``make lab`` used to land on the Launcher (Python 3 tile,
Console, Terminal), with a news pop-up and file names cut off in the file
browser; nothing said "start with 00". This test starts JupyterLab through the
Makefile itself, as a fellow does, with a fresh home and fresh Jupyter folders
(no workspace to restore, no settings of an earlier session), serving a copy
of the notebooks (``LAB_ROOT``), and opens the URL the server prints.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from notebook_page import series_notebooks

REPO = Path(__file__).resolve().parents[2]
URL = re.compile(r"(http://127\.0\.0\.1:\d+/\S*\?token=\w+)")
NEWS = re.compile(r"Jupyter news|JupyterLab news|new version|update", re.IGNORECASE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def make_lab(tmp_path_factory):
    """``make lab`` on a copy of the notebooks; yields (printed URL, served folder)."""
    work = tmp_path_factory.mktemp("make-lab")
    root = work / "notebooks"
    root.mkdir()
    for path in series_notebooks():
        shutil.copy2(path, root / path.name)
    env = os.environ | {
        "HOME": str(work / "home"),
        "JUPYTER_CONFIG_DIR": str(work / "config"),
        "JUPYTER_DATA_DIR": str(work / "data"),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "IPYTHONDIR": str(work / "ipython"),
        "PYTHONWARNINGS": "ignore",
    }
    log = work / "make-lab.log"
    # -o: the venv is installed already; a test never reinstalls it.
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "lab"]
    command += [f"PORT={_free_port()}", "HOST=127.0.0.1", f"LAB_ROOT={root}"]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 90
        url = None
        while url is None and time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"make lab exited:\n{log.read_text(errors='replace')}")
            found = URL.search(log.read_text(errors="replace"))
            url = found.group(1) if found else None
            time.sleep(0.3)
        if url is None:
            pytest.fail(f"make lab printed no URL in 90 s:\n{log.read_text(errors='replace')}")
        yield url, root
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # make and the server it started, nothing else
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_printed_url_leads_to_the_first_notebook(make_lab):
    url, _root = make_lab
    first = series_notebooks()[0].name
    assert first.startswith("00-")
    assert f"/lab/tree/{first}?token=" in url


def test_lab_opens_on_the_first_notebook_without_news_and_with_readable_names(
    make_lab, page, screenshots, request
):
    url, _root = make_lab
    first = series_notebooks()[0].name
    try:
        page.goto(url)
        current = page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")
        current.first.wait_for(timeout=90_000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=90_000)
        assert current.first.inner_text() == first
        assert page.locator(".jp-Launcher").count() == 0, "the Launcher is open"
        # JupyterLab asks about news a few seconds after it starts: give it time.
        page.wait_for_timeout(8_000)
        toasts = page.locator(".Toastify__toast")
        texts = [toasts.nth(i).inner_text() for i in range(toasts.count())]
        assert [t for t in texts if NEWS.search(t)] == [], texts
        # Every notebook's name is shown whole in the file browser.
        names = page.locator(".jp-DirListing-item .jp-DirListing-itemText")
        names.first.wait_for(timeout=30_000)
        cut = page.evaluate(
            """() => Array.from(
                 document.querySelectorAll('.jp-DirListing-item .jp-DirListing-itemText'),
                 (el) => [el.textContent.trim(), el.scrollWidth, el.clientWidth, el.offsetWidth])
               .filter(([, scroll, client, shown]) => shown === 0 || scroll > client + 1)"""
        )
        shown = {names.nth(i).inner_text().strip() for i in range(names.count())}
        assert {p.name for p in series_notebooks()} <= shown
        assert cut == [], f"file names cut off in the file browser: {cut}"
        page.screenshot(path=screenshots / "make-lab-opens.png")
    except Exception:
        page.screenshot(path=screenshots / f"{request.node.name}-failed.png")
        raise
