"""The static site with its dashboards: states, build time, sizes, first paint and redraw latency.

``run()`` returns one dict per figure (name, value, unit, target, passed);
``python -m benchmarks.bench_site`` prints them (``make bench`` runs every
benchmark and writes ``RESULTS.md``).

* Build: :func:`tools.site.build_site` into a scratch folder, as ``make site``
  does (pages, then every state of every dashboard). Target < 90 s.
* States: per dashboard, the combinations of control values the page offers,
  the distinct selections computed (each once, by the live dashboard's
  function) and the distinct states stored after deduplication, with the size
  of its ``data/NN-name.js``.
* Sizes: the whole site (<= 25 MB) and each page with the state data it loads
  (<= 5 MB; ``plotly.min.js``, shared by every page, is reported apart).
* First paint: each page opened from ``file://`` in Debian's chromium; the
  first contentful paint (< 1 s) and the time until its dashboards have drawn
  their first state (reported).
* Redraw: per dashboard, :data:`N_CHANGES` control changes, one control at a
  time (cycling through the controls, each time to another value, seeded);
  each is timed from the change until the next animation frame after the
  dashboard has drawn the new state (texts set and ``Plotly.react`` done:
  ``dashboards.js`` then sets ``data-drawn``). The first change of each
  dashboard warms caches up and is not counted. Target: p95 < 30 ms. Also
  reported: how many changes drew a figure (a selection of fewer than 2
  children shows a message only) and how many redraws plotly laid out twice
  because its automargin had to grow the figure's margins.

Needs ``/usr/bin/chromium``; Playwright never downloads a browser.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tools.site import PLOTLY_JS, build_site, page_name
from tools.site_dashboards import DATA_DIR, read_payload
from tools.site_states import dashboards

N_CHANGES = 40
SEED = 0
TARGET_BUILD_S = 90.0
TARGET_SITE_MB = 25.0
TARGET_PAGE_MB = 5.0
TARGET_FIRST_PAINT_MS = 1000.0
TARGET_REDRAW_P95_MS = 30.0

# Runs in the page: set control ``control`` of ``root`` to value ``index`` as a
# reader would (input and change events) and resolve with the milliseconds until
# the animation frame after the dashboard has drawn the new state (``ms``),
# whether it shows a figure (``figure``) and whether plotly's automargin had to
# grow the figure's margins (``grown``: a second layout pass), read after the
# time is taken.
_MEASURE = """async ([root, control, index]) => {
  const c = root.querySelectorAll('[data-control]')[control];
  const before = root.dataset.drawn;
  const plot = root.querySelector('.site-dashboard-plot');
  const shown = () => {
    const figure = root.querySelector('.site-dashboard-figure');
    if (!plot || !figure || figure.hidden || !plot._fullLayout) return { figure: false };
    const size = plot._fullLayout._size, asked = plot.layout.margin || {};
    const grown = ['l', 'r', 't', 'b'].some((side) => size[side] > (asked[side] ?? 80) + 1);
    return { figure: true, grown };
  };
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no redraw within 10 s')), 10000);
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (root.dataset.drawn === before) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve({ ms: performance.now() - t0, ...shown() }));
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-drawn'] });
    const select = c.querySelector('select');
    const range = c.querySelector('input[type=range]');
    let el;
    if (select) {
      select.selectedIndex = index;
      el = select;
    } else if (range) {
      range.value = String(Number(range.min) + index * Number(range.step));
      el = range;
    } else {
      el = c.querySelectorAll('input[type=radio]')[index];
      el.checked = true;
    }
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}"""

_PAINT = """() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const drawn = Array.from(document.querySelectorAll('.site-dashboard'))
    .map((root) => Number(root.dataset.firstDrawnMs));
  return { fcp: fcp ? fcp.startTime : null, drawn: drawn.length ? Math.max(...drawn) : null };
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


def _mb(n_bytes: int) -> float:
    return round(n_bytes / 1024**2, 2)


def state_rows(site: Path) -> list[dict]:
    """Combinations, distinct selections, stored states and data size of each dashboard."""
    rows = []
    for d in dashboards():
        path = site / DATA_DIR / f"{d.key}.js"
        payload = read_payload(path)
        rows += [
            _row(
                f"{d.key}: states (control combinations)",
                len(payload["index"]),
                "states",
                f"= {d.n_states}",
                len(payload["index"]) == d.n_states,
            ),
            _row(
                f"{d.key}: distinct selections computed",
                payload["selections"],
                "selections",
                "report",
                True,
            ),
            _row(
                f"{d.key}: distinct states stored", len(payload["states"]), "states", "report", True
            ),
            _row(
                f"{d.key}: state data", round(path.stat().st_size / 1024, 1), "KiB", "report", True
            ),
        ]
    return rows


def page_sizes(site: Path) -> dict[str, int]:
    """Bytes of each notebook page plus the state data scripts it loads."""
    sizes = {}
    for page in sorted(site.glob("[0-9][0-9]-*.html")):
        text = page.read_text(encoding="utf-8")
        scripts = set(re.findall(rf'src="({DATA_DIR}/[^"]+\.js)"', text))
        sizes[page.name] = page.stat().st_size + sum((site / s).stat().st_size for s in scripts)
    return sizes


