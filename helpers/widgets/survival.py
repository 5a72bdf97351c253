"""The survival dashboard (notebook 03): Kaplan-Meier curves and tests for a subgroup.

Endpoint, comparison and DFS assumptions are toggles; :func:`survival_summary`
computes what a selection shows (a comparison without events, or with one
group, shows a message instead of a test). A comparison without a finite hazard
ratio (a monotone likelihood, e.g. a group without events) shows no hazard ratio:
it says why in words and gives the likelihood-ratio test, which stays valid.
"""

from __future__ import annotations

import math
import warnings

import ipywidgets as widgets
import pandas as pd

from helpers import survival
from helpers._format import children, format_p_value
from helpers.bridging import endpoint_frame
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions, survival_frame
from helpers.figures import km_figure
from helpers.tables import worded
from helpers.widgets._base import (
    MIN_CHILDREN,
    LatestOnly,
    RunToUse,
    SubgroupFilter,
    View,
    count_line,
    message_box,
    render,
)
from helpers.widgets.plot import PlotView

__all__ = [
    "COMPARISONS",
    "ENDPOINT_NAMES",
    "SurvivalDashboard",
    "subgroup_survival_frame",
    "survival_summary",
]


# --- survival -----------------------------------------------------------------------------
ENDPOINT_NAMES = {"os": "Overall survival", "dfs": "Disease-free survival"}


COMPARISON_NAMES = {"remission": "remission", "bridged": "bridging to HSCT (children in CR)"}


COMPARISONS = {
    "remission": ("complete_remission", {True: "CR", False: "No CR"}),
    "bridged": ("bridged", {True: "Bridged to HSCT", False: "Not bridged"}),
}


def subgroup_survival_frame(frame: pd.DataFrame, selected: pd.DataFrame) -> pd.DataFrame:
    """The rows of a whole-cohort survival frame that belong to the selected children.

    Build ``frame`` with :func:`~helpers.endpoints.survival_frame` on all of
    Table 2 and Table 4, then select: an assumption such as
    ``dfs_relapses="table4_numbering"`` reads Table 4 as a whole, so a frame
    built from a subgroup's own transplants would not know its relapses.

    Examples
    --------
    >>> from helpers.data import load_patients, load_transplants
    >>> p = load_patients()
    >>> whole = survival_frame(p, load_transplants(), Assumptions(dfs_relapses="table4_numbering"))
    >>> part = subgroup_survival_frame(whole, p[p["case_id"] <= 5])
    >>> len(part), part.loc[part["dfs_event"], "case_id"].tolist()
    (5, [5])
    """
    return frame[frame["case_id"].isin(selected["case_id"])]


def _analysed_note(n: int, selected: int, *, compare: str, endpoint: str) -> list[str]:
    """A line saying who is analysed, when that is not every selected child."""
    if n == selected:
        return []
    who = "in complete remission" if compare == "bridged" else "with a DFS time"
    if compare == "bridged" and endpoint == "dfs":
        who = "in complete remission with a DFS time"
    return [f"Analysed: <b>{n}</b> of the {selected} selected children, those {who}."]


def _format_ratio(value: float) -> str:
    """A hazard ratio or one of its limits, never written as 0.00 however small.

    Two decimals from 0.995 up (thousands separated from 1,000), two
    significant digits below.

    Examples
    --------
    >>> [_format_ratio(x) for x in (0.1028, 0.0043, 2.456, 12345.6)]
    ['0.10', '0.0043', '2.46', '12,346']
    """
    if value >= 999.5:
        return f"{value:,.0f}"
    if value >= 0.995:
        return f"{value:.2f}"
    return f"{value:#.2g}"


