"""The short-course blinatumomab schedule of Xie et al. (2023), day by day.

The planned schedule as data; it is drawn by :func:`helpers.figures.schedule_figure`
and explored with :func:`helpers.widgets.day_explorer`.

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

import pandas as pd

__all__ = [
    "CONTINUATION",
    "DOSE_STEPS",
    "DOSE_UNIT",
    "EXTENDED_COURSE_DAYS",
    "MARROW_ASSESSMENT_DAYS",
    "PREPHASE_DAYS",
    "STANDARD_COURSE_DAYS",
    "DoseStep",
    "cumulative_dose",
    "days_at_dose",
    "describe_day",
    "dose_on_day",
    "dosing_schedule",
    "phase_on_day",
    "phase_table",
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
