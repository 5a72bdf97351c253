"""Survival by remission and by bridging to transplant: tests, immortal time, landmarks, power.

The statistics of notebooks 03 and 04, built on :mod:`helpers.endpoints` (the
named assumptions and :func:`~helpers.endpoints.survival_frame`) and
:mod:`helpers.survival` (the estimators). Nothing here draws or displays.

* Cox models warn (:class:`~helpers.survival.SmallSampleWarning`) when events are
  few. :func:`checked_cox` and :func:`checked_time_varying_cox` capture that
  warning into a note, so a notebook can *show* it as text instead of printing a
  warning to stderr.
* :func:`dfs_assumption_grid` shows what each DFS assumption does to the
  p-values the paper prints.
* :func:`immortal_time_table`, :func:`landmark_comparison` and
  :func:`mapping_sensitivity` are about the bridged-vs-not comparison, whose
  groups are defined by something that happens *after* time zero.
* :func:`power_curve` and :func:`schoenfeld_events` size a trial.

All times are in months from the first day of blinatumomab, as in
:func:`~helpers.endpoints.survival_frame`.

References
----------
.. [1] Xie J, et al. Short-course blinatumomab for refractory/relapse precursor B
   acute lymphoblastic leukemia in children. Front Pediatr 2023;11:1187607.
.. [2] Anderson JR, Cain KC, Gelber RD. Analysis of survival by tumor response.
   J Clin Oncol 1983;1:710-719.
.. [3] Suissa S. Immortal time bias in pharmaco-epidemiology. Am J Epidemiol
   2008;167:492-499.
.. [4] Mantel N, Byar DP. Evaluation of response-time data involving transient
   states: an illustration using heart-transplant data. J Am Stat Assoc
   1974;69:81-86.
.. [5] Schoenfeld DA. Sample-size formula for the proportional-hazards regression
   model. Biometrics 1983;39:499-503.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

from helpers import survival
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions, survival_frame

__all__ = [
    "CheckedHazardRatio",
    "LandmarkResult",
    "checked_cox",
    "checked_time_varying_cox",
    "counting_process_rows",
    "default_landmark",
    "dfs_assumption_grid",
    "endpoint_frame",
    "follow_up_as_event",
    "hazard_ratio_table",
    "immortal_time_summary",
    "immortal_time_table",
    "landmark_comparison",
    "landmark_table",
    "mapping_sensitivity",
    "median_follow_up",
    "one_at_a_time",
    "power_curve",
    "remap_transplants",
    "schoenfeld_events",
    "smallest_adequate_size",
    "state_at_event",
]

#: The smallest group a landmark comparison tests.
MIN_GROUP = 2
# A hazard ratio interval reaching beyond this is treated as not estimable.
_HR_LIMIT = 1e4
ENDPOINTS = ("os", "dfs")


def _endpoint(endpoint: str) -> tuple[str, str]:
    if endpoint not in ENDPOINTS:
        raise ValueError(f"endpoint={endpoint!r} is not one of {list(ENDPOINTS)}")
    return f"{endpoint}_time", f"{endpoint}_event"


def endpoint_frame(frame: pd.DataFrame, *, endpoint: str = "os", cr_only: bool = False):
    """Rows of a survival frame that have the endpoint, with a plain-bool event column.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`helpers.endpoints.survival_frame`.
    endpoint : {"os", "dfs"}, keyword-only
        Which endpoint; DFS drops children outside the DFS population.
    cr_only : bool, keyword-only
        Keep only children in complete remission (the bridging comparison).

    Examples
    --------
    >>> from helpers.data import load_patients, load_transplants
    >>> f = survival_frame(load_patients(), load_transplants())
    >>> len(endpoint_frame(f, endpoint="dfs")), len(endpoint_frame(f, cr_only=True))
    (26, 26)
    """
    duration, event = _endpoint(endpoint)
    df = frame[frame["complete_remission"].astype(bool)] if cr_only else frame
    df = df[df[duration].notna()]
    return df.assign(**{event: df[event].astype(bool)})


# --------------------------------------------------------------------------- follow-up


def follow_up_as_event(frame: pd.DataFrame, case_ids: Sequence[int]) -> pd.DataFrame:
    """How Table 2's follow-up and vital status become (time, event) for chosen children.

    Examples
    --------
    >>> from helpers.data import load_patients, load_transplants
    >>> f = survival_frame(load_patients(), load_transplants())
    >>> follow_up_as_event(f, [20, 1])["reading"].tolist()
    ['died at 9.2 months: an event', 'alive at 19.3 months: censored']
    """
    missing = sorted(set(case_ids) - set(frame["case_id"]))
    if missing:
        raise ValueError(f"case_id {missing} not in the frame")
    rows = frame.set_index("case_id").loc[list(case_ids)].reset_index()
    reading = [
        f"died at {t:g} months: an event" if died else f"alive at {t:g} months: censored"
        for t, died in zip(rows["os_time"], rows["os_event"], strict=True)
    ]
    cols = ["case_id", "complete_remission", "alive", "follow_up_months", "os_time", "os_event"]
    return rows[cols].assign(reading=reading)


def median_follow_up(
    df: pd.DataFrame, *, duration: str, event: str, group: str | None = None
) -> pd.DataFrame:
    """Median potential follow-up by the reverse Kaplan-Meier method.

    Censoring is treated as the event and the events as censoring, so the
    median answers "how long would a child have been followed had nobody died".

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``n`` and ``median_follow_up`` (NaN if not reached).

    References
    ----------
    .. [1] Schemper M, Smith TL. A note on quantifying follow-up in studies of
       failure time. Control Clin Trials 1996;17:343-346.

    Examples
    --------
    >>> df = pd.DataFrame({"t": [1.0, 2, 3, 4], "died": [True, False, False, False]})
    >>> median_follow_up(df, duration="t", event="died")["median_follow_up"].tolist()
    [3.0]
    """
    reverse = df.assign(_censored=~df[event].astype(bool))
    med = survival.median_survival(reverse, duration=duration, event="_censored", group=group)
    sizes = (
        reverse.groupby(reverse[group].astype(str)).size()
        if group is not None
        else pd.Series({"All": len(reverse)})
    )
    return pd.DataFrame(
        {
            "group": med["group"],
            "n": med["group"].map(sizes).astype(int),
            "median_follow_up": med["median"],
        }
    )


# --------------------------------------------------------------------------- Cox with notes


@dataclass(frozen=True)
class CheckedHazardRatio:
    """A hazard ratio with the small-sample warnings its fit raised, as text."""

    result: survival.HazardRatioResult
    notes: tuple[str, ...] = field(default=())


def _capture(fit) -> CheckedHazardRatio:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", survival.SmallSampleWarning)
        result = fit()
    notes, other = [], []
    for w in caught:
        (notes if issubclass(w.category, survival.SmallSampleWarning) else other).append(w)
    for w in other:  # not ours to silence
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return CheckedHazardRatio(result, tuple(str(w.message) for w in notes))


def checked_cox(
    df: pd.DataFrame, *, duration: str, event: str, group: str, reference=None
) -> CheckedHazardRatio:
    """:func:`helpers.survival.cox_hazard_ratio`, its SmallSampleWarning kept as a note.

    Examples
    --------
    >>> df = pd.DataFrame({"t": [1.0, 3, 5, 3, 4, 6], "d": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> res = checked_cox(df, duration="t", event="d", group="arm")
    >>> res.result.comparison, len(res.notes)
    ('B vs A', 1)
    """
    return _capture(
        lambda: survival.cox_hazard_ratio(
            df, duration=duration, event=event, group=group, reference=reference
        )
    )


def checked_time_varying_cox(
    df: pd.DataFrame, *, duration: str, event: str, exposure_time: str, id_col: str
) -> CheckedHazardRatio:
    """:func:`helpers.survival.time_varying_cox`, its SmallSampleWarning kept as a note."""
    return _capture(
        lambda: survival.time_varying_cox(
            df, duration=duration, event=event, exposure_time=exposure_time, id_col=id_col
        )
    )


def hazard_ratio_table(checked: CheckedHazardRatio, *, decimals: int = 3) -> pd.DataFrame:
    """One-row table of a checked hazard ratio, the notes joined into one column.

    When the interval is not finite (a group without events: the likelihood is
    monotone and the estimate runs off to 0 or infinity), the estimate, interval
    and p-value are blanked (NaN) and ``estimable`` is False: the numbers the
    optimiser stopped at mean nothing and vary between platforms.

    Examples
    --------
    >>> df = pd.DataFrame({"t": [1.0, 3, 5, 3, 4, 6], "d": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> hazard_ratio_table(checked_cox(df, duration="t", event="d", group="arm")).columns[:3]
    Index(['comparison', 'hazard_ratio', 'ci_lower'], dtype='object')
    """
    r = checked.result
    row = {
        "comparison": r.comparison,
        "hazard_ratio": r.hazard_ratio,
        "ci_lower": r.ci_lower,
        "ci_upper": r.ci_upper,
        "wald_p": r.p_value,
        "n": r.n,
        "events": r.n_events,
    }
    estimable = bool(np.isfinite(r.ci_upper) and r.ci_lower > 0 and r.ci_upper < _HR_LIMIT)
    if not estimable:  # monotone likelihood: the optimiser stopped somewhere arbitrary
        row.update(hazard_ratio=np.nan, ci_lower=np.nan, ci_upper=np.nan, wald_p=np.nan)
    out = pd.DataFrame([row]).round(decimals)
    out["estimable"] = estimable
    out["warning"] = " | ".join(checked.notes) if checked.notes else "none"
    return out


# --------------------------------------------------------------------------- DFS assumptions


def _p_or_nan(df: pd.DataFrame, *, group: str) -> float:
    if df[group].nunique() < 2 or not df["dfs_event"].any():
        return float("nan")
    return survival.logrank(df, duration="dfs_time", event="dfs_event", group=group).p_value


def _event_free(df: pd.DataFrame) -> str:
    return f"{int((~df['dfs_event']).sum())}/{len(df)}" if len(df) else "–"


def dfs_assumption_grid(
    patients: pd.DataFrame, transplants: pd.DataFrame, *, base: Assumptions | None = None
) -> pd.DataFrame:
    """DFS counts and log-rank p-values under every DFS assumption.

    For each combination of ``dfs_relapses`` x ``dfs_non_responders`` (the
    other assumptions as in ``base``): event-free counts and the log-rank p of
    DFS by remission (CR vs no CR) and of DFS bridged vs not among the children
    in CR. ``p_remission`` is NaN when the assumption keeps only children in CR
    (nothing to compare).

    Examples
    --------
    >>> from helpers.data import load_patients, load_transplants
    >>> grid = dfs_assumption_grid(load_patients(), load_transplants())
    >>> len(grid), grid.loc[0, "cr_event_free"], grid.loc[0, "no_cr_event_free"]
    (9, '25/26', '–')
    """
    base = base or Assumptions()
    rows = []
    for relapses, non_responders in itertools.product(
        ASSUMPTION_CHOICES["dfs_relapses"], ASSUMPTION_CHOICES["dfs_non_responders"]
    ):
        a = replace(base, dfs_relapses=relapses, dfs_non_responders=non_responders)
        df = endpoint_frame(survival_frame(patients, transplants, a), endpoint="dfs")
        cr = df[df["complete_remission"]]
        rows.append(
            {
                "dfs_relapses": relapses,
                "dfs_non_responders": non_responders,
                "cr_event_free": _event_free(cr),
                "no_cr_event_free": _event_free(df[~df["complete_remission"]]),
                "p_remission": _p_or_nan(df, group="complete_remission"),
                "bridged_event_free": _event_free(cr[cr["bridged"]]),
                "not_bridged_event_free": _event_free(cr[~cr["bridged"]]),
                "p_bridged": _p_or_nan(cr, group="bridged"),
            }
        )
    return pd.DataFrame(rows)


def one_at_a_time(
    grid: pd.DataFrame, *, column: str, base: Assumptions | None = None
) -> pd.DataFrame:
    """Change one DFS assumption from ``base`` at a time: how far does ``column`` move?

    Returns
    -------
    pandas.DataFrame
        One row per alternative value (``assumption``, ``value``, the new
        value of ``column`` and ``change`` = absolute difference from the
        base), largest change first; NaN changes last.

    Examples
    --------
    >>> grid = pd.DataFrame({"dfs_relapses": ["none", "none", "x", "x"],
    ...     "dfs_non_responders": ["exclude", "y", "exclude", "y"], "p": [0.4, 0.4, 0.7, 0.7]})
    >>> one_at_a_time(grid, column="p")[["value", "change"]].round(2).to_numpy().tolist()
    [['x', 0.3], ['y', 0.0]]
    """
    base = base or Assumptions()
    names = ("dfs_relapses", "dfs_non_responders")
    if column not in grid.columns:
        raise ValueError(f"column {column!r} not in the grid; columns are {list(grid.columns)}")
    at = {n: getattr(base, n) for n in names}
    base_row = grid[(grid[names[0]] == at[names[0]]) & (grid[names[1]] == at[names[1]])]
    if len(base_row) != 1:
        raise ValueError(f"the grid has no single row for the base assumptions {at}")
    start = float(base_row[column].iloc[0])
    rows = []
    for name, other in ((names[0], names[1]), (names[1], names[0])):
        for value in pd.unique(grid[name]):
            if value == at[name]:
                continue
            row = grid[(grid[name] == value) & (grid[other] == at[other])]
            new = float(row[column].iloc[0])
            rows.append(
                {"assumption": name, "value": value, column: new, "change": abs(new - start)}
            )
    out = pd.DataFrame(rows)
    return out.sort_values(
        "change", ascending=False, na_position="last", kind="stable"
    ).reset_index(drop=True)


# --------------------------------------------------------------------------- immortal time


def immortal_time_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per child in CR: follow-up, time to transplant and the 'immortal' months.

    A bridged child could not die before the transplant and still be counted
    as bridged: the months from time zero to the transplant are immortal time
    when the groups are compared from time zero.

    Returns
    -------
    pandas.DataFrame
        ``case_id``, ``bridged``, ``follow_up`` (OS time), ``died``,
        ``hsct_time`` and ``immortal_months`` (``hsct_time`` if bridged, else 0),
        bridged first, then by decreasing follow-up.

    Examples
    --------
    >>> f = pd.DataFrame({"case_id": [1, 2, 3], "complete_remission": [True, True, False],
    ...     "bridged": [True, False, False], "os_time": [9.0, 5.0, 2.0],
    ...     "os_event": [True, False, True], "hsct_time": [1.5, np.nan, np.nan]})
    >>> immortal_time_table(f)[["case_id", "immortal_months"]].to_numpy().tolist()
    [[1.0, 1.5], [2.0, 0.0]]
    """
    cr = frame[frame["complete_remission"].astype(bool)]
    out = pd.DataFrame(
        {
            "case_id": cr["case_id"].to_numpy(),
            "bridged": cr["bridged"].astype(bool).to_numpy(),
            "follow_up": cr["os_time"].astype(float).to_numpy(),
            "died": cr["os_event"].astype(bool).to_numpy(),
            "hsct_time": cr["hsct_time"].astype(float).to_numpy(),
        }
    )
    out["immortal_months"] = out["hsct_time"].where(out["bridged"], 0.0).fillna(0.0)
    out = out.sort_values(["bridged", "follow_up", "case_id"], ascending=[False, False, True])
    return out.reset_index(drop=True)


def immortal_time_summary(
    frame: pd.DataFrame, *, days_per_month: float = Assumptions().days_per_month
) -> dict[str, float]:
    """Totals of :func:`immortal_time_table`: person-months, immortal share, days to HSCT.

    Examples
    --------
    >>> f = pd.DataFrame({"case_id": [1, 2], "complete_remission": [True, True],
    ...     "bridged": [True, False], "os_time": [10.0, 5.0], "os_event": [False, False],
    ...     "hsct_time": [1.0, np.nan]})
    >>> immortal_time_summary(f, days_per_month=30)["immortal_share_of_bridged_time"]
    0.1
    """
    tab = immortal_time_table(frame)
    bridged = tab[tab["bridged"]]
    if bridged.empty:
        raise ValueError("no bridged child in complete remission: no immortal time")
    days = bridged["hsct_time"] * days_per_month
    person_months = float(bridged["follow_up"].sum())
    immortal = float(bridged["immortal_months"].sum())
    return {
        "n_bridged": len(bridged),
        "n_not_bridged": int((~tab["bridged"]).sum()),
        "bridged_person_months": person_months,
        "immortal_person_months": immortal,
        "immortal_share_of_bridged_time": immortal / person_months,
        "days_to_hsct_min": float(days.min()),
        "days_to_hsct_median": float(days.median()),
        "days_to_hsct_max": float(days.max()),
    }


# --------------------------------------------------------------------------- landmarks


def default_landmark(frame: pd.DataFrame) -> float:
    """The median time to transplant among bridged children in CR (months).

    Examples
    --------
    >>> f = pd.DataFrame({"complete_remission": [True] * 3, "bridged": [True, True, False],
    ...     "hsct_time": [1.0, 2.0, np.nan]})
    >>> default_landmark(f)
    1.5
    """
    cr = frame[frame["complete_remission"].astype(bool) & frame["bridged"].astype(bool)]
    if cr.empty:
        raise ValueError("no bridged child in complete remission: no time to transplant")
    return float(cr["hsct_time"].median())


@dataclass(frozen=True)
class LandmarkResult:
    """A landmark comparison of children transplanted by the landmark vs not.

    ``p_value`` is NaN and ``message`` says why when no test is possible
    (a group smaller than :data:`MIN_GROUP`, or no events after the landmark).
    """

    landmark: float
    endpoint: str
    n_dropped: int
    n_exposed: int
    n_unexposed: int
    events_exposed: int
    events_unexposed: int
    p_value: float
    message: str
    data: pd.DataFrame = field(repr=False, compare=False)


def landmark_comparison(
    frame: pd.DataFrame, *, landmark: float, endpoint: str = "os"
) -> LandmarkResult:
    """Log-rank test of transplanted-by-the-landmark vs not, among children in CR.

    Children whose follow-up ends at or before the landmark are dropped; the
    others are grouped by whether they had been transplanted by then, and their
    clock restarts at the landmark (:func:`helpers.survival.landmark`).

    References
    ----------
    .. [1] Anderson JR, Cain KC, Gelber RD. Analysis of survival by tumor
       response. J Clin Oncol 1983;1:710-719.

    Examples
    --------
    >>> f = pd.DataFrame({"complete_remission": [True] * 4, "bridged": [True, True, False, False],
    ...     "os_time": [5.0, 6, 7, 8], "os_event": [True, False, True, False],
    ...     "hsct_time": [1.0, 3.0, np.nan, np.nan]})
    >>> r = landmark_comparison(f, landmark=2.0)
    >>> r.n_exposed, r.n_unexposed, r.events_exposed, r.events_unexposed
    (1, 3, 1, 1)
    >>> r.message
    'Only 1 child transplanted by 2 months: too few to compare.'
    """
    duration, event = _endpoint(endpoint)
    df = endpoint_frame(frame, endpoint=endpoint, cr_only=True)
    lm = survival.landmark(
        df, duration=duration, event=event, exposure_time="hsct_time", landmark=landmark
    )
    exposed = lm["exposed"].astype(bool)
    counts = {
        "n_exposed": int(exposed.sum()),
        "n_unexposed": int((~exposed).sum()),
        "events_exposed": int(lm.loc[exposed, event].sum()),
        "events_unexposed": int(lm.loc[~exposed, event].sum()),
    }
    when = f"{landmark:g} months"
    message = ""
    if counts["n_exposed"] < MIN_GROUP:
        message = f"Only {counts['n_exposed']} child transplanted by {when}: too few to compare."
    elif counts["n_unexposed"] < MIN_GROUP:
        message = f"Only {counts['n_unexposed']} child not transplanted by {when}: too few."
    elif counts["events_exposed"] + counts["events_unexposed"] == 0:
        message = f"No events after {when}: no test is possible."
    p = float("nan")
    if not message:
        p = survival.logrank(lm, duration="time_from_landmark", event=event, group="exposed")
        p = p.p_value
    return LandmarkResult(
        landmark=float(landmark),
        endpoint=endpoint,
        n_dropped=len(df) - len(lm),
        **counts,
        p_value=p,
        message=message,
        data=lm,
    )


def landmark_table(
    frame: pd.DataFrame, landmarks: Sequence[float], *, endpoint: str = "os"
) -> pd.DataFrame:
    """:func:`landmark_comparison` at several landmarks, one row each.

    ``status`` is "tested", "too few transplanted", "too few not transplanted"
    or "no events"; ``landmark`` is rounded to 2 decimals for display.

    Examples
    --------
    >>> f = pd.DataFrame({"complete_remission": [True] * 4, "bridged": [True, True, False, False],
    ...     "os_time": [5.0, 6, 7, 8], "os_event": [True, False, True, False],
    ...     "hsct_time": [1.0, 3.0, np.nan, np.nan]})
    >>> landmark_table(f, [0.5, 3.5])["status"].tolist()
    ['too few transplanted', 'tested']
    """
    rows = []
    for lm in landmarks:
        r = landmark_comparison(frame, landmark=float(lm), endpoint=endpoint)
        rows.append(
            {
                "landmark": round(r.landmark, 2),
                "transplanted_by_then": r.n_exposed,
                "not_transplanted": r.n_unexposed,
                "events_transplanted": r.events_exposed,
                "events_not_transplanted": r.events_unexposed,
                "p_value": round(r.p_value, 3),
                "status": _short_status(r),
            }
        )
    return pd.DataFrame(rows)


def _short_status(r: LandmarkResult) -> str:
    if r.n_exposed < MIN_GROUP:
        return "too few transplanted"
    if r.n_unexposed < MIN_GROUP:
        return "too few not transplanted"
    if r.events_exposed + r.events_unexposed == 0:
        return "no events"
    return "tested"


def counting_process_rows(frame: pd.DataFrame, case_ids: Sequence[int]) -> pd.DataFrame:
    """OS of children in CR in counting-process form (split at transplant), for chosen cases.

    Examples
    --------
    >>> f = pd.DataFrame({"case_id": [1, 2], "complete_remission": [True, True],
    ...     "os_time": [9.0, 5.0], "os_event": [True, False], "hsct_time": [1.5, np.nan]})
    >>> counting_process_rows(f, [1])[["start", "stop", "exposed", "event"]].to_numpy().tolist()
    [[0.0, 1.5, 0.0, 0.0], [1.5, 9.0, 1.0, 1.0]]
    """
    df = endpoint_frame(frame, endpoint="os", cr_only=True)
    long = survival.to_counting_process(
        df, duration="os_time", event="os_event", exposure_time="hsct_time", id_col="case_id"
    )
    missing = sorted(set(case_ids) - set(long["case_id"]))
    if missing:
        raise ValueError(f"case_id {missing} is not a child in complete remission")
    return long[long["case_id"].isin(case_ids)].round(3).reset_index(drop=True)


def state_at_event(frame: pd.DataFrame, case_id: int) -> str:
    """Whether a child's death came "before transplant" or "after transplant".

    Examples
    --------
    >>> f = pd.DataFrame({"case_id": [1], "complete_remission": [True], "os_time": [9.0],
    ...     "os_event": [True], "hsct_time": [1.5]})
    >>> state_at_event(f, 1)
    'after transplant'
    """
    rows = counting_process_rows(frame, [case_id])
    event = rows[rows["event"] == 1]
    if event.empty:
        raise ValueError(f"case_id {case_id} did not die during follow-up")
    return "after transplant" if int(event["exposed"].iloc[0]) == 1 else "before transplant"


# --------------------------------------------------------------------------- Table 4 mapping


def remap_transplants(transplants: pd.DataFrame, shift: int) -> pd.DataFrame:
    """Table 4 with its children rotated: row k goes to the (k + shift)-th bridged child.

    ``shift=0`` is the mapping of cohort_data/README.md (decision 6). Both rows
    of transplant number 4 move together.

    Examples
    --------
    >>> t = pd.DataFrame({"transplant_number": [1, 2, 3], "case_id": [5, 7, 9]})
    >>> remap_transplants(t, 1)["case_id"].tolist()
    [7, 9, 5]
    """
    numbers = sorted(pd.unique(transplants["transplant_number"]))
    first = transplants.drop_duplicates("transplant_number").set_index("transplant_number")
    cases = [int(first.loc[n, "case_id"]) for n in numbers]
    k = len(cases)
    new_case = {n: cases[(i + shift) % k] for i, n in enumerate(numbers)}
    return transplants.assign(case_id=transplants["transplant_number"].map(new_case))


def mapping_sensitivity(
    patients: pd.DataFrame,
    transplants: pd.DataFrame,
    *,
    landmark: float,
    assumptions: Assumptions | None = None,
) -> pd.DataFrame:
    """The landmark comparison under every rotation of the Table 4 -> Table 2 mapping.

    Returns one row per shift (0 = the mapping used everywhere else) with the
    time to transplant given to each dead bridged child and the landmark result.
    """
    rows = []
    for shift in range(transplants["transplant_number"].nunique()):
        f = survival_frame(patients, remap_transplants(transplants, shift), assumptions)
        r = landmark_comparison(f, landmark=landmark)
        dead = f[f["bridged"] & f["os_event"]]
        rows.append(
            {
                "shift": shift,
                "hsct_time_of_bridged_deaths": ", ".join(f"{t:.2f}" for t in dead["hsct_time"]),
                "transplanted_by_landmark": r.n_exposed,
                "events_transplanted": r.events_exposed,
                "events_not_transplanted": r.events_unexposed,
                "p_value": round(r.p_value, 3),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- power


def schoenfeld_events(hazard_ratio: float, *, alpha: float = 0.05, power: float = 0.8) -> float:
    """Events needed by a two-sided log-rank test with 1:1 allocation (Schoenfeld 1983).

    ``4 (z_{1-alpha/2} + z_{power})^2 / log(HR)^2``.

    Examples
    --------
    >>> round(schoenfeld_events(0.5), 1)
    65.3
    """
    if not np.isfinite(hazard_ratio) or hazard_ratio <= 0 or hazard_ratio == 1:
        raise ValueError(f"hazard_ratio must be positive and not 1, got {hazard_ratio!r}")
    for name, value in (("alpha", alpha), ("power", power)):
        if not 0 < value < 1:
            raise ValueError(f"{name} must lie strictly between 0 and 1, got {value!r}")
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    return float(4 * z**2 / np.log(hazard_ratio) ** 2)


def power_curve(
    *,
    hazard_ratio: float,
    control_median: float,
    accrual: float,
    follow_up: float,
    sizes: Sequence[int],
    n_trials: int = 500,
    seed: int = 0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Simulated log-rank power for several sizes per arm (:func:`helpers.survival.simulate_power`).

    Every size uses the same seed, so the curve is reproducible.

    Returns
    -------
    pandas.DataFrame
        ``n_per_arm``, ``power``, ``ci_lower``, ``ci_upper`` (95 % Clopper-Pearson)
        and ``mean_events`` (both arms).
    """
    if len(sizes) == 0:
        raise ValueError("sizes must list at least one size per arm")
    rows = []
    for n in sorted(int(s) for s in sizes):
        r = survival.simulate_power(
            hazard_ratio=hazard_ratio,
            n_per_arm=n,
            accrual=accrual,
            follow_up=follow_up,
            control_median=control_median,
            alpha=alpha,
            n_trials=n_trials,
            seed=seed,
        )
        rows.append(
            {
                "n_per_arm": n,
                "power": r.power,
                "ci_lower": r.ci_lower,
                "ci_upper": r.ci_upper,
                "mean_events": r.mean_events,
            }
        )
    return pd.DataFrame(rows)


def smallest_adequate_size(curve: pd.DataFrame, *, target: float = 0.8) -> int | None:
    """The smallest ``n_per_arm`` of a power curve whose power reaches ``target`` (or None).

    Examples
    --------
    >>> curve = pd.DataFrame({"n_per_arm": [10, 20, 40], "power": [0.3, 0.81, 0.95]})
    >>> smallest_adequate_size(curve), smallest_adequate_size(curve, target=0.99)
    (20, None)
    """
    ok = curve.loc[curve["power"] >= target, "n_per_arm"]
    return int(ok.min()) if len(ok) else None
