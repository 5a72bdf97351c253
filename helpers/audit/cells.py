"""Audit rules for the cells of Tables 1, 3, 5 and 6, each checked against its own row.

A printed percentage is checked against the count printed beside it (Table 1
against the cohort, Table 3 likewise, Table 5 against the transplanted
children); a Table 6 p-value against its own Z statistic.
"""

from __future__ import annotations

from scipy import stats

from helpers._format import pct, slug
from helpers._printed import table1_claim_stem
from helpers.audit._input import AuditInput
from helpers.audit._rules import Rule

__all__ = ["cell_rules"]


def _fixed(value: float, explanation: str) -> Rule:
    """A rule whose answer does not depend on the tables: a printed cell's own check."""
    return lambda _: (value, explanation)


def cell_rules(c: AuditInput) -> dict[str, Rule]:
    """Rules for the table cells: each percentage against its own row's count.

    Unlike the rules of :mod:`helpers.audit.outcomes` and
    :mod:`helpers.audit.descriptive`, these depend on the tables: one rule per
    printed row, so they are made for each :class:`~helpers.audit._input.AuditInput`.
    """

    def share(k: float, n: int, where: str) -> Rule:
        return _fixed(pct(k, n), f"{where}: printed count {k:g} / {n} = {pct(k, n):.2f}%")

    rules: dict[str, Rule] = {}
    for row in c.baseline.itertuples(index=False):
        rules[f"{table1_claim_stem(row.section, row.category)}-pct"] = share(row.n, c.n, "Table 1")
    for row in c.adverse_events.itertuples(index=False):
        for column, tag in (("all_grade_n", "all"), ("grade_3_4_n", "g34")):
            key = f"t3-{slug(row.adverse_event)}-{tag}-pct"
            rules[key] = share(getattr(row, column), c.n, "Table 3")
    n_transplanted = int(c.transplants["case_id"].nunique())
    for row in c.transplant_adverse_events.itertuples(index=False):
        rules[f"t5-{slug(row.adverse_event)}-pct"] = share(row.n, n_transplanted, "Table 5")
    for row in c.humoral.itertuples(index=False):
        p = float(2 * stats.norm.sf(abs(row.z)))
        rules[f"t6-{slug(row.marker)}-p"] = _fixed(
            p, f"two-sided normal p for Z = {row.z:g}: {p:.4f}"
        )
    return rules
