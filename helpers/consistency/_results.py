"""What a consistency check returns, and the small pieces its explanation is written with."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from helpers.consistency._numbers import round_fraction
from helpers.consistency._texts import TEXTS, either, fill, plural

__all__ = [
    "ConsistencyResult",
    "PValueResult",
    "decimal_text",
    "either",
    "other_conventions",
    "plural",
    "sqrt_text",
    "verdict",
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
    message : str
        The key in :data:`helpers.consistency.TEXTS` of the template that carries
        the explanation's main sentence (its message class), e.g. ``"grim.impossible"``.
    alternative : str
        For inconsistent numbers that an innocent reading other than rounding
        explains, the key in :data:`~helpers.consistency.TEXTS` of the verdict
        naming it (``"verdict.one_sided"``, ``"verdict.population_sd"``); else ``""``.
    """

    check: str
    consistent: bool
    conventions: tuple[str, ...]
    candidates: Sequence[Any]
    explanation: str
    message: str = field(default="", kw_only=True)
    alternative: str = field(default="", kw_only=True)


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


def sqrt_text(x: Fraction, places: int) -> str:
    """The square root of an exact non-negative value, written with ``places`` decimals.

    Examples
    --------
    >>> sqrt_text(Fraction(2), 3)
    '1.414'
    """
    extra = 10 ** (places + 4)
    return decimal_text(Fraction(math.isqrt(math.floor(x * extra * extra)), extra), places)


def other_conventions(fits: Sequence[str], subject: str = "subject.fit") -> str:
    """A sentence naming the conventions under which inconsistent numbers would still fit.

    ``subject`` is the key of its first words (``"subject.agree"`` for a p-value).
    """
    if not fits:
        return ""
    if tuple(fits) == ("truncation",):
        return fill("other.truncation", subject=TEXTS[subject])
    return fill("other.rounding", subject=TEXTS[subject], conventions=either(fits))


def verdict(result: ConsistencyResult) -> str:
    """The verdict in words: possible, impossible, or possible only under another reading.

    Examples
    --------
    >>> from helpers.consistency import percent_possible
    >>> verdict(percent_possible("63.7", 33)), verdict(percent_possible("96.1", 26))
    ('impossible', 'possible only by truncation')
    """
    if result.consistent:
        return TEXTS["verdict.possible"]
    if result.alternative:
        return TEXTS[result.alternative]
    if tuple(result.conventions) == ("truncation",):
        return TEXTS["verdict.truncation"]
    if result.conventions:
        return fill("verdict.other", conventions=either(result.conventions))
    return TEXTS["verdict.impossible"]
