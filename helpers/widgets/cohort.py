"""A cohort dashboard: the subgroup filter driving the swimmer plot and a few counts.

Built like the dashboards of :mod:`helpers.widgets`: a plain function
(:func:`cohort_view`) computes what to show for a selection and returns a
:class:`helpers.widgets.View`; the widget class only wires the shared
:class:`helpers.widgets.SubgroupFilter` to it and draws the figure with
:func:`helpers.widgets.render` (never ``with out: display(...)``). A
selection of zero or one child shows a message instead of a figure.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from helpers._format import children
from helpers.endpoints import reporting_follow_up
from helpers.figures import swimmer_figure
from helpers.widgets._base import (
    MIN_CHILDREN,
    LatestOnly,
    RunToUse,
    SubgroupFilter,
    View,
    count_line,
    message_box,
    render,
)
from helpers.widgets.plot import PlotView

__all__ = ["CohortDashboard", "cohort_view"]

_NEEDED = [
    "case_id",
    "complete_remission",
    "follow_up_therapy",
    "os_time",
    "os_event",
    "bridged",
    "hsct_time",
]


def _median_follow_up(selected: pd.DataFrame) -> float:
    """Median follow-up (months) of the children still alive, rounded to 0.1; NaN if none."""
    alive = reporting_follow_up(selected)
    return round(float(np.median(alive)), 1) if len(alive) else float("nan")


def cohort_view(selected: pd.DataFrame, *, total: int) -> View:
    """Counts and a swimmer plot for a selection of children.

    Parameters
    ----------
    selected : pandas.DataFrame
        Rows of :func:`helpers.endpoints.survival_frame` output.
    total : int, keyword-only
        Number of children before filtering, for the count line.

    Returns
    -------
    helpers.widgets.View
        ``numbers`` holds ``n``, ``cr``, ``bridged``, ``died`` and
        ``median_follow_up``: the median of
        :func:`helpers.endpoints.reporting_follow_up` (NaN if no child is
        alive); ``figure`` is the swimmer plot, or
        ``None`` with a message when fewer than two children are selected.

    Raises
    ------
    ValueError
        If a needed column is missing.

    Examples
    --------
    >>> df = pd.DataFrame({"case_id": [1, 2, 3], "complete_remission": [True, True, False],
    ...     "follow_up_therapy": ["HSCT", "Chemotherapy", "CAR-T"],
    ...     "os_time": [19.3, 18.5, 8.4], "os_event": [False, False, True],
    ...     "bridged": [True, False, False], "hsct_time": [1.7, np.nan, np.nan]})
    >>> cohort_view(df, total=33).numbers
    {'n': 3, 'cr': 2, 'bridged': 1, 'died': 1, 'median_follow_up': 18.9}
    """
    missing = [c for c in _NEEDED if c not in selected.columns]
    if missing:
        raise ValueError(
            f"cohort_view: column(s) {missing} missing; "
            "pass helpers.endpoints.survival_frame output"
        )
    n = len(selected)
    count = count_line(n, total)
    if n < MIN_CHILDREN:
        text = f"{children(n).capitalize()} selected: widen the filter to see the lanes."
        return View(count, message_box(text))
    numbers = {
        "n": n,
        "cr": int(selected["complete_remission"].sum()),
        "bridged": int(selected["bridged"].sum()),
        "died": int(selected["os_event"].sum()),
        "median_follow_up": _median_follow_up(selected),
    }
    follow_up = (
        "no child alive"
        if np.isnan(numbers["median_follow_up"])
        else f"<b>{numbers['median_follow_up']:.1f}</b> months"
    )
    html = (
        f"In complete remission: <b>{numbers['cr']}</b> · bridged to HSCT: "
        f"<b>{numbers['bridged']}</b> · died: <b>{numbers['died']}</b> · median follow-up of "
        f"those alive: {follow_up}"
    )
    figure = swimmer_figure(selected, hsct_time="hsct_time")
    return View(count, html, figure, numbers)


class CohortDashboard(RunToUse, widgets.VBox):
    """Subgroup filter -> counts and the swimmer plot of the selected children.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`helpers.endpoints.survival_frame` output (one row per child).
    """

    def __init__(self, frame: pd.DataFrame):
        self.filter = SubgroupFilter(frame)
        self.summary, self.plot = widgets.HTML(), PlotView()
        self._latest = LatestOnly()
        self.filter.observe_selection(self.update)
        super().__init__([self.filter, self.summary, self.plot])
        self.add_class("cohort-dashboard")
        self.update()

    def view(self) -> View:
        return cohort_view(self.filter.selected(), total=len(self.filter.frame))

    def update(self) -> None:
        self._latest(self.view, lambda v: render(self.plot, v, self.summary, self.filter.count))
