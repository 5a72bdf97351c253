"""GRIM and GRIMMER: can a printed mean (and SD) come from whole-number data?

The mean of ``n`` whole numbers is a whole-number total divided by ``n``; with
``items`` whole-number answers averaged per person it is a total divided by
``n * items`` (Brown and Heathers 2017). Only some means of that form round to
a given printed mean, and for small ``n`` many printed means have none. GRIMMER
goes on to the SD: the sample SD fixes the sum of squares of the data, which
must then be a whole number of the same parity as the total, at least the sum
of squares of the numbers as close together as possible, and reachable by
``n`` whole numbers at all (Anaya 2016; Allard 2018).

References
----------
.. [1] Brown NJL, Heathers JAJ. The GRIM test: a simple technique detects
   numerous anomalies in the reporting of results in psychology. Soc Psychol
   Personal Sci 2017;8:363-9. doi:10.1177/1948550616673876
.. [2] Anaya J. The GRIMMER test: a method for testing the validity of reported
   measures of variability. PeerJ Preprints 2016;4:e2400v1.
.. [3] Allard A. Analytic-GRIMMER: a new way of testing the possibility of
   standard deviations. 2018. https://aurelienallard.netlify.app/post/anaytic-grimmer-possibility-standard-deviations/
.. [4] Jung L. scrutiny: error detection in science (R package).
   https://lhdjung.github.io/scrutiny/
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

from helpers.consistency._numbers import (
    CONVENTIONS,
    NEAREST,
    ConsistencyInputError,
    Interval,
    Reported,
    check_conventions,
    integers_in,
    parse_count,
    parse_reported,
    rounding_interval,
    union_ranges,
)
from helpers.consistency._results import (
    ConsistencyResult,
    decimal_text,
    other_conventions,
    sqrt_text,
)
from helpers.consistency._sums import SearchBudget, attainable, least_sumsq, most_sumsq
from helpers.consistency._texts import TEXTS, either, fill, plural

__all__ = ["grim", "grimmer"]


def _scale(scale: object, mean: Reported, items: int) -> tuple[int, int] | None:
    """The scale as the range of whole-number totals per person, after checking the mean."""
    if scale is None:
        return None
    try:
        if isinstance(scale, str) or not isinstance(scale, Iterable):
            raise TypeError
        lo, hi = (Fraction(str(end)) for end in scale)
    except (TypeError, ValueError):
        raise ConsistencyInputError(
            f"the scale must be a pair (lowest, highest) such as (1, 7); got {scale!r}"
        ) from None
    if lo >= hi:
        raise ConsistencyInputError(
            f"the scale's lowest value must be below its highest; got {scale!r}"
        )
    if not lo <= mean.value <= hi:
        raise ConsistencyInputError(
            f"the mean {mean.text} lies outside the scale {float(lo):g} to {float(hi):g}, so "
            "it cannot be the mean of answers on that scale"
        )
    return math.ceil(lo * items), math.floor(hi * items)


def _sums(mean: Reported, n: int, items: int, scale: tuple[int, int] | None) -> dict[str, range]:
    """For each convention, the whole-number totals whose mean rounds to the printed mean."""
    out = {}
    for convention in CONVENTIONS:
        sums = integers_in(rounding_interval(mean, convention).scaled(Fraction(n * items)))
        if scale is not None:
            sums = range(max(sums.start, scale[0] * n), min(sums.stop, scale[1] * n + 1))
        out[convention] = sums
    return out


def _people(n: int, items: int) -> str:
    return fill("who.items", n=n, items=items) if items > 1 else fill("who", n=n)


def grim(
    mean: str,
    n: int,
    *,
    items: int = 1,
    scale: Sequence[float] | None = None,
    rounding: Iterable[str] = NEAREST,
) -> ConsistencyResult:
    """GRIM: could ``n`` whole-number values have the printed mean?

    Parameters
    ----------
    mean : str
        The mean as printed, as text (``"7.60"`` keeps its two decimals).
    n : int
        Number of people (values) the mean is taken over.
    items : int, optional
        Number of whole-number answers averaged into each person's value.
    scale : (lowest, highest), optional
        The scale the answers are on; a mean outside it is an error.
    rounding : str or iterable of str, optional
        Rounding conventions accepted for the verdict (default: any rounding to
        the nearest value); the result lists every convention that fits.

    Returns
    -------
    ConsistencyResult
        ``candidates`` is the range of whole-number totals that fit.

    Raises
    ------
    ConsistencyInputError
        Unreadable mean, ``n`` or ``items`` below 1, a mean outside the scale.

    Notes
    -----
    With ``n * items`` at least ``10 ** decimals`` every printed mean fits, and
    the check cannot catch anything.

    References
    ----------
    Brown and Heathers 2017 (see the module's references).

    Examples
    --------
    >>> grim("5.19", 28).consistent  # 145/28 = 5.18 and 146/28 = 5.21
    False
    >>> result = grim("7.6", 33)
    >>> result.consistent, result.candidates
    (True, range(250, 253))
    """
    reported = parse_reported(mean, "mean")
    n = parse_count(n)
    items = parse_count(items, "number of items")
    accepted = check_conventions(rounding)
    bounds = _scale(scale, reported, items)
    sums = _sums(reported, n, items, bounds)
    fits = tuple(c for c in CONVENTIONS if len(sums[c]))
    candidates = union_ranges(sums[c] for c in accepted)
    consistent = bool(len(candidates))
    total = n * items
    who = _people(n, items)
    if consistent:
        k = min(candidates, key=lambda s: abs(Fraction(s, total) - reported.value))
        message = "grim.possible"
        text = fill(
            message,
            mean=reported.text,
            who=who,
            k=k,
            total=total,
            value=decimal_text(Fraction(k, total), reported.decimals + 2),
        )
        if total >= 10**reported.decimals:
            text += fill(
                "grim.uncatchable", total=total, decimals=plural(reported.decimals, "decimal")
            )
    else:
        below = math.floor(reported.value * total)
        near = [
            k for k in (below, below + 1) if bounds is None or bounds[0] * n <= k <= bounds[1] * n
        ]
        shown = either(
            [
                fill(
                    "grim.total",
                    k=k,
                    total=total,
                    value=decimal_text(Fraction(k, total), reported.decimals + 2),
                )
                for k in near
            ]
        )
        message = "grim.impossible"
        text = fill(
            message, mean=reported.text, who=who, total=total, shown=shown or TEXTS["nothing"]
        )
        text += other_conventions(fits)
    return ConsistencyResult("GRIM", consistent, fits, candidates, text, message=message)


#: Most (total, sum of squares) pairs searched exactly in one GRIMMER check; beyond,
#: the necessary conditions alone decide (and the explanation says so).
_MOST_SEARCHED = 1000


def _square_sums(
    n: int, items: int, total: int, sd_range: Interval, bounds: tuple[int, int] | None
) -> range:
    """Sums of squares for ``total`` that the SD interval, parity and the bounds allow."""
    # sum of squares = (n - 1) * items**2 * SD**2 + total**2 / n
    factor, centre = (n - 1) * items * items, Fraction(total * total, n)
    squares = integers_in(
        Interval(
            sd_range.lo**2 * factor + centre,
            sd_range.hi**2 * factor + centre,
            sd_range.lo_closed,
            sd_range.hi_closed,
        )
    )
    first = max(squares.start, least_sumsq(n, total))
    first += (first - total) % 2
    stop = squares.stop
    if bounds is not None:
        stop = min(stop, most_sumsq(n, total, *bounds) + 1)
    return range(first, max(first, stop), 2)


def _merge(parts: list[Sequence[int]]) -> Sequence[int]:
    """The union of the sums of squares found under several conventions."""
    ranges = [part for part in parts if isinstance(part, range)]
    if len(ranges) == len(parts):
        # Same total, overlapping SD intervals: the ranges overlap.
        return range(min(r.start for r in ranges), max(r.stop for r in ranges), 2)
    return tuple(sorted({q for part in parts for q in part}))


def grimmer(
    mean: str,
    sd: str,
    n: int,
    *,
    items: int = 1,
    scale: Sequence[float] | None = None,
    rounding: Iterable[str] = NEAREST,
) -> ConsistencyResult:
    """GRIMMER: could ``n`` whole-number values have the printed mean and sample SD?

    Parameters
    ----------
    mean, sd : str
        Mean and sample standard deviation (divisor ``n - 1``) as printed, as text.
    n : int
        Number of people; at least 2.
    items, scale, rounding
        As in :func:`grim`.

    Returns
    -------
    ConsistencyResult
        ``candidates`` holds ``(total, sums_of_squares)`` pairs: each whole-number
        total that fits the mean, with the sums of squares of the people's values
        (in answer units) that fit the SD and that whole numbers can reach, as a
        ``range`` (step 2) when every one in it fits, else a tuple.

    Notes
    -----
    The same rounding convention is applied to the mean and the SD. Whether a
    sum of squares is reachable is decided exactly (see ``_sums``), except when
    more than 1000 pairs would need a search (a large ``n`` on a bounded scale
    with an SD printed to few decimals), or one search runs too long: those
    pairs get the benefit of the doubt, and the explanation says so.

    References
    ----------
    Anaya 2016; Allard 2018; Jung, scrutiny (see the module's references).

    Examples
    --------
    The scrutiny GRIMMER vignette's example, a mean of 7.3 and SD of 2.51 in 12:

    >>> grimmer("7.3", "2.51", 12).consistent
    False
    >>> grimmer("16.3", "4.4", 33).consistent
    True
    """
    reported = parse_reported(mean, "mean")
    spread = parse_reported(sd, "SD", nonnegative=True)
    n = parse_count(n)
    if n < 2:
        raise ConsistencyInputError("a sample SD needs at least 2 values; got n = 1")
    items = parse_count(items, "number of items")
    accepted = check_conventions(rounding)
    bounds = _scale(scale, reported, items)
    sums = _sums(reported, n, items, bounds)
    sd_ranges = {c: rounding_interval(spread, c, nonnegative=True) for c in CONVENTIONS}
    budget = SearchBudget()
    decided: dict[tuple[int, int], bool | None] = {}
    found: dict[str, dict[int, Sequence[int]]] = {}
    for convention in CONVENTIONS:
        found[convention] = {}
        for k in sums[convention]:
            allowed = _square_sums(n, items, k, sd_ranges[convention], bounds)
            squares: Sequence[int] = allowed
            needs_search = bounds is not None or n < 5  # else all are reachable (see _sums)
            if needs_search and len(decided) + len(allowed) <= _MOST_SEARCHED:
                for q in allowed:
                    if (k, q) not in decided:
                        decided[k, q] = attainable(n, k, q, scale=bounds, budget=budget)
                kept = tuple(q for q in allowed if decided[k, q] is not False)
                squares = allowed if len(kept) == len(allowed) else kept
            elif needs_search:
                decided[k, -1] = None  # too many to search: the necessary conditions decide
            if len(squares):
                found[convention][k] = squares
    fits = tuple(c for c in CONVENTIONS if found[c])
    merged: dict[int, list[Sequence[int]]] = {}
    for convention in accepted:
        for k, found_squares in found[convention].items():
            merged.setdefault(k, []).append(found_squares)
    candidates = tuple((k, _merge(merged[k])) for k in sorted(merged))
    consistent = bool(candidates)
    limits = None
    # Is it the scale that rules the SD out? Then say so instead of the parity argument.
    if (
        not consistent
        and scale is not None
        and any(len(sums[c]) for c in accepted)
        and grimmer(mean, sd, n, items=items, rounding=accepted).consistent
    ):
        limits = tuple(float(Fraction(str(end))) for end in scale)
    message, text = _grimmer_text(
        reported, spread, n, items, consistent, candidates, fits, sums, accepted, limits
    )
    if None in decided.values():
        text += TEXTS["grimmer.cut_short"]
    return ConsistencyResult("GRIMMER", consistent, fits, candidates, text, message=message)


def _grimmer_text(
    mean: Reported,
    sd: Reported,
    n: int,
    items: int,
    consistent: bool,
    candidates: tuple[tuple[int, Sequence[int]], ...],
    fits: tuple[str, ...],
    sums: dict[str, range],
    accepted: tuple[str, ...],
    limits: tuple[float, ...] | None,
) -> tuple[str, str]:
    """The message class and the explanation of a GRIMMER verdict."""
    who = _people(n, items)
    if consistent:
        k, squares = candidates[len(candidates) // 2]
        q = squares[len(squares) // 2]
        variance = (Fraction(q) - Fraction(k * k, n)) / (n - 1) / items**2
        text = fill(
            "grimmer.possible",
            mean=mean.text,
            sd=sd.text,
            who=who,
            k=k,
            q=q,
            mean_value=decimal_text(Fraction(k, n * items), mean.decimals + 2),
            sd_value=sqrt_text(variance, sd.decimals + 2),
        )
        if n * items >= 10**mean.decimals:
            text += fill(
                "grim.uncatchable", total=n * items, decimals=plural(mean.decimals, "decimal")
            )
        return "grimmer.possible", text
    if not any(len(sums[c]) for c in accepted):
        message = "grimmer.impossible.mean"
    elif limits is not None:
        message = "grimmer.impossible.scale"
    else:
        message = "grimmer.impossible.parity"
    lowest, highest = (f"{end:g}" for end in limits) if limits is not None else ("", "")
    text = fill(message, mean=mean.text, sd=sd.text, who=who, n=n, lowest=lowest, highest=highest)
    return message, text + other_conventions(fits)