def _no_hazard_ratio(
    hr: survival.HazardRatioResult, events: pd.Series, group_labels: dict[bool, str]
) -> str:
    """Why a comparison has no hazard ratio (a monotone likelihood), in words.

    ``hr`` is a fit of ``True`` vs ``False`` whose ``estimable`` is False: its
    ``hazard_ratio`` is the limit 0 or infinity the estimate runs off to. The
    text names the group that drives it, says why, and gives the likelihood-ratio
    test, which stays valid.
    """
    towards_zero = hr.hazard_ratio < 1  # True's hazard runs off to 0 relative to False's
    # The group whose events decide the direction, and the other group.
    few, many = (True, False) if towards_zero else (False, True)
    limit = "zero" if towards_zero else "infinity"
    if int(events.get(few, 0)) == 0:
        why = f"nobody in the {group_labels[few]} group had the event"
    else:
        why = (
            f"every event in the {group_labels[few]} group came when no child of the "
            f"{group_labels[many]} group was still at risk"
        )
    # The profile-likelihood interval is open at the end the estimate runs off to.
    finite_end = hr.profile_ci_upper if towards_zero else hr.profile_ci_lower
    bound = (
        f" Its 95% profile-likelihood interval is open at one end: "
        f"{'up to' if towards_zero else 'from'} {_format_ratio(finite_end)}"
        f"{'' if towards_zero else ' upwards'}."
        if 0 < finite_end < math.inf
        else ""
    )
    return (
        f"No hazard ratio: {why}, so the hazard ratio of {group_labels[True]} vs "
        f"{group_labels[False]} runs off to {limit} (a monotone likelihood) and no point "
        "estimate can be reported. The likelihood-ratio test still "
        f"applies: {format_p_value(hr.lr_p_value)}.{bound}"
    )


def _profile_interval(hr: survival.HazardRatioResult) -> str:
    """The profile-likelihood 95% interval in words ("open above" where not reached)."""
    lower, upper = hr.profile_ci_lower, hr.profile_ci_upper
    low = _format_ratio(lower) if 0 < lower < math.inf else "open below"
    high = _format_ratio(upper) if 0 < upper < math.inf else "open above"
    return f"{low}–{high}"


def survival_summary(
    frame: pd.DataFrame,
    *,
    endpoint: str = "os",
    compare: str = "remission",
    total: int | None = None,
    n_permutations: int = 2_000,
    seed: int = 0,
) -> View:
    """Kaplan-Meier figure and tests for one endpoint and comparison of a selection.

    ``frame`` comes from :func:`helpers.endpoints.survival_frame`; ``compare``
    is ``"remission"`` (CR vs no CR) or ``"bridged"`` (among children in CR).
    """
    duration, event = f"{endpoint}_time", f"{endpoint}_event"
    column, group_labels = COMPARISONS[compare]
    df = endpoint_frame(frame, endpoint=endpoint, cr_only=compare == "bridged")
    count = count_line(len(frame), total if total is not None else len(frame))
    if len(df) < MIN_CHILDREN:
        return View(
            count, message_box(f"{children(len(df)).capitalize()} to analyse: widen the filter.")
        )
    analysed = _analysed_note(len(df), len(frame), compare=compare, endpoint=endpoint)
    groups = df[column].value_counts()
    present = {k: v for k, v in group_labels.items() if groups.get(k, 0) > 0}
    events = df.groupby(column)[event].sum()
    comparable = len(present) > 1 and int(events.sum()) > 0
    figure = km_figure(
        df,
        duration=duration,
        event=event,
        group=column if len(present) > 1 else None,
        group_labels=present if len(present) > 1 else None,
        title=f"{ENDPOINT_NAMES[endpoint]} by {COMPARISON_NAMES[compare]}",
        show_pvalue=comparable,
    )
    if len(present) < 2:
        only = next(iter(present.values()))
        message = f"Only one group ({only}) in this selection: nothing to compare."
        return View(count, message_box(message), figure)
    if not comparable:
        return View(count, message_box("No events in this selection: no test is possible."), figure)
    lr = survival.logrank(df, duration=duration, event=event, group=column)
    perm = survival.permutation_logrank(
        df, duration=duration, event=event, group=column, n_permutations=n_permutations, seed=seed
    )
    rows = [
        *analysed,
        f"Log-rank {format_p_value(lr.p_value)} (chi-square, {lr.dof} df)",
        f"Permutation {format_p_value(perm.p_value)} ({n_permutations:,} random relabellings)",
    ]
    numbers = {"n": len(df), "logrank_p": lr.p_value, "permutation_p": perm.p_value}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", survival.SmallSampleWarning)
        hr = survival.cox_hazard_ratio(
            df, duration=duration, event=event, group=column, reference=False
        )
    if hr.estimable:
        caution = " (few events: read with care)" if caught else ""
        rows.append(
            f"Hazard ratio {group_labels[True]} vs {group_labels[False]}: "
            f"{_format_ratio(hr.hazard_ratio)} (95% Wald CI {_format_ratio(hr.ci_lower)}–"
            f"{_format_ratio(hr.ci_upper)}; profile-likelihood 95% CI "
            f"{_profile_interval(hr)}){caution}"
        )
        numbers["hazard_ratio"] = hr.hazard_ratio
    else:
        rows.append(_no_hazard_ratio(hr, events, group_labels))
        numbers["lr_p"] = hr.lr_p_value
    html = "<br>".join(rows)
    return View(count, html, figure, numbers)


