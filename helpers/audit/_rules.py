"""What every audit rule shares: the rule type, its registry and small helpers.

A rule takes an :class:`~helpers.audit._input.AuditInput` and returns
``(value, explanation)``, the value ``None`` when the tables cannot give the
number. The rules themselves live in :mod:`helpers.audit.outcomes` (remission,
next therapy, survival, follow-up), :mod:`helpers.audit.descriptive`
(baseline, transplants, toxicity) and :mod:`helpers.audit.cells` (table
cells); :func:`helpers.audit.run_audit` applies them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from helpers._format import pct
from helpers.audit._input import AuditInput
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions
from helpers.survival import logrank

__all__ = [
    "STATUSES",
    "Rule",
    "Rules",
    "alive_rate",
    "cr_mask",
    "dfs_events",
    "dfs_rate",
    "in_cr",
    "logrank_p",
    "unavailable",
]

#: The status of a claim: recomputed and equal at the printed precision, recomputed
#: and different, or not recomputable from the tables.
STATUSES = ("reproduced", "discrepant", "not_reproducible")

# A rule returns (value or None, explanation). None means not reproducible.
Rule = Callable[[AuditInput], tuple[float | None, str]]


class Rules(dict):
    """``claim_id -> Rule`` for one group of claims, filled where the rules are defined."""

    def rule(self, *claim_ids: str) -> Callable[[Rule], Rule]:
        """Decorator: ``fn`` recomputes each of ``claim_ids``."""

        def register(fn: Rule) -> Rule:
            self.fixed(claim_ids, fn)
            return fn

        return register

    def fixed(self, claim_ids: tuple[str, ...], fn: Rule) -> None:
        """``fn`` recomputes each of ``claim_ids``."""
        for claim_id in claim_ids:
            self[claim_id] = fn


def unavailable(why: str) -> Rule:
    return lambda c: (None, why)


def cr_mask(c: AuditInput) -> pd.Series:
    return c.frame["complete_remission"].astype(bool)


def in_cr(c: AuditInput) -> pd.DataFrame:
    return c.frame[cr_mask(c)]


def alive_rate(df: pd.DataFrame) -> tuple[float, str]:
    k, n = int(df["alive"].sum()), len(df)
    return pct(k, n), f"{k}/{n} alive in Table 2 = {pct(k, n):.2f}%"


def dfs_events(a: Assumptions) -> str:
    """Which DFS events the assumptions count, in words."""
    if a.dfs_relapses == "none":
        events = "only deaths are known DFS events; the Discussion's two relapses are not counted"
    else:
        events = (
            "deaths and the Discussion's two relapses, "
            + ASSUMPTION_CHOICES["dfs_relapses"][a.dfs_relapses]
        )
    if a.dfs_non_responders != "exclude":
        events += "; " + ASSUMPTION_CHOICES["dfs_non_responders"][a.dfs_non_responders]
    return events


def dfs_rate(df: pd.DataFrame, c: AuditInput) -> tuple[float, str]:
    k, n = int((~df["dfs_event"].astype(bool)).sum()), len(df)
    events = dfs_events(c.assumptions)
    return pct(k, n), f"{k}/{n} without a DFS event = {pct(k, n):.2f}% ({events})"


def logrank_p(df: pd.DataFrame, *, duration: str, event: str, group: str) -> float:
    frame = df[[duration, event, group]].astype({event: bool})
    return logrank(frame, duration=duration, event=event, group=group).p_value
