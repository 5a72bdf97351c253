"""Static twins of notebook 04's dashboards: the landmark slider and the power simulator.

The landmark slider keeps the live slider's range and step (0 to 3 months in
steps of 0.05, both endpoints): 122 states, each from
:func:`helpers.widgets.landmark_view`.

The live power simulator has four sliders whose grid (17 x 34 x 49 x 48
positions) is far too fine to simulate at build time (about 0.1 s per
position). The static twin uses the coarser grid :data:`POWER_GRID`, which
contains the live default, and says so on the page; every position is
simulated by :func:`helpers.widgets.power_view` with the live
dashboard's number of trials and seed, so each number equals what the live
dashboard shows at the same position.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import pandas as pd

from helpers.bridging.landmark import default_landmark
from helpers.data import load_patients, load_transplants
from helpers.endpoints import survival_frame
from helpers.widgets import POWER_DEFAULTS, landmark_view, power_view

from ._spec import Dashboard, Shown, choose, range_control, shown

__all__ = ["POWER_GRID", "POWER_SEED", "POWER_TRIALS", "landmark", "power"]

#: Live landmark slider: 0 to 3 months in steps of 0.05 (``LandmarkDashboard``).
LANDMARK_RANGE = {"minimum": 0.0, "maximum": 3.0, "step": 0.05}

#: The static power grid: control -> (label, minimum, maximum, step), each
#: containing the live default (:data:`helpers.widgets.POWER_DEFAULTS`).
POWER_GRID: dict[str, tuple[str, float, float, float]] = {
    "hazard_ratio": ("Hazard ratio", 0.1, 0.9, 0.1),
    "control_median": ("Control median (months)", 6, 18, 6),
    "accrual": ("Accrual (months)", 0, 30, 15),
    "follow_up": ("Further follow-up (months)", 6, 18, 6),
}
#: The live grid, for the page's note: control -> (minimum, maximum, step).
LIVE_POWER_GRID = {
    "hazard_ratio": (0.1, 0.9, 0.05),
    "control_median": (3, 36, 1),
    "accrual": (0, 48, 1),
    "follow_up": (1, 48, 1),
}
#: ``PowerDashboard()``'s defaults: simulated trials per size and the seed.
POWER_TRIALS = 500
POWER_SEED = 0


# --- landmark ---------------------------------------------------------------------------------
@functools.cache
def _frame() -> pd.DataFrame:
    return survival_frame(load_patients(), load_transplants())


def _landmark_view(frame: pd.DataFrame, state: Mapping[str, Any]) -> Shown:
    return shown(landmark_view(frame, landmark=state["landmark"], endpoint=state["endpoint"]))


@functools.cache
def landmark() -> Dashboard:
    """The static twin of ``LandmarkDashboard(frame)``."""
    return Dashboard(
        key="04-landmark",
        notebook="04-hsct-bridging",
        call="LandmarkDashboard(frame)",
        title="Landmark dashboard",
        figure_text=(
            "Kaplan-Meier curves from the landmark onwards: children transplanted by the "
            "landmark against those not yet transplanted."
        ),
        controls=(
            range_control(
                "landmark",
                "Landmark (months)",
                **LANDMARK_RANGE,
                default=round(default_landmark(_frame()), 2),
                digits=2,
            ),
            choose("endpoint", "Endpoint", [("OS", "os"), ("DFS", "dfs")], kind="radio"),
        ),
        context=_frame,
        key_of=lambda _frame, state: (state["landmark"], state["endpoint"]),
        view_of=_landmark_view,
    )


# --- power ------------------------------------------------------------------------------------
def _power_view(_context: None, state: Mapping[str, Any]) -> Shown:
    return shown(power_view(**state, n_trials=POWER_TRIALS, seed=POWER_SEED))


def _grid_note() -> str:
    parts = []
    for name, (label, low, high, step) in POWER_GRID.items():
        live = LIVE_POWER_GRID[name]
        parts.append(
            f"{label.lower()} {low:g} to {high:g} in steps of {step:g} "
            f"(live: {live[0]:g} to {live[1]:g} in steps of {live[2]:g})"
        )
    return (
        "This copy was simulated in advance on a coarser grid than the live notebook: "
        + "; ".join(parts)
        + f". Each position uses {POWER_TRIALS} simulated trials per size and seed "
        f"{POWER_SEED}, as the live dashboard does, so its numbers are the ones the live "
        "dashboard shows at the same position."
    )


@functools.cache
def power() -> Dashboard:
    """The static twin of ``PowerDashboard()`` on :data:`POWER_GRID`."""
    controls = tuple(
        range_control(
            name,
            label,
            minimum=low,
            maximum=high,
            step=step,
            default=POWER_DEFAULTS[name],
            digits=2,
        )
        for name, (label, low, high, step) in POWER_GRID.items()
    )
    return Dashboard(
        key="04-power",
        notebook="04-hsct-bridging",
        call="PowerDashboard()",
        title="Power simulator",
        figure_text=(
            "Simulated power of a two-arm trial against the number of children per arm, with "
            "its 95% simulation interval and the 80% target."
        ),
        controls=controls,
        context=lambda: None,
        key_of=lambda _context, state: tuple(state.values()),
        view_of=_power_view,
        note=_grid_note(),
        workers=2,
    )
