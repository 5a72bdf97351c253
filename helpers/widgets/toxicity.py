"""The adverse-event explorer (notebook 05): one event of Table 3, by grade and denominator.

:func:`adverse_event_view` computes the count, percentage and exact interval
(:func:`helpers.toxicity.adverse_event_numbers`) as a :class:`helpers.widgets.View`;
:class:`AdverseEventExplorer` only wires the controls to it.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from helpers.toxicity import DENOMINATORS, GRADE_NAMES, GRADES, adverse_event_numbers
from helpers.widgets._base import RunToUse, View, message_box

__all__ = ["AdverseEventExplorer", "adverse_event_view"]


def adverse_event_view(
    ae: pd.DataFrame,
    *,
    event: str,
    grade: str = "all",
    denominator: str = "children",
    n_patients: int,
) -> View:
    """One adverse event of Table 3 over the chosen denominator, as text."""
    r = adverse_event_numbers(
        ae, event, grade=grade, denominator=denominator, n_patients=n_patients
    )
    grade_name = GRADE_NAMES[grade]
    count = f"<b>{event}</b>, {grade_name}"
    if denominator == "children":
        html = (
            f"{r['k']} of {r['denominator']} children = <b>{r['percent']:.1f}%</b> "
            f"(exact 95% CI {r['ci_lower']:.1f}–{r['ci_upper']:.1f}%)."
        )
    else:
        html = (
            f"{r['k']} of the {r['denominator']} {grade_name} events in Table 3 = "
            f"<b>{r['percent']:.1f}%</b> of events. "
            + message_box(
                "A share of events says how the toxicity is made up, not how many children "
                "had it; one child can contribute several events, so no interval is given."
            )
        )
    numbers = {k: r[k] for k in ("k", "denominator", "percent")}
    return View(count, html, None, numbers)


class AdverseEventExplorer(RunToUse, widgets.VBox):
    """Event, grade and denominator controls -> count, percentage and exact interval."""

    def __init__(self, ae: pd.DataFrame, *, n_patients: int):
        self.ae, self.n_patients = ae, n_patients
        self.event = widgets.Dropdown(
            options=list(ae["adverse_event"]), value="CRS", description="Event"
        )
        self.grade = widgets.ToggleButtons(
            options=[(GRADE_NAMES[g].capitalize(), g) for g in GRADES], description="Grade"
        )
        self.denominator = widgets.ToggleButtons(
            options=[(d.capitalize(), d) for d in DENOMINATORS], description="Out of"
        )
        self.count, self.text = widgets.HTML(), widgets.HTML()
        for control in (self.event, self.grade, self.denominator):
            control.observe(lambda _c: self.update(), names="value")
        super().__init__([self.event, self.grade, self.denominator, self.count, self.text])
        self.add_class("adverse-event-explorer")
        self.update()

    def view(self) -> View:
        return adverse_event_view(
            self.ae,
            event=self.event.value,
            grade=self.grade.value,
            denominator=self.denominator.value,
            n_patients=self.n_patients,
        )

    def update(self) -> None:
        view = self.view()
        self.count.value, self.text.value = view.count, view.html
