"""One build of the static site per test session, shared by the site tests that import it.

Building the site converts every notebook and computes the dashboards' states,
so the exercise, accessibility and placeholder tests build it once into the
session's temporary folder and open the same pages.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools.site import build_site, page_name

_BUILT: dict[str, Path] = {}


def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a site built from ``notebooks/`` in this session."""
    if "site" not in _BUILT:
        folder = tmp_path_factory.mktemp("site")
        build_site(folder)
        _BUILT["site"] = folder
    return _BUILT["site"]


def site_pages(folder: Path, notebooks: list[Path]) -> list[Path]:
    """Every page of a built site: the index, then one per notebook."""
    return [folder / "index.html", *(folder / page_name(p) for p in notebooks)]


def saved_outputs(path: Path, mime: str) -> list[dict]:
    """The data of type ``mime`` of every saved output of a notebook, in order."""
    nb = nbformat.read(path, as_version=4)
    return [
        out["data"][mime]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if mime in out.get("data", {})
    ]


def wait_for_figures(page: object, *, timeout: float = 30_000) -> None:
    """Wait until every plotly div of the page has been drawn."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.site-plotly'))"
        ".every((div) => div.querySelector('.main-svg'))",
        timeout=timeout,
    )
