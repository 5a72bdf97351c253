"""A plot widget that redraws a plotly figure in place, for the dashboards.

A dashboard used to show its figure by replacing the outputs of an
:class:`ipywidgets.Output`. JupyterLab then builds a new plot each time, and
its plotly renderer draws it three times (the plot, a redraw when it is laid
out, and a hidden copy for a PNG snapshot). :class:`PlotView` keeps one plot
element and hands each new figure to ``Plotly.react``, which draws it once
(``plot.js`` beside this module, an `anywidget <https://anywidget.dev>`_ front end).

plotly.js (about 5 MB) travels to the browser once per kernel, in the one
:class:`PlotlyLibrary` widget every :class:`PlotView` refers to, not once per
plot. Nothing is saved with a notebook: the notebooks are stored without
widget state, so a reader of the static copy sees the checked cells' static
figures, as before.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources

import anywidget
import ipywidgets as widgets
import plotly.graph_objects as go
import plotly.offline
import traitlets

__all__ = ["PlotView", "PlotlyLibrary", "figure_spec", "plotly_library"]


def figure_spec(figure: go.Figure, *, margin: Mapping[str, int] | None = None) -> dict:
    """A figure as plain JSON (``data``, ``layout``), ready for ``Plotly.react``.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        The figure; it is not modified.
    margin : mapping of str to int, optional
        Starting margins in pixels (keys among ``l``, ``r``, ``t``, ``b``); a
        side only grows, never shrinks. Plotly's automargin still makes room
        for whatever does not fit, so this is only a speed hint: when the
        labels and legend already fit, plotly lays the figure out once
        instead of twice.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> fig = go.Figure(layout={"margin": {"l": 80, "r": 40}, "title": {"text": "T"}})
    >>> figure_spec(fig, margin={"l": 100, "r": 20})["layout"]["margin"]
    {'l': 100, 'r': 40}
    """
    spec = json.loads(figure.to_json())
    if margin:
        current = spec["layout"].get("margin", {})
        spec["layout"]["margin"] = current | {
            side: max(int(px), current.get(side, 0)) for side, px in margin.items()
        }
    return spec


class PlotlyLibrary(widgets.Widget):
    """The plotly.js source, sent to the browser once for every :class:`PlotView`.

    A model-only widget (no view). Use :func:`plotly_library` for the one
    instance of a kernel.
    """

    version = traitlets.Unicode(read_only=True).tag(sync=True)
    source = traitlets.Unicode(read_only=True).tag(sync=True)

    def __init__(self) -> None:
        super().__init__()
        self.set_trait("version", plotly.offline.get_plotlyjs_version())
        self.set_trait("source", plotly.offline.get_plotlyjs())


_LIBRARY: list[PlotlyLibrary] = []  # the kernel's one library, once created


def plotly_library() -> PlotlyLibrary:
    """The kernel's one :class:`PlotlyLibrary`, created on first use (again if closed)."""
    if not _LIBRARY or _LIBRARY[0].comm is None:  # Widget.close() drops the comm
        _LIBRARY[:] = [PlotlyLibrary()]
    return _LIBRARY[0]


@functools.cache
def _front_end() -> str:
    return resources.files("helpers.widgets").joinpath("plot.js").read_text(encoding="utf-8")


class PlotView(anywidget.AnyWidget):
    """One plotly figure, redrawn in place whenever :meth:`show` gives it another.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> view = PlotView()
    >>> view.show(go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "T"}}))
    >>> view.figure["data"][0]["type"], view.revision
    ('bar', 1)
    >>> view.show(None)
    >>> view.figure, view.revision
    ({}, 2)
    """

    _esm = traitlets.Unicode().tag(sync=True)
    #: The figure as plotly JSON; ``{}`` shows nothing.
    figure = traitlets.Dict().tag(sync=True)
    #: Counts the figures shown; the front end redraws when it changes.
    revision = traitlets.Int(0).tag(sync=True)
    library = traitlets.Instance(PlotlyLibrary).tag(sync=True, **widgets.widget_serialization)
    plotly_version = traitlets.Unicode().tag(sync=True)

    def __init__(self) -> None:
        library = plotly_library()
        super().__init__(_esm=_front_end(), library=library, plotly_version=library.version)
        self.add_class("helpers-plot-view")

    def show(self, figure: go.Figure | None, *, margin: Mapping[str, int] | None = None) -> None:
        """Draw ``figure`` (or clear the plot if None); see :func:`figure_spec` for ``margin``."""
        spec = {} if figure is None else figure_spec(figure, margin=margin)
        with self.hold_sync():
            self.figure = spec
            self.revision += 1