def size_rows(site: Path) -> list[dict]:
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    rows = [
        _row(
            "whole site",
            _mb(total),
            "MB",
            f"<= {TARGET_SITE_MB:g} MB",
            total <= TARGET_SITE_MB * 1024**2,
        ),
        _row(
            f"{PLOTLY_JS} (shared by every page)",
            _mb((site / PLOTLY_JS).stat().st_size),
            "MB",
            "report",
            True,
        ),
    ]
    for name, size in page_sizes(site).items():
        rows.append(
            _row(
                f"page {name} with its state data",
                _mb(size),
                "MB",
                f"<= {TARGET_PAGE_MB:g} MB",
                size <= TARGET_PAGE_MB * 1024**2,
            )
        )
    return rows


def _changes(controls, rng: random.Random, n: int) -> list[tuple[int, int]]:
    """``n`` changes (control, new value index), cycling through the controls."""
    current = [c.default_index for c in controls]
    movable = [i for i, c in enumerate(controls) if len(c.values) > 1]
    changes = []
    for step in range(n):
        i = movable[step % len(movable)]
        value = rng.choice([k for k in range(len(controls[i].values)) if k != current[i]])
        current[i] = value
        changes.append((i, value))
    return changes


def browser_rows(site: Path, *, changes: int = N_CHANGES) -> list[dict]:
    """First paint of every page and redraw latency of every dashboard, in chromium."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
    from lab import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise FileNotFoundError(MISSING_CHROMIUM)
    rows = []
    rng = random.Random(SEED)
    every: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for page_file in sorted(site.glob("[0-9][0-9]-*.html")):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.site-dashboard'))"
                ".every((root) => root.dataset.drawn !== undefined)",
                timeout=60_000,
            )
            paint = page.evaluate(_PAINT)
            fcp = paint["fcp"]
            rows.append(
                _row(
                    f"page {page_file.name}: first paint from file://",
                    round(fcp or -1, 1),
                    "ms",
                    f"< {TARGET_FIRST_PAINT_MS:.0f} ms",
                    fcp is not None and fcp < TARGET_FIRST_PAINT_MS,
                )
            )
            if paint["drawn"] is not None:
                rows.append(
                    _row(
                        f"page {page_file.name}: dashboards drawn",
                        round(paint["drawn"], 1),
                        "ms",
                        "report",
                        True,
                    )
                )
            for d in dashboards():
                if page_name(f"{d.notebook}.ipynb") != page_file.name:
                    continue
                root = page.locator(f"#dash-{d.key}")
                root.scroll_into_view_if_needed()
                times, figures, grown = [], 0, 0
                for n, (control, value) in enumerate(_changes(d.controls, rng, changes + 1)):
                    step = page.evaluate(_MEASURE, [root.element_handle(), control, value])
                    if n:
                        times.append(float(step["ms"]))
                        figures += step["figure"]
                        grown += step.get("grown", False)
                every += times
                p95 = _percentile(times, 0.95)
                rows += [
                    _row(
                        f"{d.key}: redraw after a control change, median",
                        round(statistics.median(times), 1),
                        "ms",
                        "report",
                        True,
                    ),
                    _row(
                        f"{d.key}: redraw after a control change, p95",
                        round(p95, 1),
                        "ms",
                        f"< {TARGET_REDRAW_P95_MS:.0f} ms",
                        p95 < TARGET_REDRAW_P95_MS,
                    ),
                    _row(f"{d.key}: changes that drew a figure", figures, "count", "report", True),
                    _row(
                        f"{d.key}: redraws laid out twice (automargin grew the margins)",
                        grown,
                        "count",
                        "report",
                        True,
                    ),
                ]
            page.close()
        browser.close()
    p95 = _percentile(every, 0.95)
    rows.append(
        _row(
            f"all dashboards: redraw p95 ({len(every)} changes)",
            round(p95, 1),
            "ms",
            f"< {TARGET_REDRAW_P95_MS:.0f} ms",
            p95 < TARGET_REDRAW_P95_MS,
        )
    )
    return rows


def run(*, changes: int = N_CHANGES) -> list[dict]:
    """Build the site once, then measure states, sizes, paint and redraws."""
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch)
        start = time.perf_counter()
        build_site(site)
        built = time.perf_counter() - start
        rows = [
            _row(
                "make site (all pages and dashboard states)",
                round(built, 1),
                "s",
                f"< {TARGET_BUILD_S:.0f} s",
                built < TARGET_BUILD_S,
            ),
        ]
        rows += state_rows(site)
        rows += size_rows(site)
        rows += browser_rows(site, changes=changes)
    return rows


if __name__ == "__main__":
    for row in run():
        mark = "ok  " if row["passed"] else "MISS"
        print(f"{mark} {row['name']}: {row['value']} {row['unit']} (target {row['target']})")
