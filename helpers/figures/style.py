"""Shared look of the figure modules: palette, template, fonts, layout.

One palette and one template, so every figure in the notebooks reads the same
(p-values and percentages are written by :mod:`helpers._format`, input tables
checked by :mod:`helpers._frames`).  The palette is Okabe & Ito's
eight colours, distinguishable with the common forms of colour-vision
deficiency.

References
----------
.. [1] Okabe M, Ito K. Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people. 2008.
   https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

__all__ = [
    "FONT_SIZE",
    "INK",
    "NOTHING_TO_PLOT",
    "OKABE_ITO",
    "REMISSION_COLORS",
    "SERIES_COLORS",
    "TEMPLATE",
    "THERAPY_COLORS",
    "build_figure",
    "finish_layout",
    "layout_spec",
    "rgba",
    "template_json",
    "therapy_colors",
    "therapy_levels",
]

#: The eight Okabe-Ito colours by name.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Order in which groups take colours: strong contrasts first, yellow last
#: (it is hard to see as a thin line on white).
SERIES_COLORS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
    OKABE_ITO["yellow"],
)

#: Complete remission (True) or not (False), always in the same colour, whichever
#: statuses a selection holds: a colour never follows the order of appearance.
REMISSION_COLORS: dict[bool, str] = {
    True: OKABE_ITO["blue"],
    False: OKABE_ITO["vermillion"],
}

#: Follow-up therapy after blinatumomab (Table 2), always in the same colour.
THERAPY_COLORS: dict[str, str] = {
    "HSCT": OKABE_ITO["blue"],
    "CAR-T": OKABE_ITO["reddish_purple"],
    "Chemotherapy": OKABE_ITO["orange"],
    "Blinatumomab": OKABE_ITO["bluish_green"],
    "none": "#999999",
}

#: Display names for Table 2's follow-up therapy codes.
THERAPY_LABELS: dict[str, str] = {
    "HSCT": "HSCT",
    "CAR-T": "CAR-T cells",
    "Chemotherapy": "Chemotherapy",
    "Blinatumomab": "2nd blinatumomab cycle",
    "none": "No further therapy",
}

#: Ink of the axes, ticks and text (plotly's "simple_white" look).
INK = "rgb(36,36,36)"
_AXIS: dict[str, Any] = {
    "automargin": True,
    "gridcolor": "rgb(232,232,232)",
    "linecolor": INK,
    "showgrid": False,
    "showline": True,
    "ticks": "outside",
    "title": {"standoff": 15},
    "zeroline": False,
    "zerolinecolor": INK,
}
_PATTERN = {"fillmode": "overlay", "size": 10, "solidity": 0.2}

#: The project's own plotly template: the look of plotly's "simple_white" (white
#: background, axis lines with ticks outside, no grid), written out here with only
#: what these figures use. Every figure carries its template in its JSON; naming one
#: of plotly's templates embedded plotly's whole template (about 8 kB per figure),
#: which changes with plotly's version. It is never registered with
#: ``plotly.io.templates``: importing helpers changes no global plotly state.
TEMPLATE: dict[str, Any] = {
    "layout": {
        "annotationdefaults": {"arrowhead": 0, "arrowwidth": 1},
        "autotypenumbers": "strict",
        "colorway": [
            "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
            "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
        ],
        "font": {"color": INK},
        "hoverlabel": {"align": "left"},
        "hovermode": "closest",
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        # Shapes (lines, bands) say their own width and colour; a line left to this
        # default would be invisible (tests/test_figures_lines.py finds any).
        "shapedefaults": {"fillcolor": "black", "line": {"width": 0}, "opacity": 0.3},
        "title": {"x": 0.05},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    },
    "data": {
        "bar": [
            {
                "error_x": {"color": INK},
                "error_y": {"color": INK},
                "marker": {"line": {"color": "white", "width": 0.5}, "pattern": _PATTERN},
                "type": "bar",
            }
        ],
        "scatter": [{"fillpattern": _PATTERN, "type": "scatter"}],
    },
}  # fmt: skip
#: Why an empty table is an error for a figure (see :func:`helpers._frames.require_frame`).
NOTHING_TO_PLOT = "there is nothing to plot"
FONT_SIZE = 14
FONT_FAMILY = "Arial, Helvetica, sans-serif"


def rgba(hex_color: str, alpha: float) -> str:
    """``"#0072B2"`` -> ``"rgba(0,114,178,0.2)"``.

    Examples
    --------
    >>> rgba("#0072B2", 0.2)
    'rgba(0,114,178,0.2)'
    """
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"


def layout_spec(
    *,
    title: str,
    subtitle: str | None = None,
    height: int = 520,
    width: int | None = None,
    legend_title: str | None = None,
    margin: Mapping[str, int] | None = None,
) -> dict:
    """The shared title, fonts, size and margins as a plain layout dict (no template).

    Examples
    --------
    >>> spec = layout_spec(title="Overall survival", height=400)
    >>> spec["title"]["text"], spec["height"], spec["margin"]["t"]
    ('Overall survival', 400, 70)
    """
    title_spec: dict = {"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 19}}
    if subtitle:
        title_spec["subtitle"] = {"text": subtitle, "font": {"size": 13, "color": "#444444"}}
    m = {"l": 80, "r": 40, "t": 100 if subtitle else 70, "b": 70}
    m.update(margin or {})
    spec = {
        "title": title_spec,
        "height": height,
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": "#222222"},
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 13}, "align": "left"},
        "margin": m,
    }
    if width is not None:
        spec["width"] = width
    if legend_title:
        spec["legend"] = {"title": {"text": legend_title}}
    return spec


def finish_layout(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str | None = None,
    height: int = 520,
    width: int | None = None,
    legend_title: str | None = None,
    margin: Mapping[str, int] | None = None,
) -> go.Figure:
    """Apply the shared template, fonts, title and size to ``fig`` in place."""
    spec = layout_spec(
        title=title,
        subtitle=subtitle,
        height=height,
        width=width,
        legend_title=legend_title,
        margin=margin,
    )
    spec.setdefault("width", None)  # as before: clears a width set earlier
    spec.setdefault("legend", {})
    # Assigned, not updated: an update would merge into plotly's default template.
    fig.layout.template = template_json()
    fig.update_layout(**spec)
    return fig


def template_json() -> dict:
    """:data:`TEMPLATE` exactly as plotly writes it into a figure's JSON (a fresh copy).

    Examples
    --------
    >>> template_json()["layout"]["plot_bgcolor"]
    'white'
    """
    return copy.deepcopy(_TEMPLATE_JSON)


def build_figure(data: list[dict], layout: dict) -> go.Figure:
    """One :class:`plotly.graph_objects.Figure` from plain trace and layout dicts.

    The figure functions describe a figure as dicts and construct it here once,
    with the project's template (:data:`TEMPLATE`), instead of calling
    ``add_trace``/``update_layout`` many times: plotly's per-property validation
    and the copy of the template cost tens of milliseconds per figure, too slow
    for a live widget.  The figure is built with ``_validate=False``;
    ``tests/test_figures.py`` checks that every figure passes plotly's full
    validation (``go.Figure(fig.to_dict())``).
    The result is an ordinary figure: ``update_layout`` and ``add_trace`` work on
    it as usual, and it shares no mutable state with other figures.

    Examples
    --------
    >>> fig = build_figure(
    ...     [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], {"title": {"text": "T"}}
    ... )
    >>> fig.data[0].y, fig.layout.template.layout.plot_bgcolor
    ((1, 2), 'white')
    """
    # The constructor copies the template into the figure: nothing is shared between figures.
    layout = {"template": template_json(), **layout}
    fig = go.Figure({"data": data, "layout": layout}, _validate=False)
    # Switch validation back on, so that a reader's later fig.update_layout(...) or
    # fig.update_traces(...) is checked exactly as on any other figure.
    fig._validate = True
    for obj in (fig.layout, *fig.data):
        _enable_validation(obj)
    return fig


def _enable_validation(obj: Any) -> None:
    """Set plotly's ``_validate`` flag on ``obj`` and every sub-object built so far."""
    stack = [obj]
    while stack:
        o = stack.pop()
        o._validate = True
        stack.extend(o._compound_props.values())
        for children in o._compound_array_props.values():
            stack.extend(children or ())