class SurvivalDashboard(RunToUse, widgets.VBox):
    """Endpoint, comparison and assumption toggles -> Kaplan-Meier figure and p-values."""

    def __init__(self, patients: pd.DataFrame, transplants: pd.DataFrame):
        self.patients, self.transplants = patients, transplants
        self.filter = SubgroupFilter(
            patients, dimensions=("prior_therapy", "blast_band", "mrd_band", "fusion_gene")
        )
        self.endpoint = widgets.ToggleButtons(
            options=[("OS", "os"), ("DFS", "dfs")], description="Endpoint"
        )
        self.compare = widgets.ToggleButtons(
            options=[("CR vs no CR", "remission"), ("Bridged vs not (CR only)", "bridged")],
            description="Compare",
        )
        self.relapses = widgets.Dropdown(
            options=worded(ASSUMPTION_CHOICES["dfs_relapses"]), description="DFS relapses"
        )
        self.non_responders = widgets.Dropdown(
            options=worded(ASSUMPTION_CHOICES["dfs_non_responders"]),
            value="death_only",
            description="Non-responders",
        )
        self.stats, self.plot = widgets.HTML(), PlotView()
        self._latest = LatestOnly()
        self._frames: dict[Assumptions, pd.DataFrame] = {}
        controls = [self.endpoint, self.compare, self.relapses, self.non_responders]
        for control in controls:
            control.observe(lambda _c: self.update(), names="value")
        self.filter.observe_selection(self.update)
        super().__init__([self.filter, *controls, self.stats, self.plot])
        self.add_class("survival-dashboard")
        self.update()

    def assumptions(self) -> Assumptions:
        return Assumptions(
            dfs_relapses=self.relapses.value, dfs_non_responders=self.non_responders.value
        )

    def whole_frame(self, assumptions: Assumptions) -> pd.DataFrame:
        """:func:`~helpers.endpoints.survival_frame` of every child, built once per assumptions."""
        if assumptions not in self._frames:
            self._frames[assumptions] = survival_frame(self.patients, self.transplants, assumptions)
        return self._frames[assumptions]

    def view(self) -> View:
        frame = subgroup_survival_frame(
            self.whole_frame(self.assumptions()), self.filter.selected()
        )
        return survival_summary(
            frame,
            endpoint=self.endpoint.value,
            compare=self.compare.value,
            total=len(self.patients),
        )

    def update(self) -> None:
        self._latest(self.view, lambda view: render(self.plot, view, self.stats, self.filter.count))
