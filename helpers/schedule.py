"""The short-course blinatumomab schedule of Xie et al. (2023), day by day.

Everything here comes from one small table, :data:`DOSE_STEPS`, transcribed
from section 2.2 ("Treatment strategy") of the paper (Front. Pediatr.
2023;11:1187607, CC BY 4.0). What the paper states, and how it is read:

* A dexamethasone pre-phase of 2-3 days comes first. The paper prints its dose
  as "5 µg/m²"; that unit is probably a misprint for mg/m², so this module
  records only the pre-phase's length (:data:`PREPHASE_DAYS`), not its dose.
* Blinatumomab then runs as a continuous infusion, stepping up: 5 µg/m² for
  2 days, 10 µg/m² for 2 days and 15 µg/m² for 10 days (14 days in all).
  The paper gives the doses without "per day"; for a continuous infusion they
  are daily doses, so the unit here is µg/m²/day.
* The bone marrow is examined about day 15 (:data:`MARROW_ASSESSMENT_DAYS`).
* A child not in complete remission (CR) then continues at 15 µg/m²/day
  until day 28 and has a second marrow examination on day 29. Read here as
  days 15 to 28 inclusive, with no break.
* Dose changes for toxicity (interruptions of 1-3 days, per the paper) are
  not modelled: this is the *planned* schedule, not what each child received
  (the mean course in the paper was 16.3 ± 4.4 days).
* One or two intrathecal injections (methotrexate, cytarabine,
  dexamethasone) are given as CNS prophylaxis; their days are not stated.

Examples
--------
>>> schedule = dosing_schedule()
>>> len(schedule), days_at_dose(schedule), cumulative_dose(schedule)
(14, 10, 180.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

__all__ = [
    "CONTINUATION",
    "DOSE_STEPS",
    "EXTENDED_COURSE_DAYS",
    "MARROW_ASSESSMENT_DAYS",
    "PREPHASE_DAYS",
    "STANDARD_COURSE_DAYS",
    "DayExplorer",
    "DoseStep",
    "cumulative_dose",
    "day_explorer",
    "days_at_dose",
    "describe_day",
    "dose_on_day",
    "dosing_schedule",
    "phase_on_day",
    "phase_table",
    "schedule_figure",
]

DOSE_UNIT = "µg/m²/day"


@dataclass(frozen=True)
class DoseStep:
    """One block of days at a constant daily dose.

    Attributes
    ----------
    phase : str
        Short name of the block.
    first_day, last_day : int
        Infusion days covered, inclusive (day 1 is the first infusion day).
    dose_ug_m2_day : float
        Daily blinatumomab dose in µg/m²/day.
    """

    phase: str
    first_day: int
    last_day: int
    dose_ug_m2_day: float

    @property
    def days(self) -> int:
        """Number of days in the block."""
        return self.last_day - self.first_day + 1


#: The 14-day short course (paper, section 2.2): every child receives these.
DOSE_STEPS: tuple[DoseStep, ...] = (
    DoseStep("step 1", 1, 2, 5.0),
    DoseStep("step 2", 3, 4, 10.0),
    DoseStep("full dose", 5, 14, 15.0),
)

#: Only for a child not in CR at the day-15 marrow: 15 µg/m²/day to day 28.
CONTINUATION = DoseStep("continuation", 15, 28, 15.0)

#: Length of the short course, and of the course extended for non-responders.
STANDARD_COURSE_DAYS = DOSE_STEPS[-1].last_day
EXTENDED_COURSE_DAYS = CONTINUATION.last_day

#: Marrow examinations: about day 15, and day 29 after a continuation.
MARROW_ASSESSMENT_DAYS: tuple[int, int] = (15, 29)

#: The dexamethasone pre-phase lasts 2-3 days before day 1.
PREPHASE_DAYS: tuple[int, int] = (2, 3)


def _steps(include_continuation: bool) -> tuple[DoseStep, ...]:
    return (*DOSE_STEPS, CONTINUATION) if include_continuation else DOSE_STEPS


def dosing_schedule(*, include_continuation: bool = False) -> pd.DataFrame:
    """The planned daily dose for every infusion day.

    Parameters
    ----------
    include_continuation : bool, default False
        Add days 15-28, given only to a child not in CR on day 15.

    Returns
    -------
    pandas.DataFrame
        One row per day with columns ``day`` (int), ``dose_ug_m2_day``
        (float, µg/m²/day) and ``phase`` (str).

    Examples
    --------
    >>> dosing_schedule().head(3)
       day  dose_ug_m2_day   phase
    0    1             5.0  step 1
    1    2             5.0  step 1
    2    3            10.0  step 2
    >>> len(dosing_schedule(include_continuation=True))
    28
    """
    rows = [
        (day, step.dose_ug_m2_day, step.phase)
        for step in _steps(include_continuation)
        for day in range(step.first_day, step.last_day + 1)
    ]
    frame = pd.DataFrame(rows, columns=["day", "dose_ug_m2_day", "phase"])
    return frame.astype({"day": "int64", "dose_ug_m2_day": "float64", "phase": "object"})


def phase_table(*, include_continuation: bool = False) -> pd.DataFrame:
    """One row per phase: its days, its daily dose and its total dose.

    Parameters
    ----------
    include_continuation : bool, default False
        Add the continuation phase (days 15-28, non-responders only).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``phase``, with columns ``first_day``, ``last_day``,
        ``days``, ``dose_ug_m2_day`` and ``phase_total_ug_m2``.

    Examples
    --------
    >>> phase_table()[["days", "dose_ug_m2_day"]]
               days  dose_ug_m2_day
    phase
    step 1        2             5.0
    step 2        2            10.0
    full dose    10            15.0
    """
    steps = _steps(include_continuation)
    return pd.DataFrame(
        {
            "first_day": [s.first_day for s in steps],
            "last_day": [s.last_day for s in steps],
            "days": [s.days for s in steps],
            "dose_ug_m2_day": [s.dose_ug_m2_day for s in steps],
            "phase_total_ug_m2": [s.days * s.dose_ug_m2_day for s in steps],
        },
        index=pd.Index([s.phase for s in steps], name="phase"),
    )


def _step_on_day(day: int, include_continuation: bool) -> DoseStep:
    for step in _steps(include_continuation):
        if step.first_day <= day <= step.last_day:
            return step
    last = EXTENDED_COURSE_DAYS if include_continuation else STANDARD_COURSE_DAYS
    raise ValueError(f"day {day} is outside the schedule (days 1 to {last})")


def dose_on_day(day: int, *, include_continuation: bool = False) -> float:
    """The planned blinatumomab dose on one infusion day, in µg/m²/day.

    Parameters
    ----------
    day : int
        Infusion day, counting the first day of blinatumomab as day 1.
    include_continuation : bool, default False
        Allow days 15-28 (continuation for non-responders).

    Returns
    -------
    float
        The daily dose.

    Raises
    ------
    ValueError
        If the day is outside the schedule.

    Examples
    --------
    >>> dose_on_day(4)
    10.0
    >>> dose_on_day(20, include_continuation=True)
    15.0
    """
    return _step_on_day(day, include_continuation).dose_ug_m2_day


def phase_on_day(day: int, *, include_continuation: bool = False) -> str:
    """The phase an infusion day belongs to.

    Parameters
    ----------
    day : int
        Infusion day (day 1 = first day of blinatumomab).
    include_continuation : bool, default False
        Allow days 15-28 (continuation for non-responders).

    Returns
    -------
    str
        One of the phase names in :data:`DOSE_STEPS` or :data:`CONTINUATION`.

    Raises
    ------
    ValueError
        If the day is outside the schedule.

    Examples
    --------
    >>> phase_on_day(4)
    'step 2'
    """
    return _step_on_day(day, include_continuation).phase


def days_at_dose(schedule: pd.DataFrame, *, dose: float | None = None) -> int:
    """Count the days given at one dose.

    Parameters
    ----------
    schedule : pandas.DataFrame
        A frame from :func:`dosing_schedule`.
    dose : float, optional
        The daily dose to count; by default the highest dose in the schedule.

    Returns
    -------
    int
        Number of days.

    Examples
    --------
    >>> days_at_dose(dosing_schedule())
    10
    >>> days_at_dose(dosing_schedule(), dose=5)
    2
    """
    doses = schedule["dose_ug_m2_day"]
    target = float(doses.max()) if dose is None else float(dose)
    return int((doses == target).sum())


def cumulative_dose(schedule: pd.DataFrame) -> float:
    """Total planned dose over a schedule, in µg/m².

    Parameters
    ----------
    schedule : pandas.DataFrame
        A frame from :func:`dosing_schedule` (one row per day).

    Returns
    -------
    float
        The sum of the daily doses.

    Examples
    --------
    >>> cumulative_dose(dosing_schedule())
    180.0
    >>> cumulative_dose(dosing_schedule(include_continuation=True))
    390.0
    """
    return float(schedule["dose_ug_m2_day"].sum())


def describe_day(day: int) -> str:
    """One sentence about what the schedule plans for an infusion day.

    Parameters
    ----------
    day : int
        Infusion day, 1 to :data:`EXTENDED_COURSE_DAYS`.

    Returns
    -------
    str
        Plain-text description.

    Raises
    ------
    ValueError
        If the day is outside days 1-28.

    Examples
    --------
    >>> describe_day(3)
    'Day 3: 10 µg/m²/day (step 2). Every child.'
    >>> describe_day(15)
    'Day 15: 15 µg/m²/day (continuation). Only a child not in CR at the day-15 marrow.'
    """
    step = _step_on_day(day, include_continuation=True)
    who = "Only a child not in CR at the day-15 marrow." if step is CONTINUATION else "Every child."
    return f"Day {day}: {step.dose_ug_m2_day:g} {DOSE_UNIT} ({step.phase}). {who}"


class DayExplorer(widgets.VBox):
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

    def __repr__(self) -> str:
        # The text/plain fallback where widgets are not rendered (a static copy).
        return f"Try it: a slider over days 1-{EXTENDED_COURSE_DAYS} (run the cell to use it)"


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


# Okabe-Ito colours (distinguishable with common colour-vision deficiencies).
_COLOURS = {"course": "#0072B2", "continuation": "#D55E00", "prephase": "#999999"}


def _step_xy(schedule: pd.DataFrame) -> tuple[list[int], list[float]]:
    """Corners of a step line: each day is drawn from its start to the next day's start."""
    days = schedule["day"].tolist()
    doses = schedule["dose_ug_m2_day"].tolist()
    return [*days, days[-1] + 1], [*doses, doses[-1]]


