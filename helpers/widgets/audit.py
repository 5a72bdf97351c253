"""The audit explorer (notebook 06): status, location and DFS-relapse dropdowns.

Beside each claim's status it shows the claim's consistency verdict (can the
printed numbers all be true together? :mod:`helpers.audit.consistency`).

:func:`audit_view` computes what a choice shows, as a
:class:`helpers.widgets.View`, from the tables of :mod:`helpers.audit.tables`
and the figure of :mod:`helpers.figures.audit`; :class:`AuditExplorer` only
wires the dropdowns to it. A selection with no claim shows a message instead
of an empty table.

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from helpers._format import ALL
from helpers.audit import STATUSES, filter_audit, locations, run_audit
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions
from helpers.figures import status_figure
from helpers.tables import reader_table, worded
from helpers.widgets._base import LatestOnly, RunToUse, View, message_box, render
from helpers.widgets.plot import PlotView

__all__ = ["AuditExplorer", "audit_view"]


def audit_view(audit: pd.DataFrame, *, status: str = ALL, location: str = ALL) -> View:
    """Count line, table and figure of the claims matching the filters."""
    selected = filter_audit(audit, status=status, location=location)
    count = f"<b>{len(selected)}</b> of {len(audit)} claims selected"
    if selected.empty:
        return View(count, message_box("No claim matches these filters: widen one of them."))
    shown = ["location", "description", "printed", "reproduced", "status", "consistency"]
    table = selected[[*shown, "explanation"]].assign(reproduced=selected["reproduced"].round(3))
    html = reader_table(table)._repr_html_()  # words: no claim ids, "not reproducible", "—"
    numbers = {s: int((selected["status"] == s).sum()) for s in STATUSES}
    return View(count, html, status_figure(selected), numbers)


class AuditExplorer(RunToUse, widgets.VBox):
    """Status, location and DFS-relapse dropdowns -> the matching claims and a bar chart.

    Audits under alternative assumptions are computed on first use and kept.
    """

    def __init__(
        self, audit: pd.DataFrame | None = None, *, status: str = ALL, location: str = ALL
    ):
        self._audits: dict[str, pd.DataFrame] = {}
        if audit is not None:
            self._audits["none"] = audit
        base = self.audit_for("none")
        self.status = widgets.Dropdown(
            options=worded([ALL, *STATUSES]), value=status, description="Status"
        )
        self.location = widgets.Dropdown(
            options=[ALL, *locations(base)], value=location, description="Location"
        )
        self.relapses = widgets.Dropdown(
            options=worded(ASSUMPTION_CHOICES["dfs_relapses"]),
            value="none",
            description="DFS relapses",
        )
        self.count, self.table, self.plot = widgets.HTML(), widgets.HTML(), PlotView()
        self._latest = LatestOnly()
        controls = [self.status, self.location, self.relapses]
        for control in controls:
            control.observe(lambda _c: self.update(), names="value")
        super().__init__([widgets.HBox(controls), self.count, self.plot, self.table])
        self.add_class("audit-explorer")
        self.update()

    def audit_for(self, dfs_relapses: str) -> pd.DataFrame:
        if dfs_relapses not in self._audits:
            self._audits[dfs_relapses] = run_audit(Assumptions(dfs_relapses=dfs_relapses))
        return self._audits[dfs_relapses]

    def view(self) -> View:
        audit = self.audit_for(self.relapses.value)
        return audit_view(audit, status=self.status.value, location=self.location.value)

    def update(self) -> None:
        self._latest(self.view, lambda v: render(self.plot, v, self.table, self.count))
