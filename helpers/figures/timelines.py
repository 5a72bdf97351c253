"""Each child's course on a timeline: the swimmer plot.

One lane per child (as :func:`helpers.endpoints.survival_frame` returns them):
follow-up, remission, transplant and death or last contact. The cohort as a
whole, as a flow, is :mod:`helpers.figures.flow`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers._frames import boolean_column, numeric_column, require_frame
from helpers.figures.style import (
    NOTHING_TO_PLOT,
    OKABE_ITO,
    THERAPY_LABELS,
    build_figure,
    layout_spec,
    therapy_colors,
    therapy_levels,
)

__all__ = ["swimmer_figure"]

#: Margins (px) with room for the legend on the right (therapies and markers: up to
#: 400 px in chromium) and the lane numbers: the cohort dashboard's figure is laid out
#: once per redraw instead of twice (plotly's automargin growing the margins).
SWIMMER_MARGIN = {"l": 90, "r": 405}


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
    levels = therapy_levels(df[therapy], func, therapy)
    colors = therapy_colors(levels)
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
        margin=SWIMMER_MARGIN,
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
