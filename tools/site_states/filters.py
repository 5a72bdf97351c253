"""Static twins of the dashboards driven by the subgroup filter: cohort, remission, survival.

Every combination of filter values selects a set of children. The set is
found for all combinations at once from one bit mask per filter value,
each made by :func:`helpers.widgets.select` on that value alone (``select``
keeps the children matching *every* chosen value, so a combination selects
the intersection); the view of a distinct set is then computed once, from
``select`` on a representative combination, which must select exactly the
children of the mask (checked on every view).

The survival dashboard's key is what :func:`helpers.widgets.survival_summary`
reads: endpoint, comparison, the number of selected children, and, of the
selected rows of the survival frame, the case, the endpoint's time and event
and the comparison columns (:data:`helpers.widgets.COMPARISONS`). The DFS
assumptions thus share the OS states, which they do not change.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from helpers.data import load_patients, load_transplants
from helpers.endpoints import ASSUMPTION_CHOICES, Assumptions, survival_frame
from helpers.tables import worded
from helpers.widgets import (
    ALL,
    COMPARISONS,
    DIMENSIONS,
    WATERFALL_MARGIN,
    cohort_view,
    levels,
    remission_summary,
    select,
    subgroup_labels,
    subgroup_survival_frame,
    survival_summary,
)

from ._spec import Control, Dashboard, Shown, choose, shown

__all__ = ["Filter", "cohort", "remission", "survival"]

#: Filters of the survival dashboard (the others show all of :data:`DIMENSIONS`).
SURVIVAL_DIMENSIONS = ("prior_therapy", "blast_band", "mrd_band", "fusion_gene")


@dataclass
class Filter:
    """The subgroup filter of one frame: its dropdowns and one bit mask per value.

    Bit ``i`` of a mask is row ``i`` of the frame (by position).
    """

    frame: pd.DataFrame
    dimensions: tuple[str, ...] = tuple(DIMENSIONS)
    labels: pd.DataFrame = field(init=False)
    masks: dict[tuple[str, str], int] = field(init=False)

    def __post_init__(self) -> None:
        self.labels = subgroup_labels(self.frame)
        positions = pd.Series(range(len(self.frame)), index=self.frame.index)
        self.masks = {}
        for key in self.dimensions:
            for value in self.options(key):
                chosen = select(self.frame, {key: value}, labels=self.labels)
                self.masks[key, value] = sum(1 << int(i) for i in positions[chosen.index])

    def options(self, key: str) -> list[str]:
        """The dropdown's options, as :class:`helpers.widgets.SubgroupFilter` lists them."""
        return [ALL, *levels(self.labels, key)]

    def controls(self) -> tuple[Control, ...]:
        return tuple(choose(k, DIMENSIONS[k][0], self.options(k)) for k in self.dimensions)

    def mask(self, state: Mapping[str, Any]) -> int:
        """The children a combination selects, as a bit mask."""
        bits = (1 << len(self.frame)) - 1
        for key in self.dimensions:
            bits &= self.masks[key, state[key]]
        return bits

    def selected(self, state: Mapping[str, Any]) -> pd.DataFrame:
        """:func:`helpers.widgets.select` of the state, checked against its mask."""
        selection = {key: state[key] for key in self.dimensions}
        chosen = select(self.frame, selection, labels=self.labels)
        rows = [i for i in range(len(self.frame)) if self.mask(state) >> i & 1]
        if list(self.frame.index[rows]) != list(chosen.index):
            raise AssertionError(f"select({selection}) does not match its filter masks")
        return chosen


def _filter_state(controls: Sequence[Control], state: Mapping[str, Any]) -> dict[str, Any]:
    return {c.name: state[c.name] for c in controls}


# --- 01 cohort --------------------------------------------------------------------------------
@functools.cache
def _cohort() -> Filter:
    return Filter(survival_frame(load_patients(), load_transplants()))


def _cohort_view(f: Filter, state: Mapping[str, Any]) -> Shown:
    return shown(cohort_view(f.selected(state), total=len(f.frame)))


@functools.cache
def cohort() -> Dashboard:
    """The static twin of the cohort dashboard."""
    return Dashboard(
        key="01-cohort",
        notebook="01-the-cohort",
        call="CohortDashboard(frame)",
        title="Cohort dashboard",
        figure_text=(
            "Swimmer plot: one lane per selected child from the first day of blinatumomab to the "
            "last follow-up, coloured by the next therapy, with remission, transplant and death "
            "marked."
        ),
        controls=_cohort().controls(),
        context=_cohort,
        key_of=lambda f, state: f.mask(state),
        view_of=_cohort_view,
    )


# --- 02 remission -----------------------------------------------------------------------------
@functools.cache
def _remission() -> Filter:
    return Filter(load_patients())


