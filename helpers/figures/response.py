"""Response figures per child: waterfall of change and paired MRD slopes.

Each function takes a DataFrame and returns a :class:`plotly.graph_objects.Figure`.
MRD negativity comes from :func:`helpers.marrow.mrd_negative`; nothing here
reads files.  The remission-rate forest plot is in :mod:`helpers.figures.forest`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers._frames import numeric_column, require_frame
from helpers.figures.style import (
    NOTHING_TO_PLOT,
    OKABE_ITO,
    SERIES_COLORS,
    build_figure,
    category_colors,
    label_for,
    layout_spec,
    ordered_levels,
)
from helpers.marrow import mrd_negative

__all__ = ["paired_mrd_figure", "waterfall_figure"]


def _color_column(
    df: pd.DataFrame,
    color_by: str | None,
    labels: Mapping | None,
    func: str,
    fixed: Mapping | None = None,
) -> tuple[pd.Series, list[str], dict]:
    """Display label per row, level order and colours for an optional colouring column.

    A value's colour never depends on which values the rows hold: ``fixed``
    (keyed by value) first, then the values named in ``labels`` in their order,
    present or not, then the other values. So a selection of children without
    remission keeps the "No CR" colour instead of taking the first one.
    """
    if color_by is None:
        return pd.Series("All children", index=df.index), ["All children"], {}
    s = df[color_by]
    if s.isna().any():
        raise ValueError(
            f"{func}: colour column {color_by!r} has {int(s.isna().sum())} missing value(s)"
        )
    preferred = [True, False] if pd.api.types.is_bool_dtype(s.dtype) else None
    levels = ordered_levels(s, preferred=list(labels) if labels else preferred)
    shown = [label_for(v, labels) for v in levels]
    named = [label_for(v, labels) for v in (labels or preferred or [])]
    pinned = {label_for(v, labels): c for v, c in (fixed or {}).items()}
    colors = category_colors([*named, *shown], fixed=pinned)
    return s.map(lambda v: label_for(v, labels)), shown, colors


def _case_label(value: object) -> str:
    return f"Case {value}"


def _complete_pairs(
    df: pd.DataFrame, *, before: str, after: str, id_col: str, color_by: str | None, func: str
) -> tuple[pd.DataFrame, int]:
    """The children with both values, ``_before`` and ``_after`` added, and how many had not.

    Checks the columns first (present, numeric) and that at least one child has
    both values; the rows keep every column of ``df``.
    """
    require_frame(
        df, where=func, columns=[before, after, id_col, color_by], nonempty=NOTHING_TO_PLOT
    )
    x0 = numeric_column(df, before, where=func)
    x1 = numeric_column(df, after, where=func)
    complete = x0.notna() & x1.notna()
    if not complete.any():
        raise ValueError(f"{func}: no child has both {before!r} and {after!r} recorded")
    d = df.loc[complete].copy()
    d["_before"], d["_after"] = x0[complete], x1[complete]
    return d, int((~complete).sum())


def waterfall_figure(
    df: pd.DataFrame,
    *,
    before: str,
    after: str,
    id_col: str = "case_id",
    measure_label: str = "bone-marrow blasts",
    unit: str = "percentage points",
    color_by: str | None = None,
    color_labels: Mapping | None = None,
    color_title: str | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> go.Figure:
    """Waterfall plot: one bar per child for the absolute change ``after - before``.

    The change is absolute (in percentage points when the columns are
    percentages), not relative: with values floored at 0.01 % a relative change
    would be dominated by the floor.  Bars are sorted from the largest rise
    (left) to the largest fall (right); ties are broken by ``id_col`` so the
    order does not depend on row order.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per child.
    before, after : str, keyword-only
        Numeric columns (e.g. ``"blasts_pre_pct"``, ``"blasts_post_pct"``).
        Children missing either value are left out and counted in the subtitle.
    id_col : str, keyword-only
        Child identifier shown on the axis and in hover text.
    measure_label : str, keyword-only
        What was measured, for titles and hover text.
    unit : str, keyword-only
        Unit of the change, shown on the y axis.
    color_by : str, optional, keyword-only
        Column whose values colour the bars (e.g. ``"complete_remission"``).
    color_labels : mapping, optional, keyword-only
        Display names for the values of ``color_by``; its order is the legend order.
    color_title : str, optional, keyword-only
        Legend title; defaults to the ``color_by`` column name.
    colors : mapping, optional, keyword-only
        Colour of each value of ``color_by`` (e.g.
        :data:`helpers.figures.style.REMISSION_COLORS`). Values not in it take
        the series colours in the order of ``color_labels``, present or not, so
        a value keeps its colour in every selection.
    title : str, optional, keyword-only
        Figure title; a descriptive default is used.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per colour group; ``layout.meta["order"]`` lists the ids
        from left to right.

    Raises
    ------
    ValueError
        If a column is missing or not numeric, or no child has both values.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"case_id": [1, 2, 3], "pre": [49.0, 81.0, 30.0],
    ...                    "post": [1.0, 88.0, 3.0]})
    >>> fig = waterfall_figure(df, before="pre", after="post")
    >>> fig.layout.meta["order"]
    [2, 3, 1]
    """
    func = "waterfall_figure"
    d, n_missing = _complete_pairs(
        df, before=before, after=after, id_col=id_col, color_by=color_by, func=func
    )
    d["_change"] = d["_after"] - d["_before"]
    d["_group"], levels, palette = _color_column(d, color_by, color_labels, func, colors)
    d = d.sort_values(["_change", id_col], ascending=[False, True], kind="mergesort")
    order = [_case_label(v) for v in d[id_col]]
    data = []
    for level in levels:
        g = d[d["_group"] == level]
        if g.empty:
            continue
        data.append(
            {
                "type": "bar",
                "x": [_case_label(v) for v in g[id_col]],
                "y": g["_change"].tolist(),
                "name": level,
                "marker": {"color": palette.get(level, OKABE_ITO["blue"])},
                "customdata": np.column_stack([g["_before"], g["_after"]]).tolist(),
                "hovertemplate": (
                    "<b>%{x}</b><br>"
                    + (f"{level}<br>" if color_by else "")
                    + f"{measure_label}: %{{customdata[0]:.4g}} → %{{customdata[1]:.4g}}<br>"
                    + f"Change: %{{y:+.4g}} {unit}<extra></extra>"
                ),
                "showlegend": color_by is not None,
            }
        )
    n = len(d)
    subtitle = (
        f"Change = after − before, per child (n = {n}); sorted from largest rise to largest fall"
    )
    if n_missing:
        subtitle += f"; {n_missing} child(ren) without both values not shown"
    layout = layout_spec(
        title=title or f"Change in {measure_label} after blinatumomab, per child",
        subtitle=subtitle,
        height=520,
        legend_title=color_title or (color_by and color_by.replace("_", " ").capitalize()),
    )
    layout.update(
        bargap=0.15,
        barmode="overlay",
        meta={"order": d[id_col].tolist()},
        xaxis={
            "title": {"text": f"Child ({id_col.replace('_', ' ')}), sorted by change"},
            "categoryorder": "array",
            "categoryarray": order,
            "tickangle": -60,
            "tickfont": {"size": 11},
        },
        yaxis={
            "title": {"text": f"Change in {measure_label}<br>({unit})"},
            "zeroline": True,
            "zerolinecolor": "#666666",
        },
    )
    return build_figure(data, layout)


def paired_mrd_figure(
    df: pd.DataFrame,
    *,
    before: str = "mrd_pre_pct",
    after: str = "mrd_post_pct",
    id_col: str = "case_id",
    threshold: float = 0.01,
    color_by: str | None = None,
    color_labels: Mapping | None = None,
    color_title: str | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> go.Figure:
    """Paired MRD before and after blinatumomab on a log scale, one line per child.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per child.
    before, after : str, keyword-only
        MRD columns in **percent** (0.01 = 0.01 % = 1 x 10^-4).  Values must be
        positive (a log axis cannot show 0); children missing either value are
        left out and counted in the subtitle.
    id_col : str, keyword-only
        Child identifier for hover text.
    threshold : float, keyword-only
        MRD-negativity threshold in percent, drawn as a dashed line.  The axis
        labels count children at or below it with
        :func:`helpers.marrow.mrd_negative` (``inclusive=True``: Table 2 prints
        0.01 as a floor, so 0.01 counts as negative; see that function).
    color_by, color_labels, color_title, colors : keyword-only
        Optional colouring column, display names for its values (their order
        is the legend order), legend title and fixed colours per value (as in
        :func:`waterfall_figure`).
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One line trace per child, then the threshold trace.

    Raises
    ------
    ValueError
        For missing columns, non-positive values or no complete pair.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"case_id": [1, 2], "mrd_pre_pct": [40.0, 90.9],
    ...                    "mrd_post_pct": [0.01, 94.7]})
    >>> len(paired_mrd_figure(df).data)
    3
    """
    func = "paired_mrd_figure"
    d, n_missing = _complete_pairs(
        df, before=before, after=after, id_col=id_col, color_by=color_by, func=func
    )
    for name, values in ((before, d["_before"]), (after, d["_after"])):
        if (values <= 0).any():
            raise ValueError(
                f"{func}: column {name!r} has values <= 0, which a log axis cannot show; "
                "MRD below detection is recorded at the reporting floor (e.g. 0.01)"
            )
    d["_group"], levels, palette = _color_column(d, color_by, color_labels, func, colors)
    n = len(d)
    neg_before = int(mrd_negative(d["_before"], threshold=threshold).sum())
    neg_after = int(mrd_negative(d["_after"], threshold=threshold).sum())
    x_labels = [
        f"Before blinatumomab<br>{neg_before} of {n} at ≤ {threshold:g} %",
        f"After blinatumomab<br>{neg_after} of {n} at ≤ {threshold:g} %",
    ]
    data = []
    shown_in_legend: set[str] = set()
    d["_level"] = d["_group"].map({lev: i for i, lev in enumerate(levels)})
    d = d.sort_values(["_level", id_col], kind="mergesort")
    for case, level, y0, y1 in zip(d[id_col], d["_group"], d["_before"], d["_after"], strict=True):
        color = palette.get(level, SERIES_COLORS[0])
        data.append(
            {
                "type": "scatter",
                "x": x_labels,
                "y": [float(y0), float(y1)],
                "mode": "lines+markers",
                "name": level if color_by else _case_label(case),
                "legendgroup": level,
                "showlegend": bool(color_by) and level not in shown_in_legend,
                "line": {"color": color, "width": 1.5},
                "marker": {"size": 8, "color": color},
                "opacity": 0.75,
                "hovertemplate": (
                    f"<b>{_case_label(case)}</b>"
                    + (f" · {level}" if color_by else "")
                    + "<br>MRD %{y:.3g} %<extra></extra>"
                ),
            }
        )
        shown_in_legend.add(level)
    data.append(
        {
            "type": "scatter",
            "x": x_labels,
            "y": [threshold, threshold],
            "mode": "lines",
            "name": f"MRD-negative threshold ({threshold:g} %)",
            "line": {"color": OKABE_ITO["black"], "dash": "dash", "width": 2},
            "hovertemplate": f"Threshold {threshold:g} % (1 in {round(100 / threshold):,} cells)"
            "<extra></extra>",
            "showlegend": False,
        }
    )
    annotation = {
        "x": 0.5,
        "xref": "paper",
        "xanchor": "center",
        "y": float(np.log10(threshold)),
        "yanchor": "top",
        "yshift": -4,
        "text": f"MRD-negative: {threshold:g} % = 1 × 10⁻⁴<br>"
        "(0.01 is also the lowest value Table 2 prints:<br>its floor, read as ≤ 0.01 %)",
        "showarrow": False,
        "align": "center",
        "font": {"size": 12, "color": "#333333"},
    }
    subtitle = (
        f"Flow-cytometry MRD in bone marrow, n = {n} children; lines join each child's values"
    )
    if n_missing:
        subtitle += f"; {n_missing} without both values not shown"
    layout = layout_spec(
        title=title or "Minimal residual disease before and after blinatumomab",
        subtitle=subtitle,
        height=600,
        legend_title=color_title or (color_by and color_by.replace("_", " ").capitalize()),
    )
    layout.update(
        annotations=[annotation],
        xaxis={"title": {"text": "Bone-marrow assessment (day 15, or day 29 if no CR at day 15)"}},
        yaxis={
            "type": "log",
            "title": {"text": "MRD (% of nucleated marrow cells, log scale)"},
            "tickvals": [0.001, 0.01, 0.1, 1, 10, 100],
            "ticktext": ["0.001", "0.01", "0.1", "1", "10", "100"],
            "showgrid": True,
            "gridcolor": "#eeeeee",
            "range": [float(np.log10(threshold / 8)), float(np.log10(150))],
        },
    )
    return build_figure(data, layout)
