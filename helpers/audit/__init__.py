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

Independently of the status, the ``consistency`` column says whether the
printed numbers can all be true together (:mod:`helpers.audit.consistency`):
``possible``, ``possible only by truncation``, ``impossible``, or
``not applicable`` where no check of printed numbers applies. A claim that
cannot be recomputed can still be impossible (11 girls of 33 printed as 36.4 %).

Recomputation uses the default :class:`helpers.endpoints.Assumptions`; pass
others to see which claims move, or other tables (:class:`helpers.data.CohortTables`)
to audit them instead of the shipped ones.

==========================================  =======================================
what                                        module
==========================================  =======================================
the rules: remission, next therapy,         :mod:`helpers.audit.outcomes`
survival, follow-up
the rules: baseline, transplants, toxicity  :mod:`helpers.audit.descriptive`
the rules: table cells against their rows   :mod:`helpers.audit.cells`
the consistency column (GRIM, percentages,  :mod:`helpers.audit.consistency`
p from Z): consistency_checks, VERDICTS,
consistency_by_status
reading an audit: counts_by, claims,        :mod:`helpers.audit.tables`
compare_audits, discrepancy_kinds, ...
Table 1 beside Table 2 from the audit:      :mod:`helpers.audit.baseline`
baseline_comparison, disease_status_rates
the input bundle (AuditInput, load_cohort)  :mod:`helpers.audit._input`
rule registry and shared helpers            :mod:`helpers.audit._rules`
==========================================  =======================================

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607. doi:10.3389/fped.2023.1187607.
"""

from __future__ import annotations

import typing

import numpy as np
import pandas as pd

from helpers._printed import printed_fraction
from helpers.audit import cells, descriptive, outcomes
from helpers.audit._input import AuditInput, load_cohort
from helpers.audit._rules import STATUSES
from helpers.audit.baseline import (
    NOT_PRINTED,
    baseline_comparison,
    disease_status_rates,
    unrecomputable,
)
from helpers.audit.consistency import (
    VERDICTS,
    _shown,
    consistency_by_status,
    consistency_checks,
)
from helpers.audit.tables import (
    QUANTILE_METHODS,
    SHOWN_COLUMNS,
    claims,
    compare_audits,
    counts_by,
    discrepancy_kinds,
    filter_audit,
    locations,
    quantile_conventions,
)

if typing.TYPE_CHECKING:
    from helpers.data import CohortTables
    from helpers.endpoints import Assumptions

__all__ = [
    "NOT_PRINTED",
    "QUANTILE_METHODS",
    "SHOWN_COLUMNS",
    "STATUSES",
    "VERDICTS",
    "AuditInput",
    "baseline_comparison",
    "claims",
    "compare_audits",
    "consistency_by_status",
    "consistency_checks",
    "consistency_counts",
    "counts_by",
    "discrepancy_kinds",
    "disease_status_rates",
    "filter_audit",
    "load_cohort",
    "locations",
    "printed_fraction",
    "quantile_conventions",
    "run_audit",
    "status_counts",
    "unrecomputable",
]


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


def run_audit(
    assumptions: Assumptions | None = None, *, tables: CohortTables | None = None
) -> pd.DataFrame:
    """Recompute every claim of ``published_claims.csv``.

    Parameters
    ----------
    assumptions : helpers.endpoints.Assumptions, optional
        Endpoint assumptions for the survival claims (default ``Assumptions()``).
    tables : helpers.data.CohortTables, keyword-only, optional
        The tables to audit, claims included (default: the shipped ones,
        :func:`helpers.data.load_cohort`).

    Returns
    -------
    pandas.DataFrame
        One row per claim, in file order: ``claim_id``, ``location``,
        ``description``, ``printed``, ``published``, ``reproduced`` (``NaN``
        when not reproducible), ``status`` (one of :data:`STATUSES`),
        ``explanation``, ``consistency`` (one of :data:`VERDICTS`) and
        ``consistency_note`` (the check's explanation, or why none applies).

    Raises
    ------
    KeyError
        If a claim has no recomputation rule (every claim must have one).

    Examples
    --------
    >>> audit = run_audit()
    >>> audit.set_index("claim_id").loc["abs-cr-rate", ["status", "consistency"]].tolist()
    ['reproduced', 'possible']
    """
    cohort = load_cohort(assumptions, tables=tables)
    rules = {**outcomes.RULES, **descriptive.RULES, **cells.cell_rules(cohort)}
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
    consistency = consistency_checks(cohort)
    return pd.DataFrame(rows).assign(
        consistency=consistency["consistency"].to_numpy(),
        consistency_note=consistency["consistency_note"].to_numpy(),
    )


def consistency_counts(audit: pd.DataFrame) -> pd.Series:
    """Number of claims per consistency verdict, in the order of :data:`VERDICTS`."""
    return audit["consistency"].value_counts().reindex(_shown(audit), fill_value=0)


def status_counts(audit: pd.DataFrame) -> pd.Series:
    """Number of claims per status, in the order of :data:`STATUSES`."""
    return audit["status"].value_counts().reindex(list(STATUSES), fill_value=0)
