"""The remission and survival dashboards respond to a reader in a real browser.

Each test opens the first notebook of the series that builds the dashboard
(or, until one does, a one-cell stand-in notebook), runs it in JupyterLab and
drives the ipywidgets DOM: dropdowns in ``.subgroup-filter`` and toggle
buttons. After each change the "children selected" count and the plotly
figure must change; an empty or one-child selection must show a message
instead of a figure; no traceback and no console error may appear.

The tests make one change at a time and wait for its effect, as a reader
does, except one: two changes fired within a few milliseconds of each other.
ipykernel 7 may handle the second widget message while the first callback is
still computing, so the first one used to finish last and leave the survival
dashboard showing the earlier selection; the dashboards now drop an update
that a newer one overtook, and the test checks that the final view matches
the final selection once the kernel has answered both messages.
"""

from __future__ import annotations

import re

import pytest
from notebook_page import (
    PLOT_SIGNATURE,
    dashboard_notebook,
    kernel_errors,
    open_notebook,
    run_all,
    shut_down,
    unexpected_console_errors,
)

from helpers.data import load_patients, load_transplants
from helpers.widgets import ALL, DIMENSIONS, SurvivalDashboard, levels, select, subgroup_labels

TIMEOUT = 30_000  # ms for one redraw; a redraw normally takes well under a second


class Dashboard:
    """A dashboard's root element in the page, with the few actions a reader takes."""

    def __init__(self, page, css_class: str):
        self.page = page
        self.root = page.locator(f".{css_class}").first
        self.root.wait_for(timeout=TIMEOUT)
        self.root.scroll_into_view_if_needed()
        self.handle = self.root.element_handle()
        self.count = self.root.locator(".subgroup-filter > .widget-html").first

    def signature(self) -> str:
        return self.page.evaluate(PLOT_SIGNATURE, self.handle)

    def wait_for_no_plot(self) -> None:
        """Wait until the figure is gone (the message and the plot update separately)."""
        self.page.wait_for_function(
            "(root) => root.querySelector('.js-plotly-plot .main-svg') === null",
            arg=self.handle,
            timeout=TIMEOUT,
        )

    def wait_for_plot(self) -> str:
        self.page.wait_for_function(
            "(root) => root.querySelector('.js-plotly-plot .main-svg') !== null",
            arg=self.handle,
            timeout=TIMEOUT,
        )
        return self.signature()

    def choose(self, dimension: str, value: str) -> None:
        """Pick ``value`` in the dropdown of ``dimension`` (a key of DIMENSIONS)."""
        label = DIMENSIONS[dimension][0]
        dropdown = self.root.locator(".widget-dropdown").filter(
            has=self.page.locator("label", has_text=re.compile(rf"^{re.escape(label)}$"))
        )
        dropdown.locator("select").select_option(label=value)

    def toggle(self, text: str) -> None:
        self.root.locator(".widget-toggle-buttons button", has_text=text).first.click()

    def wait_for_new_plot(self, old: str) -> str:
        """Wait until a figure with other data than ``old`` is drawn; return its signature."""
        self.page.wait_for_function(
            f"([root, old]) => root.querySelector('.js-plotly-plot .main-svg') !== null"
            f" && ({PLOT_SIGNATURE})(root) !== old",
            arg=[self.handle, old],
            timeout=TIMEOUT,
        )
        return self.signature()

    def wait_for_count(self, n: int, total: int) -> None:
        expected = re.compile(rf"^\s*{n} of {total} children selected\s*$")
        self.page.wait_for_function(
            "([el, pattern]) => new RegExp(pattern).test(el.textContent)",
            arg=[self.count.element_handle(), expected.pattern],
            timeout=TIMEOUT,
        )