def _remission_view(f: Filter, state: Mapping[str, Any]) -> Shown:
    view = remission_summary(f.selected(state), total=len(f.frame), measure=state["measure"])
    return shown(view, margin=WATERFALL_MARGIN)


@functools.cache
def remission() -> Dashboard:
    """The static twin of the remission dashboard."""
    return Dashboard(
        key="02-remission",
        notebook="02-remission",
        call="RemissionDashboard(patients)",
        title="Remission dashboard",
        figure_text=(
            "Waterfall plot: one bar per selected child, the change in the chosen measure from "
            "before to after blinatumomab, coloured by remission."
        ),
        controls=(
            *_remission().controls(),
            choose(
                "measure",
                "Waterfall of",
                [("Marrow blasts", "blasts"), ("MRD", "mrd")],
                kind="radio",
            ),
        ),
        context=_remission,
        key_of=lambda f, state: (f.mask(state), state["measure"]),
        view_of=_remission_view,
    )


# --- 03 survival ------------------------------------------------------------------------------
@dataclass
class _Survival:
    """The survival dashboard's inputs: the filter on Table 2 and one frame per assumption."""

    filter: Filter
    transplants: pd.DataFrame
    frames: dict[Assumptions, pd.DataFrame] = field(default_factory=dict)
    keys: dict[tuple, tuple] = field(default_factory=dict)

    def whole_frame(self, assumptions: Assumptions) -> pd.DataFrame:
        """As ``SurvivalDashboard.whole_frame``: every child, once per assumptions."""
        if assumptions not in self.frames:
            self.frames[assumptions] = survival_frame(
                self.filter.frame, self.transplants, assumptions
            )
        return self.frames[assumptions]

    def frame(self, state: Mapping[str, Any]) -> pd.DataFrame:
        """The frame ``SurvivalDashboard.view`` passes to :func:`survival_summary`."""
        assumptions = Assumptions(
            dfs_relapses=state["relapses"], dfs_non_responders=state["non_responders"]
        )
        return subgroup_survival_frame(self.whole_frame(assumptions), self.filter.selected(state))

    def key(self, state: Mapping[str, Any]) -> tuple:
        cache_key = (
            self.filter.mask(state),
            state["endpoint"],
            state["relapses"],
            state["non_responders"],
        )
        if cache_key not in self.keys:
            frame = self.frame(state)
            endpoint = state["endpoint"]
            read = ["case_id", f"{endpoint}_time", f"{endpoint}_event"]
            read += [column for column, _ in COMPARISONS.values()]
            content = frame[read].to_json(orient="split", double_precision=15)
            self.keys[cache_key] = (len(frame), content)
        return (state["endpoint"], state["compare"], *self.keys[cache_key])


@functools.cache
def _survival() -> _Survival:
    return _Survival(Filter(load_patients(), SURVIVAL_DIMENSIONS), load_transplants())


def _survival_view(s: _Survival, state: Mapping[str, Any]) -> Shown:
    view = survival_summary(
        s.frame(state),
        endpoint=state["endpoint"],
        compare=state["compare"],
        total=len(s.filter.frame),
    )
    return shown(view)


@functools.cache
def survival() -> Dashboard:
    """The static twin of the survival dashboard."""
    return Dashboard(
        key="03-survival",
        notebook="03-survival",
        call="SurvivalDashboard(patients, transplants)",
        title="Survival dashboard",
        figure_text=(
            "Kaplan-Meier curves of the chosen endpoint for the two groups compared, with the "
            "numbers at risk below."
        ),
        controls=(
            *_survival().filter.controls(),
            choose("endpoint", "Endpoint", [("OS", "os"), ("DFS", "dfs")], kind="radio"),
            choose(
                "compare",
                "Compare",
                [("CR vs no CR", "remission"), ("Bridged vs not (CR only)", "bridged")],
                kind="radio",
            ),
            choose("relapses", "DFS relapses", worded(ASSUMPTION_CHOICES["dfs_relapses"])),
            choose(
                "non_responders",
                "Non-responders",
                worded(ASSUMPTION_CHOICES["dfs_non_responders"]),
                default="death_only",
            ),
        ),
        context=_survival,
        key_of=lambda s, state: s.key(state),
        samples=tuple(
            {"endpoint": "dfs", "compare": compare, name: choice}
            for compare in ("remission", "bridged")
            for name, choices in (
                ("relapses", ASSUMPTION_CHOICES["dfs_relapses"]),
                ("non_responders", ASSUMPTION_CHOICES["dfs_non_responders"]),
            )
            for choice in choices
        ),
        view_of=_survival_view,
        workers=2,
    )
