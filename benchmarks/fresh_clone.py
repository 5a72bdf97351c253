"""Time ``make test`` on a fresh clone (no .venv), as CI and a new contributor see it.

Clones the committed HEAD into a temporary folder, runs ``make test`` there and
writes the wall time into the ``fresh:start``/``fresh:end`` block of
benchmarks/RESULTS.md. Takes as long as a full install plus the whole suite.

Run: ``python -m benchmarks.fresh_clone``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.__main__ import RESULTS, machine

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- fresh:start -->", "<!-- fresh:end -->"


def main() -> int:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        result = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    # The test runners' closing lines (ruff, unit, nbval, browser), not pip's chatter.
    lines = result.stdout.splitlines()
    tail = [ln for ln in lines if ln.startswith("All checks") or ln.startswith("=====")]
    tail = tail or (result.stdout + result.stderr).strip().splitlines()[-3:]
    block = "\n".join(
        [
            START,
            f"Fresh clone of {head}, no `.venv`: `make test` took **{seconds / 60:.1f} min** "
            f"({seconds:.0f} s) and exited {result.returncode}, measured "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on: {machine()}.",
            "",
            "Closing lines of the test runners:",
            "",
            "```",
            *tail,
            "```",
            END,
        ]
    )
    text = RESULTS.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    RESULTS.write_text(before + block + after, encoding="utf-8")
    print(block)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
