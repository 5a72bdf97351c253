"""Survival by remission and by bridging to transplant: endpoints, Cox with notes, DFS.

The statistics of notebooks 03 and 04, built on :mod:`helpers.endpoints` (the
named assumptions and :func:`~helpers.endpoints.survival_frame`) and
:mod:`helpers.survival` (the estimators). Nothing here draws or displays.

* Cox fits with their warnings as notes, and their tables, are in
  :mod:`helpers.bridging.cox`.
* :func:`dfs_assumption_grid` shows what each DFS assumption does to the
  p-values the paper prints.
* :mod:`helpers.bridging.landmark` (immortal time, landmarks, the Table 4
  mapping) is about the bridged-vs-not comparison, whose groups are defined by
  something that happens *after* time zero; it builds on the functions here.
  The reverse Kaplan-Meier follow-up and the power of a trial are survival
  methods: :func:`helpers.survival.median_follow_up`,
  :func:`helpers.survival.power_curve`.

All times are in months from the first day of blinatumomab, as in
:func:`~helpers.endpoints.survival_frame`.

References
----------
.. [1] Xie J, et al. Short-course blinatumomab for refractory/relapse precursor B
   acute lymphoblastic leukemia in children. Front Pediatr 2023;11:1187607.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from helpers import survival
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions, survival_frame

__all__ = [
    "dfs_assumption_grid",
    "endpoint_frame",
    "follow_up_as_event",
    "one_at_a_time",
]

#: The smallest group a landmark comparison tests.
MIN_GROUP = 2
ENDPOINTS = ("os", "dfs")


def _endpoint(endpoint: str) -> tuple[str, str]:
    if endpoint not in ENDPOINTS:
        raise ValueError(f"endpoint={endpoint!r} is not one of {list(ENDPOINTS)}")
    return f"{endpoint}_time", f"{endpoint}_event"


def endpoint_frame(
    frame: pd.DataFrame, *, endpoint: str = "os", cr_only: bool = False
) -> pd.DataFrame:
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


# --------------------------------------------------------------------------- Cox with notes


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
        a = replace(base, dfs_relapses=str(relapses), dfs_non_responders=str(non_responders))
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
