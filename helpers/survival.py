"""Kaplan-Meier curves, log-rank tests and Cox hazard ratios for small cohorts.

Every function takes a :class:`pandas.DataFrame` plus keyword column names and
returns a DataFrame or a frozen dataclass; nothing is printed and no file is read.
Conventions shared by all functions:

* ``duration`` holds non-negative, finite follow-up times in any unit (months in
  the notebooks); ``event`` holds 1/``True`` for the event (death, relapse) and
  0/``False`` for censoring.
* ``group`` values are compared by their ``str`` value and reported in sorted
  order of that string; ``group=None`` puts everyone in one group called ``"All"``.
* Results agree with lifelines 0.30.3 (``KaplanMeierFitter``, ``logrank_test``,
  ``multivariate_logrank_test``, ``CoxPHFitter``) to 1e-9 on the same data.

Landmark analysis, counting-process (time-varying) Cox models and power
simulation live in :mod:`helpers.survival_sim`; their names are re-exported here,
so ``from helpers.survival import landmark`` works.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "HazardRatioResult",
    "LogRankResult",
    "PermutationLogRankResult",
    "SmallSampleWarning",
    "at_risk_table",
    "cox_hazard_ratio",
    "kaplan_meier",
    "logrank",
    "logrank_statistics",
    "median_survival",
    "permutation_logrank",
    "survival_at",
]

# Names defined in helpers.survival_sim and served lazily by ``__getattr__`` below
# (a plain import would be circular: survival_sim uses the validators in this module).
_SIM_EXPORTS = (
    "PowerResult",
    "landmark",
    "simulate_power",
    "time_varying_cox",
    "to_counting_process",
)
__all__ += _SIM_EXPORTS

# A survival value within this distance of 0.5 counts as having reached it, so that a
# step to exactly 1/2 (e.g. 5/6 * 3/5) is not missed through floating-point rounding.
_MEDIAN_TOL = 1e-12
# Largest block of the (permutations x subjects) label matrix handled at once.
_CHUNK_ELEMENTS = 4_000_000


class SmallSampleWarning(UserWarning):
    """A Cox model was fitted to too few events to be trusted.

    Emitted when there are fewer than 10 events (or fewer than 10 events per
    estimated parameter), when one comparison group has no events at all
    (monotone likelihood), or when lifelines reports convergence trouble.
    """


@dataclass(frozen=True)
class LogRankResult:
    """Result of :func:`logrank`: chi-square statistic, p-value, degrees of freedom
    and a per-group table of ``n``, ``observed`` and ``expected`` events."""

    statistic: float
    p_value: float
    dof: int
    table: pd.DataFrame = field(repr=False, compare=False)


@dataclass(frozen=True)
class PermutationLogRankResult:
    """Result of :func:`permutation_logrank`.

    ``permuted_statistics`` holds the log-rank statistic of every permutation (the
    permutation null distribution), e.g. for a histogram.
    """

    statistic: float
    p_value: float
    n_permutations: int
    observed_p_value: float
    permuted_statistics: np.ndarray = field(repr=False, compare=False)


@dataclass(frozen=True)
class HazardRatioResult:
    """Hazard ratio of a binary comparison from a Cox model (``comparison`` reads
    ``"<level> vs <reference>"``), with its confidence interval, Wald p-value,
    number of subjects and number of events."""

    hazard_ratio: float
    ci_lower: float
    ci_upper: float
    p_value: float
    n: int
    n_events: int
    comparison: str


def __getattr__(name: str) -> Any:
    if name in _SIM_EXPORTS:
        from helpers import survival_sim

        return getattr(survival_sim, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SIM_EXPORTS))


# --------------------------------------------------------------------------- validation


def _check_frame(df: Any) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    if len(df) == 0:
        raise ValueError("the DataFrame has no rows")


def _column(df: pd.DataFrame, name: Any, role: str) -> pd.Series:
    if name not in df.columns:
        raise ValueError(
            f"{role} column {name!r} is not in the DataFrame; columns are {list(df.columns)}"
        )
    return df[name]


def _nonnegative_column(
    df: pd.DataFrame, name: Any, role: str, *, allow_missing: bool = False
) -> np.ndarray:
    """Float array of a numeric column; rejects negatives and (unless allowed) NaN/inf."""
    s = _column(df, name, role)
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise ValueError(f"{role} column {name!r} must be numeric, got dtype {s.dtype}")
    values = s.to_numpy(dtype=float, na_value=np.nan)
    checks = [(values < 0, "negative")]
    if not allow_missing:
        checks += [(np.isnan(values), "missing (NaN)"), (np.isinf(values), "infinite")]
    for bad, what in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{role} column {name!r} has {what} values, e.g. {values[i]!r} "
                f"at row index {s.index[i]!r}"
            )
    return values


def _durations(df: pd.DataFrame, name: Any) -> np.ndarray:
    return _nonnegative_column(df, name, "duration")


def _events(df: pd.DataFrame, name: Any) -> np.ndarray:
    """Boolean array of an event column holding only 0/1 or False/True."""
    s = _column(df, name, "event")
    if s.isna().any():
        i = int(np.flatnonzero(s.isna().to_numpy())[0])
        raise ValueError(f"event column {name!r} has a missing value at row index {s.index[i]!r}")
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=bool)
    numeric = (bool, int, float, np.bool_, np.integer, np.floating)
    for value in pd.unique(s.to_numpy()):
        if isinstance(value, str) or not isinstance(value, numeric) or value not in (0, 1):
            raise ValueError(
                f"event column {name!r} must hold only 0/1 or False/True, found {value!r}"
            )
    return s.to_numpy(dtype=float) == 1.0


def _groups(df: pd.DataFrame, name: Any | None) -> tuple[list[str], np.ndarray]:
    """Sorted group labels (as str) and the code of each row; one group "All" if None."""
    if name is None:
        return ["All"], np.zeros(len(df), dtype=np.intp)
    s = _column(df, name, "group")
    if s.isna().any():
        i = int(np.flatnonzero(s.isna().to_numpy())[0])
        raise ValueError(f"group column {name!r} has a missing value at row index {s.index[i]!r}")
    if isinstance(s.dtype, pd.CategoricalDtype):
        counts = s.value_counts()
        if (counts < 1).any():
            raise ValueError(
                f"group {counts.index[counts < 1][0]!r} in column {name!r} has fewer than 1 "
                "member (an unused category); drop it with .cat.remove_unused_categories()"
            )
    labels, codes = np.unique(s.astype(str).to_numpy(dtype=object), return_inverse=True)
    return [str(label) for label in labels], codes.reshape(-1)


def _need_groups(labels: list[str], name: Any, *, exactly_two: bool = False) -> None:
    if len(labels) < 2:
        raise ValueError(
            f"a comparison needs at least 2 groups; column {name!r} has only {labels!r}"
        )
    if exactly_two and len(labels) != 2:
        raise ValueError(f"this comparison needs exactly 2 groups; column {name!r} has {labels!r}")


def _alpha(alpha: float) -> float:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    return float(alpha)


def _times(times: Sequence[float] | np.ndarray | float) -> np.ndarray:
    values = np.atleast_1d(np.asarray(times, dtype=float))
    if values.ndim != 1 or values.size == 0:
        raise ValueError("times must be a non-empty 1-D sequence of numbers")
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(f"times must be finite and non-negative, got {values.tolist()!r}")
    return values


# --------------------------------------------------------------------------- Kaplan-Meier


def _km_arrays(t: np.ndarray, e: np.ndarray) -> dict[str, np.ndarray]:
    """Kaplan-Meier table of one group: a time-0 row, then every distinct duration."""
    times, inverse = np.unique(t, return_inverse=True)
    removed = np.bincount(inverse, minlength=times.size)
    events = np.bincount(inverse, weights=e, minlength=times.size).astype(np.int64)
    at_risk = t.size - np.concatenate(([0], np.cumsum(removed)[:-1]))
    if times[0] > 0:
        times = np.concatenate(([0.0], times))
        removed, events = np.concatenate(([0], removed)), np.concatenate(([0], events))
        at_risk = np.concatenate(([t.size], at_risk))
    n, d = at_risk.astype(float), events.astype(float)
    # Greenwood term d / (n (n - d)) is infinite when everyone left dies; lifelines (and
    # the Kalbfleisch-Prentice convention) set it to 0 because S is then exactly 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(np.where(n > d, d / (n * (n - d)), 0.0))
    return {
        "time": times.astype(float),
        "at_risk": at_risk.astype(np.int64),
        "events": events,
        "censored": (removed - events).astype(np.int64),
        "survival": np.cumprod(1.0 - d / n),
        "greenwood": greenwood,
    }


def _loglog_interval(
    survival: np.ndarray, greenwood: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """Greenwood variance on the log(-log S) scale (lifelines' exponential Greenwood)."""
    lower, upper = np.ones_like(survival), np.ones_like(survival)
    lower[survival <= 0] = upper[survival <= 0] = 0.0
    mid = (survival > 0) & (survival < 1)
    v = np.log(survival[mid])
    half_width = z * np.sqrt(greenwood[mid]) / v
    lower[mid] = np.exp(-np.exp(np.log(-v) - half_width))
    upper[mid] = np.exp(-np.exp(np.log(-v) + half_width))
    return lower, upper


def _prepare(
    df: pd.DataFrame, duration: Any, event: Any, group: Any | None
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    _check_frame(df)
    return (_durations(df, duration), _events(df, event), *_groups(df, group))


def kaplan_meier(
    df: pd.DataFrame, *, duration: Any, event: Any, group: Any | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """Kaplan-Meier survival estimate with pointwise confidence intervals.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event : column names
        Follow-up time (non-negative) and event indicator (0/1 or bool).
    group : column name, optional
        Estimate one curve per group (sorted by their ``str`` value); ``None``
        gives one curve labelled ``"All"``.
    alpha : float, default 0.05
        The intervals are ``1 - alpha`` pointwise intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``time``, ``at_risk`` (number at risk just before
        ``time``), ``events``, ``censored`` (at ``time``), ``survival``,
        ``ci_lower``, ``ci_upper``. Each group starts with a row at time 0, then
        one row per distinct observed duration (events or censorings). If someone
        has ``duration == 0`` their event/censoring is counted in that time-0 row.

    Notes
    -----
    The interval uses Greenwood's variance on the log(-log S) scale (Kalbfleisch &
    Prentice), the default of lifelines and of R ``survfit(conf.type="log-log")``:
    ``exp(-exp(log(-log S) -/+ z * sqrt(G) / log S))`` with
    ``G = sum d / (n (n - d))``. It always lies in [0, 1]. Where S = 1 (no events
    yet) the interval is undefined and both bounds are reported as 1; where S = 0
    both bounds are 0.

    References
    ----------
    .. [1] Kaplan EL, Meier P. Nonparametric estimation from incomplete
       observations. J Am Stat Assoc 1958;53:457-481.
    .. [2] Greenwood M. The natural duration of cancer. Rep Public Health Med
       Subj 1926;33:1-26.
    .. [3] Kalbfleisch JD, Prentice RL. The Statistical Analysis of Failure Time
       Data. 2nd ed. Wiley; 2002.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 3, 3, 3, 6], "died": [1, 0, 1, 1, 0, 0]})
    >>> km = kaplan_meier(df, duration="months", event="died")
    >>> km["time"].tolist(), km["at_risk"].tolist(), km["events"].tolist()
    ([0.0, 1.0, 2.0, 3.0, 6.0], [6, 6, 5, 4, 1], [0, 1, 0, 2, 0])
    >>> km["survival"].round(4).tolist()  # 5/6, then 5/6 * 2/4 = 5/12
    [1.0, 0.8333, 0.8333, 0.4167, 0.4167]
    """
    t, e, labels, codes = _prepare(df, duration, event, group)
    z = float(stats.norm.ppf(1 - _alpha(alpha) / 2))
    frames = []
    for k, label in enumerate(labels):
        km = _km_arrays(t[codes == k], e[codes == k])
        lower, upper = _loglog_interval(km["survival"], km.pop("greenwood"), z)
        frames.append(pd.DataFrame({"group": label, **km, "ci_lower": lower, "ci_upper": upper}))
    return pd.concat(frames, ignore_index=True)


def at_risk_table(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    group: Any | None = None,
    times: Sequence[float],
) -> pd.DataFrame:
    """Numbers at risk, censored and with events at chosen times (KMunicate style).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event, group : column names
        As in :func:`kaplan_meier`.
    times : sequence of float
        Non-negative times, reported in the order given.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``time``, ``at_risk`` (number with ``duration >= time``),
        ``censored`` (cumulative number censored with ``duration <= time``) and
        ``events`` (cumulative number of events with ``duration <= time``).

    Notes
    -----
    This is the KMunicate convention for the table under a Kaplan-Meier plot: the
    three counts are cumulative, so ``at_risk`` plus ``censored`` plus ``events``
    is the group size at every time except for subjects whose duration equals
    the time exactly (still counted at risk and already counted as censored/event).
    At time 0 ``at_risk`` is the group size.

    References
    ----------
    .. [1] Morris TP, Jarvis CI, Cragg W, et al. Proposals on Kaplan-Meier plots
       in medical research and a survey of stakeholder views: KMunicate. BMJ Open
       2019;9:e030215.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 3, 3, 3, 6], "died": [1, 0, 1, 1, 0, 0]})
    >>> tab = at_risk_table(df, duration="months", event="died", times=[0, 2, 4])
    >>> tab[["time", "at_risk", "censored", "events"]].to_numpy().tolist()
    [[0.0, 6.0, 0.0, 0.0], [2.0, 5.0, 1.0, 1.0], [4.0, 1.0, 2.0, 3.0]]
    """
    t, e, labels, codes = _prepare(df, duration, event, group)
    when = _times(times)
    frames = []
    for k, label in enumerate(labels):
        tg, eg = t[codes == k], e[codes == k]
        upto = tg[None, :] <= when[:, None]
        frames.append(
            pd.DataFrame(
                {
                    "group": label,
                    "time": when,
                    "at_risk": (tg[None, :] >= when[:, None]).sum(axis=1).astype(np.int64),
                    "censored": (upto & ~eg[None, :]).sum(axis=1).astype(np.int64),
                    "events": (upto & eg[None, :]).sum(axis=1).astype(np.int64),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _first_time_at_or_below_half(time: np.ndarray, values: np.ndarray) -> float:
    hits = np.flatnonzero(values <= 0.5 + _MEDIAN_TOL)
    return float(time[hits[0]]) if hits.size else np.nan


def median_survival(
    df: pd.DataFrame, *, duration: Any, event: Any, group: Any | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """Median survival time with a Brookmeyer-Crowley style confidence interval.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event, group : column names
        As in :func:`kaplan_meier`.
    alpha : float, default 0.05
        Level of the ``1 - alpha`` interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``median``, ``ci_lower``, ``ci_upper``.

    Notes
    -----
    The median is the first time at which the Kaplan-Meier curve drops to 0.5 or
    below (no interpolation). The interval bounds are the first times at which the
    lower and upper pointwise log(-log) bounds of :func:`kaplan_meier` drop to 0.5
    or below, as lifelines' ``median_survival_times(confidence_interval_)`` does.
    A value that is never reached - the curve, or a bound, stays above 0.5 - is
    **not reached** and reported as NaN (lifelines reports ``inf``). With the
    small cohort of the notebooks this is the usual outcome for the upper bound.

    When the curve steps to exactly 0.5 (e.g. 2 of 4 at risk die) the median is
    that step's time. lifelines computes S as ``exp(sum(log(...)))``, which can
    land a hair above 0.5 and then report the next step (or ``inf``); here values
    within 1e-12 of 0.5 count as reached. (R's ``survfit`` takes the midpoint of
    the flat 0.5 stretch instead.) Otherwise the results equal lifelines'.

    References
    ----------
    .. [1] Brookmeyer R, Crowley J. A confidence interval for the median survival
       time. Biometrics 1982;38:29-41.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 3, 3, 3, 6], "died": [1, 0, 1, 1, 0, 0]})
    >>> median_survival(df, duration="months", event="died").to_numpy().tolist()
    [['All', 3.0, 1.0, nan]]
    """
    km = kaplan_meier(df, duration=duration, event=event, group=group, alpha=alpha)
    rows = []
    for label, g in km.groupby("group", sort=False):
        time = g["time"].to_numpy()
        rows.append(
            {
                "group": label,
                "median": _first_time_at_or_below_half(time, g["survival"].to_numpy()),
                "ci_lower": _first_time_at_or_below_half(time, g["ci_lower"].to_numpy()),
                "ci_upper": _first_time_at_or_below_half(time, g["ci_upper"].to_numpy()),
            }
        )
    return pd.DataFrame(rows, columns=["group", "median", "ci_lower", "ci_upper"])


def survival_at(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    group: Any | None = None,
    times: Sequence[float],
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Kaplan-Meier survival (with interval) read off at chosen times.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event, group : column names
        As in :func:`kaplan_meier`.
    times : sequence of float
        Non-negative times, reported in the order given.
    alpha : float, default 0.05
        Level of the pointwise ``1 - alpha`` interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``time``, ``survival``, ``ci_lower``, ``ci_upper`` and
        ``at_risk`` (number with ``duration >= time``).

    Notes
    -----
    The curve is a right-continuous step function, so the value at ``time`` is the
    one of the last Kaplan-Meier step at or before ``time``. After a group's last
    observed duration the estimate is undefined and NaN is returned (lifelines
    carries the last value forward instead), unless the curve already reached 0.

    References
    ----------
    .. [1] Kaplan EL, Meier P. Nonparametric estimation from incomplete
       observations. J Am Stat Assoc 1958;53:457-481.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 3, 3, 3, 6], "died": [1, 0, 1, 1, 0, 0]})
    >>> out = survival_at(df, duration="months", event="died", times=[2.5, 12])
    >>> out[["time", "survival", "at_risk"]].round(4).to_numpy().tolist()
    [[2.5, 0.8333, 4.0], [12.0, nan, 0.0]]
    """
    km = kaplan_meier(df, duration=duration, event=event, group=group, alpha=alpha)
    when = _times(times)
    t, _, labels, codes = _prepare(df, duration, event, group)
    frames = []
    for k, label in enumerate(labels):
        g = km[km["group"] == label]
        idx = np.searchsorted(g["time"].to_numpy(), when, side="right") - 1
        values = {c: g[c].to_numpy()[idx] for c in ("survival", "ci_lower", "ci_upper")}
        tg = t[codes == k]
        beyond = (when > tg.max()) & (g["survival"].to_numpy()[-1] > 0)
        for c in values:
            values[c] = np.where(beyond, np.nan, values[c])
        at_risk = (tg[None, :] >= when[:, None]).sum(axis=1).astype(np.int64)
        frames.append(pd.DataFrame({"group": label, "time": when, **values, "at_risk": at_risk}))
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- log-rank


def logrank(df: pd.DataFrame, *, duration: Any, event: Any, group: Any) -> LogRankResult:
    """Log-rank (Mantel-Cox) test comparing survival between two or more groups.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event : column names
        As in :func:`kaplan_meier`.
    group : column name
        At least two groups.

    Returns
    -------
    LogRankResult
        ``statistic`` (chi-square with ``dof = k - 1``), ``p_value`` and ``table``
        with columns ``group``, ``n``, ``observed``, ``expected`` (events).

    Notes
    -----
    At each distinct event time with ``n`` at risk and ``d`` events, group ``g``
    with ``n_g`` at risk expects ``d n_g / n`` events. With ``Z = O - E`` and the
    hypergeometric covariance ``V`` (ties handled by the factor
    ``(n - d) / (n - 1)``), the statistic is ``Z' V^- Z`` on the first ``k - 1``
    groups, i.e. ``(O - E)^2 / V`` for two groups. Identical to lifelines'
    ``logrank_test`` / ``multivariate_logrank_test``. Without any event the
    statistic is 0 and the p-value 1.

    References
    ----------
    .. [1] Mantel N. Evaluation of survival data and two new rank order
       statistics arising in its consideration. Cancer Chemother Rep
       1966;50:163-170.
    .. [2] Peto R, Peto J. Asymptotically efficient rank invariant test
       procedures. J R Stat Soc A 1972;135:185-207.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 3, 5, 3, 4, 6], "died": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> res = logrank(df, duration="months", event="died", group="arm")
    >>> round(res.statistic, 4), res.dof  # 0.7**2 / 0.61 = 49/61
    (0.8033, 1)
    """
    t, e, labels, codes = _prepare(df, duration, event, group)
    _need_groups(labels, group)
    tau = np.unique(t[e])
    at_risk = np.empty((len(labels), tau.size))
    observed = np.empty(len(labels))
    for k in range(len(labels)):
        tk = np.sort(t[codes == k])
        at_risk[k] = tk.size - np.searchsorted(tk, tau, side="left")
        observed[k] = e[codes == k].sum()
    n = at_risk.sum(axis=0)
    d = np.bincount(np.searchsorted(tau, t[e]), minlength=tau.size).astype(float)
    share = at_risk / n
    expected = share @ d
    c = np.where(n > 1, d * (n - d) / np.maximum(n - 1, 1), 0.0)
    cov = np.diag(share @ c) - (share * c) @ share.T
    z = (observed - expected)[:-1]
    statistic = float(z @ np.linalg.pinv(cov[:-1, :-1]) @ z) if tau.size else 0.0
    dof = len(labels) - 1
    table = pd.DataFrame(
        {
            "group": labels,
            "n": np.bincount(codes, minlength=len(labels)).astype(np.int64),
            "observed": observed.astype(np.int64),
            "expected": expected,
        }
    )
    return LogRankResult(statistic, float(stats.chi2.sf(statistic, dof)), dof, table)


def _risk_sets(t: np.ndarray, e: np.ndarray) -> dict[str, np.ndarray]:
    """Label-free part of the two-group log-rank statistic, built once."""
    tau = np.unique(t[e])
    at_risk = (t[:, None] >= tau[None, :]).astype(float)  # subjects x event times
    n = at_risk.sum(axis=0)
    d = np.bincount(np.searchsorted(tau, t[e]), minlength=tau.size).astype(float)
    c = np.where(n > 1, d * (n - d) / np.maximum(n - 1, 1), 0.0)
    return {"at_risk": at_risk, "n": n, "d": d, "c": c, "e": e.astype(float)}


def _statistics_from_labels(risk: dict[str, np.ndarray], labels: np.ndarray) -> np.ndarray:
    """Log-rank chi-square for each row of a (m x subjects) 0/1 label matrix."""
    g = labels.astype(float)
    share = (g @ risk["at_risk"]) / risk["n"]  # m x event times, share of group 1 at risk
    o_minus_e = g @ risk["e"] - share @ risk["d"]
    variance = (share * (1.0 - share)) @ risk["c"]  # exactly 0 when a group has nobody at risk
    out = np.zeros(labels.shape[0])
    ok = variance > 0
    out[ok] = o_minus_e[ok] ** 2 / variance[ok]
    return out


def logrank_statistics(
    df: pd.DataFrame, *, duration: Any, event: Any, labels: np.ndarray
) -> np.ndarray:
    """Two-group log-rank statistics for many labellings of the same subjects at once.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event : column names
        As in :func:`kaplan_meier`.
    labels : array of bool, shape (m, len(df)) or (len(df),)
        Row ``i`` marks with ``True`` the members of one group in labelling ``i``
        (in the row order of ``df``); everyone else is in the other group.

    Returns
    -------
    numpy.ndarray, shape (m,)
        The chi-square statistic of each labelling, equal to
        ``logrank(...).statistic`` (and lifelines ``logrank_test``) for that
        split; 0 where the variance is 0 (e.g. one group empty).

    Notes
    -----
    The risk sets do not depend on the labels, so they are built once as a
    (subjects x event times) 0/1 matrix ``R``. For a label matrix ``G`` the
    share of group 1 at risk is ``P = G R / n``, ``O - E = G e - P d`` and
    ``V = (P (1 - P)) c`` with ``c = d (n - d) / (n - 1)`` - three matrix
    products for all labellings together. Large ``m`` is processed in blocks.

    References
    ----------
    .. [1] Peto R, Peto J. Asymptotically efficient rank invariant test
       procedures. J R Stat Soc A 1972;135:185-207.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> df = pd.DataFrame({"months": [1, 3, 5, 3, 4, 6], "died": [1, 1, 0, 1, 0, 1]})
    >>> labels = np.array([[1, 1, 1, 0, 0, 0], [1, 0, 1, 0, 1, 0]], dtype=bool)
    >>> logrank_statistics(df, duration="months", event="died", labels=labels).round(4)
    array([0.8033, 0.1475])
    """
    _check_frame(df)
    risk = _risk_sets(_durations(df, duration), _events(df, event))
    g = np.asarray(labels)
    if g.ndim == 1:
        g = g[None, :]
    if g.ndim != 2 or g.shape[1] != len(df):
        raise ValueError(f"labels must have shape (m, {len(df)}), got {np.shape(labels)}")
    if g.dtype != bool and not np.isin(g, (0, 1)).all():
        raise ValueError("labels must be boolean (or 0/1)")
    block = max(1, _CHUNK_ELEMENTS // len(df))
    return np.concatenate(
        [_statistics_from_labels(risk, g[i : i + block]) for i in range(0, g.shape[0], block)]
    )


def permutation_logrank(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    group: Any,
    n_permutations: int = 10_000,
    seed: int | None = 0,
) -> PermutationLogRankResult:
    """Permutation (Monte Carlo) p-value for the two-group log-rank statistic.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event : column names
        As in :func:`kaplan_meier`.
    group : column name
        Exactly two groups.
    n_permutations : int, default 10000
        Number of random relabellings (group sizes kept fixed).
    seed : int or None, default 0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same result.

    Returns
    -------
    PermutationLogRankResult
        ``statistic`` (observed log-rank chi-square), ``p_value`` =
        ``(1 + #{T_perm >= T_obs}) / (1 + n_permutations)`` (in (0, 1]; a
        1e-12 tolerance counts ties), ``n_permutations``, ``observed_p_value``
        (the usual chi-square p-value) and ``permuted_statistics``.

    Notes
    -----
    All permutations are evaluated together by :func:`logrank_statistics`
    (matrix products, no loop over permutations).

    **Caveat - unequal follow-up.** Shuffling labels is only valid when, under
    the null hypothesis, subjects are exchangeable between groups. The log-rank
    statistic depends on the censoring times too, so when the groups' censoring
    (follow-up) patterns differ, exchangeability fails and the permutation test
    is no longer exact: it can be anti-conservative or conservative (Heinze,
    Gnant & Schemper 2003, who propose tests conditioning on follow-up). In
    Xie et al. the children were enrolled over 15 months and censored at one
    data cut-off; in the transcribed Table 2 the non-bridged children in CR have
    shorter follow-up than the bridged ones (median about 9.8 vs 12.0 months),
    and the single death is in the bridged group. Permutation treats every
    arrangement of the 15 "bridged" labels over the 26 observed (time, status)
    pairs as equally likely under the null; because the label also predicts how
    long a child was followed, arrangements putting "bridged" on short follow-up
    are in fact less likely than assumed, so the p-value for bridged vs
    non-bridged is approximate, not exact. Always compare the groups' follow-up
    (e.g. with :func:`at_risk_table`) before reading a permutation p-value.

    References
    ----------
    .. [1] Heinze G, Gnant M, Schemper M. Exact log-rank tests for unequal
       follow-up. Biometrics 2003;59:1151-1157.
    .. [2] Phipson B, Smyth GK. Permutation p-values should never be zero.
       Stat Appl Genet Mol Biol 2010;9:39.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 3, 5, 3, 4, 6], "died": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> res = permutation_logrank(df, duration="months", event="died", group="arm",
    ...                           n_permutations=999, seed=1)
    >>> round(res.statistic, 4), 0 < res.p_value <= 1
    (0.8033, True)
    """
    t, e, labels, codes = _prepare(df, duration, event, group)
    _need_groups(labels, group, exactly_two=True)
    if isinstance(n_permutations, bool) or int(n_permutations) != n_permutations:
        raise ValueError(f"n_permutations must be a whole number, got {n_permutations!r}")
    if n_permutations < 1:
        raise ValueError(f"n_permutations must be at least 1, got {n_permutations!r}")
    n_permutations = int(n_permutations)
    risk = _risk_sets(t, e)
    member = codes == 1
    observed = float(_statistics_from_labels(risk, member[None, :])[0])
    rng = np.random.default_rng(seed)
    block = max(1, _CHUNK_ELEMENTS // t.size)
    permuted = np.empty(n_permutations)
    for start in range(0, n_permutations, block):
        size = min(block, n_permutations - start)
        relabelled = rng.permuted(np.tile(member, (size, 1)), axis=1)
        permuted[start : start + size] = _statistics_from_labels(risk, relabelled)
    exceed = int(np.count_nonzero(permuted >= observed - 1e-12))
    return PermutationLogRankResult(
        statistic=observed,
        p_value=(1 + exceed) / (1 + n_permutations),
        n_permutations=n_permutations,
        observed_p_value=float(stats.chi2.sf(observed, 1)),
        permuted_statistics=permuted,
    )


# --------------------------------------------------------------------------- Cox


def _fit_lifelines(fit: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run a lifelines fit; collect its convergence warnings as plain notes.

    lifelines warns (ConvergenceWarning) on near-separation; we turn those into the
    single SmallSampleWarning of the caller instead of letting several technical
    warnings through. Unrelated warnings are passed on unchanged.
    """
    from lifelines.exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = fit()
    notes = []
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            notes.append(str(w.message).strip().splitlines()[0])
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return model, notes


def _hazard_ratio(
    model: Any,
    *,
    n: int,
    events_by_level: dict[str, int],
    comparison: str,
    notes: list[str],
    n_parameters: int = 1,
) -> HazardRatioResult:
    n_events = sum(events_by_level.values())
    problems = []
    if n_events < 10 * max(1, n_parameters):
        problems.append(
            f"only {n_events} events for {n_parameters} estimated parameter(s) - fewer than "
            "10 events per parameter - so the hazard ratio and its confidence interval are "
            "very imprecise and the Wald p-value may be unreliable"
        )
    empty = [level for level, k in events_by_level.items() if k == 0]
    if empty:
        problems.append(
            f"no events in {', '.join(map(repr, empty))}: the likelihood is monotone, the "
            "hazard ratio estimate runs off towards 0 or infinity and the returned hazard "
            "ratio, confidence interval and p-value are NOT interpretable; report the events "
            "per group with a log-rank or permutation test (or use Firth-penalised Cox)"
        )
    if notes:
        problems.append("lifelines reported: " + " | ".join(notes))
    if problems:
        message = f"{comparison}: " + "; ".join(problems) + "."
        warnings.warn(message, SmallSampleWarning, stacklevel=3)
    coef = float(model.params_.iloc[0])
    bounds = model.confidence_intervals_.iloc[0].to_numpy(dtype=float)
    # Under monotone likelihood a bound can be thousands on the log scale; +inf is the
    # honest value of exp() there, so the overflow is expected and not an error.
    with np.errstate(over="ignore"):
        hr, lower, upper = np.exp([coef, bounds[0], bounds[1]])
    return HazardRatioResult(
        hazard_ratio=float(hr),
        ci_lower=float(lower),
        ci_upper=float(upper),
        p_value=float(model.summary["p"].iloc[0]),
        n=int(n),
        n_events=int(n_events),
        comparison=comparison,
    )


def cox_hazard_ratio(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    group: Any,
    reference: Any | None = None,
    alpha: float = 0.05,
) -> HazardRatioResult:
    """Hazard ratio of one group versus a reference group from a Cox model.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event : column names
        As in :func:`kaplan_meier`.
    group : column name
        Exactly two groups.
    reference : optional
        The reference group (matched by ``str`` value); default: the first in
        sorted ``str`` order (``False`` before ``True``, ``0`` before ``1``).
    alpha : float, default 0.05
        Level of the ``1 - alpha`` Wald interval.

    Returns
    -------
    HazardRatioResult
        ``hazard_ratio`` (other vs reference), ``ci_lower``, ``ci_upper``, Wald
        ``p_value``, ``n``, ``n_events`` and ``comparison`` ("<other> vs <reference>").

    Warns
    -----
    SmallSampleWarning
        With fewer than 10 events (10 events per parameter), when one group has no
        events, or when lifelines reports convergence problems.

    Notes
    -----
    Fits lifelines ``CoxPHFitter`` (ties by Efron's method, the lifelines default) on
    a 0/1 indicator of the non-reference group. When one group has **no events**
    the partial likelihood is monotone: the estimate drifts to 0 or infinity and
    the optimiser stops somewhere arbitrary. This function then still returns
    the lifelines estimate (e.g. a hazard ratio near 0 with interval (0, inf)),
    together with the warning; those numbers are not interpretable and must not
    be reported. Raises ValueError when there are no events at all.

    References
    ----------
    .. [1] Cox DR. Regression models and life-tables. J R Stat Soc B
       1972;34:187-220.
    .. [2] Peduzzi P, Concato J, Feinstein AR, Holford TR. Importance of events
       per independent variable in proportional hazards regression analysis II.
       J Clin Epidemiol 1995;48:1503-1510.
    .. [3] Heinze G, Schemper M. A solution to the problem of monotone
       likelihood in Cox regression. Biometrics 2001;57:114-119.

    Examples
    --------
    >>> import warnings, pandas as pd
    >>> df = pd.DataFrame({"months": [1, 3, 5, 3, 4, 6, 2, 7], "died": [1, 1, 0, 1, 0, 1, 1, 0],
    ...                    "arm": ["A", "A", "A", "B", "B", "B", "A", "B"]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", SmallSampleWarning)  # only 5 events
    ...     res = cox_hazard_ratio(df, duration="months", event="died", group="arm")
    >>> res.comparison, res.n, res.n_events, res.hazard_ratio < 1
    ('B vs A', 8, 5, True)
    """
    t, e, labels, codes = _prepare(df, duration, event, group)
    _need_groups(labels, group, exactly_two=True)
    alpha = _alpha(alpha)
    ref = labels[0] if reference is None else str(reference)
    if ref not in labels:
        raise ValueError(f"reference {reference!r} is not a group of column {group!r}: {labels!r}")
    other = labels[1 - labels.index(ref)]
    if not e.any():
        raise ValueError(f"event column {event!r} has no events: a hazard ratio is undefined")
    x = (codes == labels.index(other)).astype(float)
    data = pd.DataFrame({"duration": t, "event": e.astype(int), "x": x})

    def fit() -> Any:
        from lifelines import CoxPHFitter

        return CoxPHFitter(alpha=alpha).fit(data, duration_col="duration", event_col="event")

    model, notes = _fit_lifelines(fit)
    return _hazard_ratio(
        model,
        n=t.size,
        events_by_level={ref: int(e[x == 0].sum()), other: int(e[x == 1].sum())},
        comparison=f"{other} vs {ref}",
        notes=notes,
    )
