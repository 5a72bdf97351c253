"""Forest plot of remission rates with exact intervals, one row per study or group.

The rows are whatever the caller passes: numbers from the paper belong in data
files (``cohort_data/``), not in code.  Intervals come from
:func:`helpers.response.proportion_ci`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers._format import format_pct
from helpers._frames import require_frame
from helpers.figures.style import NOTHING_TO_PLOT, OKABE_ITO, build_figure, layout_spec
from helpers.response import proportion_ci

__all__ = ["forest_figure"]


def forest_figure(
    rows: pd.DataFrame,
    *,
    label: str = "label",
    events: str = "events",
    n: str = "n",
    method: str = "clopper-pearson",
    alpha: float = 0.05,
    reference: float | None = None,
    reference_label: str | None = None,
    measure: str = "Complete remission rate",
    title: str | None = None,
) -> go.Figure:
    """Forest plot of proportions with exact (or Wilson) confidence intervals.

    Parameters
    ----------
    rows : pandas.DataFrame
        One row per study or subgroup, drawn top to bottom in the given order.
        Numbers from the paper belong in data files, not in code.
    label, events, n : str, keyword-only
        Columns with the row label, the number of responders and the number
        evaluated.
    method : {"clopper-pearson", "wilson"}, keyword-only
        Interval method, via :func:`helpers.response.proportion_ci`.
    alpha : float, keyword-only
        One minus the confidence level.
    reference : float, optional, keyword-only
        A proportion (fraction in [0, 1]) drawn as a vertical dashed line.
    reference_label : str, optional, keyword-only
        Text for the reference line.
    measure : str, keyword-only
        What the proportion is, for the axis title.
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One marker trace (x = proportion as a fraction, shown as %, with
        asymmetric error bars to the interval bounds); marker area scales with
        ``n``.  ``layout.meta["intervals"]`` holds the
        :class:`~helpers.response.ProportionCI` values as dicts.

    Raises
    ------
    ValueError
        For an empty frame, a missing column, a row without counts, counts that
        are not whole numbers or ``reference`` outside [0, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"label": ["A", "B"], "events": [26, 69], "n": [33, 110]})
    >>> fig = forest_figure(rows, reference=0.5)
    >>> [round(x, 3) for x in fig.data[0].x]
    [0.788, 0.627]
    """
    func = "forest_figure"
    require_frame(rows, where=func, columns=[label, events, n], nonempty=NOTHING_TO_PLOT)
    if reference is not None and not 0 <= reference <= 1:
        raise ValueError(
            f"{func}: reference must be a proportion in [0, 1] (e.g. 0.63), got {reference!r}"
        )
    cis = []
    for _, r in rows.iterrows():
        if pd.isna(r[events]) or pd.isna(r[n]):
            raise ValueError(f"{func}: row {r[label]!r} has no {events!r} or {n!r} count")
        try:
            cis.append(proportion_ci(r[events], r[n], method=method, alpha=alpha))
        except ValueError as exc:
            raise ValueError(f"{func}: row {r[label]!r}: {exc}") from None
    labels = [str(v) for v in rows[label]]
    if len(set(labels)) != len(labels):
        raise ValueError(f"{func}: labels in {label!r} must be unique, got {labels}")
    y = [
        f"{lab}  <span style='color:#555'>({ci.successes}/{ci.n})</span>"
        for lab, ci in zip(labels, cis, strict=True)
    ]
    p = np.array([ci.proportion for ci in cis])
    lo = np.array([ci.ci_lower for ci in cis])
    hi = np.array([ci.ci_upper for ci in cis])
    sizes = 9 + 17 * np.sqrt(np.array([ci.n for ci in cis]) / max(ci.n for ci in cis))
    level = f"{100 * (1 - alpha):g}%"
    method_name = {"clopper-pearson": "exact (Clopper-Pearson)", "wilson": "Wilson"}[method]
    trace = {
        "type": "scatter",
        "x": p.tolist(),
        "y": y,
        "mode": "markers",
        "name": measure,
        "marker": {
            "size": sizes.tolist(),
            "color": OKABE_ITO["blue"],
            "symbol": "square",
            "line": {"color": "white", "width": 1},
        },
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": (hi - p).tolist(),
            "arrayminus": (p - lo).tolist(),
            "color": OKABE_ITO["black"],
            "thickness": 2,
            "width": 6,
        },
        "customdata": np.column_stack(
            [[ci.successes for ci in cis], [ci.n for ci in cis], lo, hi]
        ).tolist(),
        "hovertemplate": (
            "<b>%{y}</b><br>%{customdata[0]:d} of %{customdata[1]:d} = %{x:.1%}<br>"
            + f"{level} CI ({method_name}): "
            + "%{customdata[2]:.1%} to %{customdata[3]:.1%}<extra></extra>"
        ),
        "showlegend": False,
    }
    annotations = [
        {
            "x": 1.0,
            "xref": "paper",
            "xanchor": "left",
            "xshift": 12,
            "y": yy,
            "text": f"{format_pct(ci.proportion)} ({format_pct(ci.ci_lower)}–"
            f"{format_pct(ci.ci_upper)})",
            "showarrow": False,
            "font": {"size": 13},
        }
        for yy, ci in zip(y, cis, strict=True)
    ]
    annotations.append(
        {
            "x": 1.0,
            "xref": "paper",
            "xanchor": "left",
            "xshift": 12,
            "y": 1.0,
            "yref": "paper",
            "yanchor": "bottom",
            "text": f"<b>Rate ({level} CI)</b>",
            "showarrow": False,
            "font": {"size": 13},
        }
    )
    layout = layout_spec(
        title=title or f"{measure}: estimates with {level} confidence intervals",
        subtitle=f"Squares sized by number of patients; bars are {level} {method_name} intervals",
        height=max(320, 150 + 60 * len(rows)),
        margin={"r": 190, "l": 40},
    )
    if reference is not None:
        # What fig.add_vline(x=reference, annotation_position="top") draws.
        layout["shapes"] = [
            {
                "type": "line",
                "x0": reference,
                "x1": reference,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 2},
            }
        ]
        annotations.append(
            {
                "text": reference_label or f"Reference {format_pct(reference)}",
                "font": {"color": OKABE_ITO["vermillion"], "size": 12},
                "showarrow": False,
                "x": reference,
                "xanchor": "center",
                "xref": "x",
                "y": 1,
                "yanchor": "bottom",
                "yref": "y domain",
            }
        )
    layout.update(
        annotations=annotations,
        xaxis={
            "title": {"text": f"{measure} (%)"},
            "range": [0, 1],
            "tickformat": ".0%",
            "dtick": 0.1,
            "showgrid": True,
            "gridcolor": "#eeeeee",
        },
        yaxis={
            "title": {"text": "Study (responders/n)"},
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": y,
            "automargin": True,
        },
        meta={
            "intervals": [
                {
                    "label": lab,
                    "successes": ci.successes,
                    "n": ci.n,
                    "proportion": ci.proportion,
                    "ci_lower": ci.ci_lower,
                    "ci_upper": ci.ci_upper,
                    "method": ci.method,
                }
                for lab, ci in zip(labels, cis, strict=True)
            ]
        },
    )
    return build_figure([trace], layout)
