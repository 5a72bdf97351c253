"""Dashboard plots fill their container in JupyterLab, also when drawn out of sight.

After Restart & Run All, a fellow saw dashboard figures drawn 700 px wide in a
1008 px space, the subtitle over the title and the legend over the title,
until a window resize (issue 13, point 2). A figure drawn while its notebook
is hidden (another tab in front while the cells run) has no width to measure,
and plotly falls back to 700 px and lays the title, subtitle and legend out for
that width. This module's server keeps JupyterLab's default windowing mode
(``contentVisibility``, which also skips the layout of cells out of view; the
other browser tests turn it off). Each dashboard notebook is restarted and run
while a Launcher tab is in front; back on the notebook, the test scrolls to
every :class:`helpers.widgets.PlotView` and checks that the plot is as wide as
the output area, still is after the window narrows, and that the title,
subtitle and legend do not overlap (the Kaplan-Meier legend, two rows deep in
a narrower output, used to cover the subtitle).
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from lab import running_lab
from notebook_page import open_notebook, series_notebooks, shut_down

#: Notebooks whose dashboards draw with PlotView; the landmark and power views are in 04.
NOTEBOOKS = ["02-remission.ipynb", "04-hsct-bridging.ipynb"]
TOLERANCE_PX = 4

_MEASURE = """(node) => {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? [r.left, r.top, r.right, r.bottom] : null;
  };
  const area = node.closest('.jp-OutputArea-output');
  const style = getComputedStyle(area);
  const inner = area.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const svg = node.querySelector('.main-svg');
  return {
    area: inner,
    plot: svg ? svg.getBoundingClientRect().width : 0,
    layout: node._fullLayout ? node._fullLayout.width : 0,
    title: box(node.querySelector('.gtitle')),
    subtitle: box(node.querySelector('.gtitle-subtitle')),
    legend: box(node.querySelector('.legend')),
  };
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.fixture(scope="module")
def default_lab(tmp_path_factory):
    """JupyterLab with its default windowing mode (the browser tests' server turns it off)."""
    workdir = tmp_path_factory.mktemp("jupyterlab-windowing")
    sources = [p for p in series_notebooks() if p.name in NOTEBOOKS]
    assert [p.name for p in sources] == NOTEBOOKS
    with running_lab(sources, workdir) as server:
        request = urllib.request.Request(
            f"{server.url}/lab/api/settings/@jupyterlab/notebook-extension:tracker",
            data=json.dumps({"raw": json.dumps({"windowingMode": "contentVisibility"})}).encode(),
            method="PUT",
            headers={"Authorization": f"token {server.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30):
            pass
        yield server


def _restart_and_run_all_in_another_tab(page) -> None:
    """Restart & Run All, then look at another tab while the cells run, then come back."""
    page.evaluate(
        """() => {
      const app = window.jupyterapp;
      window.__notebook = app.shell.currentWidget;
      window.__restartRunAll = app.commands.execute('notebook:restart-run-all');
    }"""
    )
    page.locator(".jp-Dialog .jp-mod-accept").click()  # "Restart"
    page.evaluate("() => window.jupyterapp.commands.execute('launcher:create')")
    page.evaluate("async () => { await window.__restartRunAll; }")
    page.wait_for_function(
        "() => window.__notebook.sessionContext.session.kernel.status === 'idle'", polling=200
    )
    page.evaluate("() => window.jupyterapp.shell.activateById(window.__notebook.id)")


def _wait_until_fitted(page, plot, what: str) -> dict:
    """Measure the plot until it fills the output area (or the wait ends); return the last."""
    measured = {}
    for _ in range(40):
        measured = page.evaluate(_MEASURE, plot)
        if measured["plot"] and abs(measured["plot"] - measured["area"]) <= TOLERANCE_PX:
            break
        page.wait_for_timeout(250)
    assert measured["plot"] > 0, f"{what}: not drawn"
    assert abs(measured["plot"] - measured["area"]) <= TOLERANCE_PX, f"{what}: {measured}"
    assert abs(measured["layout"] - measured["area"]) <= TOLERANCE_PX, f"{what}: {measured}"
    return measured


def _assert_no_overlap(measured: dict, what: str) -> None:
    parts = {k: measured[k] for k in ("title", "subtitle", "legend") if measured[k]}
    assert "title" in parts, f"{what}: no title drawn"
    names = sorted(parts)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not _overlap(parts[a], parts[b]), f"{what}: {a} overlaps {b}: {parts}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_dashboard_plots_fill_their_container_after_restart_run_all(
    default_lab, page, screenshots, request, name
):
    open_notebook(page, default_lab.notebook_url(name), name)
    try:
        _restart_and_run_all_in_another_tab(page)
        plots = page.locator(".helpers-plot")
        page.wait_for_function(
            "() => document.querySelectorAll('.helpers-plot').length > 0", polling=200
        )
        n = plots.count()
        for i in range(n):
            plot = plots.nth(i)
            plot.scroll_into_view_if_needed()
            handle = plot.element_handle()
            page.wait_for_function(
                "(node) => node.querySelector('.main-svg') !== null", arg=handle, polling=200
            )
            what = f"{name}, plot {i + 1} of {n}"
            measured = _wait_until_fitted(page, handle, what)
            plot.screenshot(path=screenshots / f"plot-sizing-{name}-{i + 1}.png")
            _assert_no_overlap(measured, what)

        # A narrower window: every plot follows its container.
        page.set_viewport_size({"width": 1000, "height": 1000})
        for i in range(n):
            plot = plots.nth(i)
            plot.scroll_into_view_if_needed()
            what = f"{name}, plot {i + 1} of {n}, after the window narrowed"
            measured = _wait_until_fitted(page, plot.element_handle(), what)
            _assert_no_overlap(measured, what)
    except Exception:
        page.screenshot(path=screenshots / f"{request.node.name}-failed.png")
        raise
    finally:
        shut_down(page)
