"""Explorers for the checking notebooks: the claim audit (06) and Table 3's adverse events (05).

As in :mod:`helpers.widgets`, the logic is in plain functions that return a
:class:`helpers.widgets.View` (:func:`audit_view`, :func:`adverse_event_view`)
or a table (:func:`counts_by`, :func:`compare_audits`,
:func:`quantile_conventions`); the widget classes only wire dropdowns to them.
A selection with no claim shows a message instead of an empty table.

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607.
Hyndman RJ, Fan Y. Sample quantiles in statistical packages. Am Stat. 1996;50:361-5.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.audit import STATUSES, run_audit
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions
from helpers.figures_style import OKABE_ITO, finish_layout
from helpers.toxicity import DENOMINATORS, GRADE_NAMES, GRADES, adverse_event_numbers
from helpers.widgets import ALL, LatestOnly, View, message_box, render
from helpers.widgets_plot import PlotView

__all__ = [
    "QUANTILE_METHODS",
    "AdverseEventExplorer",
    "AuditExplorer",
    "adverse_event_view",
    "audit_view",
    "claims",
    "compare_audits",
    "counts_by",
    "discrepancy_kinds",
    "filter_audit",
    "quantile_conventions",
    "status_figure",
]

STATUS_COLORS = {
    "reproduced": OKABE_ITO["bluish_green"],
    "discrepant": OKABE_ITO["vermillion"],
    "not_reproducible": "#999999",
}

#: Sample-quantile conventions (numpy ``method`` names) and the software that uses them.
QUANTILE_METHODS: dict[str, str] = {
    "linear": "R type 7, numpy and Excel's default",
    "weibull": "R type 6, SPSS and Minitab",
    "hazen": "R type 5",
    "median_unbiased": "R type 8",
    "lower": "lower order statistic",
    "higher": "upper order statistic",
}

_SHOWN = ["claim_id", "location", "printed", "published", "reproduced", "status"]


def _locations(audit: pd.DataFrame) -> list[str]:
    """Locations in the order they first appear (the paper's order)."""
    return list(dict.fromkeys(audit["location"]))


def counts_by(audit: pd.DataFrame, *, by: str = "location") -> pd.DataFrame:
    """Claims per ``by`` value and status, with a total column and a total row.

    Examples
    --------
    >>> audit = pd.DataFrame({"location": ["A", "A", "B"],
    ...                       "status": ["reproduced", "discrepant", "reproduced"]})
    >>> counts_by(audit).loc["total"].tolist()
    [2, 1, 0, 3]
    """
    if by not in audit.columns:
        raise KeyError(f"counts_by: no column {by!r}; expected one of {list(audit.columns)}")
    order = _locations(audit) if by == "location" else sorted(audit[by].unique())
    table = pd.crosstab(audit[by], audit["status"]).reindex(
        index=order, columns=list(STATUSES), fill_value=0
    )
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.columns.name = None
    return table.astype(int)


def filter_audit(audit: pd.DataFrame, *, status: str = ALL, location: str = ALL) -> pd.DataFrame:
    """The claims with the chosen status and location (``"All"`` keeps every value).

    Raises
    ------
    ValueError
        For a status or location that the audit does not contain.

    Examples
    --------
    >>> audit = pd.DataFrame({"location": ["A", "B"], "status": ["reproduced", "discrepant"]})
    >>> len(filter_audit(audit, status="discrepant"))
    1
    """
    if status != ALL and status not in STATUSES:
        raise ValueError(f"status must be 'All' or one of {list(STATUSES)}, got {status!r}")
    if location != ALL and location not in set(audit["location"]):
        raise ValueError(
            f"location {location!r} not in the audit; expected one of {_locations(audit)}"
        )
    keep = pd.Series(True, index=audit.index)
    if status != ALL:
        keep &= audit["status"] == status
    if location != ALL:
        keep &= audit["location"] == location
    return audit[keep]


def claims(audit: pd.DataFrame, claim_ids: Sequence[str]) -> pd.DataFrame:
    """Selected claims in the given order, numbers rounded to 4 decimals for display.

    Raises
    ------
    KeyError
        For a claim id the audit does not have.

    Examples
    --------
    >>> audit = pd.DataFrame({"claim_id": ["a", "b"], "location": ["X", "Y"],
    ...     "printed": ["1", "2"], "published": [1.0, 2.0], "reproduced": [1.0, 2.5],
    ...     "status": ["reproduced", "discrepant"]})
    >>> claims(audit, ["b"])["reproduced"].tolist()
    [2.5]
    """
    indexed = audit.set_index("claim_id")
    unknown = [c for c in claim_ids if c not in indexed.index]
    if unknown:
        raise KeyError(f"unknown claim id(s) {unknown}")
    shown = indexed.loc[list(claim_ids)].reset_index()[_SHOWN]
    return shown.assign(reproduced=shown["reproduced"].round(4))


def compare_audits(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Claims whose status or recomputed value differs between two audit runs.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Two results of :func:`helpers.audit.run_audit` (e.g. under different
        :class:`~helpers.endpoints.Assumptions`).

    Returns
    -------
    pandas.DataFrame
        ``claim_id``, ``printed``, ``reproduced before``, ``reproduced after``,
        ``status before``, ``status after``; empty if nothing moved.

    Examples
    --------
    >>> a = pd.DataFrame({"claim_id": ["x", "y"], "printed": ["1", "2"],
    ...     "reproduced": [1.0, 2.0], "status": ["reproduced", "reproduced"]})
    >>> b = a.assign(reproduced=[1.0, 3.0], status=["reproduced", "discrepant"])
    >>> compare_audits(a, b)["claim_id"].tolist()
    ['y']
    """
    if list(before["claim_id"]) != list(after["claim_id"]):
        raise ValueError("compare_audits: the two audits must list the same claims in order")
    old = before["reproduced"].to_numpy(float)
    new = after["reproduced"].to_numpy(float)
    same_value = np.isclose(old, new, rtol=0, atol=1e-9) | (np.isnan(old) & np.isnan(new))
    moved = ~same_value | (before["status"].to_numpy() != after["status"].to_numpy())
    return pd.DataFrame(
        {
            "claim_id": before["claim_id"].to_numpy()[moved],
            "printed": before["printed"].to_numpy()[moved],
            "reproduced before": np.round(old[moved], 4),
            "reproduced after": np.round(new[moved], 4),
            "status before": before["status"].to_numpy()[moved],
            "status after": after["status"].to_numpy()[moved],
        }
    )


def discrepancy_kinds(audit: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Split the discrepant claims into last-digit slips and substantive differences.

    A discrepancy is ``"last digit"`` when the printed number is less than one
    unit of its last printed digit away from the recomputed value (25/26 =
    96.15 % printed as 96.1 %: cut off rather than rounded), and
    ``"substantive"`` otherwise (CRS printed as 18 when Table 3 counts 15).

    Parameters
    ----------
    audit : pandas.DataFrame
        From :func:`helpers.audit.run_audit`.
    published : pandas.DataFrame
        From :func:`helpers.data.load_published_claims` (for ``decimals``).

    Returns
    -------
    pandas.DataFrame
        The discrepant claims (``claim_id``, ``printed``, ``published``,
        ``reproduced``, ``kind``), in audit order.

    Examples
    --------
    >>> audit = pd.DataFrame({"claim_id": ["a", "b"], "printed": ["96.1%", "18"],
    ...     "published": [96.1, 18.0], "reproduced": [96.1538, 15.0],
    ...     "status": ["discrepant", "discrepant"]})
    >>> claims_table = pd.DataFrame({"claim_id": ["a", "b"], "decimals": [1, 0]})
    >>> discrepancy_kinds(audit, claims_table)["kind"].tolist()
    ['last digit', 'substantive']
    """
    decimals = published.set_index("claim_id")["decimals"]
    wrong = audit[audit["status"] == "discrepant"]
    unknown = sorted(set(wrong["claim_id"]) - set(decimals.index))
    if unknown:
        raise KeyError(f"discrepancy_kinds: no printed precision for {unknown}")
    unit = 10.0 ** -wrong["claim_id"].map(decimals).astype(float)
    gap = (wrong["published"] - wrong["reproduced"]).abs()
    kind = np.where(gap < unit - 1e-9, "last digit", "substantive")
    out = wrong[["claim_id", "printed", "published", "reproduced"]].assign(kind=kind)
    return out.assign(reproduced=out["reproduced"].round(4)).reset_index(drop=True)


def quantile_conventions(
    values: Sequence[float], *, q: Sequence[float] = (0.25, 0.5, 0.75)
) -> pd.DataFrame:
    """The same quantiles under each convention of :data:`QUANTILE_METHODS`.

    Statistical packages disagree on how to interpolate between order
    statistics; with 15 values the quartiles can differ by days.

    Examples
    --------
    >>> t = quantile_conventions([1, 2, 3, 4], q=(0.25,))
    >>> float(t.loc["linear", "p25"]), float(t.loc["weibull", "p25"])
    (1.75, 1.25)
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0 or np.isnan(x).any():
        raise ValueError("quantile_conventions: need at least one value and no missing values")
    columns = {f"p{round(100 * p)}": p for p in q}
    rows = {
        method: {
            name: round(float(np.quantile(x, p, method=method)), 3) for name, p in columns.items()
        }
        for method in QUANTILE_METHODS
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.insert(0, "used by", [QUANTILE_METHODS[m] for m in table.index])
    table.index.name = "method"
    return table


# --- audit explorer -----------------------------------------------------------------------------
def status_figure(
    audit: pd.DataFrame, *, title: str = "Claims by location and status"
) -> go.Figure:
    """Stacked horizontal bars: claims per location, coloured by status."""
    table = counts_by(audit).drop(index="total")
    fig = go.Figure()
    for status in STATUSES:
        fig.add_trace(
            go.Bar(
                x=table[status].tolist(),
                y=table.index.tolist(),
                orientation="h",
                name=status.replace("_", " "),
                marker={"color": STATUS_COLORS[status]},
                hovertemplate=f"%{{y}}: %{{x}} {status.replace('_', ' ')}<extra></extra>",
            )
        )
    finish_layout(
        fig,
        title=title,
        subtitle="Each claim is one number the paper prints; its status comes from run_audit()",
        height=max(320, 140 + 26 * len(table)),
        legend_title="Status",
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Claims", showgrid=True, gridcolor="#eeeeee")
    fig.update_yaxes(autorange="reversed", title_text="Where in the paper")
    return fig


def audit_view(audit: pd.DataFrame, *, status: str = ALL, location: str = ALL) -> View:
    """Count line, table and figure of the claims matching the filters."""
    selected = filter_audit(audit, status=status, location=location)
    count = f"<b>{len(selected)}</b> of {len(audit)} claims selected"
    if selected.empty:
        return View(count, message_box("No claim matches these filters: widen one of them."))
    table = selected[[*_SHOWN, "explanation"]].assign(reproduced=selected["reproduced"].round(3))
    html = table.to_html(index=False, na_rep="—", border=0, classes="audit-table")
    numbers = {s: int((selected["status"] == s).sum()) for s in STATUSES}
    return View(count, html, status_figure(selected), numbers)


class AuditExplorer(widgets.VBox):
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
        self.status = widgets.Dropdown(options=[ALL, *STATUSES], value=status, description="Status")
        self.location = widgets.Dropdown(
            options=[ALL, *_locations(base)], value=location, description="Location"
        )
        self.relapses = widgets.Dropdown(
            options=list(ASSUMPTION_CHOICES["dfs_relapses"]),
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


# --- adverse-event explorer ---------------------------------------------------------------------
def adverse_event_view(
    ae: pd.DataFrame,
    *,
    event: str,
    grade: str = "all",
    denominator: str = "children",
    n_patients: int,
) -> View:
    """One adverse event of Table 3 over the chosen denominator, as text."""
    r = adverse_event_numbers(
        ae, event, grade=grade, denominator=denominator, n_patients=n_patients
    )
    grade_name = GRADE_NAMES[grade]
    count = f"<b>{event}</b>, {grade_name}"
    if denominator == "children":
        html = (
            f"{r['k']} of {r['denominator']} children = <b>{r['percent']:.1f}%</b> "
            f"(exact 95% CI {r['ci_lower']:.1f}–{r['ci_upper']:.1f}%)."
        )
    else:
        html = (
            f"{r['k']} of the {r['denominator']} {grade_name} events in Table 3 = "
            f"<b>{r['percent']:.1f}%</b> of events. "
            + message_box(
                "A share of events says how the toxicity is made up, not how many children "
                "had it; one child can contribute several events, so no interval is given."
            )
        )
    numbers = {k: r[k] for k in ("k", "denominator", "percent")}
    return View(count, html, None, numbers)


class AdverseEventExplorer(widgets.VBox):
    """Event, grade and denominator controls -> count, percentage and exact interval."""

    def __init__(self, ae: pd.DataFrame, *, n_patients: int):
        self.ae, self.n_patients = ae, n_patients
        self.event = widgets.Dropdown(
            options=list(ae["adverse_event"]), value="CRS", description="Event"
        )
        self.grade = widgets.ToggleButtons(
            options=[(GRADE_NAMES[g].capitalize(), g) for g in GRADES], description="Grade"
        )
        self.denominator = widgets.ToggleButtons(
            options=[(d.capitalize(), d) for d in DENOMINATORS], description="Out of"
        )
        self.count, self.text = widgets.HTML(), widgets.HTML()
        for control in (self.event, self.grade, self.denominator):
            control.observe(lambda _c: self.update(), names="value")
        super().__init__([self.event, self.grade, self.denominator, self.count, self.text])
        self.add_class("adverse-event-explorer")
        self.update()

    def view(self) -> View:
        return adverse_event_view(
            self.ae,
            event=self.event.value,
            grade=self.grade.value,
            denominator=self.denominator.value,
            n_patients=self.n_patients,
        )

    def update(self) -> None:
        view = self.view()
        self.count.value, self.text.value = view.count, view.html
