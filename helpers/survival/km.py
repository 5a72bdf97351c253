"""Kaplan-Meier estimates, numbers at risk and milestone survival.

Public through :mod:`helpers.survival`; see its docstring for the conventions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from helpers.survival._base import (
    _alpha,
    _prepare,
    _times,
)

__all__ = ["at_risk_table", "kaplan_meier", "survival_at"]


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
        Estimate one curve per group; ``None`` gives one curve labelled
        ``"All"``. Groups are labelled by their ``str`` value and ordered by number
        for a numeric column (9 before 10, as R orders factor levels), otherwise by
        that ``str``.
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
    ``G = sum d / (n (n - d))``. It always lies in [0, 1] and equals R's to 1e-9.
    Where S = 1 (no events yet) the interval is undefined and both bounds are
    reported as 1. Where S = 0 (the last subjects at risk died) ``G`` is infinite;
    both bounds are drawn at 0 (lifelines' convention, Greenwood's term set to 0)
    where R reports NA. These zero bounds carry no information: the median and
    quantile limits of :func:`median_survival` and :func:`survival_quantiles`
    ignore them, as R does.

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
