"""Pin environment.yml's runtime dependencies to the versions of requirements/lock.txt.

``make lock`` and ``make upgrade`` run this after rewriting the lock, so the conda
environment (Binder, repo2docker) installs exactly what ``make venv`` installs.
Only the lines naming a runtime dependency of pyproject.toml change; comments,
Python and the pip section stay as written. tests/test_environment.py checks the
result.

Usage: ``python requirements/pin_environment.py`` from the repository root.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
ENVIRONMENT = ROOT / "environment.yml"


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(text: str) -> dict[str, str]:
    """``name -> version`` for every ``name==version`` line of a lock file."""
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, flags=re.MULTILINE)
    return {normalise(name): version for name, version in pins}


def runtime_names(pyproject: str) -> list[str]:
    """The names of ``[project].dependencies``, normalised."""
    requirements = tomllib.loads(pyproject)["project"]["dependencies"]
    return [normalise(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in requirements]


def pinned(environment: str, versions: dict[str, str], names: list[str]) -> str:
    """``environment`` with each runtime dependency line set to ``name==version``."""
    missing = [n for n in names if n not in versions]
    if missing:
        raise SystemExit(f"{LOCK}: no pin for {missing}; run make lock")
    out, seen = [], set()
    for line in environment.splitlines(keepends=True):
        match = re.match(r"^(\s*-\s+)([A-Za-z0-9._-]+)(?=[\s=<>!~]|$)", line)
        name = normalise(match.group(2)) if match else ""
        if match and name in names:
            line = f"{match.group(1)}{match.group(2)}=={versions[name]}\n"
            seen.add(name)
        out.append(line)
    absent = [n for n in names if n not in seen]
    if absent:
        raise SystemExit(f"{ENVIRONMENT}: add a line for {absent} under dependencies")
    return "".join(out)


def main() -> int:
    versions = locked_versions(LOCK.read_text(encoding="utf-8"))
    names = runtime_names((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    before = ENVIRONMENT.read_text(encoding="utf-8")
    after = pinned(before, versions, names)
    if after != before:
        ENVIRONMENT.write_text(after, encoding="utf-8")
        print(f"{ENVIRONMENT.name}: pinned to {LOCK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
