"""Static twins of the text and table explorers: days (00), adverse events (05), audit (06).

Their states are few (28, 68 and 204 combinations). Each combination of the
first two is its own key; the audit explorer runs :func:`helpers.audit.run_audit`
once per DFS-relapse choice, as the live explorer does on first use, and its
key is what :func:`helpers.widgets.audit_view` reads (the audit's size and
the claims :func:`helpers.audit.tables.filter_audit` keeps), so filters that
keep the same claims share one view.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from helpers.audit import STATUSES, run_audit
from helpers.audit.tables import filter_audit, locations
from helpers.data import load_adverse_events, load_patients
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions
from helpers.schedule import EXTENDED_COURSE_DAYS, describe_day
from helpers.tables import worded
from helpers.toxicity import DENOMINATORS, GRADE_NAMES, GRADES
from helpers.widgets import ALL, adverse_event_view, audit_view

from ._spec import Dashboard, Shown, choose, range_control, shown

__all__ = ["adverse_events", "audit", "day_explorer"]


# --- 00 day explorer --------------------------------------------------------------------------
def _day_view(_context: None, state: Mapping[str, Any]) -> Shown:
    """The live explorer's label is plain text: escaped here, shown as text in the page."""
    return Shown("", html.escape(describe_day(state["day"])))


@functools.cache
def day_explorer() -> Dashboard:
    """The static twin of :func:`helpers.schedule.day_explorer` (a slider over days 1-28)."""
    return Dashboard(
        key="00-days",
        notebook="00-start-here",
        call="day_explorer()",
        title="Day explorer",
        figure_text="",
        controls=(
            range_control("day", "Day", minimum=1, maximum=EXTENDED_COURSE_DAYS, step=1, default=1),
        ),
        context=lambda: None,
        key_of=lambda _context, state: state["day"],
        view_of=_day_view,
        order=("html",),
    )


# --- 05 adverse events ------------------------------------------------------------------------
@functools.cache
def _adverse_events() -> tuple[pd.DataFrame, int]:
    return load_adverse_events(), len(load_patients())


def _adverse_event_view(context: tuple[pd.DataFrame, int], state: Mapping[str, Any]) -> Shown:
    ae, n_patients = context
    return shown(adverse_event_view(ae, **state, n_patients=n_patients))


@functools.cache
def adverse_events() -> Dashboard:
    """The static twin of ``AdverseEventExplorer(ae, n_patients=n_children)``."""
    ae, _ = _adverse_events()
    return Dashboard(
        key="05-adverse-events",
        notebook="05-toxicity",
        call="AdverseEventExplorer(ae, n_patients=n_children)",
        title="Adverse-event explorer",
        figure_text="",
        controls=(
            choose("event", "Event", list(ae["adverse_event"]), default="CRS"),
            choose(
                "grade", "Grade", [(GRADE_NAMES[g].capitalize(), g) for g in GRADES], kind="radio"
            ),
            choose(
                "denominator", "Out of", [(d.capitalize(), d) for d in DENOMINATORS], kind="radio"
            ),
        ),
        context=_adverse_events,
        key_of=lambda _context, state: tuple(state.values()),
        view_of=_adverse_event_view,
        order=("count", "html"),
    )


# --- 06 audit explorer ------------------------------------------------------------------------
@functools.cache
def _audits() -> dict[str, pd.DataFrame]:
    """One audit per DFS-relapse choice; ``none`` is ``run_audit()``, the notebook's audit."""
    return {
        choice: run_audit() if choice == "none" else run_audit(Assumptions(dfs_relapses=choice))
        for choice in ASSUMPTION_CHOICES["dfs_relapses"]
    }


def _audit_view(audits: Mapping[str, pd.DataFrame], state: Mapping[str, Any]) -> Shown:
    view = audit_view(audits[state["relapses"]], status=state["status"], location=state["location"])
    return shown(view)


def _audit_key(audits: Mapping[str, pd.DataFrame], state: Mapping[str, Any]) -> tuple:
    """What :func:`helpers.widgets.audit_view` reads: the audit's size and the claims kept."""
    audit = audits[state["relapses"]]
    kept = filter_audit(audit, status=state["status"], location=state["location"])
    return len(audit), kept.to_json(orient="split", double_precision=15)


@functools.cache
def audit() -> Dashboard:
    """The static twin of ``AuditExplorer(audit, status="discrepant")``."""
    base = _audits()["none"]
    return Dashboard(
        key="06-audit",
        notebook="06-reproducibility-audit",
        call='AuditExplorer(audit, status="discrepant")',
        title="Audit explorer",
        figure_text="Stacked bars: the selected claims per place in the paper, by status.",
        controls=(
            choose("status", "Status", worded([ALL, *STATUSES]), default="discrepant"),
            choose("location", "Location", [ALL, *locations(base)]),
            choose("relapses", "DFS relapses", worded(ASSUMPTION_CHOICES["dfs_relapses"])),
        ),
        context=_audits,
        key_of=_audit_key,
        view_of=_audit_view,
        order=("count", "plot", "html"),
    )
