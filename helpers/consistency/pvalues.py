"""Does a printed p-value follow from its printed test statistic? (the statcheck rule)

A printed statistic such as ``t(28) = 2.20`` stands for any value that rounds
to 2.20, so it gives a range of p-values, not one. The printed p is consistent
when its own range (``p = .04`` stands for 0.035 to 0.045; ``p < .05`` for
anything below 0.05) meets that range (Nuijten et al. 2016). An inconsistency
is a *decision error* when the two sides of 0.05 differ: the printed p says
significant and every recomputed p says not, or the reverse. A printed
``p = .05`` counts as significant, as in statcheck.

References
----------
.. [1] Nuijten MB, Hartgerink CHJ, van Assen MALM, Epskamp S, Wicherts JM. The
   prevalence of statistical reporting errors in psychology (1985-2013).
   Behav Res Methods 2016;48:1205-26. doi:10.3758/s13428-015-0664-2
.. [2] Nuijten MB, Epskamp S. statcheck: extract statistics from articles and
   recompute p-values (R package). https://github.com/MicheleNuijten/statcheck
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from fractions import Fraction

from scipy import stats

from helpers.consistency._numbers import (
    CONVENTIONS,
    NEAREST,
    ConsistencyInputError,
    Reported,
    check_conventions,
    parse_reported,
    rounding_interval,
)
from helpers.consistency._results import PValueResult, other_conventions
from helpers.consistency._texts import TEXTS, fill

__all__ = ["TESTS", "p_from_statistic"]

#: The tests understood, with the names a paper may print for them.
TESTS: dict[str, str] = {
    "z": "z",
    "t": "t",
    "f": "F",
    "chi2": "chi2",
    "chi²": "chi2",
    "χ2": "chi2",
    "χ²": "chi2",
    "x2": "chi2",
    "r": "r",
}
_LABEL = {"z": "Z", "t": "t", "F": "F", "chi2": "chi-squared", "r": "r"}
_P = re.compile(r"\s*(?:p\s*)?(?P<cmp><=|>=|≤|≥|<|>|=)?\s*(?P<num>\S+)\s*", re.IGNORECASE)
_COMPARATOR = {"≤": "<=", "≥": ">=", None: "="}


def _parse_p(text: object) -> tuple[str, Reported]:
    """A printed p-value: its comparator (``=``, ``<``, ``>``, ``<=``, ``>=``) and number."""
    if not isinstance(text, str) or not (match := _P.fullmatch(text)):
        raise ConsistencyInputError(
            f'could not read the p-value {text!r}: expected text such as "0.095", "= .04", '
            '"< 0.001" or "p < .05"'
        )
    comparator = _COMPARATOR.get(match["cmp"], match["cmp"])
    value = parse_reported(match["num"], "p-value", nonnegative=True)
    if value.value > 1:
        raise ConsistencyInputError(f"a p-value cannot be above 1; got {text!r}")
    return comparator, value


def _positive(value: object, what: str) -> float:
    """A positive number of degrees of freedom."""
    try:
        number = Fraction(str(value).strip())
    except (TypeError, ValueError):
        number = Fraction(-1)
    if number <= 0:
        raise ConsistencyInputError(f"the {what} must be a positive number; got {value!r}")
    return float(number)


def _degrees(test: str, df: object) -> tuple[float, ...]:
    """Validated degrees of freedom for ``test``."""
    example = {"t": "t(28) = 2.1: df=28", "chi2": "chi2(1) = 3.9: df=1", "r": "r(31) = .35: df=31"}
    if test == "z":
        if df is not None:
            raise ConsistencyInputError(f"a z test has no degrees of freedom; got df={df!r}")
        return ()
    if test == "F":
        if not isinstance(df, tuple | list) or len(df) != 2:
            raise ConsistencyInputError(
                "an F test needs its two degrees of freedom as a pair, as in F(2, 30) = 3.4: "
                f"df=(2, 30); got df={df!r}"
            )
        return _positive(df[0], "first F degrees of freedom"), _positive(df[1], "second F df")
    if df is None or isinstance(df, tuple | list):
        raise ConsistencyInputError(
            f"a {_LABEL[test]} test needs one number of degrees of freedom, as in "
            f"{example[test]}; got df={df!r}"
        )
    return (_positive(df, "degrees of freedom"),)


def _p_function(test: str, df: tuple[float, ...], tails: int) -> Callable[[float], float]:
    """The p-value as a function of the statistic's size."""
    if test == "z":
        return lambda x: min(1.0, tails * float(stats.norm.sf(x)))
    if test == "t":
        return lambda x: min(1.0, tails * float(stats.t.sf(x, df[0])))
    if test == "F":
        return lambda x: float(stats.f.sf(x, df[0], df[1]))
    if test == "chi2":
        return lambda x: float(stats.chi2.sf(x, df[0]))

    def from_r(x: float) -> float:
        if x >= 1:
            return 0.0
        return min(1.0, tails * float(stats.t.sf(x * math.sqrt(df[0] / (1 - x * x)), df[0])))

    return from_r


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two closed intervals share a point (floating point cannot tell open ends)."""
    return a[0] <= b[1] and b[0] <= a[1]


def _printed_range(comparator: str, p: Reported, convention: str) -> tuple[float, float]:
    """The p-values the printed one stands for."""
    if comparator == "=":
        band = rounding_interval(p, convention, nonnegative=True)
        return float(band.lo), min(float(band.hi), 1.0)
    value = float(p.value)
    return (0.0, value) if comparator in ("<", "<=") else (value, 1.0)


def _p_text(x: float) -> str:
    """A recomputed p-value for the explanation."""
    return TEXTS["p.small"] if x < 0.0001 else f"{x:.4f}"


def p_from_statistic(
    test: str,
    statistic: str,
    p: str,
    *,
    df: float | tuple[float, float] | None = None,
    tails: int = 2,
    alpha: float = 0.05,
    rounding: Iterable[str] = NEAREST,
) -> PValueResult:
    """Recompute a p-value from its printed statistic and compare it with the printed p.

    Parameters
    ----------
    test : str
        ``"z"``, ``"t"``, ``"F"``, ``"chi2"`` or ``"r"`` (case-insensitive; ``"χ2"`` works).
    statistic : str
        The statistic as printed, as text (``"1.672"``; a minus sign is allowed for z, t, r).
    p : str
        The p-value as printed: ``"0.095"``, ``"=0.04"``, ``"<0.001"``, ``"< .05"``.
    df : number or (number, number), optional
        Degrees of freedom: none for z, one number for t and chi2, ``n - 2``
        for r, the pair ``(df1, df2)`` for F.
    tails : {2, 1}, optional
        Two-sided (default) or one-sided p for z, t and r; F and chi2 use
        their upper tail and accept only the default.
    alpha : float, optional
        Significance level for the decision error (default 0.05).
    rounding : str or iterable of str, optional
        Rounding conventions accepted for the verdict (default: to the nearest).

    Returns
    -------
    PValueResult
        ``candidates`` is the recomputed range ``(lowest p, highest p)``.

    Raises
    ------
    ConsistencyInputError
        Unknown test, missing or bad ``df``, unreadable statistic or p, a negative
        F or chi2, an r outside -1 to 1, a p above 1.

    Examples
    --------
    Table 6 of Xie et al. 2023 prints Z = 1.672 with P = 0.095 for IgG:

    >>> result = p_from_statistic("z", "1.672", "0.095")
    >>> result.consistent, round(result.p_recomputed, 4)
    (True, 0.0945)

    From statcheck's tests, a decision error:

    >>> result = p_from_statistic("t", "2.20", ".06", df=28)
    >>> result.consistent, result.decision_error
    (False, True)
    """
    name = TESTS.get(str(test).strip().lower()) if isinstance(test, str) else None
    if name is None:
        raise ConsistencyInputError(f'unknown test {test!r}: expected "z", "t", "F", "chi2" or "r"')
    degrees = _degrees(name, df)
    if tails not in (1, 2) or (name in ("F", "chi2") and tails != 2):
        allowed = "2 (F and chi2 use their upper tail)" if name in ("F", "chi2") else "1 or 2"
        raise ConsistencyInputError(f"tails must be {allowed}; got {tails!r}")
    printed = parse_reported(statistic, f"{_LABEL[name]} statistic")
    if name in ("F", "chi2") and printed.value < 0:
        raise ConsistencyInputError(
            f"{'an' if name == 'F' else 'a'} {_LABEL[name]} statistic cannot be negative; "
            f"got {statistic!r}"
        )
    if name == "r" and abs(printed.value) > 1:
        raise ConsistencyInputError(f"a correlation r lies between -1 and 1; got {statistic!r}")
    comparator, reported_p = _parse_p(p)
    accepted = check_conventions(rounding)
    result = _compare(name, degrees, tails, printed, comparator, reported_p, accepted, alpha)
    label = _statistic_label(name, degrees, printed)
    message, text = _explain(label, tails, comparator, reported_p, result, alpha)
    alternative = ""
    if not result["consistent"] and tails == 2 and name in ("z", "t", "r"):
        one = _compare(name, degrees, 1, printed, comparator, reported_p, accepted, alpha)
        if one["consistent"]:
            text += TEXTS["p.one_sided"]
            alternative = "verdict.one_sided"
    return PValueResult(
        "p-value",
        result["consistent"],
        result["fits"],
        result["p_range"],
        text,
        decision_error=result["decision_error"],
        p_recomputed=result["p_exact"],
        p_range=result["p_range"],
        message=message,
        alternative=alternative,
    )


def _compare(
    name: str,
    degrees: tuple[float, ...],
    tails: int,
    printed: Reported,
    comparator: str,
    reported_p: Reported,
    accepted: tuple[str, ...],
    alpha: float,
) -> dict:
    """Recomputed p ranges per convention, the verdict and the decision error."""
    p_at = _p_function(name, degrees, tails)
    cache: dict[float, float] = {}

    def p_of(x: float) -> float:
        if x not in cache:
            cache[x] = p_at(x)
        return cache[x]

    size = Reported(abs(printed.value), printed.decimals, printed.text)
    ranges = {}
    for convention in CONVENTIONS:
        band = rounding_interval(size, convention, nonnegative=True)
        hi = min(band.hi, Fraction(1)) if name == "r" else band.hi
        ranges[convention] = (p_of(float(hi)), p_of(float(band.lo)))
    fits = tuple(
        c for c in CONVENTIONS if _overlap(ranges[c], _printed_range(comparator, reported_p, c))
    )
    consistent = any(c in fits for c in accepted)
    p_range = (min(ranges[c][0] for c in accepted), max(ranges[c][1] for c in accepted))
    value = float(reported_p.value)
    said: bool | None = {"=": value <= alpha, "<": True, "<=": True, ">": False, ">=": False}[
        comparator
    ]
    if (comparator in ("<", "<=") and value > alpha) or (
        comparator in (">", ">=") and value < alpha
    ):
        said = None  # "p < 0.10" or "p > 0.01" says nothing about 0.05
    found = True if p_range[1] <= alpha else False if p_range[0] > alpha else None
    decision = not consistent and said is not None and found is not None and said != found
    return {
        "same_side": said is not None and said == found,
        "consistent": consistent,
        "fits": fits,
        "p_range": p_range,
        "p_exact": p_of(float(size.value)),
        "decision_error": decision,
    }


def _statistic_label(name: str, degrees: tuple[float, ...], printed: Reported) -> str:
    """``"t(28) = 2.20"``."""
    shown = ", ".join(f"{d:g}" for d in degrees)
    return fill(
        "p.label", name=_LABEL[name], df=f"({shown})" if shown else "", statistic=printed.text
    )


def _explain(
    label: str, tails: int, comparator: str, reported_p: Reported, result: dict, alpha: float
) -> tuple[str, str]:
    """The message class and the explanation of a p-value verdict."""
    one_tail = not label.startswith((_LABEL["F"], _LABEL["chi2"]))
    sided = fill("p.sided", tails=TEXTS[f"tails.{tails}"]) if one_tail else ""
    lowest, highest = result["p_range"]
    recomputed = fill(
        "p.recomputed",
        label=label,
        sided=sided,
        p=_p_text(result["p_exact"]),
        lowest=_p_text(lowest),
        highest=_p_text(highest),
    )
    if result["consistent"]:
        message = "p.agrees"
    elif result["decision_error"]:
        message = "p.decision"
    elif result["same_side"]:
        message = "p.same_side"
    else:
        message = "p.disagrees"
    side = TEXTS["p.significant" if highest <= alpha else "p.not_significant"]
    text = fill(
        message,
        recomputed=recomputed,
        comparator=comparator,
        printed=reported_p.text,
        side=side,
        alpha=f"{alpha:g}",
    )
    if not result["consistent"]:
        text += other_conventions(result["fits"], "subject.agree")
    return message, text
