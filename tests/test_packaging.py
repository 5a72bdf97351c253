"""The package installs as a real wheel, and `make lab` serves the notebooks safely."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_non_editable_wheel_carries_the_data_and_the_plot_front_end(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, ROOT],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    # Only the helpers package: the build tooling (tools/), tests and benchmarks stay out.
    assert not [n for n in names if n.startswith(("tools/", "tests/", "benchmarks/"))]
    assert "helpers/widgets/plot.js" in names
    assert "helpers/_cohort_data/patients.csv" in names
    subprocess.run([*pip, "install", "--no-deps", "--target", site, wheel], check=True)
    probe = (
        "import helpers, helpers.data as d, helpers.widgets.plot as w; "
        "print(helpers.__file__); print(d.data_dir()); print(len(d.load_patients())); "
        "print('Plotly.react' in w.PlotView().get_state()['_esm'])"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout.split("\n")
    assert out[0].startswith(str(site))
    assert out[1] == str(site / "helpers" / "_cohort_data")
    assert out[2] == "33"
    assert out[3] == "True"  # helpers/widgets/plot.js is in the wheel


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_lab_serves_notebooks_on_loopback_with_a_token(tmp_path):
    port = _free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path), "JUPYTER_TOKEN": ""}
    env.pop("JUPYTER_TOKEN")  # the token must come from Jupyter itself, never from us
    log = tmp_path / "lab.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={port}"],
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        token = None
        deadline = time.monotonic() + 90
        while token is None and time.monotonic() < deadline:
            match = re.search(
                rf"http://127\.0\.0\.1:{port}/lab/tree/00-start-here\.ipynb\?token=([0-9a-f]+)",
                log.read_text(),
            )
            token = match.group(1) if match else None
            assert proc.poll() is None, log.read_text()
            time.sleep(0.5)
        assert token, f"no tokenised URL in the server log:\n{log.read_text()}"
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/api/contents?token={token}", timeout=10) as r:
            listing = {item["name"] for item in json.load(r)["content"]}
        assert "00-start-here.ipynb" in listing  # the server's root is notebooks/
        assert "helpers" not in listing
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(f"{base}/api/contents", timeout=10)
        assert denied.value.code == 403
        denied.value.close()
        # Only the loopback interface listens.
        assert re.search(rf"127\.0\.0\.1:{port}", log.read_text())
        assert "0.0.0.0" not in log.read_text()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
