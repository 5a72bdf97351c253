"""A slider over the infusion days that describes each day's planned dose (notebook 00).

The sentences come from :func:`helpers.schedule.describe_day`; this module only
wires a slider to them.
"""

from __future__ import annotations

import ipywidgets as widgets

from helpers.schedule import EXTENDED_COURSE_DAYS, describe_day
from helpers.widgets._base import RunToUse

__all__ = ["DayExplorer", "day_explorer"]


class DayExplorer(RunToUse, widgets.VBox):
    """A slider over days 1-28 and a line describing the chosen day (see :func:`day_explorer`).

    Attributes
    ----------
    slider : ipywidgets.IntSlider
        The day.
    label : ipywidgets.Label
        :func:`describe_day` of the slider's value, kept up to date.
    """

    def __init__(self) -> None:
        self.slider = widgets.IntSlider(
            value=1, min=1, max=EXTENDED_COURSE_DAYS, description="Day", continuous_update=True
        )
        self.label = widgets.Label(value=describe_day(self.slider.value))
        self.slider.observe(self._update, names="value")
        super().__init__(children=[self.slider, self.label])

    def _update(self, change: dict) -> None:
        self.label.value = describe_day(change["new"])

    run_note = "to use this slider"

    def saved_heading(self) -> str:
        """What the slider does, above the saved note (see :class:`RunToUse`)."""
        return f"Try it: a slider over days 1-{EXTENDED_COURSE_DAYS} of the course"

    def __repr__(self) -> str:
        return f"DayExplorer(day={self.slider.value})"


def day_explorer() -> DayExplorer:
    """A slider over days 1-28 that describes the planned dose of each day.

    Returns
    -------
    DayExplorer
        An :class:`ipywidgets.VBox`: the slider and a line of text that follows it.

    Examples
    --------
    >>> explorer = day_explorer()
    >>> explorer.slider.value = 5
    >>> explorer.label.value
    'Day 5: 15 µg/m²/day (full dose). Every child.'
    """
    return DayExplorer()
