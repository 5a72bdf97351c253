"""The two dependency lists stay in step, and make installs what it needs or says how."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement.split("#")[0])
    assert match, f"cannot parse requirement {requirement!r}"
    name, spec = match.groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    expected = dict(_name_and_spec(r) for r in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    found = dict(
        _name_and_spec(d.replace("=", "==", 1) if re.match(r"^[\w.-]+=[^=]", d) else d)
        for d in conda
    )
    python = found.pop("python")
    assert python == "==3.11", "environment.yml should pin the Python the project is tested on"
    found.pop("pip")
    assert found == expected, (
        "environment.yml and pyproject.toml list different dependencies:\n"
        f"only in environment.yml: {sorted(set(found.items()) - set(expected.items()))}\n"
        f"only in pyproject.toml: {sorted(set(expected.items()) - set(found.items()))}"
    )


def test_environment_yml_installs_the_helpers_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "." in [p.removeprefix("-e ").strip() for p in pip]


def test_python_requirement_admits_3_11():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"].startswith(">=3.11")


# --- make installs Debian's packages, or stops first with the command -------------------------
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_without_chromium_and_without_root_stops_before_anything(tmp_path):
    venv = tmp_path / "venv"
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "test",
            f"CHROMIUM={tmp_path / 'no-chromium'}",
            "USER_ID=1000",  # as a user who is not root: nothing is installed
            f"VENV={venv}",
            "PYTHON=false",  # and nothing else could run if the check let it through
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr
    assert f"{tmp_path / 'no-chromium'}" in result.stderr
    assert not venv.exists()
    assert "ruff" not in result.stdout + result.stderr