# Change several dropdowns of the filter in one go (no wait between them) and
# resolve once the kernel reported idle for every message those changes sent.
_QUICK_CHANGES = """async ([root, changes]) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const sent = new Set(), done = new Set();
  const watch = (_, { msg, direction }) => {
    if (direction === 'send' && msg.header.msg_type === 'comm_msg') sent.add(msg.header.msg_id);
    if (direction === 'recv' && msg.header.msg_type === 'status'
        && msg.content.execution_state === 'idle' && msg.parent_header) {
      done.add(msg.parent_header.msg_id);
    }
  };
  kernel.anyMessage.connect(watch);
  try {
    const selects = Array.from(root.querySelectorAll('.subgroup-filter select'));
    for (const [position, label] of changes) {
      const el = selects[position];
      el.value = label;  // an option's value is its label (its text has no-break spaces)
      if (el.value !== label) throw new Error(`no option ${label}`);
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
    const deadline = performance.now() + 30000;
    while (sent.size < changes.length || [...sent].some((id) => !done.has(id))) {
      if (performance.now() > deadline) throw new Error('the kernel did not answer in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    kernel.anyMessage.disconnect(watch);
  }
}"""

# The dashboard's only plotly plot is ``node`` (the PlotView redraws in place).
_SAME_PLOT = """([root, node]) => {
  const plots = root.querySelectorAll('.js-plotly-plot');
  return plots.length === 1 && plots[0] === node;
}"""

_LEGEND = """(root) => Array.from(root.querySelectorAll('.js-plotly-plot.helpers-plot'),
  (gd) => [gd.layout.title.text, gd.data.filter((t) => t.name).map((t) => t.name)])"""


@pytest.fixture(scope="module")
def patients():
    return load_patients()


def _open(lab, page, class_name: str) -> None:
    name = dashboard_notebook(class_name)
    open_notebook(page, lab.notebook_url(name), name)
    result = run_all(page)
    assert result.tracebacks == [], f"{name}: {result.tracebacks}"


def _assert_clean(page) -> None:
    assert kernel_errors(page) == [], "a widget callback raised"
    assert unexpected_console_errors(page.console_errors) == []


def test_remission_dashboard_filters_toggles_and_empty_selection(
    lab, page, screenshots, patients, request
):
    total = len(patients)
    _open(lab, page, "RemissionDashboard")
    try:
        dash = Dashboard(page, "remission-dashboard")
        dash.wait_for_count(total, total)
        everyone = dash.wait_for_plot()
        plot = page.evaluate_handle("(root) => root.querySelector('.helpers-plot')", dash.handle)
        revision = int(plot.get_attribute("data-revision"))

        dash.choose("remission", "CR")
        n_cr = len(select(patients, {"remission": "CR"}))
        dash.wait_for_count(n_cr, total)
        in_cr = dash.wait_for_new_plot(everyone)
        assert n_cr < total
        # Redrawn in place: the same plot element, the only one, one revision on.
        assert page.evaluate(_SAME_PLOT, [dash.handle, plot])
        assert int(plot.get_attribute("data-revision")) == revision + 1

        dash.toggle("MRD")
        dash.wait_for_new_plot(in_cr)
        dash.root.screenshot(path=screenshots / "remission-dashboard-cr-mrd.png")

        # No child without remission went on to HSCT: zero children, a message, no figure.
        empty = {"remission": "No CR", "follow_up_therapy": "HSCT"}
        assert len(select(patients, empty)) == 0
        # One change at a time, as a reader would: see the module notes on quick changes.
        dash.choose("remission", "No CR")
        dash.wait_for_count(len(select(patients, {"remission": "No CR"})), total)
        dash.choose("follow_up_therapy", "HSCT")
        dash.wait_for_count(0, total)
        dash.root.get_by_text("widen the filter").wait_for(timeout=TIMEOUT)
        dash.wait_for_no_plot()
        dash.root.screenshot(path=screenshots / "remission-dashboard-empty.png")

        dash.choose("remission", ALL)
        dash.wait_for_count(len(select(patients, {"follow_up_therapy": "HSCT"})), total)
        dash.choose("follow_up_therapy", ALL)
        dash.wait_for_count(total, total)
        dash.wait_for_plot()
        assert dash.root.get_by_text("widen the filter").count() == 0
        _assert_clean(page)
    except Exception:
        page.screenshot(path=screenshots / f"{request.node.name}-failed.png")
        raise
    finally:
        shut_down(page)


