"""How numbers and counts are written for readers: p-values, percentages, slugs, "children".

One place for each convention, so a figure, a dashboard and the audit never
write the same number two ways.
"""

from __future__ import annotations

import math
import re

__all__ = ["ALL", "children", "format_p_value", "format_pct", "pct", "slug"]

#: The choice that keeps every value of a filter (subgroups, statuses, locations).
ALL = "All"


def format_p_value(p: float | None) -> str:
    """Write a p-value the way a clinical journal would.

    ``p < 0.001`` is written as such; below 0.1 three decimals are kept (so
    0.046 is not rounded to 0.05); otherwise two.

    Examples
    --------
    >>> format_p_value(0.0016), format_p_value(0.0004), format_p_value(0.4009)
    ('p = 0.002', 'p < 0.001', 'p = 0.40')
    """
    if p is None or not math.isfinite(p):
        return "p not estimable"
    if p < 0.001:
        return "p < 0.001"
    if p < 0.1:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def format_pct(fraction: float, decimals: int = 1) -> str:
    """A fraction as a percentage string: ``0.7878`` -> ``"78.8%"``.

    Examples
    --------
    >>> format_pct(26 / 33)
    '78.8%'
    """
    return f"{100 * fraction:.{decimals}f}%"


def pct(k: float, n: float) -> float:
    """``k`` of ``n`` in percent, unrounded.

    Examples
    --------
    >>> pct(1, 8)
    12.5
    """
    return 100.0 * k / n


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, as in claim ids and file names.

    Examples
    --------
    >>> slug("Bone marrow (BM) relapse")
    'bone-marrow-bm-relapse'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def children(n: int) -> str:
    """``n`` children in words: "no children", "1 child", "5 children".

    Examples
    --------
    >>> children(0), children(1), children(5)
    ('no children', '1 child', '5 children')
    """
    return "no children" if n == 0 else "1 child" if n == 1 else f"{n} children"
