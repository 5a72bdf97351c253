"""Browser-measured latency of the dashboards, and the size of the static site.

``run()`` returns one dict per figure (name, value, unit, target, passed); running
``python -m benchmarks.bench_browser`` from the repository root prints them.

Latency: JupyterLab runs the first notebook that builds each measured dashboard
(:data:`MEASURED`: the remission dashboard of notebook 02, the lightest, and
the survival dashboard of notebook 03, the heaviest: Kaplan-Meier figure with
risk table, log-rank, 2,000 permutations and a Cox fit per change) in
Debian's chromium. In the page, a filter dropdown is changed and the time is
taken from just before the change until the next animation frame after the
dashboard's plot has drawn the new figure (its
:class:`helpers.widgets.plot.PlotView` redraws in place with ``Plotly.react``
and then sets ``data-revision``, which a MutationObserver sees). That is the
whole round trip a reader waits for: widget message to the kernel,
selection, statistics, figure, messages back, plotly drawing. Changes are
made one at a time, cycling through the options of one filter (every option
selects at least two children, so every change draws a figure).

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``); Playwright never
downloads a browser.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from helpers.data import load_patients
from helpers.widgets import ALL, DIMENSIONS, levels, select, subgroup_labels
from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, running_lab
from tests.browser.notebook_page import (
    dashboard_notebook,
    open_notebook,
    run_all,
    series_notebooks,
    shut_down,
    stand_in_notebooks,
)
from tools.series import list_notebooks
from tools.site import build_site

N_CHANGES = 36
TARGET_P95_MS = 150.0

#: Dashboards measured: class name -> (CSS class of its root, filter that is changed).
MEASURED = {
    "RemissionDashboard": ("remission-dashboard", "follow_up_therapy"),
    "SurvivalDashboard": ("survival-dashboard", "blast_band"),
}

# Runs in the page: change the <select>, resolve with the milliseconds until the
# frame after the dashboard's plot has drawn the new figure in place (``total``;
# the plot sets ``data-revision`` once ``Plotly.react`` is done), and when the
# steps on the way happened (milliseconds after the change, for the breakdown):
# the widget message leaves for the kernel (``sent``), the first reply and the
# one carrying the figure arrive (``first_reply``, ``figure_message``; its size
# in ``figure_bytes``), the kernel reports idle (``kernel_idle``), the count
# label shows the new count (``count_label``), the new figure is drawn
# (``plot_drawn``), and whether plotly's automargin had to grow the margins
# (``margins_grown``: 1 means a second full layout pass). Watching adds no work
# to what is timed: a listener on messages the page receives anyway, and the
# same MutationObserver (its check runs once, after the plot is drawn).
_MEASURE = """async ([root, select, index]) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const count = root.querySelector('.subgroup-filter > .widget-html');
  const countText = count ? count.textContent : null;
  const marks = {};
  let t0 = 0;
  const mark = (key, value) => {
    if (!(key in marks)) marks[key] = value === undefined ? performance.now() - t0 : value;
  };
  const onMessage = (_, { msg, direction }) => {
    if (msg.header.msg_type === 'comm_msg') {
      if (direction === 'send') { mark('sent'); return; }
      mark('first_reply');
      const state = msg.content.data && msg.content.data.state;
      if (state && 'figure' in state) {
        mark('figure_message');
        mark('figure_bytes', JSON.stringify(state.figure).length);
      }
    } else if (direction === 'recv' && msg.header.msg_type === 'status'
               && msg.content.execution_state === 'idle' && 'first_reply' in marks) {
      mark('kernel_idle');
    }
  };
  const plot = root.querySelector('.helpers-plot');
  const revision = plot.dataset.revision;
  const drawn = () => plot.dataset.revision !== revision;
  kernel.anyMessage.connect(onMessage);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no redraw within 30 s')), 30000);
      t0 = performance.now();
      const observer = new MutationObserver(() => {
        if (count && count.textContent !== countText) mark('count_label');
        if (!drawn()) return;
        mark('plot_drawn');
        const size = plot._fullLayout._size, asked = plot.layout.margin || {};
        const grown = ['l', 'r', 't', 'b'].some((side) => size[side] > (asked[side] ?? 80));
        mark('margins_grown', grown ? 1 : 0);
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => resolve({ ...marks, total: performance.now() - t0 }));
      });
      observer.observe(root, {
        childList: true, subtree: true, characterData: true,
        attributes: true, attributeFilter: ['data-revision'],
      });
      select.selectedIndex = index;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
  } finally {
    kernel.anyMessage.disconnect(onMessage);
  }
}"""

#: Steps of the breakdown, in the order they happen, with what each one means.
STEPS = {
    "sent": "widget message sent to the kernel",
    "first_reply": "first reply from the kernel received",
    "figure_message": "message with the new figure received",
    "count_label": "count label shows the new count",
    "kernel_idle": "kernel reports idle",
    "plot_drawn": "new figure drawn in place (Plotly.react done)",
}


def _row(name: str, value: float, unit: str, target: str, passed: bool) -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "passed": bool(passed)}


def _percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default), without numpy."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure_latency(
    dashboard: str = "RemissionDashboard", *, changes: int = N_CHANGES
) -> list[float]:
    """Milliseconds from each filter change to the redrawn figure, ``changes`` times."""
    return [m["total"] for m in measure_steps(dashboard, changes=changes)]


def measure_steps(
    dashboard: str = "RemissionDashboard", *, changes: int = N_CHANGES
) -> list[dict[str, float]]:
    """Per filter change: ``total`` milliseconds and the time of each step of :data:`STEPS`."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    css_class, dimension = MEASURED[dashboard]
    patients = load_patients()
    options = [ALL, *levels(subgroup_labels(patients), dimension)]
    too_small = [v for v in options[1:] if len(select(patients, {dimension: v})) < 2]
    if too_small:
        raise ValueError(f"options {too_small} select fewer than two children: no figure")
    name = dashboard_notebook(dashboard)
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        sources = [p for p in series_notebooks() if p.name == name] or stand_in_notebooks(workdir)
        with running_lab(sources, workdir) as lab, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_notebook(page, lab.notebook_url(name), name)
            run_all(page)
            root = page.locator(f".{css_class}").first
            root.wait_for()
            root.scroll_into_view_if_needed()
            label = DIMENSIONS[dimension][0]
            dropdown = root.locator(".widget-dropdown").filter(
                has=page.locator("label", has_text=label)
            )
            select_el = dropdown.locator("select").element_handle()
            page.wait_for_function(
                "(root) => root.querySelector('.helpers-plot .main-svg') !== null",
                arg=root.element_handle(),
            )
            times = []
            for change in range(changes + 1):
                index = (change + 1) % len(options)
                marks = page.evaluate(_MEASURE, [root.element_handle(), select_el, index])
                if change:  # the first change warms caches up; it is not counted
                    times.append({k: float(v) for k, v in marks.items()})
                page.wait_for_timeout(50)
            shut_down(page)
            browser.close()
    return times


