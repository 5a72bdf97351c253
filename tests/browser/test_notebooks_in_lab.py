"""Every notebook of the series runs in JupyterLab in a real browser.

Parametrised over ``notebooks/NN-*.ipynb`` at collection time: a notebook
added later is covered without editing this file. For each: open it, run all
cells, wait for the kernel to be idle, then assert no traceback (cell outputs
and kernel messages, including widget callbacks), no browser console error,
every plotly output drawn and every widget displayed.
"""

from __future__ import annotations

import pytest
from notebook_page import (
    PLOTLY_MIME,
    WIDGET_MIME,
    open_notebook,
    run_all,
    series_notebooks,
    shut_down,
    unexpected_console_errors,
)

# Plotly figures drawn as cell outputs; those a dashboard draws (its PlotView,
# class helpers-plot) are not cell outputs and are checked by test_dashboards_in_lab.py.
CELL_PLOTS = """() => Array.from(document.querySelectorAll('.jp-Notebook .js-plotly-plot'))
  .filter((gd) => gd.querySelector('.main-svg') && !gd.classList.contains('helpers-plot')).length"""


@pytest.mark.parametrize("path", series_notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_cleanly_in_jupyterlab(lab, page, screenshots, path):
    open_notebook(page, lab.notebook_url(path.name), path.name)
    result = run_all(page)
    try:
        assert result.tracebacks == [], f"{path.name}: tracebacks {result.tracebacks}"
        plots = result.count(PLOTLY_MIME)
        page.wait_for_function(f"(n) => ({CELL_PLOTS})() >= n", arg=plots, timeout=30_000)
        drawn = page.evaluate(CELL_PLOTS)
        assert drawn == plots, f"{path.name}: {plots} plotly outputs, {drawn} drawn"
        widgets = result.count(WIDGET_MIME)
        if widgets:
            page.wait_for_function(
                "(n) => document.querySelectorAll('.jp-Notebook .jupyter-widgets').length >= n",
                arg=widgets,
                timeout=30_000,
            )
        failed = page.get_by_text("Error displaying widget").count()
        assert failed == 0, f"{path.name}: {failed} widgets failed to display"
        errors = unexpected_console_errors(page.console_errors)
        assert errors == [], f"{path.name}: browser console errors {errors}"
    finally:
        page.screenshot(path=screenshots / f"{path.stem}.png")
        shut_down(page)
