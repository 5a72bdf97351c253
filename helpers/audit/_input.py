"""What the audit reads: the paper's tables, the survival frame and the assumptions.

:class:`AuditInput` bundles one :class:`helpers.data.CohortTables` (the shipped
tables, or any others passed to :func:`helpers.audit.run_audit`) with the
survival frame derived from them under one set of
:class:`~helpers.endpoints.Assumptions`. Every audit rule takes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers import data
from helpers.data import CohortTables
from helpers.endpoints import Assumptions, survival_frame

__all__ = ["AuditInput", "load_cohort"]


@dataclass(frozen=True)
class AuditInput:
    """Every table the audit reads, plus the derived survival frame.

    Attributes
    ----------
    tables : helpers.data.CohortTables
        The tables audited (their columns are also attributes: ``patients``, ...).
    frame : pandas.DataFrame
        :func:`helpers.endpoints.survival_frame` of ``tables`` under ``assumptions``.
    assumptions : helpers.endpoints.Assumptions
    """

    tables: CohortTables
    frame: pd.DataFrame
    assumptions: Assumptions = field(default_factory=Assumptions)

    @property
    def patients(self) -> pd.DataFrame:
        return self.tables.patients

    @property
    def transplants(self) -> pd.DataFrame:
        return self.tables.transplants

    @property
    def adverse_events(self) -> pd.DataFrame:
        return self.tables.adverse_events

    @property
    def transplant_adverse_events(self) -> pd.DataFrame:
        return self.tables.transplant_adverse_events

    @property
    def baseline(self) -> pd.DataFrame:
        return self.tables.baseline

    @property
    def humoral(self) -> pd.DataFrame:
        return self.tables.humoral

    @property
    def claims(self) -> pd.DataFrame:
        return self.tables.claims

    @property
    def n(self) -> int:
        """Children in Table 2."""
        return len(self.patients)

    def printed(self, claim_id: str) -> float:
        """The value the paper prints for one claim of ``published_claims.csv``."""
        return float(self.claims.set_index("claim_id").loc[claim_id, "value"])


def load_cohort(
    assumptions: Assumptions | None = None, *, tables: CohortTables | None = None
) -> AuditInput:
    """The audit's input: ``tables`` (default: :func:`helpers.data.load_cohort`) and
    their survival frame under ``assumptions`` (default ``Assumptions()``).

    Examples
    --------
    >>> cohort = load_cohort()
    >>> cohort.n, len(cohort.frame)
    (33, 33)
    """
    tables = tables if tables is not None else data.load_cohort()
    assumptions = assumptions or Assumptions()
    frame = survival_frame(tables.patients, tables.transplants, assumptions)
    return AuditInput(tables=tables, frame=frame, assumptions=assumptions)
