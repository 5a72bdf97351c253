"""Bone-marrow measurements before and after blinatumomab: blasts and MRD.

The units follow the transcribed tables: blast and MRD values are **percent**
(``0.01`` means 0.01 %, i.e. 1 in 10 000 cells). Nothing reads files and
nothing prints.

Functions
---------
paired_summary
    Median (P25-P75) before and after, the median paired change and a
    Wilcoxon signed-rank p-value.
mrd_negative
    Classify MRD values (percent) as negative, with the reporting-floor
    assumption made explicit.
"""

from __future__ import annotations

import numbers
from typing import Any, Final

import numpy as np
import pandas as pd
from scipy import stats

from helpers._frames import require_frame

__all__ = ["mrd_negative", "paired_summary"]


#: Quantile convention used for P25/P75 everywhere in this module.
_QUANTILE_METHOD: Final = "linear"


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
        if not pd.api.types.is_numeric_dtype(df[col]) or pd.api.types.is_bool_dtype(df[col].dtype):
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
    if pd.api.types.is_bool_dtype(s.dtype) or not pd.api.types.is_numeric_dtype(s):
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
