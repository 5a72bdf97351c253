"""ipywidgets dashboards for the notebooks: one subgroup filter, reused everywhere.

The logic is in plain functions (:func:`subgroup_labels`, :func:`select`,
:func:`remission_summary`, :func:`survival_summary`) that a test or a benchmark
can call without a browser. The widget classes only wire controls to them and
draw the result: numbers into HTML widgets, the figure into a
:class:`helpers.widgets_plot.PlotView`, which redraws it in place. A selection
with too few children, or a comparison without events, shows a message
instead of a traceback.

Figures are built as static ``plotly.graph_objects.Figure`` (never
``FigureWidget``, which would carry plotly.js in every widget), so no widget
state needs to be saved with a notebook.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML, display

from helpers import survival
from helpers.endpoints import (
    ASSUMPTION_CHOICES,
    BLAST_BANDS,
    MRD_BANDS,
    Assumptions,
    blast_band,
    mrd_band,
    survival_frame,
)
from helpers.figures import km_figure, waterfall_figure
from helpers.figures_style import format_p_value
from helpers.response import proportion_ci
from helpers.widgets_plot import PlotView

__all__ = [
    "ALL",
    "DIMENSIONS",
    "MIN_CHILDREN",
    "WATERFALL_MARGIN",
    "LatestOnly",
    "RemissionDashboard",
    "SubgroupFilter",
    "SurvivalDashboard",
    "View",
    "children",
    "count_line",
    "message_box",
    "remission_summary",
    "render",
    "select",
    "subgroup_labels",
    "subgroup_survival_frame",
    "survival_summary",
]

#: The option of every filter dropdown that keeps all children.
ALL = "All"

#: Filter dimensions: key -> (label shown to the reader, function of the frame).
DIMENSIONS: dict[str, tuple[str, Callable[[pd.DataFrame], pd.Series]]] = {
    "prior_therapy": ("Prior therapy", lambda f: f["prior_therapy"]),
    "blast_band": ("Blasts before", lambda f: blast_band(f["blasts_pre_pct"])),
    "mrd_band": ("MRD before", lambda f: mrd_band(f["mrd_pre_pct"])),
    "fusion_gene": ("Fusion gene", lambda f: f["fusion_gene_pre"].fillna("none named")),
    "remission": ("Remission", lambda f: f["complete_remission"].map({True: "CR", False: "No CR"})),
    "follow_up_therapy": ("Next therapy", lambda f: f["follow_up_therapy"]),
    "vital_status": ("Vital status", lambda f: f["alive"].map({True: "Alive", False: "Died"})),
}

#: The smallest selection for which a rate or a curve is shown.
MIN_CHILDREN = 2


def subgroup_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """One text column per filter dimension, in the order of :data:`DIMENSIONS`.

    Examples
    --------
    >>> from helpers.data import load_patients
    >>> labels = subgroup_labels(load_patients())
    >>> labels["remission"].value_counts().to_dict()
    {'CR': 26, 'No CR': 7}
    """
    return pd.DataFrame(
        {key: fn(frame).astype(str).to_numpy() for key, (_, fn) in DIMENSIONS.items()},
        index=frame.index,
    )


def levels(labels: pd.DataFrame, key: str) -> list[str]:
    """The values of one dimension in display order: bands in their order, others by size."""
    values = labels[key]
    bands = {"blast_band": BLAST_BANDS, "mrd_band": MRD_BANDS}.get(key)
    if bands is not None:
        return [b for b in bands if b in set(values)]
    counts = values.value_counts()
    return sorted(counts.index, key=lambda v: (-counts[v], v))


def select(
    frame: pd.DataFrame, selection: Mapping[str, str], *, labels: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The rows of ``frame`` matching every chosen value (``ALL`` matches everyone).

    Examples
    --------
    >>> from helpers.data import load_patients
    >>> p = load_patients()
    >>> len(select(p, {"remission": "CR", "follow_up_therapy": "HSCT"}))
    15
    """
    labels = subgroup_labels(frame) if labels is None else labels
    keep = pd.Series(True, index=frame.index)
    for key, value in selection.items():
        if key not in DIMENSIONS:
            raise KeyError(f"unknown filter {key!r}; expected one of {list(DIMENSIONS)}")
        if value != ALL:
            keep &= labels[key] == value
    return frame[keep]