def test_survival_dashboard_filters_toggles_and_tiny_selection(
    lab, page, screenshots, patients, request
):
    total = len(patients)
    _open(lab, page, "SurvivalDashboard")
    try:
        dash = Dashboard(page, "survival-dashboard")
        dash.wait_for_count(total, total)
        everyone = dash.wait_for_plot()

        dash.choose("prior_therapy", "Chemotherapy")
        dash.wait_for_count(len(select(patients, {"prior_therapy": "Chemotherapy"})), total)
        chemo = dash.wait_for_new_plot(everyone)

        dash.toggle("DFS")
        dash.wait_for_new_plot(chemo)
        dash.root.screenshot(path=screenshots / "survival-dashboard-chemo-dfs.png")

        # A fusion gene carried by one child: a message, not a curve.
        counts = subgroup_labels(patients)["fusion_gene"].value_counts()
        rare = sorted(counts[counts == 1].index)[0]
        dash.choose("prior_therapy", ALL)
        dash.wait_for_count(total, total)
        dash.choose("fusion_gene", rare)
        dash.wait_for_count(1, total)
        dash.root.get_by_text("widen the filter").wait_for(timeout=TIMEOUT)
        dash.wait_for_no_plot()
        dash.root.screenshot(path=screenshots / "survival-dashboard-one-child.png")
        _assert_clean(page)
    except Exception:
        page.screenshot(path=screenshots / f"{request.node.name}-failed.png")
        raise
    finally:
        shut_down(page)


def test_survival_dashboard_two_quick_changes_show_the_last_selection(
    lab, page, screenshots, patients, request
):
    total = len(patients)
    labels = subgroup_labels(patients)
    # The largest prior-therapy group (slow to analyse: permutation test on many
    # children) then, a few milliseconds later, the lowest blast band (quick).
    final = {"prior_therapy": levels(labels, "prior_therapy")[0]}
    final["blast_band"] = levels(labels, "blast_band")[0]
    n_final = len(select(patients, final))
    assert len(select(patients, {"prior_therapy": final["prior_therapy"]})) > n_final >= 2
    reference = SurvivalDashboard(patients, load_transplants())
    for key, value in final.items():
        reference.filter.dropdowns[key].value = value
    figure = reference.view().figure
    expected = [[figure.layout.title.text, [t.name for t in figure.data if t.name]]]

    _open(lab, page, "SurvivalDashboard")
    try:
        dash = Dashboard(page, "survival-dashboard")
        dash.wait_for_count(total, total)
        dash.wait_for_plot()
        keys = list(reference.filter.dropdowns)
        # One dropdown twice in a row first (the page holds the second message
        # back until the kernel is idle), then two dropdowns a millisecond apart:
        # in this order the kernel reliably overlapped the two callbacks.
        first = [[0, final["prior_therapy"]], [0, ALL]]
        page.evaluate(_QUICK_CHANGES, [dash.handle, first])
        dash.wait_for_count(total, total)
        changes = [[keys.index(key), value] for key, value in final.items()]
        page.evaluate(_QUICK_CHANGES, [dash.handle, changes])
        dash.wait_for_count(n_final, total)
        page.wait_for_timeout(500)  # let the last figure message be drawn
        assert page.evaluate(_LEGEND, dash.handle) == expected
        dash.root.screenshot(path=screenshots / "survival-dashboard-two-quick-changes.png")
        _assert_clean(page)
    except Exception:
        page.screenshot(path=screenshots / f"{request.node.name}-failed.png")
        raise
    finally:
        shut_down(page)
