"""Response rates, exact intervals and paired before/after summaries.

Everything here takes numbers or DataFrames and returns numbers or
DataFrames; nothing reads files and nothing prints.  The units follow the
transcribed tables: blast and MRD values are **percent** (``0.01`` means
0.01 %, i.e. 1 in 10 000 cells).

Functions
---------
proportion_ci
    A proportion with its Clopper-Pearson (exact) or Wilson interval.
rate_table
    Events, proportion and interval for a boolean outcome, overall or by group.
paired_summary
    Median (P25-P75) before and after, the median paired change and a
    Wilcoxon signed-rank p-value.
mrd_negative
    Classify MRD values (percent) as negative, with the reporting-floor
    assumption made explicit.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
from scipy import stats

from helpers._frames import require_frame

__all__ = [
    "ProportionCI",
    "mrd_negative",
    "paired_summary",
    "proportion_ci",
    "rate_table",
]

#: User-facing method names mapped to the names ``scipy.stats.binomtest`` uses.
_CI_METHODS = {"clopper-pearson": "exact", "wilson": "wilson"}

#: Quantile convention used for P25/P75 everywhere in this module.
_QUANTILE_METHOD: Final = "linear"


@dataclass(frozen=True)
class ProportionCI:
    """A proportion with a two-sided confidence interval.

    Attributes
    ----------
    successes : int
        Number of children with the event (e.g. complete remission).
    n : int
        Number of children evaluated.
    proportion : float
        ``successes / n``, as a fraction in [0, 1].
    ci_lower, ci_upper : float
        Interval bounds, as fractions in [0, 1].
    method : str
        ``"clopper-pearson"`` or ``"wilson"``.
    confidence_level : float
        ``1 - alpha``, e.g. 0.95.
    """

    successes: int
    n: int
    proportion: float
    ci_lower: float
    ci_upper: float
    method: str
    confidence_level: float = 0.95


def _as_count(value: object, name: str) -> int:
    """Return ``value`` as an int, or raise if it is not a whole number."""
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be an integer count, got the boolean {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        return int(float(value))
    raise ValueError(f"{name} must be a whole number, got {value!r}")


def _check_alpha(alpha: object) -> float:
    if not isinstance(alpha, numbers.Real) or not 0 < float(alpha) < 1:
        raise ValueError(f"alpha must be a number strictly between 0 and 1, got {alpha!r}")
    return float(alpha)


def _check_method(method: str) -> str:
    if method not in _CI_METHODS:
        raise ValueError(
            f"method must be one of {sorted(_CI_METHODS)}, got {method!r}",
        )
    return method


def proportion_ci(
    successes: int,
    n: int,
    *,
    method: str = "clopper-pearson",
    alpha: float = 0.05,
) -> ProportionCI:
    """Proportion with a Clopper-Pearson (exact) or Wilson confidence interval.

    Parameters
    ----------
    successes : int
        Number of events, ``0 <= successes <= n``.  Integral floats such as
        ``26.0`` are accepted; ``26.5``, NaN and booleans are not.
    n : int
        Number of trials (children), ``n >= 1``.
    method : {"clopper-pearson", "wilson"}, keyword-only
        ``"clopper-pearson"`` inverts two one-sided binomial tests and never
        undercovers (it is conservative); ``"wilson"`` is the score interval
        without continuity correction, shorter on average.
    alpha : float, keyword-only
        One minus the confidence level; ``0.05`` gives a 95 % interval.

    Returns
    -------
    ProportionCI
        Frozen dataclass; the proportion and bounds are fractions in [0, 1].

    Raises
    ------
    ValueError
        If ``n <= 0``, ``successes`` is outside ``[0, n]``, either count is not
        a whole number, ``alpha`` is not in (0, 1) or ``method`` is unknown.

    Notes
    -----
    Computed with :func:`scipy.stats.binomtest` and its ``proportion_ci``
    method (``"exact"`` for Clopper-Pearson, ``"wilson"`` for Wilson).  The
    Clopper-Pearson bounds equal the beta quantiles
    ``beta.ppf(alpha/2, x, n-x+1)`` and ``beta.ppf(1-alpha/2, x+1, n-x)``,
    with the lower bound 0 when ``x = 0`` and the upper bound 1 when ``x = n``.

    References
    ----------
    .. [1] Clopper CJ, Pearson ES. The use of confidence or fiducial limits
       illustrated in the case of the binomial. Biometrika 1934;26:404-13.
    .. [2] Wilson EB. Probable inference, the law of succession, and
       statistical inference. J Am Stat Assoc 1927;22:209-12.
    .. [3] Xie J, et al. Short-course blinatumomab for refractory/relapse
       precursor B acute lymphoblastic leukemia in children. Front Pediatr
       2023;11:1187607 (26 of 33 children in complete remission).

    Examples
    --------
    >>> ci = proportion_ci(26, 33)
    >>> round(ci.proportion, 3), round(ci.ci_lower, 3), round(ci.ci_upper, 3)
    (0.788, 0.611, 0.91)
    >>> round(proportion_ci(26, 33, method="wilson").ci_lower, 3)
    0.622
    """
    method = _check_method(method)
    alpha = _check_alpha(alpha)
    x = _as_count(successes, "successes")
    n_ = _as_count(n, "n")
    if n_ <= 0:
        raise ValueError(f"n must be at least 1, got {n_}")
    if not 0 <= x <= n_:
        raise ValueError(f"successes must be between 0 and n={n_}, got {x}")
    ci = stats.binomtest(x, n_).proportion_ci(
        confidence_level=1 - alpha, method=_CI_METHODS[method]
    )
    return ProportionCI(
        successes=x,
        n=n_,
        proportion=x / n_,
        ci_lower=float(ci.low),
        ci_upper=float(ci.high),
        method=method,
        confidence_level=1 - alpha,
    )


def _is_boolean(series: pd.Series) -> bool:
    return pd.api.types.is_bool_dtype(series.dtype)


def _group_order(series: pd.Series) -> list:
    """Observed groups: category order for categoricals, sorted otherwise."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        observed = set(series.dropna())
        return [c for c in series.cat.categories if c in observed]
    values = series.dropna().unique().tolist()
    try:
        return sorted(values)
    except TypeError:  # mixed types: fall back to sorting their text
        return sorted(values, key=str)


