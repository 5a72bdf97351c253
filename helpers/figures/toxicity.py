"""Toxicity figures: adverse events on blinatumomab, transplant complications, engraftment.

Percentages are computed from the counts and the number of patients given,
not copied from the printed tables, so a printed percentage that does not
match its count (Table 3 prints CRS as 15 (54.5 %); 15/33 is 45.5 %) shows up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers._frames import numeric_column, require_frame
from helpers.figures.style import NOTHING_TO_PLOT, OKABE_ITO, build_figure, layout_spec

__all__ = ["adverse_events_figure", "engraftment_figure", "transplant_complications_figure"]


def _counts(df: pd.DataFrame, column: str, *, func: str, n_patients: int) -> pd.Series:
    s = numeric_column(df, column, where=func)
    if s.isna().any():
        raise ValueError(f"{func}: column {column!r} has {int(s.isna().sum())} missing count(s)")
    if (s < 0).any() or (s % 1 != 0).any():
        raise ValueError(f"{func}: column {column!r} must hold whole, non-negative counts")
    if (s > n_patients).any():
        raise ValueError(
            f"{func}: column {column!r} has counts above n_patients={n_patients}: "
            f"{s[s > n_patients].astype(int).tolist()}"
        )
    return s.astype(int)


def _check_n_patients(n_patients: object, func: str) -> int:
    if isinstance(n_patients, bool) or not isinstance(n_patients, int | np.integer):
        raise ValueError(f"{func}: n_patients must be a whole number, got {n_patients!r}")
    if n_patients <= 0:
        raise ValueError(f"{func}: n_patients must be positive, got {n_patients}")
    return int(n_patients)


def _count_bars(
    counts: pd.Series, labels: pd.Series, name: str, color: str, n_patients: int, hover: str
) -> dict:
    """Horizontal bars of children counts, each labelled "n (%)" of ``n_patients`` outside.

    ``hover`` follows the bar's label (in bold) in its hover text.
    """
    return {
        "type": "bar",
        "x": counts.tolist(),
        "y": labels.tolist(),
        "orientation": "h",
        "name": name,
        "marker": {"color": color},
        "text": [f"{k} ({100 * k / n_patients:.1f}%)" for k in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "textfont": {"size": 11},
        "hovertemplate": f"<b>%{{y}}</b><br>{hover}<extra></extra>",
    }


def adverse_events_figure(
    ae: pd.DataFrame,
    *,
    event: str = "adverse_event",
    all_grade: str = "all_grade_n",
    severe: str = "grade_3_4_n",
    n_patients: int,
    title: str | None = None,
) -> go.Figure:
    """Horizontal grouped bars: children with each adverse event, any grade and grade 3-4.

    Parameters
    ----------
    ae : pandas.DataFrame
        One row per adverse event (Table 3 layout).
    event, all_grade, severe : str, keyword-only
        Columns with the event name, the number of children with the event at
        any grade and at grade 3-4.
    n_patients : int, keyword-only
        Denominator for the percentages (33 children treated).
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        Two bar traces, "Grade 3–4" then "Any grade"; events sorted by any-grade
        count, most frequent at the top.  Bar labels read ``"n (%)"`` with the
        percentage computed as ``100 * n / n_patients``.

    Raises
    ------
    ValueError
        For missing columns, counts that are missing, negative, fractional or
        above ``n_patients``, or a grade 3-4 count above the any-grade count.

    Examples
    --------
    >>> import pandas as pd
    >>> ae = pd.DataFrame({"adverse_event": ["Fever", "CRS"],
    ...                    "all_grade_n": [30, 15], "grade_3_4_n": [11, 2]})
    >>> list(adverse_events_figure(ae, n_patients=33).data[1].text)
    ['15 (45.5%)', '30 (90.9%)']
    """
    func = "adverse_events_figure"
    n_patients = _check_n_patients(n_patients, func)
    require_frame(ae, where=func, columns=[event, all_grade, severe], nonempty=NOTHING_TO_PLOT)
    a = _counts(ae, all_grade, func=func, n_patients=n_patients)
    s = _counts(ae, severe, func=func, n_patients=n_patients)
    if (s > a).any():
        bad = ae.loc[s > a, event].tolist()
        raise ValueError(f"{func}: grade 3-4 count exceeds the any-grade count for {bad}")
    d = pd.DataFrame({"event": ae[event].astype(str), "all": a, "severe": s})
    # Ascending so that the most frequent event is drawn at the top.
    d = d.sort_values(["all", "severe", "event"], ascending=[True, True, False], kind="mergesort")
    data = []
    # Plotly stacks the first trace at the bottom of each pair: add grade 3-4 first so
    # that "Any grade" sits on top, and reverse the legend to match.
    for col, name, color in (
        ("severe", "Grade 3–4", OKABE_ITO["vermillion"]),
        ("all", "Any grade", OKABE_ITO["sky_blue"]),
    ):
        hover = f"{name}: %{{text}} of {n_patients} children"
        data.append(_count_bars(d[col], d["event"], name, color, n_patients, hover))
    layout = layout_spec(
        title=title or f"Adverse events during short-course blinatumomab (n = {n_patients})",
        subtitle=f"Children with each event; % of {n_patients}, computed from the counts",
        height=max(420, 140 + 34 * len(d)),
        legend_title="Severity",
        margin={"r": 30},
    )
    layout["legend"]["traceorder"] = "reversed"
    layout.update(
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        xaxis={
            "title": {"text": f"Children with the event (number of {n_patients})"},
            "range": [0, n_patients * 1.18],
            "showgrid": True,
            "gridcolor": "#eeeeee",
        },
        yaxis={"title": {"text": "Adverse event"}, "tickfont": {"size": 12}},
    )
    return build_figure(data, layout)


def transplant_complications_figure(
    tae: pd.DataFrame,
    *,
    event: str = "adverse_event",
    n: str = "n",
    parent: str = "parent",
    n_patients: int,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of complications after HSCT, with sub-types under their parent.

    Rows keep the order of the table (Table 5 lists each sub-type right after
    its parent); sub-types are indented and drawn in a lighter colour.

    Parameters
    ----------
    tae : pandas.DataFrame
        One row per complication (Table 5 layout).
    event, n : str, keyword-only
        Columns with the complication name and the number of children.
    parent : str, keyword-only
        Column naming the parent complication of a sub-type (missing or empty
        for a top-level row), e.g. ``"GVHD"`` for ``"Skin"``.
    n_patients : int, keyword-only
        Number of transplanted children (denominator for %).
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        Two bar traces ("Complication", "Sub-type"); zero counts are labelled
        ``"0 (0.0%)"`` so that absent complications stay visible.

    Raises
    ------
    ValueError
        For missing columns, invalid counts, a parent that is not a top-level
        row or a sub-type count above its parent's.

    Examples
    --------
    >>> import pandas as pd
    >>> tae = pd.DataFrame({"adverse_event": ["GVHD", "Skin", "VOD"],
    ...                     "parent": [None, "GVHD", None], "n": [10, 8, 0]})
    >>> [len(t.y) for t in transplant_complications_figure(tae, n_patients=15).data]
    [2, 1]
    """
    func = "transplant_complications_figure"
    n_patients = _check_n_patients(n_patients, func)
    require_frame(tae, where=func, columns=[event, n, parent], nonempty=NOTHING_TO_PLOT)
    k = _counts(tae, n, func=func, n_patients=n_patients)
    names = tae[event].astype(str)
    par = tae[parent].where(tae[parent].notna(), "").astype(str).str.strip()
    top = par == ""
    top_counts = dict(zip(names[top], k[top], strict=True))
    for name, p, count in zip(names[~top], par[~top], k[~top], strict=True):
        if p not in top_counts:
            raise ValueError(f"{func}: {name!r} names parent {p!r}, which is not a top-level row")
        if count > top_counts[p]:
            raise ValueError(
                f"{func}: {name!r} ({count}) has more children than its parent {p!r} "
                f"({top_counts[p]})"
            )
    labels = [nm if t else f"   ↳ {nm}" for nm, t in zip(names, top, strict=True)]
    # Disambiguate repeated sub-type names (e.g. "Other" under two parents).
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):
        if lab in seen:
            labels[i] = f"{lab} ({par.iloc[i]})"
        seen[labels[i]] = i
    d = pd.DataFrame({"label": labels, "n": k.to_numpy(), "top": top.to_numpy(), "parent": par})
    data = []
    for is_top, name, color in (
        (True, "Complication", OKABE_ITO["blue"]),
        (False, "Sub-type (children within the row above)", OKABE_ITO["sky_blue"]),
    ):
        g = d[d["top"] == is_top]
        if g.empty:
            continue
        hover = f"%{{text}} of {n_patients} transplanted children"
        data.append(_count_bars(g["n"], g["label"], name, color, n_patients, hover))
    layout = layout_spec(
        title=title or f"Complications after stem-cell transplant (n = {n_patients})",
        subtitle=f"Children with each complication; % of {n_patients}, computed from the counts",
        height=max(420, 140 + 30 * len(d)),
        margin={"r": 30},
    )
    layout.update(
        barmode="overlay",
        bargap=0.25,
        xaxis={
            "title": {
                "text": f"Transplanted children with the complication (number of {n_patients})"
            },
            "range": [0, n_patients * 1.2],
            "showgrid": True,
            "gridcolor": "#eeeeee",
        },
        yaxis={
            "title": {"text": "Complication"},
            "categoryorder": "array",
            "categoryarray": d["label"].tolist()[::-1],
            "tickfont": {"size": 12},
        },
    )
    return build_figure(data, layout)


