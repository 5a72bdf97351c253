"""Recompute every number the paper prints, and say which ones hold.

:func:`run_audit` walks ``published_claims.csv`` and, for each claim, either
recomputes the number from the per-child tables (Table 2, Table 4), checks it
against the counts printed beside it (Tables 1, 3, 5) or its own test statistic
(Table 6), or states why the tables cannot give it. Each claim gets one status:

``reproduced``
    The recomputed value equals the printed one at the printed precision
    (within half a unit of the last printed digit; for ``p < x`` claims, the
    recomputed p-value is below ``x``).
``discrepant``
    The number can be recomputed and differs.
``not_reproducible``
    The tables do not hold what is needed (age, sex, disease status, a day-28
    marrow, the event behind a DFS figure...).

Recomputation uses the default :class:`helpers.endpoints.Assumptions`; pass
others to see which claims move. The rules are grouped by topic in
:mod:`helpers.audit_outcomes` (remission, next therapy, survival, follow-up)
and :mod:`helpers.audit_descriptive` (baseline, transplants, toxicity), on
the shared :mod:`helpers.audit_base`; the table cells are checked here.

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607. doi:10.3389/fped.2023.1187607.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from helpers import audit_descriptive, audit_outcomes
from helpers.audit_base import Cohort, Rule, load_cohort, pct, slug
from helpers.endpoints import Assumptions

__all__ = ["STATUSES", "Cohort", "load_cohort", "run_audit", "status_counts"]

STATUSES = ("reproduced", "discrepant", "not_reproducible")


# --- cells of Tables 1, 3, 5 and 6 checked against their own counts ------------------------
def _cell_rules(c: Cohort) -> dict[str, Rule]:
    """Rules for the table cells: each percentage against its own row's count."""

    def share(k: float, n: int, where: str) -> Rule:
        return lambda _: (pct(k, n), f"{where}: printed count {k:g} / {n} = {pct(k, n):.2f}%")

    rules: dict[str, Rule] = {}
    for row in c.baseline.itertuples(index=False):
        category = row.category.replace("≤ ", "le").replace("> ", "gt").replace("< ", "lt")
        rules[f"t1-{slug(row.section)}-{slug(category)}-pct"] = share(row.n, c.n, "Table 1")
    for row in c.adverse_events.itertuples(index=False):
        for column, tag in (("all_grade_n", "all"), ("grade_3_4_n", "g34")):
            key = f"t3-{slug(row.adverse_event)}-{tag}-pct"
            rules[key] = share(getattr(row, column), c.n, "Table 3")
    n_transplanted = int(c.transplants["case_id"].nunique())
    for row in c.transplant_adverse_events.itertuples(index=False):
        rules[f"t5-{slug(row.adverse_event)}-pct"] = share(row.n, n_transplanted, "Table 5")
    for row in c.humoral.itertuples(index=False):
        p = float(2 * stats.norm.sf(abs(row.z)))
        rules[f"t6-{slug(row.marker)}-p"] = lambda _, p=p, z=row.z: (
            p,
            f"two-sided normal p for Z = {z:g}: {p:.4f}",
        )
    return rules


def _status(published: float, comparator: str, decimals: int, value: float | None) -> str:
    if value is None or not np.isfinite(value):
        return "not_reproducible"
    if comparator == "<":
        ok = value < published
    elif comparator == ">":
        ok = value > published
    else:
        ok = abs(value - published) <= 0.5 * 10.0 ** (-decimals) + 1e-9
    return "reproduced" if ok else "discrepant"


def run_audit(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Recompute every claim of ``published_claims.csv``.

    Parameters
    ----------
    assumptions : helpers.endpoints.Assumptions, optional
        Endpoint assumptions for the survival claims (default ``Assumptions()``).

    Returns
    -------
    pandas.DataFrame
        One row per claim, in file order: ``claim_id``, ``location``,
        ``description``, ``printed``, ``published``, ``reproduced`` (``NaN``
        when not reproducible), ``status`` (one of :data:`STATUSES`) and
        ``explanation``.

    Raises
    ------
    KeyError
        If a claim has no recomputation rule (every claim must have one).

    Examples
    --------
    >>> audit = run_audit()
    >>> audit.set_index("claim_id").loc["abs-cr-rate", "status"]
    'reproduced'
    """
    cohort = load_cohort(assumptions)
    rules = {**audit_outcomes.RULES, **audit_descriptive.RULES, **_cell_rules(cohort)}
    claims = cohort.claims
    missing = sorted(set(claims["claim_id"]) - set(rules))
    if missing:
        raise KeyError(f"no recomputation rule for claims {missing}")
    rows = []
    for claim in claims.itertuples(index=False):
        value, explanation = rules[claim.claim_id](cohort)
        value = None if value is None else float(value)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "location": claim.location,
                "description": claim.description,
                "printed": claim.printed,
                "published": float(claim.value),
                "reproduced": np.nan if value is None else value,
                "status": _status(claim.value, claim.comparator, claim.decimals, value),
                "explanation": explanation,
            }
        )
    return pd.DataFrame(rows)


def status_counts(audit: pd.DataFrame) -> pd.Series:
    """Number of claims per status, in the order of :data:`STATUSES`."""
    return audit["status"].value_counts().reindex(list(STATUSES), fill_value=0)
