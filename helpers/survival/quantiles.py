"""Median survival, other survival quantiles and median follow-up, with R's conventions.

Public through :mod:`helpers.survival`; see its docstring for the conventions.

Two boundary rules decide these numbers on small data sets, and both follow R's
``survival`` package (checked against ``tests/reference/``):

* **A flat stretch at exactly 0.5.** When the curve steps to exactly 0.5 (2 of 4
  at risk die) and stays there until a later event, the median is the midpoint of
  that stretch. lifelines takes its start.
* **A limit reached only at S = 0.** Where the last subjects at risk die, S = 0
  and Greenwood's variance is infinite: the pointwise band there carries no
  information (R reports it as NA). A band that reaches 0.5 only at such a point
  does not give a limit: the limit is **not reached** (NaN, "NR" in tables).
  lifelines counts the band as 0 there and reports a finite limit at the last
  death, resting on a single subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from helpers.survival._base import _prepare
from helpers.survival.km import kaplan_meier

__all__ = ["format_not_reached", "median_follow_up", "median_survival", "survival_quantiles"]

#: Columns of this module's tables that hold a time (NaN: not reached).
TIME_COLUMNS = ("median", "ci_lower", "ci_upper", "time", "median_follow_up")

# R's tolerance (sqrt of the machine epsilon): a curve within it of the quantile's
# level counts as sitting exactly on it, so that 5/6 * 3/5 = 1/2 is not missed.
_R_TOL = float(np.sqrt(np.finfo(float).eps))


def _informative(survival: np.ndarray, band: np.ndarray) -> np.ndarray:
    """A pointwise bound with NaN where S = 0 (infinite variance: no information)."""
    return np.where(survival > 0, band, np.nan)


def _median_time(time: np.ndarray, values: np.ndarray) -> float:
    """First time a curve is at or below 0.5; the flat stretch's midpoint at exactly 0.5.

    R's rule for the median of ``print(survfit)`` (``survmean``): NaN values are
    skipped; at exactly 0.5 the midpoint with the next time the curve drops, or the
    stretch's start when it never drops again.
    """
    keep = ~np.isnan(values) & (values < 0.5 + _R_TOL)
    if not keep.any():
        return np.nan
    x, y = time[keep], values[keep]
    lower = np.flatnonzero(y < y[0])
    if abs(y[0] - 0.5) < _R_TOL and lower.size:
        return float((x[0] + x[lower[0]]) / 2.0)
    return float(x[0])


def _first_at_or_above(levels: np.ndarray, p: float) -> int | None:
    """R's ``approx(levels, ..., method = "constant", f = 1)`` index (None outside)."""
    if levels.size == 0 or p < levels[0] or p > levels[-1]:
        return None
    return int(np.searchsorted(levels, p, side="left"))


