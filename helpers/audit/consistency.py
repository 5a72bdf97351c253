"""The audit's consistency column: can the printed numbers all be true together?

Many claims cannot be recomputed from the per-child tables (the mean age, the
sex split, the Abstract's survival percentages without their counts). They can
still be checked against each other, without any data (:mod:`helpers.consistency`):
a percentage of ``n`` people must be ``k / n`` for a whole ``k``, and the count
printed beside it must be that ``k``; a mean and SD of whole numbers must be
possible for ``n`` people (GRIMMER); a printed p-value must follow from its
printed test statistic.

For each claim, :func:`consistency_checks` writes the text a reader would paste
into the "Check a paper yourself" form (``"21 (63.7%) of 33"``,
``"7.6 ± 3.7, n = 33"``, ``"Z = 1.672, p = 0.095"``) and runs
:func:`helpers.consistency.check_text` on it, so the audit and the form give
the same verdict and explanation.

Denominators
------------
A claim that prints its own ``(k/n)`` gives its ``n``. The cells of Tables 1
and 3 are percentages of the children (Table 2's rows), those of Table 5 of
the transplanted children (Table 4's), as in :mod:`helpers.audit.cells`. For
the sentences of the text, :data:`DENOMINATORS` names what each percentage,
mean and SD is of: the children, the transplanted children, or another claim
(the same figure printed with its fraction elsewhere, or a printed total).

References
----------
Brown NJL, Heathers JAJ. The GRIM test. Soc Psychol Personal Sci 2017;8:363-9.
Nuijten MB, et al. Behav Res Methods 2016;48:1205-26 (statcheck).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from helpers._format import slug
from helpers.audit._input import AuditInput
from helpers.audit._rules import STATUSES
from helpers.consistency import (
    TEXTS,
    ConsistencyInputError,
    ImpossibleNumbersError,
    check_text,
    verdict,
)

__all__ = [
    "DENOMINATORS",
    "NOT_APPLICABLE",
    "VERDICTS",
    "ClaimCheck",
    "claim_checks",
    "consistency_by_status",
    "consistency_checks",
]

#: The verdict of a claim no consistency check applies to.
NOT_APPLICABLE = "not applicable"

#: The values of the audit's ``consistency`` column, most reassuring first.
VERDICTS: tuple[str, ...] = (
    TEXTS["verdict.possible"],
    TEXTS["verdict.truncation"],
    TEXTS["verdict.one_sided"],
    TEXTS["verdict.population_sd"],
    TEXTS["verdict.impossible"],
    NOT_APPLICABLE,
)

CHILDREN = "children"
TRANSPLANTED = "transplanted"

_RESULTS_33_COUNTS = (
    "fever",
    "leukopenia",
    "hypokalemia",
    "thrombocytopenia",
    "liver",
    "hypocalcemia",
    "oliguria-edema",
    "cardiotoxicity",
    "coagulation",
    "hypertension",
    "uric-acid",
    "crs",
    "icans",
)

#: What the percentages, means and SDs of the text are of, when the claim does not
#: print its own ``(k/n)``: ``"children"`` (Table 2's), ``"transplanted"`` (Table 4's
#: children), or the id of another claim: the ``n`` of the ``(k/n)`` printed with that
#: claim (the same figure, printed with its fraction elsewhere), or else its value.
DENOMINATORS: dict[str, str] = {
    # Abstract: survival by group, printed with their fractions in Results 3.2 and 3.5
    "abs-os-cr": "r32-os-cr",
    "abs-os-noncr": "r32-os-noncr",
    "abs-dfs-cr": "r32-dfs-cr",
    "abs-dfs-noncr": "r32-dfs-noncr",
    "abs-os-hsct": "r35-os-hsct",
    "abs-os-nohsct": "r35-os-nohsct",
    "abs-dfs-hsct": "r35-dfs-hsct",
    "abs-dfs-nohsct": "r35-dfs-nohsct",
    "d-os-hsct": "r35-os-hsct",
    # toxicity and the baseline text: of the 33 children
    **dict.fromkeys(
        (
            "abs-crs-n",
            "abs-crs-pct",
            "abs-severe-crs-n",
            "abs-severe-crs-pct",
            "abs-icans-n",
            "abs-icans-pct",
            "abs-icans-severe-n",
            "r31-male-pct",
            "r31-female-pct",
            "r31-refractory-n",
            "r31-relapse-n",
            *(f"r33-{event}-all-n" for event in _RESULTS_33_COUNTS),
            *(
                f"r33-{event}-severe-n"
                for event in (
                    "leukopenia",
                    "fever",
                    "thrombocytopenia",
                    "liver",
                    "hypocalcemia",
                    "hypokalemia",
                    "crs",
                )
            ),
            # means and SDs: age and course length of each child
            "m21-age-mean",
            "m21-age-sd",
            "d-course-mean",
            "d-course-sd",
        ),
        CHILDREN,
    ),
    # grade 3 or higher: a share of the 163 adverse events, not of children
    "r33-ae-severe-total": "r33-ae-total",
    "r33-ae-severe-pct": "r33-ae-total",
    # engraftment: of the transplanted children, every one engrafted
    "r34-engraftment-rate": TRANSPLANTED,
    "r34-neutrophil-mean": TRANSPLANTED,
    "r34-neutrophil-sd": TRANSPLANTED,
    "r34-platelet-mean": TRANSPLANTED,
    "r34-platelet-sd": TRANSPLANTED,
}

#: Table cells: the population of each table of counts.
_TABLE_DENOMINATORS = {"Table 1": CHILDREN, "Table 3": CHILDREN, "Table 5": TRANSPLANTED}

_NUMBER = r"\d+(?:\.\d+)?"
_FRACTION = re.compile(r"\(\s*(?P<k>\d+)\s*/\s*(?P<n>\d+)")  # "(29/33" lacks its ")" once
_LEADING_COUNT = re.compile(rf"^(?P<k>\d+)(?:\s+[A-Za-z]+)?\s*\(\s*{_NUMBER}\s*%?\s*\)")
_COUNT_PERCENT = re.compile(rf"\((?:\s*\d+\s+cases?,)?\s*(?P<pct>{_NUMBER})\s*%\s*\)")
_CELL = re.compile(rf"\s*\d+\s*\(\s*(?P<pct>{_NUMBER})\s*%?\s*\)\s*")  # a table cell "21 (63.7)"
_MEAN_SD = re.compile(rf"(?P<mean>{_NUMBER})\s*±\s*(?P<sd>{_NUMBER})")
_Z = re.compile(r"Z\s*=\s*(?P<z>-?\d+(?:\.\d+)?)")

_NOT_CHECKED = {
    "count": "A count with no percentage, mean or test statistic beside it: no check applies.",
    "total": "A total with no percentage beside it: no check applies.",
    "p_value": "A p-value printed without its test statistic: no check applies.",
    "median": "A median: no check applies to medians or quartiles.",
    "p25": "A quartile: no check applies to medians or quartiles.",
    "p75": "A quartile: no check applies to medians or quartiles.",
    "hazard_ratio": "A hazard ratio: no check applies.",
    "ci_lower": "A confidence limit: no check applies.",
    "ci_upper": "A confidence limit: no check applies.",
}
_NO_DENOMINATOR = "The paper does not say what this is a percentage of: no check applies."


@dataclass(frozen=True)
class ClaimCheck:
    """What the audit checks for one claim.

    Attributes
    ----------
    claim_id : str
    text : str
        The printed numbers as a reader would paste them into the form
        (:func:`helpers.consistency.check_text` reads it).
    source : str
        Where the ``n`` comes from, as a sentence ("" when the claim prints it).
    """

    claim_id: str
    text: str
    source: str


def _printed_n(claims: pd.DataFrame, claim_id: str) -> tuple[int, str] | None:
    """The ``n`` of another claim: its ``(k/n)``, else its value; with a sentence."""
    if claim_id not in claims.index:
        return None
    row = claims.loc[claim_id]
    if match := _FRACTION.search(str(row["printed"])):
        return int(match["n"]), (
            f"n = {match['n']} is printed with the same figure in {row['location']} "
            f"({row['printed']})."
        )
    n = int(row["value"])
    return n, f"n = {n} is the total printed in {row['location']} ({row['printed']})."


def _denominator(c: AuditInput, claims: pd.DataFrame, claim: Any) -> tuple[int, str] | None:
    """The ``n`` a claim's numbers are of, and where it comes from (see :data:`DENOMINATORS`)."""
    source = DENOMINATORS.get(claim.claim_id) or _TABLE_DENOMINATORS.get(claim.location)
    if source == CHILDREN:
        return c.n, f"n = {c.n} is the number of children in Table 2."
    if source == TRANSPLANTED:
        n = int(c.transplants["case_id"].nunique())
        return n, f"n = {n} is the number of children transplanted in Table 4."
    if source is None:
        return None
    return _printed_n(claims, source)


