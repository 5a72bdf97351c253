"""The pieces of a Kaplan-Meier figure, one group at a time: plotly traces as dicts.

:func:`helpers.figures.km.km_figure` computes the estimates with
:mod:`helpers.survival` and calls these builders for each group; they only
turn numbers already computed into traces and annotations (no statistics
here). Every trace carries ``meta = {"role": ..., "group": ...}`` so tests
and readers can find it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from helpers._format import format_pct
from helpers.figures.style import rgba

__all__ = [
    "LEGEND_TOP_PX",
    "RISK_ROWS",
    "GroupStyle",
    "band_traces",
    "censor_legend_trace",
    "censor_trace",
    "curve_trace",
    "fmt_time",
    "left_margin",
    "median_interval",
    "median_parts",
    "risk_table_traces",
    "row_domains",
]

#: Rows of the risk table per group: (column of ``at_risk_table``, row name).
RISK_ROWS = (("at_risk", "At risk"), ("censored", "Censored"), ("events", "Events"))

#: Axes of the curves and of the risk table.
TOP = {"xaxis": "x", "yaxis": "y"}
BOTTOM = {"xaxis": "x2", "yaxis": "y2"}


def fmt_time(t: float) -> str:
    """A time as the shortest plain number: ``3.0`` -> ``'3'``, ``2.5`` -> ``'2.5'``."""
    return f"{t:g}"


@dataclass(frozen=True)
class GroupStyle:
    """How one group is drawn and named."""

    key: str  # the group's key in helpers.survival's output
    label: str  # its display name
    color: str
    level: str  # confidence level, e.g. "95%"
    unit: str  # time unit, e.g. "months"


def band_traces(km: Mapping[str, np.ndarray], style: GroupStyle) -> list[dict]:
    """Upper and lower pointwise confidence limits; the lower one fills up to the upper."""
    common = {
        "type": "scatter",
        "x": km["time"].tolist(),
        "mode": "lines",
        "line": {"width": 0, "shape": "hv"},
        "hoverinfo": "skip",
        "showlegend": False,
        "legendgroup": style.key,
        **TOP,
    }
    upper = {
        **common,
        "y": km["ci_upper"].tolist(),
        "meta": {"role": "ci_upper", "group": style.key},
    }
    lower = {
        **common,
        "y": km["ci_lower"].tolist(),
        "fill": "tonexty",
        "fillcolor": rgba(style.color, 0.13),
        "meta": {"role": "ci_lower", "group": style.key},
    }
    return [upper, lower]


def curve_trace(km: Mapping[str, np.ndarray], style: GroupStyle) -> dict:
    """The survival step curve, with a hover text per step."""
    t, s, lo, hi = km["time"], km["survival"], km["ci_lower"], km["ci_upper"]
    hover = []
    for tt, ss, ll, hh, ar, ev, ce in zip(
        t, s, lo, hi, km["at_risk"], km["events"], km["censored"], strict=True
    ):
        interval = (
            f"{style.level} CI {format_pct(ll)}–{format_pct(hh)}"
            if 0 < ss < 1
            else f"{style.level} CI not estimable here"
        )
        hover.append(
            f"<b>{style.label}</b><br>{fmt_time(tt)} {style.unit}: survival {format_pct(ss)}"
            f"<br>{interval}<br>At risk {ar}; events {ev}, censored {ce} at this time"
        )
    return {
        "type": "scatter",
        "x": t.tolist(),
        "y": s.tolist(),
        "mode": "lines",
        "line": {"color": style.color, "width": 2.5, "shape": "hv"},
        "name": f"{style.label} (n = {int(km['at_risk'][0])})",
        "legendgroup": style.key,
        "text": hover,
        "hovertemplate": "%{text}<extra></extra>",
        "meta": {"role": "curve", "group": style.key},
        **TOP,
    }


def _tick_marker(color: str) -> dict:
    line = {"width": 2, "color": color}
    return {"symbol": "line-ns-open", "size": 11, "color": color, "line": line}


def censor_trace(km: Mapping[str, np.ndarray], style: GroupStyle) -> dict:
    """Tick marks on the curve where children were censored."""
    censored = km["censored"] > 0
    times, counts = km["time"][censored], km["censored"][censored]
    return {
        "type": "scatter",
        "x": times.tolist(),
        "y": km["survival"][censored].tolist(),
        "mode": "markers",
        "marker": _tick_marker(style.color),
        "showlegend": False,
        "legendgroup": style.key,
        "text": [
            f"<b>{style.label}</b><br>{n} censored at {fmt_time(tt)} {style.unit} "
            f"(alive, follow-up ended)"
            for n, tt in zip(counts, times, strict=True)
        ],
        "hovertemplate": "%{text}<extra></extra>",
        "meta": {"role": "censor", "group": style.key},
        **TOP,
    }


def censor_legend_trace() -> dict:
    """An invisible point that puts one "Censored" tick in the legend."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": "Censored (alive at last follow-up)",
        "marker": _tick_marker("#444444"),
        "hoverinfo": "skip",
        "meta": {"role": "legend", "group": None},
        **TOP,
    }


