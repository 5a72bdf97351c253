"""The remission dashboard (notebook 02): subgroup filter -> rate, exact interval, waterfall."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from helpers._format import children
from helpers.figures import waterfall_figure
from helpers.figures.style import REMISSION_COLORS
from helpers.response import proportion_ci
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

__all__ = ["WATERFALL_MARGIN", "RemissionDashboard", "remission_summary"]


def remission_summary(selected: pd.DataFrame, *, total: int, measure: str = "blasts") -> View:
    """Remission rate with its exact interval, and a waterfall, for a selection."""
    n = len(selected)
    count = count_line(n, total)
    if n < MIN_CHILDREN:
        return View(
            count,
            message_box(f"{children(n).capitalize()} selected: widen the filter to see a rate."),
        )
    ci = proportion_ci(int(selected["complete_remission"].sum()), n)
    html = (
        f"Complete remission: <b>{ci.successes}/{ci.n}</b> = {100 * ci.proportion:.1f}% "
        f"(exact 95% CI {100 * ci.ci_lower:.1f}–{100 * ci.ci_upper:.1f}%)"
    )
    before, after = f"{measure}_pre_pct", f"{measure}_post_pct"
    label = {"blasts": "bone-marrow blasts", "mrd": "MRD"}[measure]
    figure = waterfall_figure(
        selected,
        before=before,
        after=after,
        measure_label=label,
        color_by="complete_remission",
        color_labels={True: "CR", False: "No CR"},
        color_title="Remission",
        colors=REMISSION_COLORS,
    )
    numbers = {"n": n, "cr": ci.successes, "rate": ci.proportion}
    return View(count, html, figure, numbers)


#: Margins (px) the remission waterfall ends up with in chromium once plotly's
#: automargin has made room for the y-axis labels, the legend and the rotated
#: case labels: the largest seen over every filter value and both measures
#: (left 85-105, right 111-121, top 100, bottom 92). Starting the dashboard's
#: figure from these saves plotly a second full layout pass per redraw (and
#: per PNG snapshot the plotly renderer takes), about 30 ms of a ~130 ms redraw.
WATERFALL_MARGIN: dict[str, int] = {"l": 105, "r": 125, "t": 100, "b": 92}


class RemissionDashboard(RunToUse, widgets.VBox):
    """Subgroup filter -> remission rate with exact interval and a waterfall plot."""

    def __init__(self, patients: pd.DataFrame):
        self.filter = SubgroupFilter(patients)
        self.measure = widgets.ToggleButtons(
            options=[("Marrow blasts", "blasts"), ("MRD", "mrd")],
            value="blasts",
            description="Waterfall of",
        )
        self.rate, self.plot = widgets.HTML(), PlotView()
        self._latest = LatestOnly()
        self.filter.observe_selection(self.update)
        self.measure.observe(lambda _c: self.update(), names="value")
        super().__init__([self.filter, self.measure, self.rate, self.plot])
        self.add_class("remission-dashboard")
        self.update()

    def view(self) -> View:
        return remission_summary(
            self.filter.selected(), total=len(self.filter.frame), measure=self.measure.value
        )

    def update(self) -> None:
        self._latest(
            self.view,
            lambda view: render(
                self.plot, view, self.rate, self.filter.count, margin=WATERFALL_MARGIN
            ),
        )
