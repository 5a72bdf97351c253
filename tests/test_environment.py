"""The dependency files stay in step, and make installs what it needs or says how.

pyproject.toml gives ranges; requirements/lock.txt (``make lock``) the exact versions
and hashes that ``make venv`` installs; environment.yml (Binder) pins the runtime
dependencies to the same versions.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _locked() -> dict[str, str]:
    text = LOCK.read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, flags=re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _conda_pins() -> dict[str, str]:
    """environment.yml's conda dependencies as ``name -> spec``, ``python=3.11`` as ``==3.11``."""
    pins = {}
    for dep in _environment()["dependencies"]:
        if isinstance(dep, str):
            name, spec = re.fullmatch(r"([A-Za-z0-9._-]+)\s*(.*)", dep).groups()
            pins[canonicalize_name(name)] = re.sub(r"^=(?!=)", "==", spec.replace(" ", ""))
    return pins


# --- environment.yml == lock, for the runtime dependencies ------------------------------------
def test_environment_yml_pins_the_locked_runtime_versions():
    found = _conda_pins()
    assert found.pop("python") == "==3.11", "environment.yml pins the Python the lock is for"
    assert found.pop("pip") == ""
    locked = _locked()
    runtime = [canonicalize_name(Requirement(r).name) for r in _project()["dependencies"]]
    expected = {name: f"=={locked[name]}" for name in runtime}
    assert found == expected, (
        "environment.yml and requirements/lock.txt disagree (run make lock):\n"
        f"only in environment.yml: {sorted(set(found.items()) - set(expected.items()))}\n"
        f"only in the lock: {sorted(set(expected.items()) - set(found.items()))}"
    )


def test_environment_yml_installs_the_helpers_package():
    pip = next(d["pip"] for d in _environment()["dependencies"] if isinstance(d, dict))
    assert "." in [p.removeprefix("-e ").strip() for p in pip]


def test_pin_environment_repairs_a_drifted_environment_yml():
    spec = importlib.util.spec_from_file_location(
        "pin_environment", ROOT / "requirements" / "pin_environment.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "environment.yml").read_text(encoding="utf-8")
    drifted = re.sub(r"(?m)^(\s*- plotly)==\S+$", r"\1>=5.22,<8", current)
    assert drifted != current
    versions = module.locked_versions(LOCK.read_text(encoding="utf-8"))
    names = module.runtime_names((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert module.pinned(drifted, versions, names) == current


# --- the lock covers pyproject.toml, inside its ranges, with hashes ---------------------------
def _declared() -> list[tuple[str, Requirement]]:
    project = _project()
    groups = [("dependencies", r) for r in project["dependencies"]]
    for extra, requirements in project["optional-dependencies"].items():
        groups += [(f"[{extra}]", r) for r in requirements]
    return [(group, Requirement(r)) for group, r in groups]


@pytest.mark.parametrize(("group", "requirement"), _declared(), ids=lambda v: str(v))
def test_lock_pins_every_declared_dependency_inside_its_range(group, requirement):
    locked = _locked()
    name = canonicalize_name(requirement.name)
    assert name in locked, f"{requirement} ({group}) is not in the lock: run make lock"
    assert requirement.specifier.contains(locked[name], prereleases=True), (
        f"the lock pins {name}=={locked[name]}, outside pyproject's {requirement} ({group})"
    )


def test_every_pin_of_the_lock_has_a_hash():
    blocks = re.split(r"(?m)^(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    pins = [b for b in blocks if "==" in b.split("\n", 1)[0]]
    assert len(pins) == len(_locked()) > 50
    unhashed = [b.split()[0] for b in pins if not re.search(r"--hash=sha256:[0-9a-f]{64}", b)]
    assert unhashed == []


def test_make_lock_compiles_every_extra_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    compile_command = re.search(r"(?ms)^UV_COMPILE = (.*?)(?<!\\)\n", makefile).group(1)
    assert "--generate-hashes" in compile_command
    for extra in _project()["optional-dependencies"]:
        assert f"--extra {extra}" in compile_command, f"make lock leaves out [{extra}]"
    assert "#    make lock" in LOCK.read_text(encoding="utf-8").splitlines()[1]


def test_python_requirement_admits_3_11():
    assert _project()["requires-python"].startswith(">=3.11")


def test_make_passes_every_pytest_exit_code_on():
    """No pytest line of the Makefile ignores its exit code (5, no tests collected, included)."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    runs = [ln for ln in lines if "-m pytest" in ln and ln.startswith("\t")]
    assert len(runs) >= 3
    for line in runs:
        assert not line.lstrip().startswith("-"), f"a leading '-' ignores the exit code: {line}"
        assert "||" not in line, f"'||' hides a failure: {line}"
        assert ";" not in line, f"a command after ';' hides a failure: {line}"


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
