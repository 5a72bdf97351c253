"""Patient-journey figures: a swimmer plot per child and a Sankey flow of the cohort.

Both take one row per child (as :func:`helpers.endpoints.survival_frame`
returns it) and count everything from that frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers._frames import boolean_column, numeric_column, require_frame
from helpers.figures.style import (
    NOTHING_TO_PLOT,
    OKABE_ITO,
    THERAPY_COLORS,
    THERAPY_LABELS,
    build_figure,
    category_colors,
    layout_spec,
    ordered_levels,
    rgba,
)

__all__ = ["flow_figure", "swimmer_figure"]

# Therapies most often given after remission first, CAR-T (mostly after no remission)
# and no further therapy last, so the Sankey bands cross as little as possible.
_THERAPY_ORDER = ["HSCT", "Chemotherapy", "Blinatumomab", "CAR-T", "none"]


def _therapy_levels(s: pd.Series, func: str, column: str) -> list:
    if s.isna().any():
        raise ValueError(
            f"{func}: column {column!r} has {int(s.isna().sum())} missing value(s); "
            "write 'none' for a child who had no further therapy"
        )
    return ordered_levels(s, preferred=_THERAPY_ORDER)


def _therapy_colors(levels: list) -> dict:
    return category_colors(levels, fixed={k: v for k, v in THERAPY_COLORS.items() if k in levels})


def swimmer_figure(
    df: pd.DataFrame,
    *,
    id_col: str = "case_id",
    follow_up: str = "os_time",
    event: str = "os_event",
    remission: str = "complete_remission",
    therapy: str = "follow_up_therapy",
    hsct_time: str | None = None,
    time_unit: str = "months",
    title: str | None = None,
) -> go.Figure:
    """Swimmer plot: one lane per child from the start of blinatumomab to last follow-up.

    Lanes are sorted by follow-up (longest at the top) and coloured by the
    therapy that followed blinatumomab.  A circle at time 0 shows the response
    (filled = complete remission, open = no remission), a diamond the day of
    stem-cell infusion, a cross a death and an arrow a child alive at last
    follow-up.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per child.
    id_col : str, keyword-only
        Child identifier (lane label).
    follow_up : str, keyword-only
        Numeric follow-up time from the start of blinatumomab, in ``time_unit``.
    event : str, keyword-only
        Boolean: ``True`` if the child died at ``follow_up``.
    remission : str, keyword-only
        Boolean: complete remission after blinatumomab.
    therapy : str, keyword-only
        Follow-up therapy (e.g. HSCT, CAR-T, Chemotherapy, Blinatumomab, none).
    hsct_time : str, optional, keyword-only
        Numeric time of transplant (NaN without one), in ``time_unit``.
    time_unit : str, keyword-only
        Unit of the times, for the axis title.
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per therapy, then marker traces for remission, no
        remission, HSCT, death and alive.  ``layout.meta["order"]`` lists the
        ids from the top lane down.

    Raises
    ------
    ValueError
        For a missing column, wrong dtype, missing or negative times, or a
        transplant after the end of follow-up.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"case_id": [1, 2], "os_time": [19.3, 8.4],
    ...     "os_event": [False, True], "complete_remission": [True, False],
    ...     "follow_up_therapy": ["HSCT", "CAR-T"]})
    >>> swimmer_figure(df).layout.meta["order"]
    [1, 2]
    """
    func = "swimmer_figure"
    require_frame(
        df,
        where=func,
        columns=[id_col, follow_up, event, remission, therapy, hsct_time],
        nonempty=NOTHING_TO_PLOT,
    )
    t = numeric_column(df, follow_up, where=func)
    if t.isna().any() or (t < 0).any():
        raise ValueError(
            f"{func}: column {follow_up!r} must be non-negative with no missing values"
        )
    died = boolean_column(df, event, where=func)
    cr = boolean_column(df, remission, where=func)
    levels = _therapy_levels(df[therapy], func, therapy)
    colors = _therapy_colors(levels)
    d = pd.DataFrame(
        {"id": df[id_col], "t": t, "died": died, "cr": cr, "therapy": df[therapy]},
        index=df.index,
    )
    if hsct_time is not None:
        h = numeric_column(df, hsct_time, where=func)
        late = h.notna() & (h > t + 1e-9)
        if late.any():
            raise ValueError(
                f"{func}: {hsct_time!r} is after {follow_up!r} for {id_col} "
                f"{d.loc[late, 'id'].tolist()}"
            )
        d["hsct"] = h
    d = d.sort_values(["t", "id"], ascending=[False, True], kind="mergesort")
    d["lane"] = [f"Case {v}" for v in d["id"]]
    status = np.where(d["died"], "died", "alive at last follow-up")
    response = np.where(d["cr"], "complete remission", "no remission")
    d["hover"] = [
        f"<b>{lane}</b><br>{resp}; then {THERAPY_LABELS.get(th, th)}<br>"
        f"Follow-up {tt:.1f} {time_unit}, {st}"
        for lane, resp, th, tt, st in zip(
            d["lane"], response, d["therapy"], d["t"], status, strict=True
        )
    ]
    data: list[dict] = []
    for level in levels:
        g = d[d["therapy"] == level]
        data.append(
            {
                "type": "bar",
                "x": g["t"].tolist(),
                "y": g["lane"].tolist(),
                "base": 0,
                "orientation": "h",
                "name": THERAPY_LABELS.get(level, str(level)),
                "legendgroup": "therapy",
                "legendgrouptitle": {"text": "Therapy after blinatumomab (lane colour)"},
                "marker": {"color": colors[level], "line": {"width": 0}},
                "width": 0.6,
                "hovertext": g["hover"].tolist(),
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )

    def markers(
        mask: pd.Series,
        x: pd.Series,
        name: str,
        symbol: str,
        color: str,
        size: int,
        hover_prefix: str,
        fill: bool = True,
    ) -> dict:
        g = d[mask]
        data.append(
            {
                "type": "scatter",
                "x": x[mask].tolist() if not np.isscalar(x) else [x] * len(g),
                "y": g["lane"].tolist(),
                "mode": "markers",
                "name": name,
                "legendgroup": "events",
                "legendgrouptitle": {"text": "Markers"},
                "marker": {
                    "symbol": symbol,
                    "size": size,
                    "color": color if fill else "white",
                    "line": {"color": color, "width": 2},
                },
                "hovertext": [f"{hover_prefix}<br>{h}" for h in g["hover"]],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "cliponaxis": False,
            }
        )
        return data[-1]

    black = OKABE_ITO["black"]
    markers(
        d["cr"],
        0.0,
        "Complete remission after blinatumomab (filled circle)",
        "circle",
        black,
        10,
        "Complete remission",
    )
    markers(
        ~d["cr"],
        0.0,
        "No remission after blinatumomab (open circle)",
        "circle",
        black,
        10,
        "No remission",
        fill=False,
    )
    if hsct_time is not None:
        hsct = markers(
            d["hsct"].notna(),
            d["hsct"],
            "Stem-cell transplant (HSCT)",
            "diamond",
            OKABE_ITO["yellow"],
            11,
            "Stem-cell transplant",
        )
        hsct["marker"]["line"] = {"color": black, "width": 1.5}
    death = markers(d["died"], d["t"], "Death", "x-thin", OKABE_ITO["vermillion"], 13, "Died")
    death["marker"]["line"]["width"] = 3
    markers(~d["died"], d["t"], "Alive at last follow-up", "triangle-right", "#555555", 9, "Alive")
    n = len(d)
    layout = layout_spec(
        title=title or f"Each child's course after short-course blinatumomab (n = {n})",
        subtitle="One lane per child, longest follow-up at the top; "
        "colour = therapy after blinatumomab",
        height=max(400, 160 + 22 * n),
        margin={"r": 20},
    )
    xaxis = {
        "title": {"text": f"Time from start of blinatumomab ({time_unit})"},
        "rangemode": "tozero",
        "showgrid": True,
        "gridcolor": "#eeeeee",
    }
    if d["t"].max() > 6:
        xaxis["dtick"] = 3
    layout.update(
        barmode="overlay",
        bargap=0.3,
        legend={"groupclick": "toggleitem", "tracegroupgap": 14},
        meta={"order": d["id"].tolist()},
        xaxis=xaxis,
        yaxis={
            "title": {"text": "Child (case number, Table 2)"},
            "categoryorder": "array",
            "categoryarray": d["lane"].tolist()[::-1],
            "tickfont": {"size": 11},
        },
    )
    return build_figure(data, layout)


_REMISSION_NODE = {True: "Complete remission", False: "No complete remission"}
_ALIVE_NODE = {True: "Alive at last follow-up", False: "Died"}


def flow_figure(
    df: pd.DataFrame,
    *,
    remission: str = "complete_remission",
    therapy: str = "follow_up_therapy",
    alive: str = "alive",
    title: str | None = None,
) -> go.Figure:
    """Sankey diagram: all children -> remission -> follow-up therapy -> vital status.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per child.
    remission : str, keyword-only
        Boolean column, complete remission after blinatumomab.
    therapy : str, keyword-only
        Follow-up therapy (``"none"`` for no further therapy).
    alive : str, keyword-only
        Boolean column, alive at last follow-up.
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One Sankey trace.  ``node.customdata`` holds each node's count and
        ``layout.meta["layers"]`` the node indices of the four columns, whose
        counts each add up to the number of children.

    Raises
    ------
    ValueError
        For missing columns, non-boolean status columns or missing therapy.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"complete_remission": [True, True, False],
    ...     "follow_up_therapy": ["HSCT", "Chemotherapy", "CAR-T"],
    ...     "alive": [True, True, False]})
    >>> fig = flow_figure(df)
    >>> fig.data[0].node.label[0]
    'All children (n = 3)'
    """
    func = "flow_figure"
    require_frame(df, where=func, columns=[remission, therapy, alive], nonempty=NOTHING_TO_PLOT)
    cr = boolean_column(df, remission, where=func)
    ok = boolean_column(df, alive, where=func)
    levels = _therapy_levels(df[therapy], func, therapy)
    colors = _therapy_colors(levels)
    d = pd.DataFrame({"cr": cr, "therapy": df[therapy], "alive": ok})
    n = len(d)

    Node = tuple[str, object]
    layer_keys: list[list[Node]] = [
        [("all", None)],
        [("cr", v) for v in (True, False) if (d["cr"] == v).any()],
        [("therapy", v) for v in levels],
        [("alive", v) for v in (True, False) if (d["alive"] == v).any()],
    ]
    counts: dict[Node, int] = {("all", None): n}
    counts.update({("cr", v): int((d["cr"] == v).sum()) for v in (True, False)})
    counts.update({("therapy", v): int((d["therapy"] == v).sum()) for v in levels})
    counts.update({("alive", v): int((d["alive"] == v).sum()) for v in (True, False)})
    names: dict[Node, str] = {("all", None): "All children"}
    names.update({("cr", v): _REMISSION_NODE[v] for v in (True, False)})
    names.update({("therapy", v): THERAPY_LABELS.get(v, str(v)) for v in levels})
    names.update({("alive", v): _ALIVE_NODE[v] for v in (True, False)})
    node_color: dict[Node, str] = {("all", None): "#666666"}
    node_color.update({("cr", True): OKABE_ITO["blue"], ("cr", False): OKABE_ITO["vermillion"]})
    node_color.update({("therapy", v): colors[v] for v in levels})
    node_color.update(
        {("alive", True): OKABE_ITO["bluish_green"], ("alive", False): OKABE_ITO["black"]}
    )

    keys = [k for layer in layer_keys for k in layer]
    index = {k: i for i, k in enumerate(keys)}
    links: list[tuple[int, int, int]] = []
    for k in layer_keys[1]:
        links.append((index[("all", None)], index[k], counts[k]))
    for (c, th), m in d.groupby(["cr", "therapy"], sort=False).size().items():
        links.append((index[("cr", c)], index[("therapy", th)], int(m)))
    for (th, a), m in d.groupby(["therapy", "alive"], sort=False).size().items():
        links.append((index[("therapy", th)], index[("alive", a)], int(m)))
    links.sort()
    # Fixed column positions keep the four stages aligned.
    x_of = {"all": 0.001, "cr": 0.33, "therapy": 0.67, "alive": 0.999}
    sankey = {
        "type": "sankey",
        "arrangement": "snap",
        "valueformat": "d",
        "valuesuffix": " children",
        "node": {
            "label": [f"{names[k]} (n = {counts[k]})" for k in keys],
            "customdata": [counts[k] for k in keys],
            "color": [node_color[k] for k in keys],
            "x": [x_of[k[0]] for k in keys],
            "y": _node_y(layer_keys, counts, n),
            "pad": 18,
            "thickness": 18,
            "line": {"color": "white", "width": 0.5},
            "hovertemplate": "%{label}<extra></extra>",
        },
        "link": {
            "source": [s for s, _, _ in links],
            "target": [t for _, t, _ in links],
            "value": [v for _, _, v in links],
            "color": [rgba(node_color[keys[s]], 0.35) for s, _, _ in links],
            "hovertemplate": "%{source.label} → %{target.label}: <b>%{value}</b><extra></extra>",
        },
    }
    layout = layout_spec(
        title=title or f"What happened to the {n} children after short-course blinatumomab",
        subtitle="Response at day 15/29 → therapy that followed → status at last follow-up; "
        "band width = number of children",
        height=560,
        margin={"l": 20, "r": 20},
    )
    layout["font"]["size"] = 13
    layout["meta"] = {"layers": [[index[k] for k in layer] for layer in layer_keys]}
    return build_figure([sankey], layout)


def _node_y(
    layer_keys: list[list[tuple[str, object]]], counts: dict[tuple[str, object], int], n: int
) -> list[float]:
    """Centre of each node, stacking nodes top to bottom in proportion to count."""
    ys = []
    for layer in layer_keys:
        gap = 0.06
        usable = 1 - gap * (len(layer) - 1) - 0.02
        top = 0.01
        for k in layer:
            h = usable * counts[k] / n
            ys.append(min(0.999, max(0.001, top + h / 2)))
            top += h + gap
    return ys