def _percent_text(c: AuditInput, claims: pd.DataFrame, claim: Any) -> ClaimCheck | None:
    """``"k (x%) of n"`` or ``"x% of n"`` for a percentage, or a count printed with one."""
    printed = str(claim.printed)
    if claim.kind == "percent":
        percent = f"{float(claim.value):.{int(claim.decimals)}f}"
        leading = _LEADING_COUNT.match(printed)
        count = int(leading["k"]) if leading else None
    else:
        found = _COUNT_PERCENT.search(printed) or _CELL.fullmatch(printed)
        if found is None:
            return None
        percent, count = found["pct"], int(claim.value)
    if fraction := _FRACTION.search(printed):
        k, n = int(fraction["k"]), int(fraction["n"])
        return ClaimCheck(claim.claim_id, f"{k} ({percent}%) of {n}", "")
    denominator = _denominator(c, claims, claim)
    if denominator is None:
        return ClaimCheck(claim.claim_id, "", _NO_DENOMINATOR)
    n, source = denominator
    text = f"{percent}% of {n}" if count is None else f"{count} ({percent}%) of {n}"
    return ClaimCheck(claim.claim_id, text, source)


def _mean_sd_text(c: AuditInput, claims: pd.DataFrame, claim: Any) -> ClaimCheck | None:
    found = _MEAN_SD.search(str(claim.printed))
    denominator = _denominator(c, claims, claim)
    if found is None or denominator is None:
        return None
    n, source = denominator
    return ClaimCheck(claim.claim_id, f"{found['mean']} ± {found['sd']}, n = {n}", source)


