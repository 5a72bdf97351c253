"""Printed numbers: reading them from text, rounding them, and the values they stand for.

A printed number carries two facts: its value and its precision. ``"7.60"``
says the true value rounded to two decimals is 7.60, so the true value lies in
an interval whose ends depend on the rounding convention. Every comparison here
is exact (:class:`fractions.Fraction`), so no boundary case is decided by a
binary floating-point error.

Rounding conventions (magnitudes; a negative number mirrors its magnitude):

``"half up"``
    a tie goes away from zero (SPSS, Excel, most hand calculation);
``"half down"``
    a tie goes towards zero;
``"half even"``
    a tie goes to the even last digit (R's and Python's ``round``, IEEE 754);
``"truncation"``
    the extra digits are cut off.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "CONVENTIONS",
    "NEAREST",
    "ConsistencyInputError",
    "ImpossibleNumbersError",
    "Interval",
    "Reported",
    "check_conventions",
    "integers_in",
    "parse_count",
    "parse_reported",
    "round_fraction",
    "rounding_interval",
    "union_ranges",
]

#: Every rounding convention the checks know, in the order results list them.
CONVENTIONS: tuple[str, ...] = ("half up", "half down", "half even", "truncation")

#: Rounding to the nearest value, whichever way a tie went: the default verdict.
NEAREST: tuple[str, ...] = ("half up", "half down", "half even")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})


class ConsistencyInputError(ValueError):
    """A reported number, count or option that a consistency check cannot use."""


class ImpossibleNumbersError(ConsistencyInputError):
    """Numbers that cannot be true of any data: a count above n, a percentage above 100."""


@dataclass(frozen=True)
class Reported:
    """A number as printed: its exact value, its number of decimals and the text.

    Examples
    --------
    >>> parse_reported("7.60", "mean")
    Reported(value=Fraction(38, 5), decimals=2, text='7.60')
    """

    value: Fraction
    decimals: int
    text: str

    @property
    def unit(self) -> Fraction:
        """One unit in the last printed decimal place (``0.01`` for ``"7.60"``)."""
        return Fraction(1, 10**self.decimals)


@dataclass(frozen=True)
class Interval:
    """An interval of exact values; each end is closed (included) or open."""

    lo: Fraction
    hi: Fraction
    lo_closed: bool = True
    hi_closed: bool = True

    def __contains__(self, x: Fraction) -> bool:
        above = x >= self.lo if self.lo_closed else x > self.lo
        below = x <= self.hi if self.hi_closed else x < self.hi
        return above and below

    def scaled(self, factor: Fraction) -> Interval:
        """The interval times a positive factor."""
        return Interval(self.lo * factor, self.hi * factor, self.lo_closed, self.hi_closed)


def parse_reported(text: object, what: str, *, nonnegative: bool = False) -> Reported:
    """Read a printed number given as text, keeping its decimals.

    Parameters
    ----------
    text : str
        The number as printed: ``"7.6"``, ``"7.60"``, ``".04"``, ``"-1.25"``.
    what : str
        What the number is (``"mean"``, ``"SD"``), for the error message.
    nonnegative : bool, optional
        Reject a negative number (an SD, a percentage).

    Raises
    ------
    ConsistencyInputError
        If ``text`` is not a string holding one plain decimal number.

    Examples
    --------
    >>> parse_reported(" .040 ", "p-value").decimals
    3
    >>> parse_reported(7.6, "mean")
    Traceback (most recent call last):
    ...
    helpers.consistency._numbers.ConsistencyInputError: the mean must be given as printed, as text \
