"""Printed percentages against their counts: rounded, truncated or different.

A paper prints a count with its percentage; the functions here recompute the
percentage from the count and say how the printed one relates to it: equal
after rounding, equal after *truncation* (26.67 printed as 26.6), or different
(15 children printed as 54.5 %, which is 18/33). Used for the toxicity tables
(:mod:`helpers.toxicity`) and the cited studies (:mod:`helpers.context`).

Functions
---------
rounding_kind
    Whether a printed number is the recomputed one rounded, truncated or neither.
counts_matching
    Which counts would give a printed percentage with a given denominator.
printed_percent_check
    Recompute percentages from counts beside the printed ones.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers._frames import positive_int, require_frame

__all__ = ["counts_matching", "printed_percent_check", "rounding_kind"]


def rounding_kind(printed: float, value: float, *, decimals: int) -> str:
    """How a printed number relates to the exact value at the printed precision.

    Returns ``"rounded"`` if the printed number is the value rounded half up to
    ``decimals`` places, ``"truncated"`` if it is the value cut off (not
    rounded) there, and ``"different"`` otherwise.

    Examples
    --------
    >>> rounding_kind(26.7, 400 / 15, decimals=1), rounding_kind(26.6, 400 / 15, decimals=1)
    ('rounded', 'truncated')
    >>> rounding_kind(54.5, 1500 / 33, decimals=1)
    'different'
    """
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    scale = 10.0**decimals
    slack = 1e-9
    rounded = math.floor(value * scale + 0.5 + slack) / scale
    truncated = math.floor(value * scale + slack) / scale
    if abs(printed - rounded) < 0.5 / scale * 1e-6 + slack:
        return "rounded"
    if abs(printed - truncated) < 0.5 / scale * 1e-6 + slack:
        return "truncated"
    return "different"


def counts_matching(printed_pct: float, n: int, *, decimals: int = 1) -> list[int]:
    """Counts ``k`` (0..n) for which ``100 k / n`` rounds to the printed percentage.

    Useful when a percentage disagrees with the count printed beside it: it
    shows which count the percentage was computed from.

    Examples
    --------
    >>> counts_matching(54.5, 33)
    [18]
    >>> counts_matching(26.6, 15)
    []
    """
    n = positive_int(n, "n")
    return [
        k
        for k in range(n + 1)
        if rounding_kind(printed_pct, 100 * k / n, decimals=decimals) == "rounded"
    ]


def _decimals(value: float) -> int:
    text = f"{value:.4f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def printed_percent_check(
    table: pd.DataFrame, *, count: str, printed: str, n: int, label: str = "adverse_event"
) -> pd.DataFrame:
    """Recompute each percentage from its count, beside the printed one.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per item with a count column and a printed-percentage column.
    count, printed : str, keyword-only
        The two columns.
    n : int, keyword-only
        The denominator (children).
    label : str, keyword-only
        Column naming the row.

    Returns
    -------
    pandas.DataFrame
        ``label``, ``n`` (the count), ``printed %``, ``recomputed %`` (two
        decimals), ``difference`` (printed minus recomputed, percentage points)
        and ``printed is`` (:func:`rounding_kind` at the printed precision, at
        least one decimal).

    Raises
    ------
    ValueError
        For a missing column, a count that is not a whole number in 0..n, or a
        non-positive ``n``.

    Examples
    --------
    >>> t = pd.DataFrame({"adverse_event": ["A", "B"], "k": [4, 1], "pct": [26.6, 6.7]})
    >>> printed_percent_check(t, count="k", printed="pct", n=15)["printed is"].tolist()
    ['truncated', 'rounded']
    """
    n = positive_int(n, "n")
    require_frame(table, where="printed_percent_check", columns=[label, count, printed])
    k = pd.to_numeric(table[count], errors="coerce")
    bad = k.isna() | (k < 0) | (k > n) | (k % 1 != 0)
    if bad.any():
        raise ValueError(
            f"printed_percent_check: column {count!r} must hold whole counts in 0..{n}; "
            f"got {table.loc[bad, count].tolist()}"
        )
    exact = 100 * k.astype(float) / n
    pct = table[printed].astype(float)
    kinds = [
        rounding_kind(p, e, decimals=max(1, _decimals(p))) for p, e in zip(pct, exact, strict=True)
    ]
    return pd.DataFrame(
        {
            label: table[label].to_numpy(),
            "n": k.astype(int).to_numpy(),
            "printed %": pct.to_numpy(),
            "recomputed %": exact.round(2).to_numpy(),
            "difference": (pct - exact).round(2).to_numpy(),
            "printed is": kinds,
        }
    )
