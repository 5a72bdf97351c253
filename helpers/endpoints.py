"""Survival endpoints derived from the tables, with every assumption named.

Table 2 gives, per child, a follow-up time in months and whether the child was
alive; Table 4 gives, per transplant, the days from the end of blinatumomab to
the stem-cell infusion. Turning those into overall survival (OS), disease-free
survival (DFS) and a time of transplant needs choices the paper does not spell
out. They all live here, in :class:`Assumptions`, so a notebook can show them,
a widget can toggle them, and nothing else in the package decides them again.

=========================  ====================  =====================================
assumption                 default               alternatives
=========================  ====================  =====================================
``days_per_month``         30.4375 (365.25/12)   30
``course_days``            14                    15 (marrow assessed about day 15)
``remission_day``          15                    any day; dates the reported relapses
``dfs_relapses``           ``"none"``            ``"table2_numbering"``,
                                                 ``"table4_numbering"``
``dfs_non_responders``     ``"exclude"``         ``"death_only"``, ``"event_at_start"``
=========================  ====================  =====================================

Fixed, because the tables allow nothing else: time zero is the first day of
blinatumomab (Methods 2.6); for a child who died, the follow-up time is taken
as the time of death; a child is "bridged" when Table 2 lists HSCT as the
follow-up therapy, and the first transplant of a child is the exposure (Table 4
number 4 had a failed cord-blood graft and a second transplant with no date).

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607, Methods 2.6, Tables 2 and 4, and
the Discussion ("patients 2 and 5 experienced relapse 53 days and 15 days after
achieving bone marrow remission").
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

__all__ = [
    "ASSUMPTION_CHOICES",
    "BLAST_BANDS",
    "MRD_BANDS",
    "Assumptions",
    "blast_band",
    "describe_assumptions",
    "mrd_band",
    "reporting_follow_up",
    "survival_frame",
]

#: Table 1's bands of marrow blasts before treatment. Table 1 does not say where a value of
#: exactly 5 or 25 falls; here 5 and 25 belong to "5–25 %", and 25 < x <= 50 to "26–50 %".
BLAST_BANDS = ("< 5 %", "5–25 %", "26–50 %", "> 50 %")
#: Bands of MRD for the subgroup filter. 0.01 % is Table 2's floor (see
#: :func:`helpers.marrow.mrd_negative`), so the lowest band is "at the floor".
MRD_BANDS = ("≤ 0.01 %", "0.01–1 %", "1–10 %", "> 10 %")

#: The two relapses the Discussion reports, as (patient number, days after remission).
REPORTED_RELAPSES = ((2, 53), (5, 15))

ASSUMPTION_CHOICES: dict[str, dict[object, str]] = {
    "days_per_month": {
        365.25 / 12: "an average month, 365.25/12 = 30.44 days",
        30.0: "a 30-day month",
    },
    "course_days": {
        14: "the 14-day short course: Table 4 counts days from its end",
        15: "day 15, when the marrow was assessed",
    },
    "dfs_relapses": {
        "none": "no relapse counted: only deaths end DFS, which is what the paper's "
        "DFS figures for the remission group (25/26, 14/15, 11/11) imply",
        "table2_numbering": "the Discussion's patients 2 and 5 read as Table 2 case numbers "
        "(cases 2 and 5)",
        "table4_numbering": "the Discussion's patients 2 and 5 read as Table 4 transplant "
        "numbers (cases 5 and 11)",
    },
    "dfs_non_responders": {
        "exclude": "DFS only for children in remission, as Methods 2.6 defines it",
        "death_only": "non-responders followed like OS (only death is an event)",
        "event_at_start": "no remission counts as an event at time zero (induction failure)",
    },
}


@dataclass(frozen=True, kw_only=True)
class Assumptions:
    """The choices needed to turn Tables 2 and 4 into survival endpoints.

    Parameters
    ----------
    days_per_month : float
        Converts Table 4's days into Table 2's months.
    course_days : int
        Day of the end of blinatumomab, from which Table 4 counts days to HSCT.
    remission_day : int
        Day of the remission marrow, from which the reported relapses are dated.
    dfs_relapses : str
        Which children the Discussion's reported relapses belong to; see
        :data:`ASSUMPTION_CHOICES`.
    dfs_non_responders : str
        How children without remission enter DFS.

    Examples
    --------
    >>> Assumptions().course_days
    14
    >>> Assumptions(dfs_relapses="maybe")
    Traceback (most recent call last):
    ...
    ValueError: dfs_relapses='maybe' is not one of ['none', 'table2_numbering', 'table4_numbering']
    """

    days_per_month: float = 365.25 / 12
    course_days: int = 14
    remission_day: int = 15
    dfs_relapses: str = "none"
    dfs_non_responders: str = "exclude"

    def __post_init__(self) -> None:
        for name in ("dfs_relapses", "dfs_non_responders"):
            value = getattr(self, name)
            if value not in ASSUMPTION_CHOICES[name]:
                allowed = list(ASSUMPTION_CHOICES[name])
                raise ValueError(f"{name}={value!r} is not one of {allowed}")
        if not self.days_per_month > 0:
            raise ValueError(f"days_per_month={self.days_per_month!r} must be positive")
        for name in ("course_days", "remission_day"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}={getattr(self, name)!r} must not be negative")


def describe_assumptions(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """One row per assumption: its value and what that value means.

    Examples
    --------
    >>> describe_assumptions()["assumption"].tolist()[:2]
    ['days_per_month', 'course_days']
    """
    assumptions = assumptions or Assumptions()
    rows = []
    for f in fields(assumptions):
        value = getattr(assumptions, f.name)
        meaning = ASSUMPTION_CHOICES.get(f.name, {}).get(value, "")
        if f.name == "remission_day":
            meaning = "day of the remission marrow; reported relapses are dated from it"
        rows.append({"assumption": f.name, "value": value, "meaning": meaning})
    return pd.DataFrame(rows)


def _relapsed_cases(assumptions: Assumptions, transplants: pd.DataFrame) -> dict[int, int]:
    """Map case_id -> days after remission of a reported relapse."""
    if assumptions.dfs_relapses == "none":
        return {}
    if assumptions.dfs_relapses == "table2_numbering":
        return dict(REPORTED_RELAPSES)
    first = transplants[transplants["transplant_order"] == 1]
    case_of = dict(zip(first["transplant_number"], first["case_id"], strict=True))
    missing = [number for number, _ in REPORTED_RELAPSES if number not in case_of]
    if missing:
        raise ValueError(
            "dfs_relapses='table4_numbering' reads the Discussion's patients "
            f"{[n for n, _ in REPORTED_RELAPSES]} as Table 4 transplant numbers, but the "
            f"transplants given have no transplant number {missing}: pass the whole of Table 4 "
            "and select children from the resulting frame"
        )
    return {int(case_of[number]): days for number, days in REPORTED_RELAPSES}


def survival_frame(
    patients: pd.DataFrame,
    transplants: pd.DataFrame,
    assumptions: Assumptions | None = None,
) -> pd.DataFrame:
    """One row per child with OS, DFS and transplant timing, in months.

    Parameters
    ----------
    patients : pandas.DataFrame
        Table 2, as returned by :func:`helpers.data.load_patients`.
    transplants : pandas.DataFrame
        Table 4, as returned by :func:`helpers.data.load_transplants`.
    assumptions : Assumptions, optional
        Defaults to ``Assumptions()``.

    Returns
    -------
    pandas.DataFrame
        The columns of ``patients`` plus ``os_time`` and ``os_event``;
        ``dfs_time`` and ``dfs_event`` (``NaN`` and ``<NA>`` for a child outside
        the DFS population); ``in_dfs`` (whether the child is in it);
        ``bridged``; ``hsct_time`` (months from the start of blinatumomab to
        the first transplant, ``NaN`` without one).

    Raises
    ------
    ValueError
        If a transplant names a child missing from ``patients`` or one whose
        follow-up therapy is not HSCT, or a bridged child has no dated
        transplant.

    Examples
    --------
    >>> from helpers.data import load_patients, load_transplants
    >>> frame = survival_frame(load_patients(), load_transplants())
    >>> int(frame["os_event"].sum()), int(frame["bridged"].sum())
    (4, 15)
    """
    a = assumptions or Assumptions()
    out = patients.copy()
    out["os_time"] = out["follow_up_months"].astype(float)
    out["os_event"] = ~out["alive"].astype(bool)
    out["bridged"] = out["follow_up_therapy"] == "HSCT"

    first = transplants[transplants["transplant_order"] == 1]
    unknown = sorted(set(first["case_id"]) - set(out["case_id"]))
    if unknown:
        raise ValueError(f"transplants: case_id {unknown} not found in patients")
    hsct_day = a.course_days + first.set_index("case_id")["days_to_hsct"].astype(float)
    out["hsct_time"] = out["case_id"].map(hsct_day / a.days_per_month).astype(float)
    not_bridged = sorted(out.loc[out["hsct_time"].notna() & ~out["bridged"], "case_id"])
    if not_bridged:
        raise ValueError(f"transplants: case_id {not_bridged} is not listed with HSCT in Table 2")
    undated = sorted(out.loc[out["bridged"] & out["hsct_time"].isna(), "case_id"])
    if undated:
        raise ValueError(f"patients: bridged case_id {undated} has no dated first transplant")

    cr = out["complete_remission"].astype(bool)
    dfs_time = out["os_time"].copy()
    dfs_event = out["os_event"].copy()
    for case_id, days in _relapsed_cases(a, transplants).items():
        row = out["case_id"] == case_id
        relapse_time = (a.remission_day + days) / a.days_per_month
        dfs_time[row] = np.minimum(dfs_time[row], relapse_time)
        dfs_event[row] = True
    if a.dfs_non_responders == "event_at_start":
        dfs_time[~cr] = 0.0
        dfs_event[~cr] = True
    in_dfs = cr | (a.dfs_non_responders != "exclude")
    out["in_dfs"] = in_dfs
    out["dfs_time"] = dfs_time.where(in_dfs)
    out["dfs_event"] = pd.array(dfs_event.where(in_dfs), dtype="boolean")
    return out


def _bands(
    values: pd.Series, edges: list[float], labels: tuple[str, ...], *, name: str
) -> pd.Series:
    numbers = pd.to_numeric(values, errors="raise").astype(float)
    if numbers.isna().any():
        raise ValueError(f"{name}: {int(numbers.isna().sum())} missing value(s) cannot be banded")
    cut = pd.cut(numbers, bins=[-np.inf, *edges, np.inf], labels=list(labels), right=True)
    return cut.rename(name)


def blast_band(values: pd.Series) -> pd.Series:
    """Table 1's band of pre-treatment marrow blasts (percent) for each child.

    Examples
    --------
    >>> blast_band(pd.Series([4.9, 5, 25, 25.5, 50, 51])).tolist()
    ['< 5 %', '5–25 %', '5–25 %', '26–50 %', '26–50 %', '> 50 %']
    """
    below_five = np.nextafter(5.0, -np.inf)
    return _bands(values, [below_five, 25.0, 50.0], BLAST_BANDS, name="blast_band")


def mrd_band(values: pd.Series) -> pd.Series:
    """MRD band (percent) for each child.

    Examples
    --------
    >>> mrd_band(pd.Series([0.01, 0.5, 1.0, 48.3])).tolist()
    ['≤ 0.01 %', '0.01–1 %', '0.01–1 %', '> 10 %']
    """
    return _bands(values, [0.01, 1.0, 10.0], MRD_BANDS, name="mrd_band")


def reporting_follow_up(frame: pd.DataFrame) -> pd.Series:
    """Months of follow-up of the children alive at the reporting date.

    The paper's "median follow-up time to the time of reporting" is taken over
    these children: a death ends a child's follow-up before the reporting
    date, so the deaths' times do not belong in it. The audit and the cohort
    dashboard both read follow-up this way.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`survival_frame` (``os_time``, ``os_event``).

    Examples
    --------
    >>> from helpers.data import load_patients, load_transplants
    >>> f = survival_frame(load_patients(), load_transplants())
    >>> len(reporting_follow_up(f)), float(reporting_follow_up(f).median())
    (29, 10.7)
    """
    return frame.loc[~frame["os_event"].astype(bool), "os_time"]
