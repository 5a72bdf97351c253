"""PlotView: the figure it sends, its redraw counter, and the one plotly.js per kernel.

What the browser does with them (one ``Plotly.react`` per figure, the plot
cleared for an empty selection) is checked in ``tests/browser``.
"""

from __future__ import annotations

import json

import plotly.offline
import pytest

from helpers.data import load_patients
from helpers.widgets import remission_summary
from helpers.widgets.plot import PlotView, figure_spec, plotly_library


@pytest.fixture(scope="module")
def waterfall():
    patients = load_patients()
    return remission_summary(patients, total=len(patients)).figure


def test_figure_spec_is_the_figures_own_json(waterfall):
    spec = figure_spec(waterfall)
    assert spec == json.loads(waterfall.to_json())
    assert set(spec) == {"data", "layout"}


def test_figure_spec_margin_only_grows_the_margins(waterfall):
    plain = figure_spec(waterfall)
    hinted = figure_spec(waterfall, margin={"l": 105, "r": 10, "b": 92})
    assert plain["layout"]["margin"] == {"l": 80, "r": 40, "t": 100, "b": 70}
    assert hinted["layout"]["margin"] == {"l": 105, "r": 40, "t": 100, "b": 92}
    # Nothing else in the figure changes, and the figure object itself is untouched.
    assert {**hinted, "layout": {**hinted["layout"], "margin": None}} == {
        **plain,
        "layout": {**plain["layout"], "margin": None},
    }
    assert waterfall.layout.margin.l == 80


def test_every_show_counts_a_revision_even_for_the_same_figure(waterfall):
    view = PlotView()
    assert (view.figure, view.revision) == ({}, 0)
    view.show(waterfall)
    view.show(waterfall)
    assert view.revision == 2
    assert view.figure == figure_spec(waterfall)
    view.show(None)
    assert (view.figure, view.revision) == ({}, 3)


def test_figure_and_revision_reach_the_browser_in_one_message(waterfall):
    view = PlotView()
    sent = []
    view.comm.send = lambda data=None, **_: sent.append(data)
    view.show(waterfall)
    states = [message["state"] for message in sent if message.get("method") == "update"]
    assert len(states) == 1
    assert set(states[0]) == {"figure", "revision"}
    assert states[0]["revision"] == 1


def test_plotly_js_travels_once_per_kernel_not_once_per_plot():
    first, second = PlotView(), PlotView()
    assert first.library is second.library is plotly_library()
    state = first.get_state()
    assert state["library"] == f"IPY_MODEL_{plotly_library().model_id}"
    assert len(state["_esm"]) < 10_000  # the front end, a few lines, not the library
    assert state["plotly_version"] == plotly.offline.get_plotlyjs_version()
    library = plotly_library().get_state()
    assert library["source"] == plotly.offline.get_plotlyjs()
    assert len(library["source"]) > 1_000_000


def test_a_closed_library_is_replaced_not_reused():
    library = plotly_library()
    library.close()  # e.g. ipywidgets.Widget.close_all()
    view = PlotView()
    assert view.library is not library
    assert view.library.comm is not None
    assert plotly_library() is view.library


def test_the_front_end_redraws_in_place_on_each_revision():
    esm = PlotView().get_state()["_esm"]
    assert 'model.on("change:revision", draw)' in esm
    assert "Plotly.react(node" in esm
    assert "node.dataset.revision" in esm  # the mark the browser tests wait for
    assert "export default { render }" in esm
