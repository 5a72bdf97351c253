"""Render every figure for the real cohort into one static, offline HTML page.

Usage::

    python -m tools.gallery OUTDIR

writes ``OUTDIR/index.html``: plotly.js is embedded once, inline, so the page
opens from disk with no network.  The page is deterministic (fixed element
ids, no timestamps): rebuilding it from the same data gives the same bytes.
"""

from __future__ import annotations

import argparse
import html
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from helpers import data, endpoints
from helpers import figures as fg
from helpers.audit import printed_fraction
from helpers.context import forest_rows
from helpers.response import proportion_ci, rate_table

__all__ = ["GalleryItem", "build_gallery", "comparator_rows", "main", "render_gallery"]

_CR_LABELS = {True: "Complete remission", False: "No complete remission"}
_HSCT_LABELS = {True: "Bridged to HSCT", False: "No HSCT"}
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class GalleryItem:
    """One figure of the gallery with its anchor, heading and caption."""

    slug: str
    heading: str
    caption: str
    figure: go.Figure


def comparator_rows(patients: pd.DataFrame) -> pd.DataFrame:
    """Remission rates for the forest plot, every number read from data.

    The cohort's own rate is counted from Table 2; the refractory and relapsed
    rates are the fractions the Abstract prints (``published_claims.csv``, via
    :func:`helpers.audit.printed_fraction`); the other studies are those whose
    remission count the paper prints (``comparator_studies.csv``, via
    :func:`helpers.context.forest_rows`).
    """
    overall = rate_table(patients, outcome="complete_remission").iloc[0]
    claims = data.load_published_claims()
    rows = [
        {
            "label": "This study, all children (Table 2)",
            "events": int(overall["events"]),
            "n": int(overall["n"]),
        }
    ]
    for label, claim_id in (
        ("This study, refractory", "abs-refractory-cr-rate"),
        ("This study, relapsed", "abs-relapse-cr-rate"),
    ):
        k, n = printed_fraction(claims, claim_id)
        rows.append({"label": label, "events": k, "n": n})
    studies = data.load_comparator_studies()
    others = forest_rows(studies[studies["reference"] != 0])  # reference 0 is this paper
    return pd.concat([pd.DataFrame(rows), others], ignore_index=True)


