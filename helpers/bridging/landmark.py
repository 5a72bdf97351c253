"""Immortal time, landmark analyses and the Table 4 mapping, for notebook 04.

Bridged children had to live until their transplant to be counted as bridged.
:func:`immortal_time_table` measures that time, :func:`landmark_comparison`
fixes the groups at a landmark instead, :func:`counting_process_rows` splits
follow-up at the transplant for a time-dependent model, and
:func:`mapping_sensitivity` repeats the landmark analysis under other links
between Table 4's transplants and Table 2's children.

References
----------
.. [1] Anderson JR, Cain KC, Gelber RD. Analysis of survival by tumor response.
   J Clin Oncol 1983;1:710-719.
.. [2] Suissa S. Immortal time bias in pharmaco-epidemiology. Am J Epidemiol
   2008;167:492-499.
.. [3] Mantel N, Byar DP. Evaluation of response-time data involving transient
   states: an illustration using heart-transplant data. J Am Stat Assoc
   1974;69:81-86.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from helpers import survival
from helpers._format import children
from helpers.bridging.comparison import MIN_GROUP, _endpoint, endpoint_frame
from helpers.endpoints import Assumptions, survival_frame

__all__ = [
    "LandmarkResult",
    "counting_process_rows",
    "default_landmark",
    "immortal_time_summary",
    "immortal_time_table",
    "landmark_comparison",
    "landmark_table",
    "mapping_sensitivity",
    "remap_transplants",
    "state_at_event",
]


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
    >>> import numpy as np
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
    >>> import numpy as np
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
    >>> import numpy as np
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


def _too_few(n: int, when: str, *, transplanted: bool) -> str:
    """Why a landmark group is too small to test, in words for 0, 1 or more children.

    Examples
    --------
    >>> _too_few(0, "0.15 months", transplanted=True)
    'No child was transplanted by 0.15 months: there is no one to compare.'
    >>> _too_few(1, "4 months", transplanted=False)
    'Only 1 child not transplanted by 4 months: too few to compare.'
    """
    if n == 0 and transplanted:
        return f"No child was transplanted by {when}: there is no one to compare."
    if n == 0:
        return (
            f"Every child still followed was transplanted by {when}: "
            "there is no one to compare with."
        )
    which = "transplanted" if transplanted else "not transplanted"
    return f"Only {children(n)} {which} by {when}: too few to compare."


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
    >>> import numpy as np
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
        message = _too_few(counts["n_exposed"], when, transplanted=True)
    elif counts["n_unexposed"] < MIN_GROUP:
        message = _too_few(counts["n_unexposed"], when, transplanted=False)
    elif counts["events_exposed"] + counts["events_unexposed"] == 0:
        message = f"No events after {when}: no test is possible."
    p = float("nan")
    if not message:
        test = survival.logrank(lm, duration="time_from_landmark", event=event, group="exposed")
        p = test.p_value
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
    >>> import numpy as np
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
    >>> import numpy as np
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
