"""Survival by remission and by bridging to transplant: endpoints, Cox with notes, DFS.

The statistics of notebooks 03 and 04, built on :mod:`helpers.endpoints` (the
named assumptions and :func:`~helpers.endpoints.survival_frame`) and
:mod:`helpers.survival` (the estimators). Nothing here draws or displays.

* Cox models warn (:class:`~helpers.survival.SmallSampleWarning`) when events are
  few. :func:`checked_cox` and :func:`checked_time_varying_cox` capture that
  warning into a note, so a notebook can *show* it as text instead of printing a
  warning to stderr.
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
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from helpers import survival
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions, survival_frame

__all__ = [
    "CheckedHazardRatio",
    "checked_cox",
    "checked_time_varying_cox",
    "cox_tests_table",
    "dfs_assumption_grid",
    "endpoint_frame",
    "follow_up_as_event",
    "hazard_ratio_table",
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


#: The note that replaces a fit's convergence or numerical warnings.
NOT_CONVERGED = (
    "The fitting algorithm did not settle on an estimate (it did not converge): "
    "the hazard ratio, its interval and its p-value are not to be read."
)


@dataclass(frozen=True)
class CheckedHazardRatio:
    """A hazard ratio with the warnings its fit raised, as text, and what they mean.

    Attributes
    ----------
    result : helpers.survival.HazardRatioResult
        The fit.
    notes : tuple of str
        The :class:`~helpers.survival.SmallSampleWarning` messages, and
        :data:`NOT_CONVERGED` when the fit reported convergence trouble.
    converged : bool
        False when the fit raised a ``RuntimeWarning`` (lifelines'
        ``ConvergenceWarning`` is one; so is a numerical overflow).
    technical : tuple of str
        Those warnings' own texts, once each, for maintainers.
    """

    result: survival.HazardRatioResult
    notes: tuple[str, ...] = field(default=())
    converged: bool = True
    technical: tuple[str, ...] = field(default=())

    @property
    def reading(self) -> str:
        """What the fit allows a reader to say, in one sentence of plain words.

        The most serious problem wins: no convergence, then no finite estimate
        (a monotone likelihood, e.g. one group without events), then fewer than
        10 events.
        """
        r = self.result
        events = "1 event" if r.n_events == 1 else f"{r.n_events} events"
        if not self.converged:
            return (
                f"The model did not converge ({events}): the hazard ratio, its interval "
                "and its p-value are not to be read."
            )
        if not r.estimable:
            return (
                f"No hazard ratio can be estimated ({events}): one group's events are "
                "separated from the other's (for example, one group has none), so the "
                "estimate runs off towards 0 or infinity. Compare the groups with a test "
                "that needs no estimate (log-rank, likelihood-ratio or score test)."
            )
        if r.n_events < 10:
            return (
                f"Only {events}: the hazard ratio and its confidence interval are very imprecise."
            )
        return f"{events}; the fit raised no warning."


def _capture(fit: Callable[[], survival.HazardRatioResult]) -> CheckedHazardRatio:
    """Run a Cox fit; its small-sample and convergence warnings become words on the result."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", survival.SmallSampleWarning)
        warnings.simplefilter("always", RuntimeWarning)
        result = fit()
    notes: list[str] = []
    trouble: list[str] = []
    for w in caught:
        if issubclass(w.category, survival.SmallSampleWarning):
            notes.append(str(w.message))
        elif issubclass(w.category, RuntimeWarning):  # convergence, overflow
            trouble.append(str(w.message))
        else:  # not ours to silence
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if trouble:
        notes.append(NOT_CONVERGED)
    return CheckedHazardRatio(
        result, tuple(notes), converged=not trouble, technical=tuple(dict.fromkeys(trouble))
    )


def checked_cox(
    df: pd.DataFrame,
    *,
    duration: str,
    event: str,
    group: str,
    reference: object = None,
    firth: bool = False,
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
            df, duration=duration, event=event, group=group, reference=reference, firth=firth
        )
    )


def checked_time_varying_cox(
    df: pd.DataFrame,
    *,
    duration: str,
    event: str,
    exposure_time: str,
    id_col: str,
    firth: bool = False,
) -> CheckedHazardRatio:
    """:func:`helpers.survival.time_varying_cox`, its SmallSampleWarning kept as a note."""
    return _capture(
        lambda: survival.time_varying_cox(
            df,
            duration=duration,
            event=event,
            exposure_time=exposure_time,
            id_col=id_col,
            firth=firth,
        )
    )


def hazard_ratio_table(checked: CheckedHazardRatio, *, decimals: int = 3) -> pd.DataFrame:
    """One-row table of a checked hazard ratio, the notes joined into one column.

    When no finite estimate exists (``result.estimable`` False: a monotone
    likelihood, e.g. a group without events, where the estimate runs off to 0 or
    infinity), the estimate, Wald interval and Wald p-value are blanked (NaN) and
    ``estimable`` is False; :func:`cox_tests_table` shows what remains valid.

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
    if not r.estimable:  # monotone likelihood: no estimate, no Wald interval or test
        row.update(hazard_ratio=np.nan, ci_lower=np.nan, ci_upper=np.nan, wald_p=np.nan)
    out = pd.DataFrame([row]).round(decimals)
    out["estimable"] = r.estimable
    out["warning"] = " | ".join(checked.notes) if checked.notes else "none"
    return out


def cox_tests_table(checked: CheckedHazardRatio, *, decimals: int = 3) -> pd.DataFrame:
    """The three tests of a Cox hazard ratio side by side, each with its interval.

    Rows ``Wald``, ``likelihood ratio`` and ``score``; columns ``test``,
    ``p_value``, ``ci_lower``, ``ci_upper`` (the hazard ratio's Wald interval on the
    Wald row, the profile-likelihood interval on the likelihood-ratio row; the
    score test has none) and ``valid`` (False for the Wald row under a monotone
    likelihood, where it has no meaning; its numbers are then NaN). With a Firth
    fit the likelihood-ratio row and its interval use the penalised likelihood.

    Examples
    --------
    >>> df = pd.DataFrame({"t": [1.0, 3, 5, 3, 4, 6], "d": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> cox_tests_table(checked_cox(df, duration="t", event="d", group="arm"))["test"].tolist()
    ['Wald', 'likelihood ratio', 'score']
    """
    r = checked.result
    wald = (r.p_value, r.ci_lower, r.ci_upper) if r.estimable else (np.nan,) * 3
    out = pd.DataFrame(
        {
            "test": ["Wald", "likelihood ratio", "score"],
            "p_value": [wald[0], r.lr_p_value, r.score_p_value],
            "ci_lower": [wald[1], r.profile_ci_lower, np.nan],
            "ci_upper": [wald[2], r.profile_ci_upper, np.nan],
            "valid": [r.estimable, True, True],
        }
    )
    return out.round(decimals)


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
