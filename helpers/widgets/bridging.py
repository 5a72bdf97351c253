"""Dashboards for notebook 04: a landmark slider and a power simulator.

As in :mod:`helpers.widgets`, the logic is in plain functions
(:func:`landmark_view`, :func:`power_view`) returning a
:class:`helpers.widgets.View`; a notebook shows the default view statically with
:func:`helpers.widgets.show` in a checked cell, and the widget classes only
wire controls to these functions. Figures are drawn by a
:class:`helpers.widgets.plot.PlotView` (never ``with out: display(...)``), so
nbval sees no stray output.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import pandas as pd

from helpers import bridging, survival
from helpers._format import children, format_p_value
from helpers.figures import landmark_figure, power_figure
from helpers.widgets._base import LatestOnly, RunToUse, View, message_box, render
from helpers.widgets.plot import PlotView

__all__ = [
    "POWER_DEFAULTS",
    "POWER_SIZES",
    "LandmarkDashboard",
    "PowerDashboard",
    "landmark_view",
    "power_view",
]

#: Sizes per arm at which power is simulated.
POWER_SIZES: tuple[int, ...] = (10, 15, 20, 30, 40, 50, 60, 80, 100, 125, 150, 200)

#: Default trial: HR 0.5, control median 12 months, accrual over 15 months (the
#: cohort's August 2021 - November 2022), 12 months' further follow-up.
POWER_DEFAULTS: dict[str, float] = {
    "hazard_ratio": 0.5,
    "control_median": 12.0,
    "accrual": 15.0,
    "follow_up": 12.0,
}


def _events(k: int) -> str:
    """``k`` events in words: "0 events", "1 event", "3 events"."""
    return f"{k} event" if k == 1 else f"{k} events"


def landmark_view(frame: pd.DataFrame, *, landmark: float, endpoint: str = "os") -> View:
    """Counts, the log-rank p (or a message) and the curves of one landmark analysis.

    Examples
    --------
    >>> from helpers.data import load_patients, load_transplants
    >>> from helpers.endpoints import survival_frame
    >>> f = survival_frame(load_patients(), load_transplants())
    >>> view = landmark_view(f, landmark=0.5)
    >>> "no one to compare" in view.html, view.figure is not None
    (True, True)
    """
    r = bridging.landmark_comparison(frame, landmark=landmark, endpoint=endpoint)
    n = r.n_exposed + r.n_unexposed
    count = (
        f"Landmark <b>{r.landmark:.2f} months</b>: <b>{n}</b> {'child' if n == 1 else 'children'} "
        "in CR still followed "
        f"({r.n_dropped} dropped)"
    )
    figure = landmark_figure(r) if n else None
    groups = (
        f"Transplanted by then: {children(r.n_exposed)}, {_events(r.events_exposed)}; "
        f"not transplanted: {children(r.n_unexposed)}, {_events(r.events_unexposed)}"
    )
    numbers = {
        "landmark": r.landmark,
        "n_exposed": r.n_exposed,
        "n_unexposed": r.n_unexposed,
        "events_exposed": r.events_exposed,
        "events_unexposed": r.events_unexposed,
    }
    if r.message:
        return View(count, f"{groups}<br>{message_box(r.message)}", figure, numbers)
    numbers["p_value"] = r.p_value
    html = f"{groups}<br>Log-rank from the landmark: {format_p_value(r.p_value)}"
    return View(count, html, figure, numbers)


def power_view(
    *,
    hazard_ratio: float,
    control_median: float,
    accrual: float,
    follow_up: float,
    sizes: tuple[int, ...] = POWER_SIZES,
    n_trials: int = 500,
    seed: int = 0,
    target: float = 0.8,
) -> View:
    """Simulated power for each size per arm and the smallest size reaching ``target``.

    Examples
    --------
    >>> view = power_view(hazard_ratio=1.0, control_median=12, accrual=12, follow_up=12,
    ...                   sizes=(10, 20), n_trials=50)
    >>> "no difference" in view.html
    True
    """
    if hazard_ratio == 1:
        message = "A hazard ratio of 1 means no difference: there is nothing to detect."
        return View("", message_box(message), None, {"hazard_ratio": 1.0})
    curve = survival.power_curve(
        hazard_ratio=hazard_ratio,
        control_median=control_median,
        accrual=accrual,
        follow_up=follow_up,
        sizes=sizes,
        n_trials=n_trials,
        seed=seed,
    )
    best = survival.smallest_adequate_size(curve, target=target)
    events = survival.schoenfeld_events(hazard_ratio, power=target)
    count = (
        f"HR <b>{hazard_ratio:g}</b>, control median {control_median:g} months, accrual "
        f"{accrual:g} months, then {follow_up:g} months' follow-up; {n_trials} simulated "
        "trials per size"
    )
    if best is None:
        line = message_box(
            f"No size up to {max(sizes)} per arm reaches {target:.0%} power: the effect is "
            "too small or follow-up too short."
        )
    else:
        line = (
            f"Smallest size with power ≥ {target:.0%}: <b>{best} per arm</b> ({2 * best} children)"
        )
    html = f"{line}<br>Schoenfeld's formula: {math.ceil(events)} deaths needed in total"
    numbers = {"smallest_adequate_size": best, "schoenfeld_events": events}
    return View(count, html, power_figure(curve, target=target), numbers)


class LandmarkDashboard(RunToUse, widgets.VBox):
    """Landmark slider (months) and endpoint toggle -> counts, log-rank p and curves."""

    def __init__(self, frame: pd.DataFrame, *, maximum: float = 3.0):
        self.frame = frame
        self.landmark = widgets.FloatSlider(
            value=round(bridging.default_landmark(frame), 2),
            min=0.0,
            max=maximum,
            step=0.05,
            description="Landmark (months)",
            continuous_update=False,
            style={"description_width": "10em"},
            layout=widgets.Layout(width="36em"),
        )
        self.endpoint = widgets.ToggleButtons(
            options=[("OS", "os"), ("DFS", "dfs")], description="Endpoint"
        )
        self.count, self.stats, self.plot = widgets.HTML(), widgets.HTML(), PlotView()
        self._latest = LatestOnly()
        for control in (self.landmark, self.endpoint):
            control.observe(lambda _c: self.update(), names="value")
        super().__init__([self.landmark, self.endpoint, self.count, self.stats, self.plot])
        self.add_class("landmark-dashboard")
        self.update()

    def view(self) -> View:
        return landmark_view(self.frame, landmark=self.landmark.value, endpoint=self.endpoint.value)

    def update(self) -> None:
        self._latest(self.view, lambda v: render(self.plot, v, self.stats, self.count))


def _slider(
    key: str, description: str, low: float, high: float, step: float, *, layout: widgets.Layout
) -> widgets.FloatSlider:
    """A slider of the power simulator, starting at ``POWER_DEFAULTS[key]``, read on release."""
    return widgets.FloatSlider(
        value=POWER_DEFAULTS[key], min=low, max=high, step=step, description=description,
        style={"description_width": "14em"}, layout=layout, continuous_update=False,
    )  # fmt: skip


class PowerDashboard(RunToUse, widgets.VBox):
    """Sliders for HR, control median, accrual and follow-up -> simulated power curve."""

    def __init__(self, *, n_trials: int = 500, seed: int = 0):
        self.n_trials, self.seed = n_trials, seed
        layout = widgets.Layout(width="38em")
        self.hazard_ratio = _slider("hazard_ratio", "Hazard ratio", 0.1, 0.9, 0.05, layout=layout)
        self.control_median = _slider(
            "control_median", "Control median (months)", 3, 36, 1, layout=layout
        )
        self.accrual = _slider("accrual", "Accrual (months)", 0, 48, 1, layout=layout)
        self.follow_up = _slider("follow_up", "Further follow-up (months)", 1, 48, 1, layout=layout)
        self.count, self.stats, self.plot = widgets.HTML(), widgets.HTML(), PlotView()
        self._latest = LatestOnly()
        controls = (self.hazard_ratio, self.control_median, self.accrual, self.follow_up)
        for control in controls:
            control.observe(lambda _c: self.update(), names="value")
        super().__init__([*controls, self.count, self.stats, self.plot])
        self.add_class("power-dashboard")
        self.update()

    def view(self) -> View:
        return power_view(
            hazard_ratio=self.hazard_ratio.value,
            control_median=self.control_median.value,
            accrual=self.accrual.value,
            follow_up=self.follow_up.value,
            n_trials=self.n_trials,
            seed=self.seed,
        )

    def update(self) -> None:
        self._latest(self.view, lambda v: render(self.plot, v, self.stats, self.count))
