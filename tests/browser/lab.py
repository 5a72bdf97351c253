"""Start and stop a throw-away JupyterLab server for the browser tests and benchmark.

The server listens on 127.0.0.1 with a random token, serves a copy of the
notebooks (the originals are never opened, so nothing is autosaved over
them), and keeps every Jupyter config, runtime, data and IPython directory
inside a temporary folder, so a run leaves no trace in ``~/.jupyter``.

``window.jupyterapp`` is exposed (``--LabApp.expose_app_in_browser``) so a
test can run JupyterLab commands such as ``notebook:run-all-cells``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Debian's chromium; Playwright never downloads a browser of its own.
CHROMIUM = Path("/usr/bin/chromium")

#: Flags for a headless chromium that talks to nothing but 127.0.0.1.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

MISSING_CHROMIUM = (
    f"{CHROMIUM} is missing: install Debian's chromium with "
    "'apt-get update && apt-get install -y chromium' (.ci/run does this in CI)."
)

# JupyterLab settings that keep the page quiet and offline: no news or update
# checks (they would reach the internet), no autosave, and every cell kept in
# the DOM (no windowing) so that a test sees every output.
_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its base URL, token and the folder it serves."""

    url: str
    token: str
    root: Path

    def notebook_url(self, name: str) -> str:
        """URL that opens ``name`` (relative to :attr:`root`) in a fresh workspace."""
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(lab: Lab, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{lab.url}/api/status?token={lab.token}", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer in {timeout:.0f} s:\n{log.read_text()}")


@contextmanager
def running_lab(notebooks: list[Path], workdir: Path, *, timeout: float = 60) -> Iterator[Lab]:
    """Serve copies of ``notebooks`` from ``workdir/root`` until the block ends.

    Parameters
    ----------
    notebooks : list of pathlib.Path
        Notebook files to copy into the served folder.
    workdir : pathlib.Path
        Empty scratch folder; the server's config, runtime and data live here.
    timeout : float, default 60
        Seconds to wait for the server to answer.
    """
    root = workdir / "root"
    root.mkdir(parents=True)
    for path in notebooks:
        shutil.copy2(path, root / path.name)
    settings = workdir / "app-settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(json.dumps(_OVERRIDES), encoding="utf-8")
    env = os.environ | {
        "JUPYTER_CONFIG_DIR": str(workdir / "config"),
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
        "JUPYTER_DATA_DIR": str(workdir / "data"),
        "IPYTHONDIR": str(workdir / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONWARNINGS": "ignore",
    }
    lab = Lab(f"http://127.0.0.1:{_free_port()}", secrets.token_hex(16), root)
    port = lab.url.rsplit(":", 1)[1]
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={lab.token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.app_settings_dir={settings}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses root without it (CI runs as root)
    log = workdir / "jupyterlab.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(lab, process, log, timeout)
        yield lab
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