def _quantile_time(time: np.ndarray, values: np.ndarray, p: float) -> float:
    """The time by which a fraction ``p`` had the event, as R's ``quantile.survfit``.

    The curve ``1 - values`` (NaN points skipped) first reaches ``p``; on a flat
    stretch at exactly ``p`` the midpoint with the next drop, or with the last time
    when the curve stays there to the end.
    """
    x = np.concatenate(([0.0], time))
    y = np.concatenate(([0.0], 1.0 - values))
    if p == 0:
        return float(x[0])
    if np.isnan(y).all() or np.nanmax(y) < p:
        return np.nan
    last_time = x[-1]
    first = ~pd.Series(y).duplicated().to_numpy()  # NaN counts as one value, as in R
    x, y = x[first], y[first]
    finite = np.flatnonzero(~np.isnan(y))
    order = finite[np.argsort(y[finite], kind="stable")]
    reached = _first_at_or_above(y[order] + _R_TOL, p)
    passed = _first_at_or_above(y[order] - _R_TOL, p)
    if reached is None:
        return np.nan
    start = x[order[reached]]
    if not np.isnan(y[-1]) and abs(p - y[-1]) < _R_TOL:
        return float((start + last_time) / 2.0)
    if passed is None:
        return np.nan
    return float((start + x[order[passed]]) / 2.0)


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
        Columns ``group``, ``median``, ``ci_lower``, ``ci_upper``; NaN where the
        value is not reached.

    Notes
    -----
    The median is the first time the Kaplan-Meier curve is at or below 0.5. The
    interval bounds are the first times the lower and upper pointwise log(-log)
    bounds of :func:`kaplan_meier` are at or below 0.5 (Brookmeyer & Crowley's
    idea with the log(-log) band). These are R's ``print(survfit(...,
    conf.type = "log-log"))`` median, 0.95LCL and 0.95UCL, to 1e-9, including
    the two boundary rules:

    * **Flat 0.5.** When the curve steps to exactly 0.5 (within 1.5e-8) and stays
      there until a later drop, the median is the midpoint of that flat stretch;
      when it stays at 0.5 to its end, the stretch's start. (R's ``quantile()``
      takes the midpoint with the last time in that last case; see
      :func:`survival_quantiles`.)
    * **Not reached.** A value the curve or a bound never reaches is NaN. Where
      the curve reaches 0 its Greenwood variance is infinite and the band there
      says nothing: a bound that reaches 0.5 only at S = 0 is not reached. On
      the cohort's OS of the children without remission this gives 18.0
      (7.3-not reached), and a single patient who dies gives 5 (not reached on
      both sides).

    lifelines (``median_survival_times``) differs in both places: it takes the
    start of a flat 0.5 stretch, and it reads the band as 0 at S = 0, giving a
    finite limit at the last death; it also reports a value not reached as
    ``inf`` where this function gives NaN.

    References
    ----------
    .. [1] Brookmeyer R, Crowley J. A confidence interval for the median survival
       time. Biometrics 1982;38:29-41.
    .. [2] Therneau TM. A package for survival analysis in R (``survival``),
       ``print.survfit`` and ``quantile.survfit``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 3, 3, 3, 6], "died": [1, 0, 1, 1, 0, 0]})
    >>> median_survival(df, duration="months", event="died").to_numpy().tolist()
    [['All', 3.0, 1.0, nan]]

    A curve at exactly 0.5 from month 3 to month 7 (3 of 6 died, then a
    censoring): the median is the midpoint, 5.

    >>> df = pd.DataFrame({"months": [1, 2, 3, 4, 7, 9], "died": [1, 1, 1, 0, 1, 1]})
    >>> median_survival(df, duration="months", event="died")["median"].tolist()
    [5.0]
    """
    km = kaplan_meier(df, duration=duration, event=event, group=group, alpha=alpha)
    rows = []
    for label, g in km.groupby("group", sort=False):
        time, s = g["time"].to_numpy(), g["survival"].to_numpy()
        rows.append(
            {
                "group": label,
                "median": _median_time(time, s),
                "ci_lower": _median_time(time, _informative(s, g["ci_lower"].to_numpy())),
                "ci_upper": _median_time(time, _informative(s, g["ci_upper"].to_numpy())),
            }
        )
    return pd.DataFrame(rows, columns=["group", "median", "ci_lower", "ci_upper"])


def survival_quantiles(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    group: Any | None = None,
    probabilities: Sequence[float] = (0.25, 0.5, 0.75),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Times by which given fractions had the event, with confidence limits.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event, group : column names
        As in :func:`kaplan_meier`.
    probabilities : sequence of float, default (0.25, 0.5, 0.75)
        Fractions ``p`` in [0, 1]: the quantile is where the survival curve reaches
        ``1 - p`` (0.5: the median).
    alpha : float, default 0.05
        Level of the ``1 - alpha`` limits.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``probability``, ``time``, ``ci_lower``, ``ci_upper``,
        one row per group and probability; NaN where not reached.

    Notes
    -----
    R's ``quantile(survfit(..., conf.type = "log-log"), probs)``, to 1e-9: the
    first time the curve (or a pointwise bound) is at or below ``1 - p``; on a
    flat stretch at exactly ``1 - p`` the midpoint with the next drop, or with the
    **last observed time** when the curve stays there to its end (the one place
    where it differs from :func:`median_survival`, which follows R's ``print``).
    Bounds at S = 0 carry no information and are skipped, as in
    :func:`median_survival`. lifelines has no quantile limits of this kind.

    References
    ----------
    .. [1] Brookmeyer R, Crowley J. A confidence interval for the median survival
       time. Biometrics 1982;38:29-41.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 3, 4, 7, 9], "died": [1, 1, 1, 0, 1, 1]})
    >>> q = survival_quantiles(df, duration="months", event="died")
    >>> q[["probability", "time"]].to_numpy().tolist()  # S = 1/2 on [3, 7), 1/4 on [7, 9)
    [[0.25, 2.0], [0.5, 5.0], [0.75, 8.0]]
    """
    probs = np.atleast_1d(np.asarray(probabilities, dtype=float))
    if probs.ndim != 1 or probs.size == 0 or np.isnan(probs).any():
        raise ValueError(f"probabilities must be a non-empty sequence of numbers, got {probs!r}")
    if ((probs < 0) | (probs > 1)).any():
        raise ValueError(f"probabilities must lie in [0, 1], got {probs.tolist()!r}")
    km = kaplan_meier(df, duration=duration, event=event, group=group, alpha=alpha)
    rows = []
    for label, g in km.groupby("group", sort=False):
        time, s = g["time"].to_numpy(), g["survival"].to_numpy()
        lower = _informative(s, g["ci_lower"].to_numpy())
        upper = _informative(s, g["ci_upper"].to_numpy())
        for p in probs:
            rows.append(
                {
                    "group": label,
                    "probability": float(p),
                    "time": _quantile_time(time, s, p),
                    "ci_lower": _quantile_time(time, lower, p),
                    "ci_upper": _quantile_time(time, upper, p),
                }
            )
    return pd.DataFrame(rows, columns=["group", "probability", "time", "ci_lower", "ci_upper"])