def median_interval(median: Mapping[str, float], level: str) -> str:
    """The median's confidence interval in words; a limit not reached is "NR".

    A limit is not reached (NaN, or ``inf`` as lifelines writes it) when the
    pointwise band never crosses 50 %, or only where the curve falls to 0 (see
    :func:`helpers.survival.median_survival`). With neither limit reached there
    is no interval to show.

    Examples
    --------
    >>> median_interval({"ci_lower": 7.3, "ci_upper": 18.0}, "95%")
    '95% CI 7.3–18'
    >>> median_interval({"ci_lower": 7.3, "ci_upper": float("nan")}, "95%")
    '95% CI 7.3–NR (upper limit not reached)'
    >>> median_interval({"ci_lower": float("nan"), "ci_upper": float("nan")}, "95%")
    '95% CI not estimable: too few children'
    """
    lower, upper = (float(median[k]) for k in ("ci_lower", "ci_upper"))
    low_ok, up_ok = np.isfinite(lower), np.isfinite(upper)
    if low_ok and up_ok:
        return f"{level} CI {fmt_time(lower)}–{fmt_time(upper)}"
    if low_ok:
        return f"{level} CI {fmt_time(lower)}–NR (upper limit not reached)"
    if up_ok:
        return f"{level} CI NR–{fmt_time(upper)} (lower limit not reached)"
    return f"{level} CI not estimable: too few children"


def median_parts(
    median: Mapping[str, float], style: GroupStyle, *, max_time: float
) -> tuple[dict, dict]:
    """Dashed guide to a reached median, and its label (a trace and an annotation)."""
    m = median["median"]
    ci_txt = median_interval(median, style.level)
    trace = {
        "type": "scatter",
        "x": [0.0, float(m), float(m)],
        "y": [0.5, 0.5, 0.0],
        "mode": "lines",
        "line": {"color": style.color, "width": 1.2, "dash": "dash"},
        "showlegend": False,
        "legendgroup": style.key,
        "hovertemplate": f"<b>{style.label}</b><br>Median {fmt_time(m)} "
        f"{style.unit} ({ci_txt})<extra></extra>",
        "meta": {"role": "median", "group": style.key},
        **TOP,
    }
    # Label to the right of the guide, or to its left near the right edge.
    late = m > 0.75 * max_time
    label = {
        "x": float(m),
        "y": 0.5,
        "xref": "x",
        "yref": "y",
        "xanchor": "right" if late else "left",
        "yanchor": "bottom",
        "xshift": -3 if late else 3,
        "text": f"median {fmt_time(m)} {style.unit}",
        "showarrow": False,
        "font": {"size": 12, "color": style.color},
        "bgcolor": "rgba(255,255,255,0.7)",
    }
    return trace, label


def risk_table_traces(
    risk: Mapping[str, np.ndarray], style: GroupStyle, *, y_start: float
) -> tuple[list[dict], list[float], list[str]]:
    """One text row per entry of :data:`RISK_ROWS`, from ``y_start`` down in steps of 1.

    Returns the traces, the rows' y positions and their tick labels.
    """
    customdata = np.column_stack([risk["at_risk"], risk["censored"], risk["events"]]).tolist()
    traces, ticks, texts = [], [], []
    y = y_start
    for key, row_name in RISK_ROWS:
        ticks.append(y)
        texts.append(
            f"<span style='color:{style.color}'><b>{style.label}</b></span> {row_name.lower()}"
            if key == "at_risk"
            else row_name.lower()
        )
        traces.append(
            {
                "type": "scatter",
                "x": risk["time"].tolist(),
                "y": [y] * len(risk["time"]),
                "mode": "text",
                "text": [str(int(v)) for v in risk[key]],
                "textfont": {"color": style.color, "size": 13},
                "textposition": "middle center",
                "cliponaxis": False,
                "showlegend": False,
                "legendgroup": style.key,
                "customdata": customdata,
                "hovertemplate": f"<b>{style.label}</b> at %{{x:g}} {style.unit}<br>"
                "At risk %{customdata[0]}; censored so far %{customdata[1]}; "
                "events so far %{customdata[2]}<extra></extra>",
                "meta": {"role": "risk_table", "group": style.key, "row": key},
                **BOTTOM,
            }
        )
        y -= 1.0
    return traces, ticks, texts


#: Where the legend starts, in pixels from the top of the figure: below the title
#: (19 px font, 12 px from the top) and its subtitle (13 px).
LEGEND_TOP_PX = 72


def left_margin(labels: Sequence[str]) -> int:
    """Left margin (px) for the risk table's longest row label, "<group> at risk".

    At least 200 px, else about 7 px a character (253 px measured for "Transplanted by
    the landmark at risk"): plotly then lays the figure out once, not twice per redraw.

    Examples
    --------
    >>> left_margin(["CR", "No CR"]), left_margin(["Transplanted by the landmark"])
    (200, 282)
    """
    longest = max(len(f"{label} {RISK_ROWS[0][1].lower()}") for label in labels)
    return max(200, 30 + 7 * longest)


def row_domains(heights: Sequence[float], spacing: float) -> list[list[float]]:
    """Vertical domains of stacked rows (top first), computed as ``make_subplots`` does.

    Examples
    --------
    >>> row_domains([3, 1], 0.2)
    [[0.4, 1.0], [0.0, 0.2]]
    """
    usable = 1.0 - spacing * (len(heights) - 1)
    total = float(sum(heights))
    sizes = [usable * (h / total) for h in heights]
    domains, start = [], 0.0
    for i in reversed(range(len(heights))):  # bottom row first, as plotly stacks them
        end = min(start + sizes[i], 1.0)
        domains.append([start, end])
        start = start + sizes[i] + spacing
    return domains[::-1]
