"""Response rates and their exact intervals.

Everything here takes numbers or DataFrames and returns numbers or
DataFrames; nothing reads files and nothing prints. The marrow measurements
behind a response (blasts and MRD before and after, MRD negativity) are in
:mod:`helpers.marrow`.

Functions
---------
proportion_ci
    A proportion with its Clopper-Pearson (exact) or Wilson interval.
rate_table
    Events, proportion and interval for a boolean outcome, overall or by group.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from helpers._frames import require_frame

__all__ = [
    "ProportionCI",
    "proportion_ci",
    "rate_table",
]

#: User-facing method names mapped to the names ``scipy.stats.binomtest`` uses.
_CI_METHODS = {"clopper-pearson": "exact", "wilson": "wilson"}


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