def median_follow_up(
    df: pd.DataFrame, *, duration: Any, event: Any, group: Any | None = None
) -> pd.DataFrame:
    """Median potential follow-up by the reverse Kaplan-Meier method.

    Censoring is treated as the event and the events as censoring, so the
    median answers "how long would a child have been followed had nobody died".

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``n`` and ``median_follow_up`` (NaN if not reached).

    Notes
    -----
    The median of the reverse curve by :func:`median_survival`, so R's
    convention: ``print(survfit(Surv(time, 1 - status) ~ group))``'s median, to
    1e-9. Where the reverse curve sits at exactly 0.5 over a flat stretch (common
    with few censorings) that is the stretch's midpoint, and it can differ a lot
    from the stretch's start that lifelines (or a plain "first time at or below
    0.5") reports: in R's ``aml`` data, maintained arm, 103 weeks (midpoint of 45
    and 161) against 45.

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
    _, e, labels, codes = _prepare(df, duration, event, group)
    reverse = df.assign(_censored=~e)
    med = median_survival(reverse, duration=duration, event="_censored", group=group)
    sizes = dict(zip(labels, np.bincount(codes, minlength=len(labels)).tolist(), strict=True))
    return pd.DataFrame(
        {
            "group": med["group"],
            "n": med["group"].map(sizes).astype(int),
            "median_follow_up": med["median"],
        }
    )


def format_not_reached(table: pd.DataFrame, *, decimals: int = 1) -> pd.DataFrame:
    """A table of this module for readers: times rounded, a time not reached written "NR".

    The time columns (``median``, ``ci_lower``, ``ci_upper``, ``time``,
    ``median_follow_up``) of :func:`median_survival`, :func:`survival_quantiles`
    or :func:`median_follow_up` become text: the value rounded to ``decimals``,
    or ``"NR"`` (not reached) where it is NaN. Other columns are unchanged.
    Compute with the numeric table; show this one.

    Examples
    --------
    >>> df = pd.DataFrame({"months": [7.3, 10.2, 18.0], "died": [1, 0, 1]})
    >>> med = median_survival(df, duration="months", event="died")
    >>> med.to_numpy().tolist()
    [['All', 18.0, 7.3, nan]]
    >>> format_not_reached(med).to_numpy().tolist()
    [['All', '18.0', '7.3', 'NR']]
    """
    out = table.copy()
    for column in TIME_COLUMNS:
        if column in out.columns:
            values = out[column].astype(float)
            out[column] = ["NR" if np.isnan(v) else f"{v:.{decimals}f}" for v in values.to_numpy()]
    return out
