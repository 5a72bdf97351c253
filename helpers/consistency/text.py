"""Read a printed result pasted by a reader and run the check that fits it.

:func:`check_text` understands the forms papers use most:

* a test statistic with its p-value: ``Z = 1.672, p = 0.095``,
  ``t(28) = 2.1, p = .04``, ``F(2, 30) = 3.4, p = 0.046``,
  ``chi2(1) = 3.9, p = 0.048`` (also ``χ²``), ``r(31) = .35, p = .04``;
* a count with its percentage and denominator: ``21 (63.7%) of 33``,
  ``21/33 (63.7%)``, ``63.7% (21/33)``, ``63.7% of 33``;
* a mean with its SD and n: ``7.6 ± 3.7, n = 33``, ``7.6 (3.7), n=33``,
  ``M = 7.6, SD = 3.7, N = 33``;
* a mean with its n: ``mean 7.6, n = 33``;
* the mean and SD of a yes/no variable coded 0 and 1, for DEBIT, when the text
  says so (``binary``, ``yes/no``, ``0/1``, ``proportion`` or ``dichotomous``):
  ``binary 0.35 ± 0.48, n = 20``.

Text that matches none of these raises :class:`UnreadableTextError`, whose
message lists :data:`EXAMPLES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from helpers.consistency._numbers import ConsistencyInputError
from helpers.consistency._results import ConsistencyResult
from helpers.consistency._texts import fill
from helpers.consistency.means import grim, grimmer
from helpers.consistency.proportions import debit, percent_possible
from helpers.consistency.pvalues import p_from_statistic

__all__ = ["EXAMPLES", "TextCheck", "UnreadableTextError", "check_text", "text_patterns"]

#: What :func:`check_text` can read, one example per form (shown when it cannot).
EXAMPLES: tuple[str, ...] = (
    "7.6 ± 3.7, n = 33",
    "7.6 (3.7), n = 33",
    "mean 7.6, n = 33",
    "21 (63.7%) of 33",
    "21/33 (63.7%)",
    "Z = 1.672, p = 0.095",
    "t(28) = 2.1, p = .04",
    "F(2, 30) = 3.4, p = 0.046",
    "chi2(1) = 3.9, p = 0.048",
    "r(31) = .35, p = .04",
    "binary 0.35 ± 0.48, n = 20",
)

_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_INT = r"\d+"
_STATISTIC = re.compile(
    rf"(?<![A-Za-z])(?P<test>z|t|f|chi2|chi²|χ2|χ²|x2|r)\s*"
    rf"(?:\(\s*(?P<df1>{_NUM})\s*(?:[,;]\s*(?P<df2>{_NUM})\s*)?\))?\s*=\s*(?P<stat>{_NUM})"
    rf"\s*[,;]?\s*p\s*(?P<p>(?:<=|>=|≤|≥|<|>|=)\s*{_NUM})",
    re.IGNORECASE,
)
_PERCENT_FORMS = (
    # 21 (63.7%) of 33   /   21 (63.7) of 33
    re.compile(
        rf"(?P<k>{_INT})\s*\(\s*(?P<pct>{_NUM})\s*%?\s*\)\s*(?:of|/|out of)\s*(?P<n>{_INT})"
    ),
    # 21/33 (63.7%)   /   21 of 33 (63.7%)
    re.compile(rf"(?P<k>{_INT})\s*(?:/|of|out of)\s*(?P<n>{_INT})\s*\(\s*(?P<pct>{_NUM})\s*%\s*\)"),
    # 63.7% (21/33)
    re.compile(rf"(?P<pct>{_NUM})\s*%\s*\(\s*(?P<k>{_INT})\s*/\s*(?P<n>{_INT})\s*\)"),
    # 63.7% of 33   /   63.7%, n = 33
    re.compile(rf"(?P<pct>{_NUM})\s*%\s*(?:of|,?\s*\(?\s*n\s*=)\s*(?P<n>{_INT})", re.IGNORECASE),
)
_N = re.compile(rf"(?<![A-Za-z])n\s*=\s*(?P<n>{_INT})(?![\d.])", re.IGNORECASE)
_MEAN_SD = (
    re.compile(rf"(?P<mean>{_NUM})\s*(?:±|\+/-|\+-|\+/−)\s*(?P<sd>{_NUM})"),
    re.compile(rf"(?P<mean>{_NUM})\s*\(\s*(?:SD\s*=?\s*)?(?P<sd>{_NUM})\s*\)", re.IGNORECASE),
    re.compile(
        rf"(?<![A-Za-z])(?:mean|M)\s*[=:]?\s*(?P<mean>{_NUM})\s*[,;]\s*(?:SD|s\.d\.)\s*[=:]?\s*(?P<sd>{_NUM})",
        re.IGNORECASE,
    ),
)
_MEAN = re.compile(
    rf"(?<![A-Za-z])(?:(?:mean|average)(?:\s+[A-Za-z]+){{0,3}}|M)\s*(?:[=:]|of|was|is)?\s*"
    rf"(?P<mean>{_NUM})",
    re.IGNORECASE,
)
_BINARY = re.compile(r"(?<![A-Za-z])(?:binary|dichotomous|yes/no|0/1|proportion)", re.IGNORECASE)
_MINUS_SIGNS = {"\u2212": "-", "\u2013": "-", "\u00a0": " "}
_MINUS = str.maketrans(_MINUS_SIGNS)


def text_patterns() -> dict[str, Any]:
    """The patterns :func:`check_text` reads with, in the order it tries them.

    For the static site, which reads pasted text with the same patterns
    (``tools/site_consistency.py`` turns them into JavaScript). Each pattern is
    ``(source, ignore_case)``.
    """

    def pair(pattern: re.Pattern[str]) -> tuple[str, bool]:
        return pattern.pattern, bool(pattern.flags & re.IGNORECASE)

    return {
        "replace": dict(_MINUS_SIGNS),
        "statistic": pair(_STATISTIC),
        "percent": [pair(form) for form in _PERCENT_FORMS],
        "n": pair(_N),
        "mean_sd": [pair(form) for form in _MEAN_SD],
        "binary": pair(_BINARY),
        "mean": pair(_MEAN),
    }


@dataclass(frozen=True)
class TextCheck:
    """What :func:`check_text` read and the result of the check it ran.

    Attributes
    ----------
    check : str
        The function run: ``"grim"``, ``"grimmer"``, ``"debit"``, ``"percent_possible"``
        or ``"p_from_statistic"``.
    arguments : tuple of (str, object)
        Its arguments, as ``(name, value)`` pairs (``dict(arguments)`` to call it again).
    read_as : str
        What was read, in words, for the reader to confirm.
    result : ConsistencyResult
        The verdict and its explanation.
    """

    check: str
    arguments: tuple[tuple[str, object], ...]
    read_as: str
    result: ConsistencyResult


class UnreadableTextError(ConsistencyInputError):
    """Text that :func:`check_text` cannot read; the message lists :data:`EXAMPLES`.

    Attributes
    ----------
    text : str
        The text given.
    reason : str
        Why it could not be read, in words.
    """

    def __init__(self, text: str, reason: str) -> None:
        shown = "; ".join(f'"{example}"' for example in EXAMPLES)
        super().__init__(f"could not read {text!r}: {reason}. Text that can be read: {shown}")
        self.text = text
        self.reason = reason


#: Why text could not be read, by key (the static site shows the same words).
REASONS: dict[str, str] = {
    "empty": "there is no text",
    "mean_sd_n": "a mean and SD need the number of people, as in n = 33",
    "mean_n": "a mean needs the number of people, as in n = 33",
    "no_form": "it is not a mean with its n, a percentage of n, or a test with its p",
}


def _cannot_read(text: str, why: str) -> UnreadableTextError:
    return UnreadableTextError(text, REASONS[why])


def check_text(text: str) -> TextCheck:
    """Read a pasted result (``"7.6 ± 3.7, n = 33"``, ``"Z = 1.672, p = 0.095"``) and check it.

    Parameters
    ----------
    text : str
        One printed result; see :data:`EXAMPLES` for the forms understood.

    Returns
    -------
    TextCheck
        The check run, its arguments, what was read and the result.

    Raises
    ------
    UnreadableTextError
        If the text matches no form (the message lists examples that do).
    ConsistencyInputError
        If the numbers read are not valid for the check (n below 1, a percentage
        above 100...).

    Examples
    --------
    >>> checked = check_text("21 (63.7%) of 33")
    >>> checked.check, checked.result.consistent
    ('percent_possible', False)
    >>> check_text("t(28) = 2.1, p = .04").read_as
    't test, t(28) = 2.1, p = .04'
    """
    if not isinstance(text, str) or not text.strip():
        raise _cannot_read(str(text), "empty")
    clean = " ".join(text.translate(_MINUS).split())
    if match := _STATISTIC.search(clean):
        return _statistic(match)
    for form in _PERCENT_FORMS:
        if match := form.search(clean):
            return _percent(match)
    n_match = _N.search(clean)
    rest = clean[: n_match.start()] + clean[n_match.end() :] if n_match else clean
    for form in _MEAN_SD:
        if match := form.search(rest):
            if not n_match:
                raise _cannot_read(text, "mean_sd_n")
            mean, sd, n = match["mean"], match["sd"], int(n_match["n"])
            arguments = (("mean", mean), ("sd", sd), ("n", n))
            if _BINARY.search(rest):
                read = fill("read.debit", mean=mean, sd=sd, n=n)
                return TextCheck("debit", arguments, read, debit(mean, sd, n))
            read = fill("read.grimmer", mean=mean, sd=sd, n=n)
            return TextCheck("grimmer", arguments, read, grimmer(mean, sd, n))
    if match := _MEAN.search(rest):
        if not n_match:
            raise _cannot_read(text, "mean_n")
        mean, n = match["mean"], int(n_match["n"])
        read = fill("read.grim", mean=mean, n=n)
        return TextCheck("grim", (("mean", mean), ("n", n)), read, grim(mean, n))
    raise _cannot_read(text, "no_form")


def _statistic(match: re.Match[str]) -> TextCheck:
    test = match["test"].lower()
    test = {"f": "F"}.get(test, test)
    p = match["p"].replace(" ", "")
    if match["df2"] is not None:
        df: object = (_number(match["df1"]), _number(match["df2"]))
    elif match["df1"] is not None:
        df = _number(match["df1"])
    else:
        df = None
    arguments = (("test", test), ("statistic", match["stat"]), ("p", p), ("df", df))
    shown_df = f"({match['df1']}{', ' + match['df2'] if match['df2'] else ''})" if df else ""
    name = {"z": "Z", "t": "t", "F": "F", "r": "r"}.get(test, "chi2")
    read = fill(
        "read.statistic",
        test=name if test != "z" else "z",
        name=name,
        df=shown_df,
        statistic=match["stat"],
        p=_spaced(p),
    )
    result = p_from_statistic(test, match["stat"], p, df=df)  # type: ignore[arg-type]
    return TextCheck("p_from_statistic", arguments, read, result)


def _percent(match: re.Match[str]) -> TextCheck:
    groups = match.groupdict()
    count = int(groups["k"]) if groups.get("k") else None
    n = int(groups["n"])
    arguments: tuple[tuple[str, object], ...] = (("percent", groups["pct"]), ("n", n))
    read = fill("read.percent", percent=groups["pct"], n=n)
    if count is not None:
        arguments += (("count", count),)
        read = fill("read.percent_count", count=count, n=n, percent=groups["pct"])
    result = percent_possible(groups["pct"], n, count=count)
    return TextCheck("percent_possible", arguments, read, result)


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _spaced(p: str) -> str:
    """``"<.05"`` -> ``"< .05"``."""
    return re.sub(r"^(<=|>=|≤|≥|<|>|=)", r"\1 ", p)
