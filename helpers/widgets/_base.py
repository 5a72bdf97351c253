"""What every dashboard shares: the subgroup filter, the :class:`View`, drawing it.

A dashboard's logic is a plain function returning a :class:`View` (a count
line, HTML, a figure, the numbers shown), which a test or a benchmark can call
without a browser; the widget classes only wire controls to it and draw the
result with :func:`render` (numbers into HTML widgets, the figure into a
:class:`helpers.widgets.plot.PlotView`, which redraws it in place). A selection
with too few children shows a message instead of a traceback.

Figures are built as static ``plotly.graph_objects.Figure`` (never
``FigureWidget``, which would carry plotly.js in every widget), so no widget
state needs to be saved with a notebook.
"""

from __future__ import annotations

import html as html_lib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML, display

from helpers._format import ALL, children
from helpers.endpoints import BLAST_BANDS, MRD_BANDS, blast_band, mrd_band
from helpers.widgets.plot import PlotView

__all__ = [
    "ALL",
    "DIMENSIONS",
    "MIN_CHILDREN",
    "LatestOnly",
    "RunToUse",
    "SubgroupFilter",
    "View",
    "children",
    "count_line",
    "message_box",
    "render",
    "select",
    "show",
    "subgroup_labels",
]

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
    numbers: dict[str, Any] = field(default_factory=dict)


def count_line(n: int, total: int) -> str:
    """The "k of n children selected" line every dashboard shows."""
    return f"<b>{n}</b> of {total} children selected"


def message_box(text: str) -> str:
    """A highlighted message (HTML) shown instead of a result that cannot be computed."""
    return (
        f"<div style='padding:0.5em;background:#fff3cd;border-left:4px solid #E69F00'>{text}</div>"
    )


#: What to do to bring a saved widget to life, as the menu of JupyterLab says it.
RUN_ALL = "Run the notebook (Run ▸ Run All Cells)"


class RunToUse:
    """Mixin for a displayed widget: its saved text says to run the notebook, not its repr.

    A widget in a cell's output is saved as its widget view and a text
    fallback. The notebooks are saved without widget state, so before the cells
    run a reader (or a static copy) sees only the fallback, which ipywidgets
    makes from the raw repr, ``SurvivalDashboard(children=(SubgroupFilter(...``.
    This mixin, placed before the ipywidgets class, replaces ``text/plain``
    and adds a ``text/html`` box with :attr:`run_note` in words. The live view
    is unchanged: a running JupyterLab prefers the widget view to both.
    """

    #: Words after "Run the notebook (Run ▸ Run All Cells)".
    run_note = "to use this dashboard"

    def saved_heading(self) -> str:
        """A line above the note (plain text), e.g. an exercise's question; none by default."""
        return ""

    def _repr_mimebundle_(self, **kwargs: object) -> dict | None:
        bundle: dict | None = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle is None:
            return None
        note = f"{RUN_ALL} {self.run_note}."
        heading = self.saved_heading()
        bundle["text/plain"] = f"{heading}\n{note}" if heading else note
        top = f"<b>{html_lib.escape(heading)}</b><br>" if heading else ""
        bundle["text/html"] = (
            "<div style='padding:0.5em 0.8em;border-left:4px solid #0072B2;"
            f"background:#eef5fb'>{top}{html_lib.escape(note)}</div>"
        )
        return bundle


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


def show(view: View) -> None:
    """Display a :class:`View` statically (count, numbers, figure) in a checked cell."""
    display(HTML(f"{view.count}<br>{view.html}"))
    if view.figure is not None:
        display(view.figure)