def _z_text(c: AuditInput, claim: Any) -> ClaimCheck | None:
    """``"Z = 1.672, p = 0.095"`` for a Table 6 p-value and the Z of its row."""
    for row in c.humoral.itertuples(index=False):
        if claim.claim_id == f"t6-{slug(row.marker)}-p":
            # The Z as printed keeps its decimals in the claim's description; else Table 6's.
            described = _Z.search(str(claim.description))
            z = described["z"] if described and float(described["z"]) == row.z else repr(row.z)
            return ClaimCheck(claim.claim_id, f"Z = {z}, p = {claim.printed}", "")
    return None


def claim_checks(c: AuditInput) -> dict[str, ClaimCheck]:
    """For each claim a consistency check applies to, the text checked and its ``n``.

    Examples
    --------
    >>> from helpers.audit import load_cohort
    >>> checks = claim_checks(load_cohort())
    >>> checks["t1-sex-male-pct"].text, checks["m21-age-mean"].text
    ('21 (63.7%) of 33', '7.6 ± 3.7, n = 33')
    """
    claims = c.claims.set_index("claim_id", drop=False)
    out = {}
    for claim in c.claims.itertuples(index=False):
        if claim.kind in ("percent", "count", "total"):
            found = _percent_text(c, claims, claim)
        elif claim.kind in ("mean", "sd"):
            found = _mean_sd_text(c, claims, claim)
        elif claim.kind == "p_value" and claim.location == "Table 6":
            found = _z_text(c, claim)
        else:
            found = None
        if found is not None:
            out[claim.claim_id] = found
    return out


def consistency_checks(c: AuditInput) -> pd.DataFrame:
    """The audit's consistency verdict for every claim, in file order.

    Parameters
    ----------
    c : helpers.audit.AuditInput
        The audit's input (:func:`helpers.audit.load_cohort`).

    Returns
    -------
    pandas.DataFrame
        ``claim_id``, ``location`` and ``printed`` (as in the claims);
        ``checked``, the printed numbers as checked ("" where no check
        applies); ``consistency``, one of :data:`VERDICTS`; and
        ``consistency_note``, the check's one-paragraph explanation followed by
        where ``n`` comes from, or why no check applies.

    Examples
    --------
    >>> from helpers.audit import load_cohort
    >>> table = consistency_checks(load_cohort()).set_index("claim_id")
    >>> table.loc["r31-female-pct", ["checked", "consistency"]].tolist()
    ['11 (36.4%) of 33', 'impossible']
    """
    checks = claim_checks(c)
    rows = []
    for claim in c.claims.itertuples(index=False):
        where = (claim.claim_id, claim.location, claim.printed)
        check = checks.get(claim.claim_id)
        if check is None or not check.text:
            why = check.source if check is not None else _NOT_CHECKED.get(claim.kind, "")
            rows.append((*where, "", NOT_APPLICABLE, why or _NOT_CHECKED["count"]))
            continue
        try:
            result = check_text(check.text).result
        except ImpossibleNumbersError as error:
            rows.append((*where, check.text, TEXTS["verdict.impossible"], f"{error}."))
            continue
        except ConsistencyInputError as error:
            why = f"No check applies to these numbers: {error}. {check.source}".strip()
            rows.append((*where, check.text, NOT_APPLICABLE, why))
            continue
        note = f"{result.explanation} {check.source}".strip()
        rows.append((*where, check.text, verdict(result), note))
    columns = ["claim_id", "location", "printed", "checked", "consistency", "consistency_note"]
    return pd.DataFrame(rows, columns=columns)


def _shown(audit: pd.DataFrame) -> list[str]:
    """:data:`VERDICTS`, without the rarer alternative readings no claim got."""
    rare = {TEXTS["verdict.one_sided"], TEXTS["verdict.population_sd"]}
    found = set(audit["consistency"])
    return [v for v in VERDICTS if v not in rare or v in found]


def consistency_by_status(audit: pd.DataFrame) -> pd.DataFrame:
    """Claims per status (rows) and consistency verdict (columns), with totals.

    Shows what the consistency checks add to the recomputation: claims that
    cannot be recomputed (``not_reproducible``) may still be impossible.

    Parameters
    ----------
    audit : pandas.DataFrame
        :func:`helpers.audit.run_audit` output.

    Examples
    --------
    >>> audit = pd.DataFrame({"status": ["reproduced", "not_reproducible"],
    ...                       "consistency": ["possible", "impossible"]})
    >>> consistency_by_status(audit).loc["not_reproducible", "impossible"]
    np.int64(1)
    """
    table = pd.crosstab(audit["status"], audit["consistency"]).reindex(
        index=list(STATUSES), columns=_shown(audit), fill_value=0
    )
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name, table.columns.name = "status", None
    return table.astype(int)
