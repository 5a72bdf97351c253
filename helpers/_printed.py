"""Numbers as the paper prints them: the ``(k/n)`` fractions, and the claim ids.

The paper writes a count with its denominator as ``(k/n)``, usually after a
percentage (``"90.9% (10/11)"``). :func:`fractions` is the one parser of that
form; :func:`printed_fraction` (a claim of ``published_claims.csv``) and
:func:`helpers.context.printed_fractions` (the cited studies) both use it.
:func:`table1_claim_stem` makes the claim id of a Table 1 row, for the audit
that defines the claims and for the comparison that looks them up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers._format import slug
from helpers._frames import require_frame

__all__ = ["PrintedFraction", "fractions", "printed_fraction", "table1_claim_stem"]

_FRACTION = re.compile(r"(?:(?P<pct>\d+(?:\.\d+)?)%\s*)?\((?P<k>\d+)\s*/\s*(?P<n>\d+)\)")


@dataclass(frozen=True)
class PrintedFraction:
    """One printed ``(k/n)``: ``text`` as printed, the percentage before it (or None)."""

    text: str
    k: int
    n: int
    percent: str | None


def fractions(text: str) -> list[PrintedFraction]:
    """Every ``(k/n)`` in ``text``, with the ``x%`` printed right before it if any.

    Examples
    --------
    >>> [(f.percent, f.k, f.n) for f in fractions("CR 63% (69/110); MRD (12 / 20)")]
    [('63', 69, 110), (None, 12, 20)]
    """
    return [
        PrintedFraction(m.group(0), int(m["k"]), int(m["n"]), m["pct"])
        for m in _FRACTION.finditer(text)
    ]


def printed_fraction(claims: pd.DataFrame, claim_id: str) -> tuple[int, int]:
    """The ``(k/n)`` printed inside a claim, as ``(k, n)``.

    Parameters
    ----------
    claims : pandas.DataFrame
        :func:`helpers.data.load_published_claims` (or audit) output with columns
        ``claim_id`` and ``printed``.
    claim_id : str
        The claim, e.g. ``"abs-refractory-cr-rate"``.

    Raises
    ------
    KeyError
        If there is no such claim.
    ValueError
        If its printed text holds no ``(k/n)``.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["a"], "printed": ["90.9% (10/11)"]})
    >>> printed_fraction(claims, "a")
    (10, 11)
    """
    require_frame(claims, where="printed_fraction", name="claims", columns=["claim_id", "printed"])
    match = claims.loc[claims["claim_id"] == claim_id, "printed"]
    if match.empty:
        raise KeyError(f"no claim {claim_id!r}")
    found = fractions(str(match.iloc[0]))
    if not found:
        raise ValueError(f"claim {claim_id!r} prints no '(k/n)': {match.iloc[0]!r}")
    return found[0].k, found[0].n


def table1_claim_stem(section: str, category: str) -> str:
    """The ``published_claims.csv`` id stem of a Table 1 row.

    Examples
    --------
    >>> table1_claim_stem("age", "≤ 10")
    't1-age-le10'
    """
    category = category.replace("≤ ", "le").replace("> ", "gt").replace("< ", "lt")
    return f"t1-{slug(section)}-{slug(category)}"
