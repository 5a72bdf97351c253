"""Every line a figure draws is visible: no reference line drawn 0 px wide.

The shared template (:data:`helpers.figures.style.TEMPLATE`) gives shapes a default line
width of 0, so an ``add_hline`` without a width, such as the 80 % target of the
power plot, was in the figure but invisible (issue 13, point 3). These tests
build every figure the package makes from the cohort's tables (the gallery's
figures, the bridging, schedule and audit figures, and the figures of the
dashboards' default views) and resolve each line's width the way plotly.js
does: the object's own width, else the template's default, else plotly's.

Invisible by design, and allowed:

* the outline of a filled shape (a shaded band such as the dexamethasone
  pre-phase of the schedule figure): the fill is what shows;
* the edge of a filled trace (a confidence band drawn with ``fill``), and the
  upper edge of a band that the next trace fills to (``fill="tonexty"``): the
  two traces together draw one shaded area, and a line on its edge would read
  as another curve.
"""

from __future__ import annotations

import pytest

from helpers import figures as fg
from helpers.audit import run_audit
from helpers.bridging import landmark_comparison
from helpers.endpoints import survival_frame
from helpers.figures.style import build_figure
from helpers.widgets import POWER_DEFAULTS, landmark_view, power_view
from tools.gallery import build_gallery

#: plotly.js's own defaults when neither the object nor the template sets a width.
PLOTLY_SHAPE_WIDTH = 2
PLOTLY_TRACE_WIDTH = 2
PLOTLY_ZEROLINE_WIDTH = 1


def _template_default(fig, *path):
    node = fig.layout.template
    for key in path:
        if isinstance(node, tuple):  # template.data.scatter is a tuple of traces
            node = node[0] if node else None
        node = None if node is None else getattr(node, key, None)
    return node


def shape_width(fig, shape) -> float:
    if shape.line.width is not None:
        return shape.line.width
    default = _template_default(fig, "layout", "shapedefaults", "line", "width")
    return PLOTLY_SHAPE_WIDTH if default is None else default


def trace_width(fig, trace) -> float:
    if trace.line.width is not None:
        return trace.line.width
    default = _template_default(fig, "data", trace.type, "line", "width")
    return PLOTLY_TRACE_WIDTH if default is None else default


def _draws_lines(trace) -> bool:
    if trace.type != "scatter":
        return False
    mode = trace.mode or "lines"  # plotly's default for a scatter trace with few points
    return "lines" in mode


def invisible_lines(fig) -> list[str]:
    """Lines of ``fig`` drawn 0 px wide that are not the edge of a filled area."""
    found = []
    for i, shape in enumerate(fig.layout.shapes):
        filled = shape.type != "line" and shape.fillcolor not in (None, "rgba(0,0,0,0)")
        if shape_width(fig, shape) <= 0 and not filled:
            found.append(
                f"shape {i} ({shape.type}, {shape.x0}..{shape.x1}, {shape.y0}..{shape.y1})"
            )
    traces = list(fig.data)
    for i, trace in enumerate(traces):
        if not _draws_lines(trace) or trace_width(fig, trace) > 0:
            continue
        filled = trace.fill not in (None, "none")
        next_fills_to_it = i + 1 < len(traces) and getattr(traces[i + 1], "fill", None) in (
            "tonexty",
            "tonextx",
        )
        if not (filled or next_fills_to_it):
            found.append(f"trace {i} ({trace.name!r})")
    for axis_name in ("xaxis", "yaxis"):
        for axis in fig.select_xaxes() if axis_name == "xaxis" else fig.select_yaxes():
            zeroline = axis.zeroline
            if zeroline is None:
                zeroline = _template_default(fig, "layout", axis_name, "zeroline")
            width = axis.zerolinewidth
            if width is None:
                width = _template_default(fig, "layout", axis_name, "zerolinewidth")
            if zeroline and (PLOTLY_ZEROLINE_WIDTH if width is None else width) <= 0:
                found.append(f"{axis_name} zero line")
    return found


def _every_figure() -> dict[str, object]:
    from helpers.data import load_patients, load_transplants

    out = {item.slug: item.figure for item in build_gallery()}
    frame = survival_frame(load_patients(), load_transplants())
    out["immortal-time"] = fg.immortal_time_figure(frame)
    for landmark in (0.5, 2.0, 4.0):
        result = landmark_comparison(frame, landmark=landmark)
        out[f"landmark-{landmark:g}"] = fg.landmark_figure(result)
        out[f"landmark-view-{landmark:g}"] = landmark_view(frame, landmark=landmark).figure
    out["power-view"] = power_view(**POWER_DEFAULTS, n_trials=50).figure
    out["schedule"] = fg.schedule_figure()
    out["schedule-first-14-days"] = fg.schedule_figure(include_continuation=False)
    out["audit-status"] = fg.status_figure(run_audit())
    return out


EVERY_FIGURE = _every_figure()


def test_the_walk_covers_every_figure_function():
    """A new figure function must be added to the walk above."""
    made = {name for name in fg.__all__ if name.endswith("_figure")}
    walked = {
        "km_figure",
        "waterfall_figure",
        "paired_mrd_figure",
        "forest_figure",
        "swimmer_figure",
        "flow_figure",
        "adverse_events_figure",
        "transplant_complications_figure",
        "engraftment_figure",
        "immortal_time_figure",
        "landmark_figure",
        "power_figure",
        "schedule_figure",
        "status_figure",
    }
    assert made <= walked, f"not walked: {sorted(made - walked)}"


@pytest.mark.parametrize("name", sorted(EVERY_FIGURE))
def test_every_line_is_drawn_with_a_visible_width(name):
    fig = EVERY_FIGURE[name]
    assert fig is not None
    assert invisible_lines(fig) == []


def test_power_target_line_is_visible():
    fig = EVERY_FIGURE["power-view"]
    (target,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert target.y0 == target.y1 == 0.8
    assert shape_width(fig, target) >= 1


def test_the_check_finds_a_zero_width_line():
    """The check itself: a line shape left to the shared template's default is found."""
    fig = build_figure(
        [{"type": "scatter", "x": [0, 1], "y": [0, 1], "mode": "lines"}],
        {"shapes": [{"type": "line", "x0": 0, "x1": 1, "y0": 0.5, "y1": 0.5}]},
    )
    assert fig.layout.template.layout.shapedefaults.line.width == 0
    assert invisible_lines(fig) == ["shape 0 (line, 0..1, 0.5..0.5)"]
    fig.update_traces(line_width=0)
    assert invisible_lines(fig)[1:] == ["trace 0 (None)"]
