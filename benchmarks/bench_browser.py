"""Browser-measured latency of the remission dashboard, and the size of the static site.

``run()`` returns one dict per figure (name, value, unit, target, passed); running
``python -m benchmarks.bench_browser`` from the repository root prints them.

Latency: JupyterLab runs the notebook that builds ``RemissionDashboard`` (a
stand-in notebook until one does) in Debian's chromium; in the page, a filter
dropdown is changed and the time is taken from just before the change until
the next animation frame after the new plotly figure is in place (a new
``.js-plotly-plot`` with its ``.main-svg``), found by a MutationObserver. That
is the whole round trip a reader waits for: widget message to the kernel,
selection, figure, messages back, plotly drawing. Changes are made one at a
time, cycling through the "Next therapy" options (every one selects at least
two children, so every change draws a figure).

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``); Playwright never
downloads a browser.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from helpers.data import load_patients
from helpers.series import list_notebooks
from helpers.site import build_site
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

N_CHANGES = 36
TARGET_P95_MS = 150.0
DIMENSION = "follow_up_therapy"

# Runs in the page: change the <select>, resolve with the milliseconds until the
# frame after a new, fully laid-out plotly figure appears in the dashboard.
_MEASURE = """async ([root, select, index]) => {
  const before = root.querySelector('.js-plotly-plot');
  const drawn = () => {
    const gd = root.querySelector('.js-plotly-plot');
    return gd && gd !== before && gd._fullLayout && gd.querySelector('.main-svg');
  };
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no redraw within 30 s')), 30000);
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (!drawn()) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    observer.observe(root, { childList: true, subtree: true });
    select.selectedIndex = index;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}"""


def _row(name: str, value: float, unit: str, target: str, passed: bool) -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "passed": bool(passed)}


def _percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default), without numpy."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure_latency(*, changes: int = N_CHANGES) -> list[float]:
    """Milliseconds from each filter change to the redrawn figure, ``changes`` times."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    patients = load_patients()
    options = [ALL, *levels(subgroup_labels(patients), DIMENSION)]
    too_small = [v for v in options[1:] if len(select(patients, {DIMENSION: v})) < 2]
    if too_small:
        raise ValueError(f"options {too_small} select fewer than two children: no figure")
    name = dashboard_notebook("RemissionDashboard")
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        sources = [p for p in series_notebooks() if p.name == name] or stand_in_notebooks(workdir)
        with running_lab(sources, workdir) as lab, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_notebook(page, lab.notebook_url(name), name)
            run_all(page)
            root = page.locator(".remission-dashboard").first
            root.wait_for()
            root.scroll_into_view_if_needed()
            label = DIMENSIONS[DIMENSION][0]
            dropdown = root.locator(".widget-dropdown").filter(
                has=page.locator("label", has_text=label)
            )
            select_el = dropdown.locator("select").element_handle()
            page.wait_for_function(
                "(root) => root.querySelector('.js-plotly-plot .main-svg') !== null",
                arg=root.element_handle(),
            )
            times = []
            for change in range(changes + 1):
                index = (change + 1) % len(options)
                elapsed = page.evaluate(_MEASURE, [root.element_handle(), select_el, index])
                if change:  # the first change warms caches up; it is not counted
                    times.append(float(elapsed))
                page.wait_for_timeout(50)
            shut_down(page)
            browser.close()
    return times


def run(*, changes: int = N_CHANGES) -> list[dict]:
    """Latency median and p95 in chromium, and the number of pages of the static site."""
    start = time.perf_counter()
    times = measure_latency(changes=changes)
    measured = time.perf_counter() - start
    median, p95 = statistics.median(times), _percentile(times, 0.95)
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        pages = build_site(scratch)
        built = time.perf_counter() - start
    expected = len(list_notebooks()) + 1
    return [
        _row("dashboard redraw latency, median", round(median, 1), "ms", "report", True),
        _row(
            "dashboard redraw latency, p95",
            round(p95, 1),
            "ms",
            f"< {TARGET_P95_MS:.0f} ms",
            p95 < TARGET_P95_MS,
        ),
        _row(
            "dashboard redraw latency, changes measured",
            len(times),
            "count",
            ">= 30",
            len(times) >= 30,
        ),
        _row("latency run incl. JupyterLab start", round(measured, 1), "s", "report", True),
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
