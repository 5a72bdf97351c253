"""The planned blinatumomab schedule as a step chart (notebook 00).

The numbers come from :mod:`helpers.schedule`; this module only draws them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from helpers.figures.style import template_json
from helpers.schedule import (
    CONTINUATION,
    DOSE_UNIT,
    MARROW_ASSESSMENT_DAYS,
    PREPHASE_DAYS,
    STANDARD_COURSE_DAYS,
    dosing_schedule,
)

__all__ = ["schedule_figure"]


# Okabe-Ito colours (distinguishable with common colour-vision deficiencies).
_COLOURS = {"course": "#0072B2", "continuation": "#D55E00", "prephase": "#999999"}


def _step_xy(schedule: pd.DataFrame) -> tuple[list[int], list[float]]:
    """Corners of a step line: each day is drawn from its start to the next day's start."""
    days = schedule["day"].tolist()
    doses = schedule["dose_ug_m2_day"].tolist()
    return [*days, days[-1] + 1], [*doses, doses[-1]]


def schedule_figure(*, include_continuation: bool = True) -> go.Figure:
    """Step chart of the planned daily dose against infusion day.

    Day *d* is drawn from x = *d* to x = *d* + 1. The dexamethasone
    pre-phase is a grey band before day 1; dotted lines mark the marrow
    examinations.

    Parameters
    ----------
    include_continuation : bool, default True
        Also draw days 15-28 (non-responders only) as a dashed line.

    Returns
    -------
    plotly.graph_objects.Figure
        The figure; display it as a cell's last expression.

    Examples
    --------
    >>> fig = schedule_figure()
    >>> [trace.name for trace in fig.data]
    ['14-day course (every child)', 'Continuation (not in CR on day 15)']
    """
    fig = go.Figure()
    x, y = _step_xy(dosing_schedule())
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            line={"shape": "hv", "width": 3, "color": _COLOURS["course"]},
            name=f"{STANDARD_COURSE_DAYS}-day course (every child)",
            hovertemplate=f"day %{{x}}: %{{y}} {DOSE_UNIT}<extra></extra>",
        )
    )
    last_marked = MARROW_ASSESSMENT_DAYS[0]
    if include_continuation:
        x, y = _step_xy(dosing_schedule(include_continuation=True))
        start = x.index(CONTINUATION.first_day)
        fig.add_trace(
            go.Scatter(
                x=x[start:],
                y=y[start:],
                mode="lines",
                line={"shape": "hv", "width": 3, "dash": "dash", "color": _COLOURS["continuation"]},
                name="Continuation (not in CR on day 15)",
                hovertemplate=f"day %{{x}}: %{{y}} {DOSE_UNIT}<extra></extra>",
            )
        )
        last_marked = MARROW_ASSESSMENT_DAYS[1]
    fig.add_vrect(
        x0=1 - max(PREPHASE_DAYS),
        x1=1,
        fillcolor=_COLOURS["prephase"],
        opacity=0.25,
        line_width=0,
        annotation_text="dexamethasone<br>pre-phase",
        annotation_position="top left",
    )
    for day in MARROW_ASSESSMENT_DAYS:
        if day <= last_marked:
            fig.add_vline(
                x=day,
                line_dash="dot",
                line_color="#424242",
                line_width=2,
                annotation_text=f"marrow, day {day}",
                annotation_position="top left",
            )
    fig.layout.template = template_json()
    fig.update_layout(
        title="Short-course blinatumomab: planned daily dose (Xie et al. 2023)",
        height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
    )
    fig.update_xaxes(
        title_text="Day of blinatumomab infusion",
        range=[1 - max(PREPHASE_DAYS) - 0.5, last_marked + 1.5],
        dtick=2 if include_continuation else 1,
    )
    fig.update_yaxes(title_text=f"Daily dose ({DOSE_UNIT})", range=[0, 18], dtick=5, showgrid=True)
    return fig