def engraftment_figure(
    tx: pd.DataFrame,
    *,
    neutrophil: str = "neutrophil_engraftment_day",
    platelet: str = "platelet_engraftment_day",
    id_col: str = "transplant_number",
    title: str | None = None,
) -> go.Figure:
    """Box plots with every point: days from stem-cell infusion to engraftment.

    Missing values (a graft that failed or was never assessed) are dropped and
    counted on the axis ("n = 15; 1 not evaluable").  The box shows median and
    quartiles; the dashed line inside is the mean with +/- 1 SD, for comparison
    with the paper's "13.1 ± 2.7 days".

    Parameters
    ----------
    tx : pandas.DataFrame
        One row per transplant (Table 4 layout).
    neutrophil, platelet : str, keyword-only
        Numeric engraftment day columns (day +N after infusion).
    id_col : str, keyword-only
        Transplant identifier for hover text.
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        Two box traces, neutrophil then platelet; ``layout.meta`` holds
        ``n_evaluable`` and ``n_not_evaluable`` per lineage.

    Raises
    ------
    ValueError
        For missing columns, non-numeric or negative days, or a lineage with
        no evaluable transplant.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"transplant_number": [1, 2, 3],
    ...     "neutrophil_engraftment_day": [15, None, 11],
    ...     "platelet_engraftment_day": [18, None, 9]})
    >>> engraftment_figure(tx).layout.meta["n_not_evaluable"]
    {'neutrophil': 1, 'platelet': 1}
    """
    func = "engraftment_figure"
    require_frame(tx, where=func, columns=[neutrophil, platelet, id_col], nonempty=NOTHING_TO_PLOT)
    specs = (
        ("neutrophil", neutrophil, "Neutrophils", "ANC ≥ 0.5 × 10⁹/L for 3 days", "blue"),
        ("platelet", platelet, "Platelets", "≥ 20 × 10⁹/L for 7 days untransfused", "orange"),
    )
    data = []
    meta: dict[str, dict[str, int]] = {"n_evaluable": {}, "n_not_evaluable": {}}
    for key, col, name, definition, color in specs:
        days = numeric_column(tx, col, where=func)
        ok = days.notna()
        if not ok.any():
            raise ValueError(f"{func}: column {col!r} has no evaluable transplant")
        if (days[ok] < 0).any():
            raise ValueError(f"{func}: column {col!r} has negative days")
        n_ok, n_na = int(ok.sum()), int((~ok).sum())
        meta["n_evaluable"][key] = n_ok
        meta["n_not_evaluable"][key] = n_na
        x_label = f"<b>{name}</b><br>{definition}<br>n = {n_ok}" + (
            f"; {n_na} not evaluable" if n_na else ""
        )
        ids = tx.loc[ok, id_col].tolist()
        data.append(
            {
                "type": "box",
                "y": days[ok].tolist(),
                "x": [x_label] * n_ok,
                "name": name,
                "boxpoints": "all",
                "jitter": 0.35,
                "pointpos": 0,
                "boxmean": "sd",
                "width": 0.4,
                "marker": {"color": OKABE_ITO[color], "size": 9, "opacity": 0.8},
                "line": {"color": OKABE_ITO[color]},
                "fillcolor": "rgba(0,0,0,0)",
                "customdata": ids,
                "hovertemplate": f"{id_col.replace('_', ' ').capitalize()} %{{customdata}}<br>"
                f"{name} engrafted on day +%{{y:.0f}}<extra></extra>",
                "showlegend": False,
            }
        )
    na_total = sum(meta["n_not_evaluable"].values())
    subtitle = "Box: median and quartiles; dashed: mean ± SD; each dot one transplant"
    if na_total:
        subtitle += "; missing days are not plotted and are counted under each box"
    layout = layout_spec(
        title=title or "Time to engraftment after stem-cell transplant",
        subtitle=subtitle,
        height=540,
    )
    layout.update(
        meta=meta,
        xaxis={"title": {"text": "Lineage (engraftment definition, Methods 2.5)"}},
        yaxis={
            "title": {"text": "Day of engraftment after infusion (days)"},
            "rangemode": "tozero",
            "showgrid": True,
            "gridcolor": "#eeeeee",
        },
    )
    return build_figure(data, layout)
