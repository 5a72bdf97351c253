"""What a consistency check returns, and the small pieces its explanation is written with."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from helpers.consistency._numbers import round_fraction

__all__ = [
    "ConsistencyResult",
    "PValueResult",
    "decimal_text",
    "either",
    "other_conventions",
    "plural",
    "sqrt_text",
]


@dataclass(frozen=True)
class ConsistencyResult:
    """The verdict of one check on printed numbers.

    Attributes
    ----------
    check : str
        ``"GRIM"``, ``"GRIMMER"``, ``"DEBIT"`` or ``"percentage"``.
    consistent : bool
        True when the printed numbers can all be true together under one of the
        rounding conventions the check was asked to accept (by default any
        rounding to the nearest value).
    conventions : tuple of str
        Every convention of :data:`CONVENTIONS` under which the printed numbers
        fit, whether or not it was accepted (``("truncation",)`` alone means
        they fit only if the authors cut digits off).
    candidates : range or tuple
        What makes the numbers fit under the accepted conventions: whole-number
        sums (GRIM), ``(sum, sums of squares)`` pairs (GRIMMER), numbers of
        ones (DEBIT) or counts ``k`` (percentage). Empty when inconsistent.
    explanation : str
        One paragraph in plain English for a clinical reader.
    """

    check: str
    consistent: bool
    conventions: tuple[str, ...]
    candidates: Sequence[Any]
    explanation: str


@dataclass(frozen=True)
class PValueResult(ConsistencyResult):
    """The verdict on a printed p-value and its test statistic.

    Attributes
    ----------
    decision_error : bool
        The p-value is inconsistent and its side of 0.05 differs from the side
        on which every recomputed p-value lies (significant as printed but not
        as recomputed, or the reverse).
    p_recomputed : float
        The p-value of the statistic exactly as printed.
    p_range : tuple of float
        The smallest and largest p-value of any statistic that rounds to the
        printed one (under the accepted conventions); ``candidates`` holds the
        same pair.
    """

    decision_error: bool
    p_recomputed: float
    p_range: tuple[float, float]


def decimal_text(x: Fraction, places: int) -> str:
    """An exact value written with ``places`` decimals (ties away from zero).

    Examples
    --------
    >>> decimal_text(Fraction(251, 33), 3)
    '7.606'
    >>> decimal_text(Fraction(-1, 8), 2)
    '-0.13'
    """
    units = round_fraction(x, places, "half up") * 10**places
    sign = "-" if units < 0 else ""
    digits = str(abs(units.numerator)).rjust(places + 1, "0")
    if places == 0:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def either(words: Sequence[str], joiner: str = "or") -> str:
    """``["a", "b", "c"]`` -> ``"a, b or c"``.

    Examples
    --------
    >>> either(["half up", "truncation"])
    'half up or truncation'
    """
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def plural(count: int, noun: str) -> str:
    """``plural(1, "value")`` -> ``"1 value"``; ``plural(3, "value")`` -> ``"3 values"``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def sqrt_text(x: Fraction, places: int) -> str:
    """The square root of an exact non-negative value, written with ``places`` decimals.

    Examples
    --------
    >>> sqrt_text(Fraction(2), 3)
    '1.414'
    """
    extra = 10 ** (places + 4)
    return decimal_text(Fraction(math.isqrt(math.floor(x * extra * extra)), extra), places)


def other_conventions(fits: Sequence[str]) -> str:
    """A sentence naming the conventions under which inconsistent numbers would still fit."""
    if not fits:
        return ""
    if tuple(fits) == ("truncation",):
        return " It would fit if the authors had cut off the extra digits instead of rounding."
    return f" It would fit under {either(fits)} rounding."
