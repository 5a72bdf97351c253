"""Counts out of n: printed percentages, and DEBIT for the mean and SD of yes/no data.

A percentage of ``n`` people is ``100 k / n`` for a whole ``k`` from 0 to ``n``;
with small ``n`` most one-decimal percentages are impossible. For a variable
coded 0/1, the sample SD follows from the mean ``m = k / n``:
``sd = sqrt(n / (n - 1) * m * (1 - m))`` (Heathers and Brown 2019), so a
printed mean and SD of such a variable must agree for some whole ``k``.

References
----------
.. [1] Heathers JAJ, Brown NJL. DEBIT: a simple consistency test for binary
   data. OSF preprint 2019. https://osf.io/5vb3u/
.. [2] Brown NJL, Heathers JAJ. The GRIM test. Soc Psychol Personal Sci
   2017;8:363-9 (percentages are GRIM applied to 0/1 data).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from helpers.consistency._numbers import (
    CONVENTIONS,
    NEAREST,
    ConsistencyInputError,
    ImpossibleNumbersError,
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
from helpers.consistency._texts import TEXTS, either, fill

__all__ = ["debit", "percent_possible"]


def _counts(value: Reported, n: int, per: int) -> dict[str, range]:
    """For each convention, the ``k`` in 0..n whose ``per * k / n`` rounds to ``value``."""
    out = {}
    for convention in CONVENTIONS:
        ks = integers_in(rounding_interval(value, convention).scaled(Fraction(n, per)))
        out[convention] = range(max(ks.start, 0), min(ks.stop, n + 1))
    return out


def percent_possible(
    percent: str,
    n: int,
    *,
    count: int | None = None,
    rounding: Iterable[str] = NEAREST,
) -> ConsistencyResult:
    """Is the printed percentage ``100 k / n`` for some whole ``k`` (or for the printed count)?

    Parameters
    ----------
    percent : str
        The percentage as printed, as text, without the % sign (``"63.7"``).
    n : int
        The denominator: number of people the percentage is of.
    count : int, optional
        The count printed with the percentage; when given, it must be one of the
        ``k`` that fit.
    rounding : str or iterable of str, optional
        Rounding conventions accepted for the verdict (default: to the nearest).

    Returns
    -------
    ConsistencyResult
        ``candidates`` is the range of counts ``k`` that fit.

    Raises
    ------
    ConsistencyInputError
        Unreadable or negative percentage, one above 100, ``n`` below 1, or a
        count above ``n``.

    Examples
    --------
    Table 1 of Xie et al. 2023 prints 21 boys of 33 as 63.7 %:

    >>> percent_possible("63.7", 33).consistent  # 21/33 = 63.64 %, 22/33 = 66.67 %
    False
    >>> percent_possible("63.6", 33, count=21).candidates
    range(21, 22)
    """
    reported = parse_reported(percent, "percentage", nonnegative=True)
    if reported.value > 100:
        raise ImpossibleNumbersError(f"a percentage cannot be above 100; got {reported.text}")
    n = parse_count(n)
    accepted = check_conventions(rounding)
    ks = every = _counts(reported, n, 100)
    if count is not None:
        count = parse_count(count, "count", minimum=0)
        if count > n:
            raise ImpossibleNumbersError(f"the count {count} is larger than n = {n}")
        ks = {c: range(count, count + 1) if count in r else range(0) for c, r in ks.items()}
    fits = tuple(c for c in CONVENTIONS if len(ks[c]))
    candidates = union_ranges(ks[c] for c in accepted)
    consistent = bool(len(candidates))
    places = reported.decimals + 2

    def share(k: int) -> str:
        return fill("percent.share", k=k, n=n, value=decimal_text(Fraction(100 * k, n), places))

    if consistent:
        message = "percent.possible"
        text = fill(message, percent=reported.text, n=n, share=share(candidates[0]))
    elif count is not None and len(others := union_ranges(every[c] for c in accepted)):
        message = "percent.count"
        text = fill(
            message,
            share=share(count),
            percent=reported.text,
            n=n,
            others=either([str(k) for k in others]),
        )
    else:
        below = min(max(int(reported.value * n // 100), 0), n)
        near = [
            fill("percent.near", k=k, n=n, value=decimal_text(Fraction(100 * k, n), places))
            for k in (below, below + 1)
            if k <= n
        ]
        if fits == ("truncation",):
            message = "percent.truncated"
            text = fill(
                message,
                percent=reported.text,
                n=n,
                near=either(near, "and"),
                share=share(ks["truncation"][0]),
            )
        else:
            message = "percent.impossible"
            text = fill(
                message,
                percent=reported.text,
                n=n,
                each=decimal_text(Fraction(100, n), places),
                near=either(near, "and"),
            )
    if not consistent and message != "percent.truncated":
        text += other_conventions(fits)
    return ConsistencyResult("percentage", consistent, fits, candidates, text, message=message)


def _binary_sd(k: int, n: int, *, population: bool = False) -> Fraction:
    """The squared SD of ``k`` ones and ``n - k`` zeros (divisor ``n`` if ``population``)."""
    return Fraction(k * (n - k), n * n if population else n * (n - 1))


def debit(mean: str, sd: str, n: int, *, rounding: Iterable[str] = NEAREST) -> ConsistencyResult:
    """DEBIT: do the printed mean and sample SD of a yes/no (0/1) variable agree?

    Parameters
    ----------
    mean : str
        The mean of the 0/1 variable, i.e. the proportion of ones, as text (``"0.35"``).
    sd : str
        Its sample SD (divisor ``n - 1``), as text.
    n : int
        Number of people; at least 2.
    rounding : str or iterable of str, optional
        Rounding conventions accepted for the verdict (default: to the nearest);
        the same convention is applied to the mean and the SD.

    Returns
    -------
    ConsistencyResult
        ``candidates`` is the tuple of numbers of ones ``k`` whose mean and SD
        both round to the printed values.

    Notes
    -----
    Heathers and Brown evaluate the SD formula over the whole rounding interval
    of the mean. Here only means ``k / n`` that whole counts can produce are
    used, which is the same test with GRIM built in (scrutiny's
    ``formula = "exact"``); it never rejects a real 0/1 sample.

    References
    ----------
    Heathers and Brown 2019 (see the module's references).

    Examples
    --------
    The example of the scrutiny DEBIT vignette (a mean of 0.35 and SD of 0.18 in 20):

    >>> debit("0.35", "0.18", 20).consistent  # 7 of 20 gives an SD of 0.489
    False
    >>> debit("0.35", "0.49", 20).candidates
    (7,)
    """
    reported = parse_reported(mean, "mean")
    if not 0 <= reported.value <= 1:
        raise ConsistencyInputError(
            f"the mean of a yes/no variable coded 0 and 1 lies between 0 and 1; got {reported.text}"
        )
    spread = parse_reported(sd, "SD", nonnegative=True)
    n = parse_count(n)
    if n < 2:
        raise ConsistencyInputError("a sample SD needs at least 2 values; got n = 1")
    accepted = check_conventions(rounding)
    ks = _counts(reported, n, 1)
    found: dict[str, tuple[int, ...]] = {}
    for convention in CONVENTIONS:
        band = rounding_interval(spread, convention, nonnegative=True)
        squared = Interval(band.lo**2, band.hi**2, band.lo_closed, band.hi_closed)
        found[convention] = tuple(k for k in ks[convention] if _binary_sd(k, n) in squared)
    fits = tuple(c for c in CONVENTIONS if found[c])
    candidates = tuple(sorted({k for c in accepted for k in found[c]}))
    consistent = bool(candidates)

    def described(k: int, population: bool = False) -> str:
        return fill(
            "debit.count",
            k=k,
            n=n,
            mean_value=decimal_text(Fraction(k, n), reported.decimals + 1),
            sd_value=sqrt_text(_binary_sd(k, n, population=population), spread.decimals + 1),
        )

    population: list[int] = []
    for convention in accepted:
        band = rounding_interval(spread, convention, nonnegative=True)
        squared = Interval(band.lo**2, band.hi**2, band.lo_closed, band.hi_closed)
        population += [k for k in ks[convention] if _binary_sd(k, n, population=True) in squared]
    alternative = ""

    words = {"intro": TEXTS["debit.intro"], "mean": reported.text, "sd": spread.text, "n": n}
    if consistent:
        message = "debit.fits"
        text = fill(message, counts=described(candidates[0]), **words)
    else:
        nearest = union_ranges(ks[c] for c in accepted)
        if len(nearest):
            message = "debit.impossible.sd"
            shown = either([described(k) for k in sorted({nearest[0], nearest[-1]})])
            text = fill(message, counts=shown, **words)
        else:
            message = "debit.impossible.mean"
            text = fill(message, **words)
        if population:
            alternative = "verdict.population_sd"
            text += fill("debit.population", counts=described(min(population), True))
        else:
            text += other_conventions(fits)
    return ConsistencyResult(
        "DEBIT", consistent, fits, candidates, text, message=message, alternative=alternative
    )
