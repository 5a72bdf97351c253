"""The cohort as a flow: remission, then therapy after blinatumomab, then vital status.

A Sankey diagram counted from one row per child (as
:func:`helpers.endpoints.survival_frame` returns it); every column of nodes
adds up to the children in the frame.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from helpers._frames import boolean_column, require_frame
from helpers.figures.style import (
    NOTHING_TO_PLOT,
    OKABE_ITO,
    THERAPY_LABELS,
    build_figure,
    layout_spec,
    rgba,
    therapy_colors,
    therapy_levels,
)

__all__ = ["flow_figure"]


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
    levels = therapy_levels(df[therapy], func, therapy)
    colors = therapy_colors(levels)
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