def rate_table(
    df: pd.DataFrame,
    *,
    outcome: str,
    by: str | None = None,
    method: str = "clopper-pearson",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Number of events, proportion and confidence interval, overall or by group.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per child.
    outcome : str, keyword-only
        Name of a **boolean** column (``bool`` or pandas ``"boolean"`` without
        missing values); ``True`` counts as an event.
    by : str or None, keyword-only
        Optional grouping column.  Groups appear in category order for a
        categorical column and in sorted order otherwise, so the table does
        not depend on row order.  Missing group labels raise.
    method : {"clopper-pearson", "wilson"}, keyword-only
        Interval method, see :func:`proportion_ci`.
    alpha : float, keyword-only
        One minus the confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns ``group`` (the group value, or ``"All"`` when ``by`` is None),
        ``n``, ``events``, ``proportion``, ``ci_lower``, ``ci_upper``;
        proportions are fractions in [0, 1].

    Raises
    ------
    ValueError
        If a column is missing, ``outcome`` is not boolean or has missing
        values, ``by`` has missing values, or the frame is empty.

    See Also
    --------
    proportion_ci : the interval for a single proportion.

    References
    ----------
    .. [1] Xie J, et al. Front Pediatr 2023;11:1187607, section 3.2:
       remission 26/33 overall, 10/11 refractory and 16/22 relapsed.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cr": [True, True, False, True],
    ...                    "arm": ["a", "b", "a", "b"]})
    >>> rate_table(df, outcome="cr")[["group", "n", "events"]]
      group  n  events
    0   All  4       3
    >>> rate_table(df, outcome="cr", by="arm")[["group", "n", "events", "proportion"]]
      group  n  events  proportion
    0     a  2       1         0.5
    1     b  2       2         1.0
    """
    require_frame(df, where="rate_table", columns=[outcome, by])
    if df.empty:
        raise ValueError("the DataFrame is empty; there is no rate to estimate")
    y = df[outcome]
    if not _is_boolean(y):
        raise ValueError(
            f"outcome column {outcome!r} must be boolean (True = event), got dtype {y.dtype}"
        )
    if y.isna().any():
        raise ValueError(
            f"outcome column {outcome!r} has {int(y.isna().sum())} missing value(s); "
            "drop or resolve them before estimating a rate"
        )
    if by is None:
        groups = [("All", y)]
    else:
        g = df[by]
        if g.isna().any():
            raise ValueError(
                f"grouping column {by!r} has {int(g.isna().sum())} missing value(s); "
                "label them explicitly (e.g. 'unknown') so no child drops out silently"
            )
        groups = [(level, y[g == level]) for level in _group_order(g)]
    rows = []
    for level, values in groups:
        ci = proportion_ci(int(values.sum()), len(values), method=method, alpha=alpha)
        rows.append(
            {
                "group": level,
                "n": ci.n,
                "events": ci.successes,
                "proportion": ci.proportion,
                "ci_lower": ci.ci_lower,
                "ci_upper": ci.ci_upper,
            }
        )
    return pd.DataFrame(
        rows, columns=["group", "n", "events", "proportion", "ci_lower", "ci_upper"]
    )


def _quartiles(values: np.ndarray) -> tuple[float, float, float]:
    p25, p50, p75 = np.percentile(values, [25, 50, 75], method=_QUANTILE_METHOD)
    return float(p25), float(p50), float(p75)


def paired_summary(
    df: pd.DataFrame,
    *,
    before: str,
    after: str,
    zero_method: str = "wilcox",
    method: str = "auto",
) -> pd.DataFrame:
    """Median (P25-P75) before and after, median paired change and Wilcoxon p.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per child.
    before, after : str, keyword-only
        Numeric columns measured on the same child (e.g. ``"mrd_pre_pct"`` and
        ``"mrd_post_pct"``).  Rows where either value is missing are left out
        (complete pairs only); ``n_excluded`` says how many.
    zero_method : {"wilcox", "pratt", "zsplit"}, keyword-only
        How :func:`scipy.stats.wilcoxon` treats children whose value did not
        change.  The default ``"wilcox"`` discards zero differences before
        ranking (SPSS does the same); ``"pratt"`` ranks them and then drops
        their ranks.  ``n_zero_differences`` reports how many there were.
    method : {"auto", "exact", "asymptotic"}, keyword-only
        Passed to :func:`scipy.stats.wilcoxon`.  With ties or zeros and more
        than 13 pairs, ``"auto"`` uses the normal approximation.

    Returns
    -------
    pandas.DataFrame
        One row with columns ``before``, ``after`` (the column names), ``n``
        (complete pairs), ``n_excluded``, ``before_median``, ``before_p25``,
        ``before_p75``, ``after_median``, ``after_p25``, ``after_p75``,
        ``change_median``, ``change_p25``, ``change_p75`` (change is
        ``after - before`` per child, in the columns' units),
        ``n_zero_differences``, ``wilcoxon_statistic`` and ``p_value``
        (two-sided).  The statistic and p-value are NaN when every difference
        is zero, because the test is then undefined.

    Raises
    ------
    ValueError
        If a column is missing or not numeric, or no complete pair remains.

    Notes
    -----
    Quartiles use numpy's default linear interpolation
    (``numpy.percentile(..., method="linear")``, Hyndman-Fan type 7, as in R's
    default).  SPSS's *Explore* uses a weighted average (type 6), so its
    P25/P75 can differ slightly on small samples; medians agree.
    Differences are rounded to 10 decimals before testing so that floating-
    point noise (``0.15 - 0.01``) does not break ties.

    References
    ----------
    .. [1] Wilcoxon F. Individual comparisons by ranking methods. Biometrics
       Bulletin 1945;1:80-3.
    .. [2] Hyndman RJ, Fan Y. Sample quantiles in statistical packages.
       Am Stat 1996;50:361-5.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"pre": [40.0, 27.0, 0.01, 90.9, 5.1],
    ...                    "post": [0.01, 0.01, 0.01, 94.7, 0.01]})
    >>> s = paired_summary(df, before="pre", after="post")
    >>> s[["n", "before_median", "after_median", "n_zero_differences"]]
       n  before_median  after_median  n_zero_differences
    0  5           27.0          0.01                   1
    >>> round(float(s.loc[0, "p_value"]), 3)
    0.25
    """
    require_frame(df, where="paired_summary", columns=[before, after])
    for col in (before, after):
        if not pd.api.types.is_numeric_dtype(df[col]) or _is_boolean(df[col]):
            raise ValueError(f"column {col!r} must be numeric, got dtype {df[col].dtype}")
    pairs = df[[before, after]].astype(float).dropna()
    n = len(pairs)
    if n == 0:
        raise ValueError(f"no child has both {before!r} and {after!r} recorded")
    x = pairs[before].to_numpy()
    y = pairs[after].to_numpy()
    change = np.round(y - x, 10)
    n_zero = int(np.sum(change == 0))
    if n_zero == n:
        statistic, p_value = np.nan, np.nan
    else:
        res = stats.wilcoxon(change, zero_method=zero_method, method=method)
        statistic, p_value = float(res.statistic), float(res.pvalue)
    b25, b50, b75 = _quartiles(x)
    a25, a50, a75 = _quartiles(y)
    c25, c50, c75 = _quartiles(change)
    return pd.DataFrame(
        [
            {
                "before": before,
                "after": after,
                "n": n,
                "n_excluded": len(df) - n,
                "before_median": b50,
                "before_p25": b25,
                "before_p75": b75,
                "after_median": a50,
                "after_p25": a25,
                "after_p75": a75,
                "change_median": c50,
                "change_p25": c25,
                "change_p75": c75,
                "n_zero_differences": n_zero,
                "wilcoxon_statistic": statistic,
                "p_value": p_value,
            }
        ]
    )


def mrd_negative(values: Any, *, threshold: float = 0.01, inclusive: bool = True) -> pd.Series:
    """Classify minimal residual disease (MRD) values, in percent, as negative.

    Parameters
    ----------
    values : pandas.Series or array-like of float
        MRD in **percent** of nucleated cells (``0.01`` = 0.01 % = 1e-4).
        Missing, negative or > 100 values raise.
    threshold : float, keyword-only
        Negativity cut-off in percent; the paper's 1 x 10^-4 is ``0.01``.
    inclusive : bool, keyword-only
        **Named assumption: the printed 0.01 is a reporting floor.**
        The paper defines MRD negativity as < 1 x 10^-4 (< 0.01 %), yet Table 2
        prints exactly ``0.01`` for every child it treats as MRD-negative, so
        0.01 is evidently the lowest value the table reports ("<= 0.01 %").
        With ``inclusive=True`` (default) a value ``<= threshold`` counts as
        negative.  ``inclusive=False`` applies the literal definition
        (``< threshold``), under which no child in Table 2 is MRD-negative.

    Returns
    -------
    pandas.Series of bool
        ``True`` = MRD-negative; same index as ``values`` (a fresh RangeIndex
        for array input) and name ``"mrd_negative"``.

    Raises
    ------
    ValueError
        For missing, non-numeric, negative or > 100 % values, or a threshold
        outside (0, 100].

    References
    ----------
    .. [1] Xie J, et al. Front Pediatr 2023;11:1187607, section 2.3 (definition)
       and Table 2 (MRD % after blinatumomab).

    Examples
    --------
    >>> mrd_negative([0.01, 0.15, 94.7]).tolist()
    [True, False, False]
    >>> mrd_negative([0.01, 0.15, 94.7], inclusive=False).tolist()
    [False, False, False]
    """
    if not isinstance(threshold, numbers.Real) or not 0 < threshold <= 100:
        raise ValueError(f"threshold must be in (0, 100] percent, got {threshold!r}")
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    name = s.name if s.name is not None else "values"
    if _is_boolean(s) or not pd.api.types.is_numeric_dtype(s):
        raise ValueError(f"MRD values {name!r} must be numeric percent, got dtype {s.dtype}")
    s = s.astype(float)
    if s.isna().any():
        raise ValueError(
            f"MRD values {name!r} have {int(s.isna().sum())} missing value(s); "
            "a missing MRD is neither negative nor positive, drop those children first"
        )
    if (s < 0).any() or (s > 100).any():
        bad = s[(s < 0) | (s > 100)].tolist()
        raise ValueError(f"MRD values {name!r} must be percentages in [0, 100]; got {bad}")
    negative = s <= threshold if inclusive else s < threshold
    return negative.rename("mrd_negative")