@dataclass(frozen=True)
class View:
    """What a dashboard shows: a count line, a table or a message, and a figure."""

    count: str
    html: str
    figure: go.Figure | None = None
    numbers: dict[str, float] = field(default_factory=dict)


def count_line(n: int, total: int) -> str:
    """The "k of n children selected" line every dashboard shows."""
    return f"<b>{n}</b> of {total} children selected"


def children(n: int) -> str:
    """``n`` children in words: "no children", "1 child", "5 children"."""
    return "no children" if n == 0 else "1 child" if n == 1 else f"{n} children"


def message_box(text: str) -> str:
    """A highlighted message (HTML) shown instead of a result that cannot be computed."""
    return (
        f"<div style='padding:0.5em;background:#fff3cd;border-left:4px solid #E69F00'>{text}</div>"
    )


def remission_summary(selected: pd.DataFrame, *, total: int, measure: str = "blasts") -> View:
    """Remission rate with its exact interval, and a waterfall, for a selection."""
    n = len(selected)
    count = count_line(n, total)
    if n < MIN_CHILDREN:
        return View(
            count,
            message_box(f"{children(n).capitalize()} selected: widen the filter to see a rate."),
        )
    ci = proportion_ci(int(selected["complete_remission"].sum()), n)
    html = (
        f"Complete remission: <b>{ci.successes}/{ci.n}</b> = {100 * ci.proportion:.1f}% "
        f"(exact 95% CI {100 * ci.ci_lower:.1f}–{100 * ci.ci_upper:.1f}%)"
    )
    before, after = f"{measure}_pre_pct", f"{measure}_post_pct"
    label = {"blasts": "bone-marrow blasts", "mrd": "MRD"}[measure]
    figure = waterfall_figure(
        selected,
        before=before,
        after=after,
        measure_label=label,
        color_by="complete_remission",
        color_labels={True: "CR", False: "No CR"},
        color_title="Remission",
    )
    numbers = {"n": n, "cr": ci.successes, "rate": ci.proportion}
    return View(count, html, figure, numbers)


