"""The static site (``python -m tools.site``) opens from disk in chromium.

Every page is opened through ``file://`` with no server. Each plotly output
of the notebook that the site keeps (cells tagged ``remove-cell`` are left
out) must be drawn (a ``.site-plotly`` that became a ``.js-plotly-plot`` with
its ``.main-svg``; the dashboards' plots are checked by test_site_dashboards.py)
and the console must stay free of errors: plotly.js comes from the site
folder, nothing from the network.
"""

from __future__ import annotations

import nbformat
import pytest
from notebook_page import PLOTLY_MIME, series_notebooks, unexpected_console_errors
from site_build import built_site

from tools.series_format import SAVED_PICTURE_TAG
from tools.site import page_name


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory)  # one build per session, shared by the site tests


def _plotly_outputs(path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(
        PLOTLY_MIME in out.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code" and SAVED_PICTURE_TAG not in cell.metadata.get("tags", [])
        for out in cell.outputs
    )


def test_index_links_every_notebook_in_order(site, page, screenshots):
    page.goto((site / "index.html").as_uri())
    links = page.locator("ul.notebooks h2 a").evaluate_all("(as) => as.map((a) => a.href)")
    expected = [(site / page_name(p)).as_uri() for p in series_notebooks()]
    assert links == expected
    page.screenshot(path=screenshots / "site-index.png", full_page=True)
    assert unexpected_console_errors(page.console_errors) == []


@pytest.mark.parametrize("path", series_notebooks(), ids=lambda p: p.stem)
def test_page_draws_every_figure_offline(site, page, screenshots, path):
    expected = _plotly_outputs(path)
    page.goto((site / page_name(path)).as_uri())
    page.wait_for_load_state("load")
    page.wait_for_function(
        "(n) => document.querySelectorAll('.site-plotly.js-plotly-plot .main-svg').length >= n"
        " && document.querySelectorAll('.site-plotly.js-plotly-plot').length >= n",
        arg=expected,
        timeout=30_000,
    )
    assert page.locator(".site-plotly").count() == expected
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('.site-plotly.js-plotly-plot'))"
        ".filter((gd) => gd.querySelector('.main-svg')).length"
    )
    assert drawn == expected
    page.screenshot(path=screenshots / f"site-{path.stem}.png")
    assert unexpected_console_errors(page.console_errors) == [], path.name