def build_gallery() -> list[GalleryItem]:
    """Build every figure from the transcribed tables, in reading order.

    Returns
    -------
    list of GalleryItem
        Flow, swimmer, Kaplan-Meier (overall, by remission, by bridging),
        waterfall, MRD, forest and the three toxicity figures.
    """
    patients = data.load_patients()
    transplants = data.load_transplants()
    sf = endpoints.survival_frame(patients, transplants)
    cr = sf[sf["complete_remission"]]
    dfs = sf[sf["in_dfs"]]
    os_opts = {"duration": "os_time", "event": "os_event"}
    n_children = len(patients)
    n_transplanted = int(transplants["case_id"].nunique())
    course_days = endpoints.Assumptions().course_days
    forest = comparator_rows(patients)
    rialto = forest[forest["label"].str.startswith("RIALTO")].iloc[0]
    rialto_rate = proportion_ci(int(rialto["events"]), int(rialto["n"])).proportion
    ae = data.load_adverse_events()
    crs = ae.set_index("adverse_event").loc["CRS"]
    crs_n = int(crs["all_grade_n"])
    items = [
        GalleryItem(
            "flow",
            "Flow of the cohort",
            f"All {n_children} children from response to follow-up therapy to vital status "
            "(Table 2).",
            fg.flow_figure(patients),
        ),
        GalleryItem(
            "swimmer",
            "Each child's course",
            f"One lane per child. HSCT time = {course_days}-day course + Table 4's days to HSCT "
            "(helpers.endpoints assumptions).",
            fg.swimmer_figure(sf, hsct_time="hsct_time"),
        ),
        GalleryItem(
            "km-os-all",
            "Overall survival, all children",
            "Kaplan-Meier estimate for all 33 children; follow-up as printed in Table 2.",
            fg.km_figure(
                sf, **os_opts, title="Overall survival, all 33 children", y_title="Overall survival"
            ),
        ),
        GalleryItem(
            "km-os-cr",
            "Overall survival by response (paper's Figure 2A)",
            "The paper reports 96.1% vs 57.1%, p = 0.002.",
            fg.km_figure(
                sf,
                **os_opts,
                group="complete_remission",
                group_labels=_CR_LABELS,
                title="Overall survival by response to blinatumomab",
                y_title="Overall survival",
            ),
        ),
        GalleryItem(
            "km-os-hsct",
            "Overall survival in remission, by bridging to HSCT (Figure 2C)",
            "Children in complete remission only. The paper reports 93.3% vs 100%, p = 0.40.",
            fg.km_figure(
                cr,
                **os_opts,
                group="bridged",
                group_labels=_HSCT_LABELS,
                title="Overall survival in remission: bridged to HSCT or not",
                y_title="Overall survival",
            ),
        ),
        GalleryItem(
            "km-dfs-hsct",
            "Disease-free survival in remission, by bridging to HSCT (Figure 2D)",
            "DFS population and events follow helpers.endpoints' default assumptions "
            "(only deaths end DFS, as the paper's 25/26, 14/15 and 11/11 imply).",
            fg.km_figure(
                dfs,
                duration="dfs_time",
                event="dfs_event",
                group="bridged",
                group_labels=_HSCT_LABELS,
                title="Disease-free survival in remission: bridged to HSCT or not",
                y_title="Disease-free survival",
            ),
        ),
        GalleryItem(
            "waterfall",
            "Change in marrow blasts",
            "Absolute change (after minus before) in bone-marrow blasts per child (Table 2).",
            fg.waterfall_figure(
                patients,
                before="blasts_pre_pct",
                after="blasts_post_pct",
                measure_label="bone-marrow blasts",
                color_by="complete_remission",
                color_labels=_CR_LABELS,
                color_title="Response",
            ),
        ),
        GalleryItem(
            "mrd",
            "Minimal residual disease before and after",
            "Flow-cytometry MRD per child (Table 2), log scale. 0.01 is the lowest value "
            "Table 2 prints and is read as ≤ 0.01% (helpers.marrow.mrd_negative).",
            fg.paired_mrd_figure(
                patients,
                color_by="complete_remission",
                color_labels=_CR_LABELS,
                color_title="Response",
            ),
        ),
        GalleryItem(
            "forest",
            "Remission rate compared with RIALTO",
            "Exact 95% intervals. Subgroup and RIALTO counts as printed in the paper "
            "(section 3.2 and Discussion).",
            fg.forest_figure(
                forest,
                reference=rialto_rate,
                reference_label=f"{rialto['label'].split(' (')[0]} {100 * rialto_rate:.0f}%",
            ),
        ),
        GalleryItem(
            "adverse-events",
            "Adverse events during blinatumomab (Table 3)",
            f"Percentages computed from the counts. Table 3 prints CRS as "
            f"{crs_n} ({crs['all_grade_pct']:g}%), but {crs_n}/"
            f"{n_children} is {100 * crs_n / n_children:.1f}%; the text says 18 "
            "cases (54.5%).",
            fg.adverse_events_figure(ae, n_patients=n_children),
        ),
        GalleryItem(
            "transplant-complications",
            "Complications after HSCT (Table 5)",
            f"Among the {n_transplanted} transplanted children; sub-types are listed under "
            "their parent row.",
            fg.transplant_complications_figure(
                data.load_transplant_adverse_events(), n_patients=n_transplanted
            ),
        ),
        GalleryItem(
            "engraftment",
            "Time to engraftment (Table 4)",
            "One dot per transplant. The failed first cord-blood graft of Table 4 "
            "number 4 has no engraftment day and is counted as not evaluable.",
            fg.engraftment_figure(transplants),
        ),
    ]
    return items


_CSS = """
body { font-family: Arial, Helvetica, sans-serif; margin: 0 auto; max-width: 1250px;
       padding: 24px; color: #222; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 20px; margin: 36px 0 4px; border-top: 1px solid #ddd; padding-top: 18px; }
p.caption { margin: 0 0 8px; color: #444; }
nav ol { columns: 2; }
.figure { width: 100%; }
"""


def render_html(items: Sequence[GalleryItem]) -> str:
    """The gallery page as one HTML string with plotly.js inlined once."""
    toc = "\n".join(f'<li><a href="#{it.slug}">{html.escape(it.heading)}</a></li>' for it in items)
    sections = []
    for it in items:
        div = it.figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"fig-{it.slug}",
            config=_PLOTLY_CONFIG,
        )
        sections.append(
            f'<section id="{it.slug}">\n<h2>{html.escape(it.heading)}</h2>\n'
            f'<p class="caption">{html.escape(it.caption)}</p>\n'
            f'<div class="figure">{div}</div>\n</section>'
        )
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<title>Short-course blinatumomab: figure gallery</title>\n"
        f"<style>{_CSS}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        "</head>\n<body>\n"
        "<h1>Short-course blinatumomab in 33 children: figure gallery</h1>\n"
        '<p class="caption">Re-analysis of Xie et al., Front Pediatr 2023;11:1187607, '
        "from the transcribed tables in <code>cohort_data/</code>. Hover over any mark "
        "for the numbers behind it.</p>\n"
        f"<nav><ol>\n{toc}\n</ol></nav>\n{body}\n</body>\n</html>\n"
    )


def render_gallery(outdir: str | Path) -> Path:
    """Write ``outdir/index.html`` and return its path.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +SKIP
    ...     render_gallery(tmp).name
    'index.html'
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(render_html(build_gallery()), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m tools.gallery OUTDIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.gallery",
        description="Write every figure for the real cohort into OUTDIR/index.html.",
    )
    parser.add_argument("outdir", help="folder to write index.html into (created if needed)")
    args = parser.parse_args(argv)
    path = render_gallery(args.outdir)
    print(f"wrote {path}", file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
