"""Benchmark: execute the whole notebook series headless, and record notebook sizes.

Target: the series runs in under 30 s on 2 cores (kernel start-up included), and
every committed notebook stays under 1 MB. The series is executed the way a
2-core machine allows, two kernels at a time (each notebook is independent);
the sum of the single-notebook times is reported beside it. Notebooks are
executed from a temporary copy, so nothing in the repository changes.

Run: ``python -m benchmarks.bench_notebooks``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.series import list_notebooks

SERIES_TARGET_S = 30.0
SIZE_TARGET_BYTES = 1_000_000


async def _execute(path: Path, slots: asyncio.Semaphore) -> float:
    async with slots:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            store_widget_state=False,
        )
        start = time.perf_counter()
        await client.async_execute()
        return time.perf_counter() - start


async def _execute_all(paths: list[Path], parallel: int) -> tuple[list[float], float]:
    slots = asyncio.Semaphore(parallel)
    start = time.perf_counter()
    seconds = await asyncio.gather(*(_execute(p, slots) for p in paths))
    return list(seconds), time.perf_counter() - start


def run() -> list[dict]:
    """Execute every notebook once, two at a time; return one row per figure measured."""
    notebooks = list_notebooks()
    parallel = min(2, os.cpu_count() or 1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for nb in notebooks:
            copy = Path(tmp) / nb.name
            shutil.copy(nb, copy)
            copies.append(copy)
        seconds, wall = asyncio.run(_execute_all(copies, parallel))
    for copy, value in zip(copies, seconds, strict=True):
        rows.append(
            {
                "name": f"execute {copy.stem}",
                "value": value,
                "unit": "s",
                "target": "",
                "passed": None,
            }
        )
    rows.append(
        {
            "name": f"sum of the {len(notebooks)} single-notebook times",
            "value": sum(seconds),
            "unit": "s",
            "target": "",
            "passed": None,
        }
    )
    rows.append(
        {
            "name": f"execute the whole series ({len(notebooks)} notebooks, {parallel} kernels "
            "at a time)",
            "value": wall,
            "unit": "s",
            "target": f"< {SERIES_TARGET_S:g} s",
            "passed": wall < SERIES_TARGET_S,
        }
    )
    for nb in notebooks:
        size = nb.stat().st_size
        rows.append(
            {
                "name": f"size of {nb.name}",
                "value": size / 1000,
                "unit": "kB",
                "target": "< 1000 kB",
                "passed": size < SIZE_TARGET_BYTES,
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.2f} {row['unit']} {row['target']}")
