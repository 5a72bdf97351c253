"""Run every benchmark and write the results table into benchmarks/RESULTS.md.

``make bench`` calls this. Each ``benchmarks/bench_*.py`` module exposes
``run() -> list[dict]`` with keys name, value, unit, target and passed. A module
that fails is reported in the table (with its error), never silently dropped.
Only the part of RESULTS.md between the ``bench:start`` and ``bench:end``
markers is rewritten; the rest of the file (e.g. the fresh-clone timing written
by ``python -m benchmarks.fresh_clone``) is kept.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PACKAGES = (
    "numpy",
    "pandas",
    "scipy",
    "lifelines",
    "plotly",
    "ipywidgets",
    "anywidget",
    "jupyterlab",
)


def machine() -> str:
    """One line describing the machine and software the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024**2:.0f} GiB RAM"
    packages = ", ".join(f"{p} {version(p)}" for p in PACKAGES)
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {packages}"
    )


def _modules() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def _format(row: dict) -> str:
    value = row["value"]
    shown = f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    verdict = {True: "yes", False: "**no**", None: ""}[row.get("passed")]
    cells = [row["name"], f"{shown} {row['unit']}", str(row.get("target", "")), verdict]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def main(argv: list[str]) -> int:
    selected = argv or _modules()
    lines = [
        START,
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on: {machine()}.",
        "",
        "| benchmark | measured | target | met |",
        "|---|---|---|---|",
    ]
    failures = 0
    for name in selected:
        try:
            rows = importlib.import_module(f"benchmarks.{name}").run()
        except Exception as exc:  # a broken benchmark is a result to report, not to hide
            failures += 1
            lines.append(f"| {name} | failed: {type(exc).__name__}: {exc} | | **no** |")
            continue
        lines += [_format(row) for row in rows]
        failures += sum(row.get("passed") is False for row in rows)
    lines.append(END)
    block = "\n".join(lines)
    text = (
        RESULTS.read_text(encoding="utf-8")
        if RESULTS.exists()
        else f"# Benchmarks\n\n{START}\n{END}\n"
    )
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    RESULTS.write_text(head + block + tail, encoding="utf-8")
    print(block)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
