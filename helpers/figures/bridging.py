"""Figures for notebook 04: immortal time, landmark curves and a power curve.

Every number drawn comes from :mod:`helpers.bridging` (which calls
:mod:`helpers.survival`); the figures only draw. Each returns a static
``plotly.graph_objects.Figure``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers import bridging, survival
from helpers.figures.km import km_figure
from helpers.figures.style import OKABE_ITO, finish_layout, rgba

__all__ = ["immortal_time_figure", "landmark_figure", "power_figure"]

#: The power curve's margins (px) with room for the percentages on the y axis and the
#: legend on the right, whose widest entry ("Smallest size reaching 80%: 24 per arm")
#: needs 331 px in chromium: the power dashboard's figure is then laid out once per
#: redraw (plotly's automargin would otherwise grow the margins in a second pass) and
#: its plot area keeps one width while the sliders move.
POWER_MARGIN = {"l": 90, "r": 340}

_IMMORTAL = OKABE_ITO["orange"]
_BRIDGED = OKABE_ITO["blue"]
_NOT_BRIDGED = OKABE_ITO["bluish_green"]


def immortal_time_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """One bar per child in CR from time zero to last follow-up; immortal time hatched.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`helpers.endpoints.survival_frame`.
    title : str, optional, keyword-only
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces, in order: "Immortal time (before HSCT)", "After HSCT",
        "Not bridged", "HSCT" (diamonds), "Died" (crosses). ``layout.meta``
        holds ``order`` (case ids from the top) and ``immortal_person_months``.

    Examples
    --------
    >>> f = pd.DataFrame({"case_id": [1, 2], "complete_remission": [True, True],
    ...     "bridged": [True, False], "os_time": [9.0, 5.0], "os_event": [True, False],
    ...     "hsct_time": [1.5, np.nan]})
    >>> fig = immortal_time_figure(f)
    >>> [t.name for t in fig.data][:3], fig.layout.meta["order"]
    (['Immortal time (before HSCT)', 'After HSCT', 'Not bridged'], [1, 2])
    """
    tab = bridging.immortal_time_table(frame)
    if tab.empty:
        raise ValueError("immortal_time_figure: no child in complete remission to draw")
    lanes = [f"Case {c}" for c in tab["case_id"]]
    tab = tab.assign(lane=lanes)
    b, nb = tab[tab["bridged"]], tab[~tab["bridged"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=b["immortal_months"].tolist(),
            y=b["lane"].tolist(),
            base=0,
            orientation="h",
            name="Immortal time (before HSCT)",
            marker={
                "color": rgba(_IMMORTAL, 0.35),
                "line": {"color": _IMMORTAL, "width": 1},
                "pattern": {"shape": "/", "fgcolor": _IMMORTAL},
            },
            width=0.7,
            hovertemplate="%{y}: transplanted at %{x:.2f} months; could not die "
            "before this and still count as bridged<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=(b["follow_up"] - b["immortal_months"]).tolist(),
            y=b["lane"].tolist(),
            base=b["immortal_months"].tolist(),
            orientation="h",
            name="After HSCT",
            marker={"color": _BRIDGED},
            width=0.7,
            customdata=b["follow_up"].tolist(),
            hovertemplate="%{y}: followed to %{customdata:.1f} months<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=nb["follow_up"].tolist(),
            y=nb["lane"].tolist(),
            base=0,
            orientation="h",
            name="Not bridged",
            marker={"color": _NOT_BRIDGED},
            width=0.7,
            hovertemplate="%{y}: followed to %{x:.1f} months<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=b["hsct_time"].tolist(),
            y=b["lane"].tolist(),
            mode="markers",
            name="HSCT",
            marker={"symbol": "diamond", "size": 9, "color": OKABE_ITO["black"]},
            hovertemplate="%{y}: HSCT at %{x:.2f} months<extra></extra>",
        )
    )
    dead = tab[tab["died"]]
    fig.add_trace(
        go.Scatter(
            x=dead["follow_up"].tolist(),
            y=dead["lane"].tolist(),
            mode="markers",
            name="Died",
            marker={"symbol": "x", "size": 12, "color": OKABE_ITO["vermillion"]},
            hovertemplate="%{y}: died at %{x:.1f} months<extra></extra>",
            cliponaxis=False,
        )
    )
    summary = bridging.immortal_time_summary(frame)
    finish_layout(
        fig,
        title=title or "Children in remission: time before transplant is 'immortal'",
        subtitle=(
            f"{summary['n_bridged']} bridged (top), {summary['n_not_bridged']} not bridged; "
            f"{summary['immortal_person_months']:.1f} of "
            f"{summary['bridged_person_months']:.1f} bridged person-months were immortal"
        ),
        height=170 + 22 * len(tab),
        legend_title="Segment",
    )
    fig.update_layout(barmode="overlay", bargap=0.2)
    fig.update_xaxes(title_text="Months from start of blinatumomab", rangemode="tozero")
    fig.update_yaxes(
        categoryorder="array", categoryarray=lanes[::-1], title_text=None, tickfont={"size": 11}
    )
    fig.update_layout(
        meta={
            "order": [int(c) for c in tab["case_id"]],
            "immortal_person_months": summary["immortal_person_months"],
        }
    )
    return fig


def landmark_figure(result: bridging.LandmarkResult) -> go.Figure:
    """Kaplan-Meier curves from the landmark, transplanted by then vs not.

    Parameters
    ----------
    result : helpers.bridging.landmark.LandmarkResult
        From :func:`helpers.bridging.landmark.landmark_comparison`.

    Returns
    -------
    plotly.graph_objects.Figure
        :func:`helpers.figures.km.km_figure` of the children still followed at
        the landmark, time restarting at the landmark; one curve if only one
        group is present; the log-rank p only when a test was possible.
    """
    event = f"{result.endpoint}_event"
    data = result.data
    if data.empty:
        raise ValueError(f"landmark_figure: nobody is followed beyond {result.landmark:g} months")
    labels = {True: "Transplanted by the landmark", False: "Not transplanted by then"}
    present = {k: v for k, v in labels.items() if (data["exposed"] == k).any()}
    two = len(present) == 2
    name = {"os": "Overall survival", "dfs": "Disease-free survival"}[result.endpoint]
    return km_figure(
        data,
        duration="time_from_landmark",
        event=event,
        group="exposed" if two else None,
        group_labels=present if two else None,
        show_pvalue=two and not result.message,
        title=f"{name} from a landmark at {result.landmark:.2f} months (children in CR)",
        x_title=f"Months after the landmark ({result.landmark:.2f} months)",
    )


def power_figure(
    curve: pd.DataFrame, *, target: float = 0.8, title: str | None = None
) -> go.Figure:
    """Simulated power against size per arm, with its 95 % band and the target line.

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`helpers.survival.power.power_curve`.
    target : float, keyword-only
        The power to reach (drawn as a dashed line; the smallest size reaching
        it is marked).

    Examples
    --------
    >>> curve = pd.DataFrame({"n_per_arm": [10, 20], "power": [0.4, 0.85],
    ...     "ci_lower": [0.3, 0.8], "ci_upper": [0.5, 0.9], "mean_events": [8.0, 16.0]})
    >>> power_figure(curve).layout.meta
    {'smallest_adequate_size': 20}
    """
    need = {"n_per_arm", "power", "ci_lower", "ci_upper", "mean_events"}
    if not isinstance(curve, pd.DataFrame) or need - set(curve.columns) or curve.empty:
        raise ValueError(f"power_figure: expected a non-empty power_curve() frame with {need}")
    n = curve["n_per_arm"].tolist()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=n + n[::-1],
            y=curve["ci_upper"].tolist() + curve["ci_lower"].tolist()[::-1],
            fill="toself",
            fillcolor=rgba(OKABE_ITO["blue"], 0.15),
            line={"width": 0},
            hoverinfo="skip",
            name="95% simulation interval",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=n,
            y=curve["power"].tolist(),
            mode="lines+markers",
            name="Simulated power",
            line={"color": OKABE_ITO["blue"], "width": 3},
            customdata=np.round(curve["mean_events"].to_numpy(), 1).tolist(),
            hovertemplate="%{x} per arm: power %{y:.0%}, about %{customdata} events<extra></extra>",
        )
    )
    fig.add_hline(
        y=target,
        # A width of its own: the shared template draws shapes 0 px wide by default.
        line={"dash": "dash", "color": OKABE_ITO["black"], "width": 2},
        annotation_text=f"{target:.0%}",
    )
    best = survival.smallest_adequate_size(curve, target=target)
    if best is not None:
        y = float(curve.loc[curve["n_per_arm"] == best, "power"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=[best],
                y=[y],
                mode="markers",
                name=f"Smallest size reaching {target:.0%}: {best} per arm",
                marker={"symbol": "star", "size": 16, "color": OKABE_ITO["vermillion"]},
            )
        )
    subtitle = (
        f"smallest size with power ≥ {target:.0%}: {best} per arm"
        if best is not None
        else f"no size shown reaches {target:.0%}"
    )
    finish_layout(
        fig,
        title=title or "How many children would a trial need?",
        subtitle=subtitle,
        margin=POWER_MARGIN,
    )
    fig.update_xaxes(title_text="Children per arm", rangemode="tozero")
    fig.update_yaxes(title_text="Power (log-rank, two-sided)", range=[0, 1.02], tickformat=".0%")
    fig.update_layout(meta={"smallest_adequate_size": best})
    return fig
