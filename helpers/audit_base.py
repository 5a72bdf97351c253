"""What every audit rule shares: the cohort it reads, the rule type, small helpers.

A rule takes a :class:`Cohort` and returns ``(value, explanation)``, the value
``None`` when the tables cannot give the number. The rules themselves live in
:mod:`helpers.audit_outcomes` (remission, next therapy, survival, follow-up)
and :mod:`helpers.audit_descriptive` (baseline, transplants, toxicity);
:func:`helpers.audit.run_audit` applies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from helpers import data
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions, survival_frame
from helpers.survival import logrank

__all__ = [
    "Cohort",
    "Rule",
    "Rules",
    "alive_rate",
    "cr_mask",
    "dfs_events",
    "dfs_rate",
    "in_cr",
    "load_cohort",
    "logrank_p",
    "pct",
    "slug",
    "unavailable",
]


@dataclass(frozen=True)
class Cohort:
    """Every table the audit reads, plus the derived survival frame."""

    patients: pd.DataFrame
    transplants: pd.DataFrame
    adverse_events: pd.DataFrame
    transplant_adverse_events: pd.DataFrame
    baseline: pd.DataFrame
    humoral: pd.DataFrame
    claims: pd.DataFrame
    frame: pd.DataFrame
    assumptions: Assumptions = field(default_factory=Assumptions)

    @property
    def n(self) -> int:
        return len(self.patients)

    def printed(self, claim_id: str) -> float:
        """The value the paper prints for one claim of ``published_claims.csv``."""
        return float(self.claims.set_index("claim_id").loc[claim_id, "value"])


def load_cohort(assumptions: Assumptions | None = None) -> Cohort:
    """Load all tables of ``cohort_data/`` and derive the survival frame."""
    patients, transplants = data.load_patients(), data.load_transplants()
    return Cohort(
        patients=patients,
        transplants=transplants,
        adverse_events=data.load_adverse_events(),
        transplant_adverse_events=data.load_transplant_adverse_events(),
        baseline=data.load_baseline_published(),
        humoral=data.load_humoral_immunity(),
        claims=data.load_published_claims(),
        frame=survival_frame(patients, transplants, assumptions),
        assumptions=assumptions or Assumptions(),
    )


# A rule returns (value or None, explanation). None means not reproducible.
Rule = Callable[[Cohort], tuple[float | None, str]]


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


def pct(k: float, n: float) -> float:
    return 100.0 * k / n


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cr_mask(c: Cohort) -> pd.Series:
    return c.frame["complete_remission"].astype(bool)


def in_cr(c: Cohort) -> pd.DataFrame:
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


def dfs_rate(df: pd.DataFrame, c: Cohort) -> tuple[float, str]:
    k, n = int((~df["dfs_event"].astype(bool)).sum()), len(df)
    events = dfs_events(c.assumptions)
    return pct(k, n), f"{k}/{n} without a DFS event = {pct(k, n):.2f}% ({events})"


def logrank_p(df: pd.DataFrame, *, duration: str, event: str, group: str) -> float:
    frame = df[[duration, event, group]].astype({event: bool})
    return logrank(frame, duration=duration, event=event, group=group).p_value