def category_colors(values: Iterable, *, fixed: Mapping | None = None) -> dict:
    """Map each distinct value to a colour: ``fixed`` first, then the series order."""
    fixed = dict(fixed or {})
    out, i = {}, 0
    for v in values:
        if v in out:
            continue
        if v in fixed:
            out[v] = fixed[v]
        else:
            free = [c for c in SERIES_COLORS if c not in fixed.values() and c not in out.values()]
            out[v] = free[0] if free else SERIES_COLORS[i % len(SERIES_COLORS)]
            i += 1
    return out


def ordered_levels(s: pd.Series, *, preferred: Iterable | None = None) -> list:
    """Distinct non-missing values: ``preferred`` order first, then category or sorted order."""
    present = list(pd.unique(s.dropna()))
    if isinstance(s.dtype, pd.CategoricalDtype):
        rest = [c for c in s.cat.categories if c in present]
    else:
        try:
            rest = sorted(present)
        except TypeError:
            rest = sorted(present, key=str)
    preferred = [p for p in (preferred or []) if p in present]
    return preferred + [r for r in rest if r not in preferred]


def label_for(value: object, labels: Mapping | None) -> str:
    """Display label for a group value; ``labels`` may be keyed by value or by its text."""
    if labels:
        if value in labels:
            return str(labels[value])
        if str(value) in labels:
            return str(labels[str(value)])
    return str(value)


# Therapies most often given after remission first, CAR-T (mostly after no remission)
# and no further therapy last, so the Sankey bands cross as little as possible.
_THERAPY_ORDER = ["HSCT", "Chemotherapy", "Blinatumomab", "CAR-T", "none"]


def therapy_levels(s: pd.Series, func: str, column: str) -> list:
    """The therapies after blinatumomab present in ``s``, in the order figures show them."""
    if s.isna().any():
        raise ValueError(
            f"{func}: column {column!r} has {int(s.isna().sum())} missing value(s); "
            "write 'none' for a child who had no further therapy"
        )
    return ordered_levels(s, preferred=_THERAPY_ORDER)


def therapy_colors(levels: list) -> dict:
    """A colour per therapy: :data:`THERAPY_COLORS` first, then the series colours."""
    return category_colors(levels, fixed={k: v for k, v in THERAPY_COLORS.items() if k in levels})


# The template as plotly writes it (plotly checks it once here, at import, which also
# catches a property that a later plotly no longer accepts).
_TEMPLATE_JSON: dict = go.layout.Template(TEMPLATE).to_plotly_json()