def _breakdown_rows(steps: list[dict[str, float]], prefix: str) -> list[dict]:
    """Median time of each step after the change, and the median figure message size."""
    rows = []
    for key, what in STEPS.items():
        seen = [m[key] for m in steps if key in m]
        if seen:
            value = round(statistics.median(seen), 1)
            rows.append(_row(f"{prefix} breakdown, median: {what}", value, "ms", "report", True))
    sizes = [m["figure_bytes"] for m in steps if "figure_bytes" in m]
    if sizes:
        value = round(statistics.median(sizes) / 1024, 1)
        name = f"{prefix} breakdown: figure message (figure JSON)"
        rows.append(_row(name, value, "KiB", "report", True))
    grown = [m["margins_grown"] for m in steps if "margins_grown" in m]
    if grown:
        rows.append(
            _row(
                f"{prefix} breakdown: redraws laid out twice (automargin grew the margins)",
                int(sum(grown)),
                "count",
                "report",
                True,
            )
        )
    return rows


def _latency_rows(dashboard: str, *, changes: int) -> list[dict]:
    """Median, p95 and breakdown of one dashboard's redraws."""
    prefix = MEASURED[dashboard][0].replace("-", " ")  # "remission dashboard"
    start = time.perf_counter()
    steps = measure_steps(dashboard, changes=changes)
    measured = time.perf_counter() - start
    times = [m["total"] for m in steps]
    median, p95 = statistics.median(times), _percentile(times, 0.95)
    target = f"< {TARGET_P95_MS:.0f} ms"
    return [
        _row(f"{prefix} redraw latency, median", round(median, 1), "ms", "report", True),
        _row(f"{prefix} redraw latency, p95", round(p95, 1), "ms", target, p95 < TARGET_P95_MS),
        _row(
            f"{prefix} redraw latency, changes measured",
            len(times),
            "count",
            ">= 30",
            len(times) >= 30,
        ),
        *_breakdown_rows(steps, prefix),
        _row(f"{prefix} run incl. JupyterLab start", round(measured, 1), "s", "report", True),
    ]


def run(*, changes: int = N_CHANGES) -> list[dict]:
    """Latency median and p95 in chromium per dashboard, and the static site's page count."""
    rows = [row for dashboard in MEASURED for row in _latency_rows(dashboard, changes=changes)]
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        pages = build_site(scratch)
        built = time.perf_counter() - start
    expected = len(list_notebooks()) + 1
    return [
        *rows,
        _row(
            "static site pages (index + notebooks)",
            len(pages),
            "pages",
            f"= {expected}",
            len(pages) == expected,
        ),
        _row("static site build time", round(built, 1), "s", "report", True),
    ]


if __name__ == "__main__":
    for row in run():
        mark = "ok " if row["passed"] else "MISS"
        print(f"{mark} {row['name']}: {row['value']} {row['unit']} (target {row['target']})")