such as "7.60" (a number like 7.6 has lost its trailing zeros); got 7.6
    """
    if not isinstance(text, str):
        raise ConsistencyInputError(
            f'the {what} must be given as printed, as text such as "7.60" (a number like '
            f"7.6 has lost its trailing zeros); got {text!r}"
        )
    cleaned = text.strip().translate(_MINUS_SIGNS)
    if not _NUMBER.fullmatch(cleaned):
        raise ConsistencyInputError(
            f'could not read the {what} {text!r}: expected a plain decimal number such as "7.60" '
            'or ".04" (no units, no thousands separators, no scientific notation)'
        )
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    whole, _, fraction = digits.partition(".")
    value = sign * Fraction(int((whole or "0") + fraction), 10**decimals)
    if nonnegative and value < 0:
        raise ConsistencyInputError(f"the {what} cannot be negative; got {text!r}")
    return Reported(value, decimals, text.strip())


def parse_count(value: object, what: str = "sample size n", *, minimum: int = 1) -> int:
    """A whole number of at least ``minimum``, from an int or a string of digits.

    Examples
    --------
    >>> parse_count("33")
    33
    >>> parse_count(0)
    Traceback (most recent call last):
    ...
    helpers.consistency._numbers.ConsistencyInputError: the sample size n must be at least 1; got 0
    """
    if isinstance(value, bool):
        raise ConsistencyInputError(f"the {what} must be a whole number; got {value!r}")
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if (
        isinstance(value, numbers.Real)
        and not isinstance(value, numbers.Integral)
        and math.isfinite(value)
        and float(value).is_integer()
    ):
        value = int(float(value))
    if not isinstance(value, numbers.Integral):
        raise ConsistencyInputError(f"the {what} must be a whole number such as 33; got {value!r}")
    if value < minimum:
        raise ConsistencyInputError(f"the {what} must be at least {minimum}; got {value}")
    return int(value)


def check_conventions(rounding: object) -> tuple[str, ...]:
    """Validate a choice of rounding conventions; return them in canonical order."""
    chosen = (rounding,) if isinstance(rounding, str) else tuple(rounding)  # type: ignore[arg-type]
    unknown = [c for c in chosen if c not in CONVENTIONS]
    if unknown or not chosen:
        raise ConsistencyInputError(
            f"unknown rounding convention {unknown or chosen!r}; choose from {CONVENTIONS}"
        )
    return tuple(c for c in CONVENTIONS if c in chosen)


def round_fraction(x: Fraction, decimals: int, convention: str) -> Fraction:
    """Round an exact value to ``decimals`` places by one convention.

    Examples
    --------
    >>> [str(round_fraction(Fraction(1, 8), 2, c)) for c in CONVENTIONS]
    ['13/100', '3/25', '3/25', '3/25']
    >>> float(round_fraction(Fraction(-5, 8), 1, "half up"))
    -0.6
    """
    scale = 10**decimals
    magnitude = abs(x) * scale
    floor = magnitude.numerator // magnitude.denominator
    rest = magnitude - floor
    half = Fraction(1, 2)
    if convention == "truncation":
        units = floor
    elif rest != half:
        units = floor + (rest > half)
    elif convention == "half up":
        units = floor + 1
    elif convention == "half down":
        units = floor
    elif convention == "half even":
        units = floor + floor % 2
    else:
        raise ConsistencyInputError(f"unknown rounding convention {convention!r}")
    return Fraction(units if x >= 0 else -units, scale)


def rounding_interval(
    reported: Reported, convention: str, *, nonnegative: bool = False
) -> Interval:
    """Every exact value that ``convention`` rounds to the printed number.

    With ``nonnegative`` the interval is cut at zero (an SD, a test statistic's
    size), whose lower end is then included.

    Examples
    --------
    >>> r = parse_reported("7.6", "mean")
    >>> i = rounding_interval(r, "half up")
    >>> float(i.lo), float(i.hi), i.lo_closed, i.hi_closed
    (7.55, 7.65, True, False)
    >>> i = rounding_interval(r, "truncation")
    >>> float(i.lo), float(i.hi), i.lo_closed, i.hi_closed
    (7.6, 7.7, True, False)
    """
    units = reported.value / reported.unit  # a whole number
    half = Fraction(1, 2)
    if convention == "truncation":
        mag = (abs(units), abs(units) + 1, True, False)
    elif convention == "half up":
        mag = (abs(units) - half, abs(units) + half, True, False)
    elif convention == "half down":
        mag = (abs(units) - half, abs(units) + half, False, True)
    elif convention == "half even":
        even = abs(units) % 2 == 0
        mag = (abs(units) - half, abs(units) + half, even, even)
    else:
        raise ConsistencyInputError(f"unknown rounding convention {convention!r}")
    lo, hi, lo_closed, hi_closed = mag
    if units == 0:  # a printed zero stands for small values of either sign
        lo, lo_closed = -hi, hi_closed
    elif units < 0:
        lo, hi, lo_closed, hi_closed = -hi, -lo, hi_closed, lo_closed
    if nonnegative and lo <= 0:
        lo, lo_closed = Fraction(0), True
    return Interval(lo * reported.unit, hi * reported.unit, lo_closed, hi_closed)


def integers_in(interval: Interval) -> range:
    """The whole numbers inside an interval, as a (possibly empty) range.

    Examples
    --------
    >>> integers_in(Interval(Fraction(5, 2), Fraction(5), True, False))
    range(3, 5)
    """
    first = math.ceil(interval.lo)
    if first == interval.lo and not interval.lo_closed:
        first += 1
    last = math.floor(interval.hi)
    if last == interval.hi and not interval.hi_closed:
        last -= 1
    return range(first, last + 1)


def union_ranges(ranges: Iterable[range]) -> range:
    """The union of ranges that overlap or touch (those of one printed value do).

    Examples
    --------
    >>> union_ranges([range(3, 5), range(0), range(4, 7)])
    range(3, 7)
    """
    kept = [r for r in ranges if len(r)]
    if not kept:
        return range(0)
    return range(min(r.start for r in kept), max(r.stop for r in kept))