class SubgroupFilter(widgets.VBox):
    """Dropdowns over :data:`DIMENSIONS` and a live count of the children selected.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per child (Table 2 columns, optionally with endpoint columns).
    dimensions : sequence of str, optional
        Which filters to show (default: all).
    """

    def __init__(self, frame: pd.DataFrame, *, dimensions: tuple[str, ...] | None = None):
        self.frame = frame
        self.labels = subgroup_labels(frame)
        keys = dimensions or tuple(DIMENSIONS)
        self.dropdowns = {
            key: widgets.Dropdown(
                options=[ALL, *levels(self.labels, key)],
                value=ALL,
                description=DIMENSIONS[key][0],
                style={"description_width": "8em"},
                layout=widgets.Layout(width="22em"),
            )
            for key in keys
        }
        self.count = widgets.HTML(count_line(len(frame), len(frame)))
        for dropdown in self.dropdowns.values():
            dropdown.observe(self._update_count, names="value")
        boxes = list(self.dropdowns.values())
        grid = widgets.GridBox(
            boxes, layout=widgets.Layout(grid_template_columns="repeat(2, 24em)")
        )
        super().__init__([grid, self.count])
        self.add_class("subgroup-filter")

    @property
    def selection(self) -> dict[str, str]:
        return {key: d.value for key, d in self.dropdowns.items()}

    def selected(self) -> pd.DataFrame:
        """The rows of the frame that the dropdowns select."""
        return select(self.frame, self.selection, labels=self.labels)

    def reset(self) -> None:
        for dropdown in self.dropdowns.values():
            dropdown.value = ALL

    def observe_selection(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever any dropdown changes."""
        for dropdown in self.dropdowns.values():
            dropdown.observe(lambda _change: callback(), names="value")

    def _update_count(self, _change: object = None) -> None:
        self.count.value = count_line(len(self.selected()), len(self.frame))


#: Margins (px) the remission waterfall ends up with in chromium once plotly's
#: automargin has made room for the y-axis labels, the legend and the rotated
#: case labels: the largest seen over every filter value and both measures
#: (left 85-105, right 111-115, top 100, bottom 92). Starting the dashboard's
#: figure from these saves plotly a second full layout pass per redraw (and
#: per PNG snapshot the plotly renderer takes), about 30 ms of a ~130 ms redraw.
WATERFALL_MARGIN: dict[str, int] = {"l": 105, "r": 115, "t": 100, "b": 92}


def render(
    plot: PlotView,
    view: View,
    html: widgets.HTML,
    count: widgets.HTML,
    *,
    margin: Mapping[str, int] | None = None,
) -> None:
    """Show a :class:`View`: its count line, its HTML and its figure (or none)."""
    count.value = view.count
    html.value = view.html
    plot.show(view.figure, margin=margin)


class LatestOnly:
    """Draw a dashboard's view only if no newer update started while it was computed.

    ipykernel 7 may handle a second widget message while the first one's
    callback is still running (two filter changes a few milliseconds apart).
    The update that started last reads every control after all earlier
    changes were applied, so its view is the right one; an update that
    finishes after it would draw an earlier selection over it. Each update
    takes a ticket; one whose ticket is no longer the newest is dropped.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._newest = 0

    def __call__(self, compute: Callable[[], View], draw: Callable[[View], None]) -> bool:
        """Compute a view and draw it unless a newer update began meanwhile; True if drawn."""
        with self._lock:
            self._newest += 1
            ticket = self._newest
        view = compute()
        with self._lock:
            if ticket != self._newest:
                return False
            draw(view)
            return True


class RemissionDashboard(widgets.VBox):
    """Subgroup filter -> remission rate with exact interval and a waterfall plot."""

    def __init__(self, patients: pd.DataFrame):
        self.filter = SubgroupFilter(patients)
        self.measure = widgets.ToggleButtons(
            options=[("Marrow blasts", "blasts"), ("MRD", "mrd")],
            value="blasts",
            description="Waterfall of",
        )
        self.rate, self.plot = widgets.HTML(), PlotView()
        self._latest = LatestOnly()
        self.filter.observe_selection(self.update)
        self.measure.observe(lambda _c: self.update(), names="value")
        super().__init__([self.filter, self.measure, self.rate, self.plot])
        self.add_class("remission-dashboard")
        self.update()

    def view(self) -> View:
        return remission_summary(
            self.filter.selected(), total=len(self.filter.frame), measure=self.measure.value
        )

    def update(self) -> None:
        self._latest(
            self.view,
            lambda view: render(
                self.plot, view, self.rate, self.filter.count, margin=WATERFALL_MARGIN
            ),
        )


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
    df = frame if compare == "remission" else frame[frame["complete_remission"]]
    df = df[df[duration].notna()]
    df = df.assign(**{event: df[event].astype(bool)})
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
    if (events == 0).any():
        empty = [group_labels[k] for k, v in events.items() if v == 0]
        rows.append(f"Hazard ratio: not estimable, no events in {', '.join(empty)}.")
    else:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", survival.SmallSampleWarning)
            hr = survival.cox_hazard_ratio(
                df, duration=duration, event=event, group=column, reference=False
            )
        caution = " (few events: read with care)" if caught else ""
        rows.append(
            f"Hazard ratio {group_labels[True]} vs {group_labels[False]}: "
            f"{hr.hazard_ratio:.2f} (95% CI {hr.ci_lower:.2f}–{hr.ci_upper:.2f}){caution}"
        )
        numbers["hazard_ratio"] = hr.hazard_ratio
    html = "<br>".join(rows)
    return View(count, html, figure, numbers)


class SurvivalDashboard(widgets.VBox):
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
            options=list(ASSUMPTION_CHOICES["dfs_relapses"]), description="DFS relapses"
        )
        self.non_responders = widgets.Dropdown(
            options=list(ASSUMPTION_CHOICES["dfs_non_responders"]),
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


def show(view: View) -> None:
    """Display a :class:`View` statically (count, numbers, figure) in a checked cell."""
    display(HTML(f"{view.count}<br>{view.html}"))
    if view.figure is not None:
        display(view.figure)
