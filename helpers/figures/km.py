"""Kaplan-Meier figure with a KMunicate-style risk table.

Every estimate and count drawn here comes from :mod:`helpers.survival`
(:func:`~helpers.survival.kaplan_meier`, :func:`~helpers.survival.at_risk_table`,
:func:`~helpers.survival.median_survival`, :func:`~helpers.survival.logrank`);
nothing is recomputed on the side, so the figure and the numbers in a notebook
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers import survival
from helpers._format import format_p_value
from helpers._frames import require_frame
from helpers.figures._km_traces import (
    LEGEND_TOP_PX,
    RISK_ROWS,
    GroupStyle,
    band_traces,
    censor_legend_trace,
    censor_trace,
    curve_trace,
    fmt_time,
    left_margin,
    median_parts,
    risk_table_traces,
    row_domains,
)
from helpers.figures.style import (
    NOTHING_TO_PLOT,
    OKABE_ITO,
    SERIES_COLORS,
    build_figure,
    layout_spec,
)

__all__ = ["default_risk_times", "km_figure"]


def default_risk_times(max_time: float, *, step: float = 3.0) -> list[float]:
    """Times for the risk table: 0, ``step``, 2 ``step``, ... up to ``max_time``.

    Examples
    --------
    >>> default_risk_times(19.3)
    [0.0, 3.0, 6.0, 9.0, 12.0, 15.0, 18.0]
    >>> default_risk_times(2.0)
    [0.0, 2.0]
    """
    if not np.isfinite(max_time) or max_time < 0:
        raise ValueError(f"max_time must be a finite non-negative number, got {max_time!r}")
    times = np.arange(0.0, max_time + 1e-9, step).tolist()
    if len(times) == 1 and max_time > 0:
        times.append(float(max_time))
    return [float(t) for t in times]


def _group_order(
    df: pd.DataFrame, group: str | None, km_groups: list[str], labels: Mapping
) -> tuple[list[str], dict[str, str]]:
    """Groups (as survival's str keys) in display order, with their labels."""
    if group is None:
        return ["All"], {"All": labels.get("All", "All children")}
    present = set(km_groups)
    order = [k for k in labels if k in present]
    order += [k for k in km_groups if k not in order]
    return order, {k: labels.get(k, k) for k in order}


def _check_groups(df: pd.DataFrame, group: str | None, labels: Mapping, func: str) -> None:
    if group is None:
        return
    s = df[group]
    if s.isna().any():
        raise ValueError(
            f"{func}: group column {group!r} has {int(s.isna().sum())} missing value(s); "
            "every child must belong to a group"
        )
    present = set(s.astype(str))
    if isinstance(s.dtype, pd.CategoricalDtype):
        empty = [str(c) for c in s.cat.categories if str(c) not in present]
        if empty:
            raise ValueError(
                f"{func}: group {empty[0]!r} in column {group!r} is empty (no children); "
                "drop it with .cat.remove_unused_categories()"
            )
    empty = [k for k in labels if k not in present]
    if empty:
        raise ValueError(
            f"{func}: group {empty[0]!r} named in group_labels is empty: column {group!r} "
            f"has no children with that value (values present: {sorted(present)})"
        )


def km_figure(
    df: pd.DataFrame,
    *,
    duration: str,
    event: str,
    group: str | None = None,
    times: Sequence[float] | None = None,
    show_ci: bool = True,
    show_censors: bool = True,
    show_median: bool = True,
    show_pvalue: bool = True,
    time_unit: str = "months",
    title: str | None = None,
    group_labels: Mapping | None = None,
    alpha: float = 0.05,
    y_title: str = "Survival probability",
    x_title: str | None = None,
) -> go.Figure:
    """Kaplan-Meier curves with censoring ticks, intervals, medians and a risk table.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per child.
    duration, event : str, keyword-only
        Follow-up time (in ``time_unit``) and event indicator (bool or 0/1).
    group : str, optional, keyword-only
        One curve per value; ``None`` draws one curve for everyone.
    times : sequence of float, optional, keyword-only
        Times of the risk-table columns; default every 3 ``time_unit`` from 0
        to the longest follow-up (:func:`default_risk_times`).
    show_ci : bool, keyword-only
        Shade the pointwise ``1 - alpha`` interval (log-log Greenwood).
    show_censors : bool, keyword-only
        Tick marks where children were censored.
    show_median : bool, keyword-only
        Dashed guide lines to the median, drawn only where the curve reaches 50 %.
    show_pvalue : bool, keyword-only
        Log-rank p-value annotation (only with two or more groups).
    time_unit : str, keyword-only
        Unit of ``duration``, used in axis titles and hover text.
    title : str, optional, keyword-only
        Figure title.
    group_labels : mapping, optional, keyword-only
        Display names, keyed by group value (or its ``str``), e.g.
        ``{True: "Complete remission", False: "No remission"}``.  Their order
        is the legend and table order.  A key with no children raises.
    alpha : float, keyword-only
        One minus the confidence level of the bands.
    y_title, x_title : str, keyword-only
        Axis titles; units are appended to the y title, and the default x
        title is "Time from start of blinatumomab (<time_unit>)".

    Returns
    -------
    plotly.graph_objects.Figure
        Two rows sharing the x axis: the curves and the number-at-risk table.
        Every trace carries ``meta = {"role": ..., "group": ...}`` with role
        ``"curve"``, ``"ci_upper"``, ``"ci_lower"``, ``"censor"``, ``"median"``,
        ``"risk_table"`` (plus ``"row"``) or ``"legend"``.  ``layout.meta``
        holds ``groups`` (display order), ``times`` and ``p_value``.

    Raises
    ------
    ValueError
        For an empty frame, a missing column, an empty group (unused
        category, or a ``group_labels`` key without children) or anything
        :mod:`helpers.survival` rejects (negative times, missing events, ...).

    See Also
    --------
    helpers.survival.kaplan_meier, helpers.survival.at_risk_table,
    helpers.survival.median_survival, helpers.survival.logrank

    References
    ----------
    .. [1] Morris TP, Jarvis CI, Cragg W, et al. Proposals on Kaplan-Meier plots
       in medical research and a survey of stakeholder views: KMunicate.
       BMJ Open 2019;9:e030215.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 3, 3, 3, 6], "died": [1, 0, 1, 1, 0, 0]})
    >>> fig = km_figure(df, duration="months", event="died", times=[0, 2, 4])
    >>> [t.meta["role"] for t in fig.data][:3]
    ['ci_upper', 'ci_lower', 'curve']
    """
    func = "km_figure"
    require_frame(df, where=func, columns=[duration, event, group], nonempty=NOTHING_TO_PLOT)
    labels = {str(k): str(v) for k, v in (group_labels or {}).items()}
    _check_groups(df, group, labels, func)
    opts = {"duration": duration, "event": event, "group": group}
    km = survival.kaplan_meier(df, **opts, alpha=alpha)
    order, shown = _group_order(df, group, list(pd.unique(km["group"])), labels)
    max_time = float(km["time"].max())
    times = default_risk_times(max_time) if times is None else [float(t) for t in times]
    risk = survival.at_risk_table(df, **opts, times=times)
    medians = {
        row["group"]: row
        for row in survival.median_survival(df, **opts, alpha=alpha).to_dict("records")
    }
    p_value = None
    if show_pvalue and len(order) >= 2:
        p_value = float(survival.logrank(df, duration=duration, event=event, group=group).p_value)
    colors = {g: SERIES_COLORS[i % len(SERIES_COLORS)] for i, g in enumerate(order)}
    level = f"{100 * (1 - alpha):g}%"

    n_table_rows = len(order) * len(RISK_ROWS)
    curve_px, row_px = 430, 22
    table_px = row_px * n_table_rows + 16 * (len(order) - 1) + 10
    gap_px, top_px, bottom_px = 95, 125, 20
    plot_px = curve_px + gap_px + table_px
    domains = row_domains([curve_px, table_px], gap_px / plot_px)
    x_title = x_title or f"Time from start of blinatumomab ({time_unit})"
    data: list[dict] = []
    annotations: list[dict] = []

    # Columns as plain arrays, split per group below: much faster than frame filtering.
    km_group = km["group"].to_numpy()
    km_cols = {c: km[c].to_numpy(dtype=float) for c in ("time", "survival", "ci_lower", "ci_upper")}
    km_cols.update({c: km[c].to_numpy() for c in ("at_risk", "events", "censored")})
    risk_group = risk["group"].to_numpy()
    risk_cols = {c: risk[c].to_numpy() for c in ("time", "at_risk", "censored", "events")}
    table_ticks, table_text = [], []
    y_pos = 0.0
    for i, g in enumerate(order):
        style = GroupStyle(key=g, label=shown[g], color=colors[g], level=level, unit=time_unit)
        k = {c: v[km_group == g] for c, v in km_cols.items()}
        if show_ci:
            data += band_traces(k, style)
        data.append(curve_trace(k, style))
        if show_censors:
            data.append(censor_trace(k, style))
        if show_median and np.isfinite(medians[g]["median"]):
            guide, label = median_parts(medians[g], style, max_time=max_time)
            data.append(guide)
            annotations.append(label)
        r = {c: v[risk_group == g] for c, v in risk_cols.items()}
        rows, ticks, texts = risk_table_traces(r, style, y_start=y_pos)
        data += rows
        table_ticks += ticks
        table_text += texts
        y_pos = ticks[-1] - 1.0 - (0.6 if i < len(order) - 1 else 0.0)

    if show_censors:
        data.append(censor_legend_trace())
    if p_value is not None:
        annotations.append(
            {
                "x": 0.02,
                "y": 0.04,
                "xref": "x domain",
                "yref": "y domain",
                "xanchor": "left",
                "yanchor": "bottom",
                "text": f"Log-rank {format_p_value(p_value)}",
                "showarrow": False,
                "font": {"size": 14},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    annotations.append(
        {
            "x": 0,
            "y": 1,
            "xref": "x2 domain",
            "yref": "y2 domain",
            "xanchor": "left",
            "yanchor": "bottom",
            "yshift": 6,
            "text": f"<b>Number at risk</b> (and cumulative censored, events) at each time, "
            f"{time_unit}",
            "showarrow": False,
            "font": {"size": 13},
        }
    )

    reached = [g for g in order if show_median and np.isfinite(medians[g]["median"])]
    notes = []
    if show_ci:
        notes.append(f"shaded: {level} pointwise CI")
    if show_censors:
        notes.append("ticks: censored")
    if show_median:
        notes.append("dashed: median" if reached else "median not reached")
    n_total = len(df)
    subtitle = f"Kaplan–Meier estimate, n = {n_total}" + ("; " + ", ".join(notes) if notes else "")
    layout = layout_spec(
        title=title or f"{y_title}" + (f" by {group.replace('_', ' ')}" if group else ""),
        subtitle=subtitle,
        height=int(plot_px + top_px + bottom_px),
        margin={"l": left_margin([shown[g] for g in order]), "r": 30, "t": top_px, "b": bottom_px},
    )
    # Title and subtitle at the top of the figure, the legend right under them. The
    # legend is placed in figure (container) coordinates, so plotly moves the plot
    # area down below it however many rows it wraps into on a narrow screen: it can
    # overlap neither the subtitle nor the curves.
    layout["title"].update(y=1, yref="container", yanchor="top", pad={"t": 12})
    legend_top = 1 - LEGEND_TOP_PX / layout["height"]
    pad = 0.03 * max(max_time, max(times))
    x_range = [-pad, max(max_time, max(times)) + pad]
    # The margins leave room for every tick label, so plotly need not measure each
    # one after drawing to hide any that would overflow (a tenth of a redraw).
    drawn = {"ticklabeloverflow": "allow"}
    layout.update(
        xaxis={
            "anchor": "y",
            "domain": [0.0, 1.0],
            "range": x_range,
            "tickvals": times,
            "ticktext": [fmt_time(t) for t in times],
            "title": {"text": x_title},
            "showgrid": False,
            "zeroline": False,
            **drawn,
        },
        xaxis2={
            "anchor": "y2",
            "domain": [0.0, 1.0],
            "matches": "x",
            "range": x_range,
            "showticklabels": False,
            "showline": False,
            "ticks": "",
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={
            "anchor": "x",
            "domain": domains[0],
            "title": {"text": f"{y_title} (%)"},
            "range": [0, 1.03],
            "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1.0],
            "tickformat": ".0%",
            "showgrid": True,
            "gridcolor": "#eeeeee",
            # Keep the first axis line black and visible; the shared template sets the rest.
            "linecolor": OKABE_ITO["black"],
            **drawn,
        },
        yaxis2={
            "anchor": "x2",
            "domain": domains[1],
            "tickvals": table_ticks,
            "ticktext": table_text,
            "range": [y_pos - 0.6, 0.6],
            "showline": False,
            "ticks": "",
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            **drawn,
        },
        annotations=annotations,
        hovermode="closest",
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": legend_top,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 13},
        },
        meta={
            "groups": order,
            "labels": [shown[g] for g in order],
            "times": times,
            "p_value": p_value,
        },
    )
    return build_figure(data, layout)
