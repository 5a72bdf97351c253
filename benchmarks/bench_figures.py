"""Benchmarks for the figure functions and the dashboard update path.

``run()`` returns one dict per measurement (name, value, unit, target, passed);
running the module prints them. Every figure function is timed on the real
cohort (the figures of ``python -m tools.gallery``): median and 95th
percentile of ``calls`` calls. The two dashboard updates are timed the way a
widget runs them: :func:`helpers.widgets.select` of the default selection, then
:func:`helpers.widgets.remission_summary`, or
:func:`helpers.endpoints.survival_frame` and
:func:`helpers.widgets.survival_summary` (log-rank, 2,000 permutations and Cox).
Their 95th percentile must stay under 30 ms for the widgets to feel live. The
machine's load average is reported too: on a shared machine other work inflates
the 95th percentiles far more than the medians.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable

import numpy as np

TARGET_MS = 30.0
CALLS = 50


def _row(name: str, value: float, unit: str, target: str, passed: bool) -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "passed": bool(passed)}


def _times_ms(func: Callable[[], object], calls: int) -> np.ndarray:
    func()  # warm-up: imports, caches
    out = np.empty(calls)
    gc.collect()
    for i in range(calls):
        start = time.perf_counter()
        func()
        out[i] = (time.perf_counter() - start) * 1e3
    return out


def _cases() -> tuple[dict[str, Callable[[], object]], dict[str, Callable[[], object]]]:
    """(figure calls, dashboard updates) on the real cohort, as zero-argument callables."""
    from helpers import data, endpoints, widgets
    from helpers import figures as fg
    from tools.gallery import comparator_rows

    patients = data.load_patients()
    transplants = data.load_transplants()
    sf = endpoints.survival_frame(patients, transplants)
    cr = sf[sf["complete_remission"]]
    ae = data.load_adverse_events()
    tae = data.load_transplant_adverse_events()
    cr_labels = {True: "Complete remission", False: "No complete remission"}
    os_opts = {"duration": "os_time", "event": "os_event"}
    forest_rows = comparator_rows(patients)
    n_children, n_transplanted = len(patients), int(transplants["case_id"].nunique())
    figures = {
        "km_figure (OS by remission, 33 children)": lambda: fg.km_figure(
            sf, **os_opts, group="complete_remission", group_labels=cr_labels
        ),
        "km_figure (OS, one group)": lambda: fg.km_figure(sf, **os_opts),
        "km_figure (OS in CR by bridging)": lambda: fg.km_figure(cr, **os_opts, group="bridged"),
        "waterfall_figure (blasts by remission)": lambda: fg.waterfall_figure(
            patients,
            before="blasts_pre_pct",
            after="blasts_post_pct",
            color_by="complete_remission",
            color_labels=cr_labels,
        ),
        "paired_mrd_figure": lambda: fg.paired_mrd_figure(
            patients, color_by="complete_remission", color_labels=cr_labels
        ),
        "forest_figure": lambda: fg.forest_figure(forest_rows),
        "swimmer_figure": lambda: fg.swimmer_figure(sf, hsct_time="hsct_time"),
        "flow_figure": lambda: fg.flow_figure(patients),
        "adverse_events_figure": lambda: fg.adverse_events_figure(ae, n_patients=n_children),
        "transplant_complications_figure": lambda: fg.transplant_complications_figure(
            tae, n_patients=n_transplanted
        ),
        "engraftment_figure": lambda: fg.engraftment_figure(transplants),
    }

    labels = widgets.subgroup_labels(patients)
    default = dict.fromkeys(widgets.DIMENSIONS, widgets.ALL)

    def remission() -> object:
        selected = widgets.select(patients, default, labels=labels)
        return widgets.remission_summary(selected, total=len(patients))

    def survival() -> object:
        selected = widgets.select(patients, default, labels=labels)
        frame = widgets.subgroup_survival_frame(sf, selected)
        return widgets.survival_summary(frame, total=len(patients))

    updates = {
        "remission_summary (select -> rate + waterfall)": remission,
        "survival_summary (select -> KM + log-rank + permutation + Cox)": (survival),
    }
    return figures, updates


def run(*, calls: int = CALLS) -> list[dict]:
    """Median and 95th percentile (ms) of ``calls`` calls of each figure and dashboard update."""
    figures, updates = _cases()
    rows = []
    for name, func in figures.items():
        t = _times_ms(func, calls)
        p50, p95 = float(np.median(t)), float(np.percentile(t, 95))
        rows.append(_row(f"{name}: median of {calls}", p50, "ms", "reference", True))
        rows.append(_row(f"{name}: p95 of {calls}", p95, "ms", "reference", True))
    for name, func in updates.items():
        t = _times_ms(func, calls)
        p50, p95 = float(np.median(t)), float(np.percentile(t, 95))
        rows.append(_row(f"{name}: median of {calls}", p50, "ms", "reference", True))
        rows.append(_row(f"{name}: p95 of {calls}", p95, "ms", f"< {TARGET_MS:g}", p95 < TARGET_MS))
    if hasattr(os, "getloadavg"):  # p95 on a shared 2-core machine depends on other work
        load = os.getloadavg()[0]
        rows.append(
            _row("1-minute load average at the end of the run", load, "", "reference", True)
        )
    return rows


if __name__ == "__main__":
    for r in run():
        status = "PASS" if r["passed"] else "FAIL"
        print(f"{status}  {r['name']}: {r['value']:.3g} {r['unit']} (target {r['target']})")
