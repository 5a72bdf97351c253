"""The audit at a glance: claims per place in the paper, coloured by status (notebook 06).

The counts come from :func:`helpers.audit.counts_by`; this module only draws them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from helpers.audit import STATUSES, counts_by
from helpers.figures.style import OKABE_ITO, finish_layout

__all__ = ["STATUS_COLORS", "status_figure"]


STATUS_COLORS = {
    "reproduced": OKABE_ITO["bluish_green"],
    "discrepant": OKABE_ITO["vermillion"],
    "not_reproducible": "#999999",
}


#: Margins (px) with room for the longest location on the y axis (125 px in chromium)
#: and the status legend on the right (179 px): the audit explorer's figure is laid
#: out once per redraw instead of twice (plotly's automargin growing the margins),
#: and its bars keep one width from one selection to the next.
STATUS_MARGIN = {"l": 130, "r": 185}


# --- audit explorer -----------------------------------------------------------------------------
def status_figure(
    audit: pd.DataFrame, *, title: str = "Claims by location and status"
) -> go.Figure:
    """Stacked horizontal bars: claims per location, coloured by status."""
    table = counts_by(audit).drop(index="total")
    fig = go.Figure()
    for status in STATUSES:
        fig.add_trace(
            go.Bar(
                x=table[status].tolist(),
                y=table.index.tolist(),
                orientation="h",
                name=status.replace("_", " "),
                marker={"color": STATUS_COLORS[status]},
                hovertemplate=f"%{{y}}: %{{x}} {status.replace('_', ' ')}<extra></extra>",
            )
        )
    finish_layout(
        fig,
        title=title,
        subtitle="Each claim is one number the paper prints; its status comes from run_audit()",
        height=max(320, 140 + 26 * len(table)),
        legend_title="Status",
        margin=STATUS_MARGIN,
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Claims", showgrid=True, gridcolor="#eeeeee")
    fig.update_yaxes(autorange="reversed", title_text="Where in the paper")
    return fig