def schedule_figure(*, include_continuation: bool = True) -> go.Figure:
    """Step chart of the planned daily dose against infusion day.

    Day *d* is drawn from x = *d* to x = *d* + 1. The dexamethasone
    pre-phase is a grey band before day 1; dotted lines mark the marrow
    examinations.

    Parameters
    ----------
    include_continuation : bool, default True
        Also draw days 15-28 (non-responders only) as a dashed line.

    Returns
    -------
    plotly.graph_objects.Figure
        The figure; display it as a cell's last expression.

    Examples
    --------
    >>> fig = schedule_figure()
    >>> [trace.name for trace in fig.data]
    ['14-day course (every child)', 'Continuation (not in CR on day 15)']
    """
    fig = go.Figure()
    x, y = _step_xy(dosing_schedule())
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            line={"shape": "hv", "width": 3, "color": _COLOURS["course"]},
            name=f"{STANDARD_COURSE_DAYS}-day course (every child)",
            hovertemplate=f"day %{{x}}: %{{y}} {DOSE_UNIT}<extra></extra>",
        )
    )
    last_marked = MARROW_ASSESSMENT_DAYS[0]
    if include_continuation:
        x, y = _step_xy(dosing_schedule(include_continuation=True))
        start = x.index(CONTINUATION.first_day)
        fig.add_trace(
            go.Scatter(
                x=x[start:],
                y=y[start:],
                mode="lines",
                line={"shape": "hv", "width": 3, "dash": "dash", "color": _COLOURS["continuation"]},
                name="Continuation (not in CR on day 15)",
                hovertemplate=f"day %{{x}}: %{{y}} {DOSE_UNIT}<extra></extra>",
            )
        )
        last_marked = MARROW_ASSESSMENT_DAYS[1]
    fig.add_vrect(
        x0=1 - max(PREPHASE_DAYS),
        x1=1,
        fillcolor=_COLOURS["prephase"],
        opacity=0.25,
        line_width=0,
        annotation_text="dexamethasone<br>pre-phase",
        annotation_position="top left",
    )
    for day in MARROW_ASSESSMENT_DAYS:
        if day <= last_marked:
            fig.add_vline(
                x=day,
                line_dash="dot",
                line_color="#424242",
                annotation_text=f"marrow, day {day}",
                annotation_position="top left",
            )
    fig.update_layout(
        title="Short-course blinatumomab: planned daily dose (Xie et al. 2023)",
        template="plotly_white",
        height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
    )
    fig.update_xaxes(
        title_text="Day of blinatumomab infusion",
        range=[1 - max(PREPHASE_DAYS) - 0.5, last_marked + 1.5],
        dtick=2 if include_continuation else 1,
    )
    fig.update_yaxes(title_text=f"Daily dose ({DOSE_UNIT})", range=[0, 18], dtick=5)
    return fig
