"""Tests for helpers.figures: structure, and numbers that must equal the helpers' output.

Tiny hand-made cohorts throughout; only the gallery smoke test uses the real data.
"""

from __future__ import annotations

import doctest
import importlib
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from helpers import figures, survival
from helpers.figures import (
    adverse_events_figure,
    engraftment_figure,
    flow_figure,
    forest_figure,
    format_p_value,
    km_figure,
    paired_mrd_figure,
    swimmer_figure,
    transplant_complications_figure,
    waterfall_figure,
)
from helpers.marrow import mrd_negative
from helpers.response import proportion_ci

# --------------------------------------------------------------------------- cohorts


@pytest.fixture
def km_df():
    """Group A reaches its median (3 months); group B does not."""
    return pd.DataFrame(
        {
            "months": [1, 2, 3, 3, 4, 6, 2, 5, 5, 7, 8],
            "died": [1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0],
            "arm": ["A"] * 6 + ["B"] * 5,
        }
    )


KM_OPTS = {"duration": "months", "event": "died", "group": "arm"}


def traces(fig, role, group=None):
    return [
        t
        for t in fig.data
        if isinstance(t.meta, dict)
        and t.meta.get("role") == role
        and (group is None or t.meta.get("group") == group)
    ]


@pytest.fixture
def children():
    return pd.DataFrame(
        {
            "case_id": [1, 2, 3, 4, 5, 6],
            "blasts_pre_pct": [49.0, 78.0, 81.0, 2.0, 90.0, 5.0],
            "blasts_post_pct": [1.0, 1.0, 88.0, 1.0, 93.0, np.nan],
            "mrd_pre_pct": [40.0, 40.5, 90.9, 0.01, 97.4, 0.89],
            "mrd_post_pct": [0.01, 0.15, 94.7, 0.01, 92.8, 0.01],
            "complete_remission": [True, True, False, True, False, True],
            "follow_up_therapy": ["HSCT", "CAR-T", "CAR-T", "Chemotherapy", "none", "HSCT"],
            "alive": [True, True, False, True, False, False],
            "os_time": [19.3, 18.7, 18.0, 14.0, 7.3, 9.2],
            "os_event": [False, False, True, False, True, True],
            "hsct_time": [1.7, np.nan, np.nan, np.nan, np.nan, 1.15],
        }
    )


# --------------------------------------------------------------------------- KM


def test_km_returns_plain_figure_with_traces_per_group(km_df):
    fig = km_figure(km_df, **KM_OPTS)
    assert type(fig) is go.Figure
    assert fig.layout.meta["groups"] == ["A", "B"]
    for g in ("A", "B"):
        assert len(traces(fig, "curve", g)) == 1
        assert len(traces(fig, "ci_upper", g)) == 1
        assert len(traces(fig, "ci_lower", g)) == 1
        assert len(traces(fig, "censor", g)) == 1
        assert len(traces(fig, "risk_table", g)) == 3
    # Median guide only where the curve reaches 50 %: A (3 months), not B.
    assert len(traces(fig, "median", "A")) == 1
    assert traces(fig, "median", "B") == []
    assert len(traces(fig, "legend")) == 1
    assert all(t.line.shape == "hv" for t in traces(fig, "curve"))


def test_km_curve_values_equal_kaplan_meier(km_df):
    fig = km_figure(km_df, **KM_OPTS)
    km = survival.kaplan_meier(km_df, **KM_OPTS)
    for g, expected in km.groupby("group"):
        (curve,) = traces(fig, "curve", g)
        np.testing.assert_allclose(curve.x, expected["time"])
        np.testing.assert_allclose(curve.y, expected["survival"])
        (upper,) = traces(fig, "ci_upper", g)
        (lower,) = traces(fig, "ci_lower", g)
        np.testing.assert_allclose(upper.y, expected["ci_upper"])
        np.testing.assert_allclose(lower.y, expected["ci_lower"])
        assert len(curve.text) == len(expected)
        assert all("At risk" in h for h in curve.text)


def test_km_alpha_passed_through(km_df):
    fig = km_figure(km_df, **KM_OPTS, alpha=0.2)
    km = survival.kaplan_meier(km_df, **KM_OPTS, alpha=0.2)
    (lower,) = traces(fig, "ci_lower", "A")
    np.testing.assert_allclose(lower.y, km.loc[km["group"] == "A", "ci_lower"])
    assert "80% pointwise CI" in fig.layout.title.subtitle.text


def test_km_risk_table_equals_at_risk_table(km_df):
    times = [0, 2, 4, 6, 8]
    fig = km_figure(km_df, **KM_OPTS, times=times)
    expected = survival.at_risk_table(km_df, **KM_OPTS, times=times)
    for g, tab in expected.groupby("group"):
        for t in traces(fig, "risk_table", g):
            col = t.meta["row"]
            np.testing.assert_allclose(t.x, tab["time"])
            assert [int(v) for v in t.text] == tab[col].tolist()
    # At time 0 everyone in the group is at risk.
    sizes = km_df["arm"].value_counts()
    for g in ("A", "B"):
        (row,) = [t for t in traces(fig, "risk_table", g) if t.meta["row"] == "at_risk"]
        assert int(row.text[0]) == sizes[g]


def test_km_default_times_every_three_units():
    df = pd.DataFrame({"t": [0.5, 4.0, 7.2, 10.1], "e": [1, 0, 1, 0]})
    fig = km_figure(df, duration="t", event="e")
    assert fig.layout.meta["times"] == [0.0, 3.0, 6.0, 9.0]
    assert list(fig.layout.xaxis.tickvals) == [0.0, 3.0, 6.0, 9.0]


def test_km_censor_marks_at_censored_times(km_df):
    fig = km_figure(km_df, **KM_OPTS)
    km = survival.kaplan_meier(km_df, **KM_OPTS)
    (marks,) = traces(fig, "censor", "A")
    assert list(marks.x) == [2.0, 4.0, 6.0]
    a = km[km["group"] == "A"].set_index("time")
    np.testing.assert_allclose(marks.y, a.loc[[2.0, 4.0, 6.0], "survival"])
    (marks_b,) = traces(fig, "censor", "B")
    assert list(marks_b.x) == [2.0, 5.0, 7.0, 8.0]
    assert marks.marker.symbol == "line-ns-open"


def test_km_median_line_reaches_median(km_df):
    fig = km_figure(km_df, **KM_OPTS)
    med = survival.median_survival(km_df, **KM_OPTS).set_index("group")
    (line,) = traces(fig, "median", "A")
    assert list(line.x) == [0.0, med.loc["A", "median"], med.loc["A", "median"]]
    assert list(line.y) == [0.5, 0.5, 0.0]


def test_km_pvalue_annotation_equals_logrank(km_df):
    fig = km_figure(km_df, **KM_OPTS)
    p = survival.logrank(km_df, **KM_OPTS).p_value
    texts = [a.text for a in fig.layout.annotations if a.text.startswith("Log-rank")]
    assert texts == [f"Log-rank {format_p_value(p)}"]
    assert fig.layout.meta["p_value"] == pytest.approx(p)


def test_km_single_group_has_no_pvalue(km_df):
    fig = km_figure(km_df, duration="months", event="died")
    assert fig.layout.meta["groups"] == ["All"]
    assert not [a for a in fig.layout.annotations if a.text.startswith("Log-rank")]
    assert len(traces(fig, "curve")) == 1


def test_km_switches_remove_layers(km_df):
    fig = km_figure(
        km_df, **KM_OPTS, show_ci=False, show_censors=False, show_median=False, show_pvalue=False
    )
    roles = {t.meta["role"] for t in fig.data}
    assert roles == {"curve", "risk_table"}
    assert not [a for a in fig.layout.annotations if a.text.startswith("Log-rank")]


def test_km_group_labels_set_order_and_names():
    df = pd.DataFrame(
        {"t": [1, 2, 3, 4, 5, 6], "e": [1, 0, 1, 0, 1, 0], "cr": [True] * 3 + [False] * 3}
    )
    fig = km_figure(
        df, duration="t", event="e", group="cr", group_labels={True: "CR", False: "No CR"}
    )
    assert fig.layout.meta["groups"] == ["True", "False"]
    names = [t.name for t in traces(fig, "curve")]
    assert names == ["CR (n = 3)", "No CR (n = 3)"]


def test_km_empty_frame_raises(km_df):
    with pytest.raises(ValueError, match="km_figure: the DataFrame is empty"):
        km_figure(km_df.iloc[0:0], **KM_OPTS)


def test_km_empty_group_raises(km_df):
    cat = km_df.assign(arm=pd.Categorical(km_df["arm"], categories=["A", "B", "C"]))
    with pytest.raises(ValueError, match="group 'C' in column 'arm' is empty"):
        km_figure(cat, **KM_OPTS)
    with pytest.raises(ValueError, match="group 'C' named in group_labels is empty"):
        km_figure(km_df, **KM_OPTS, group_labels={"A": "a", "C": "c"})


def test_km_missing_group_or_column_raises(km_df):
    with pytest.raises(ValueError, match="'arm' has 1 missing"):
        km_figure(km_df.assign(arm=[None, *km_df["arm"].tolist()[1:]]), **KM_OPTS)
    with pytest.raises(ValueError, match=r"\['days'\] not in the DataFrame"):
        km_figure(km_df, duration="days", event="died")


def test_km_is_deterministic(km_df):
    assert km_figure(km_df, **KM_OPTS).to_json() == km_figure(km_df, **KM_OPTS).to_json()


# --------------------------------------------------------------------------- format_p_value


@pytest.mark.parametrize(
    ("p", "text"),
    [(0.0016, "p = 0.002"), (0.0004, "p < 0.001"), (0.046, "p = 0.046"), (0.4, "p = 0.40")],
)
def test_format_p_value(p, text):
    assert format_p_value(p) == text


# --------------------------------------------------------------------------- waterfall


def test_waterfall_sorted_and_missing_counted(children):
    fig = waterfall_figure(children, before="blasts_pre_pct", after="blasts_post_pct")
    d = children.dropna(subset=["blasts_post_pct"])
    change = (d["blasts_post_pct"] - d["blasts_pre_pct"]).to_numpy()
    order = fig.layout.meta["order"]
    assert len(order) == 5
    by_id = dict(zip(d["case_id"], change, strict=True))
    values = [by_id[i] for i in order]
    assert values == sorted(values, reverse=True)
    (bar,) = fig.data
    assert list(bar.y) == pytest.approx(values)
    assert "1 child(ren) without both values not shown" in fig.layout.title.subtitle.text


def test_waterfall_colours_by_group(children):
    fig = waterfall_figure(
        children,
        before="blasts_pre_pct",
        after="blasts_post_pct",
        color_by="complete_remission",
        color_labels={True: "CR", False: "No CR"},
    )
    assert [t.name for t in fig.data] == ["CR", "No CR"]
    assert fig.data[0].marker.color != fig.data[1].marker.color
    assert sum(len(t.y) for t in fig.data) == 5


def test_waterfall_errors(children):
    with pytest.raises(ValueError, match="'alive' must be numeric"):
        waterfall_figure(children, before="alive", after="blasts_post_pct")
    with pytest.raises(ValueError, match="empty"):
        waterfall_figure(children.iloc[0:0], before="blasts_pre_pct", after="blasts_post_pct")


# --------------------------------------------------------------------------- paired MRD


def test_paired_mrd_lines_threshold_and_counts(children):
    fig = paired_mrd_figure(children)
    lines, threshold = fig.data[:-1], fig.data[-1]
    assert len(lines) == len(children)
    assert list(threshold.y) == [0.01, 0.01]
    assert fig.layout.yaxis.type == "log"
    n_neg = int(mrd_negative(children["mrd_post_pct"]).sum())
    assert f"{n_neg} of 6 at ≤ 0.01 %" in lines[0].x[1]
    assert any("floor" in a.text for a in fig.layout.annotations)


def test_paired_mrd_rejects_zero(children):
    with pytest.raises(ValueError, match="values <= 0"):
        paired_mrd_figure(children.assign(mrd_post_pct=0.0))


# --------------------------------------------------------------------------- forest


@pytest.fixture
def forest_rows():
    # Counts as the paper prints them: 26/33 (abstract), 10/11 and 16/22 (section 3.2),
    # RIALTO 69/110 (Discussion).
    return pd.DataFrame(
        {
            "label": ["This study", "Refractory", "Relapsed", "RIALTO"],
            "events": [26, 10, 16, 69],
            "n": [33, 11, 22, 110],
        }
    )


@pytest.mark.parametrize("method", ["clopper-pearson", "wilson"])
def test_forest_intervals_equal_proportion_ci(forest_rows, method):
    fig = forest_figure(forest_rows, method=method)
    (pts,) = fig.data
    for i, r in forest_rows.iterrows():
        ci = proportion_ci(r["events"], r["n"], method=method)
        assert pts.x[i] == pytest.approx(ci.proportion)
        assert pts.x[i] + pts.error_x.array[i] == pytest.approx(ci.ci_upper)
        assert pts.x[i] - pts.error_x.arrayminus[i] == pytest.approx(ci.ci_lower)
    assert list(fig.layout.xaxis.range) == [0, 1]
    sizes = list(pts.marker.size)
    assert sizes[3] == max(sizes)
    assert sizes[1] == min(sizes)


def test_forest_reference_line_and_errors(forest_rows):
    fig = forest_figure(forest_rows, reference=69 / 110, reference_label="RIALTO 63%")
    assert [s.x0 for s in fig.layout.shapes] == [pytest.approx(69 / 110)]
    with pytest.raises(ValueError, match="reference must be a proportion"):
        forest_figure(forest_rows, reference=63)
    with pytest.raises(ValueError, match="row 'RIALTO' has no 'events' or 'n' count"):
        forest_figure(forest_rows.assign(n=[33, 11, 22, None]))
    with pytest.raises(ValueError, match="row 'This study': successes must be between"):
        forest_figure(forest_rows.assign(events=[34, 10, 16, 69]))
    with pytest.raises(ValueError, match="empty"):
        forest_figure(forest_rows.iloc[0:0])


# --------------------------------------------------------------------------- swimmer


def test_swimmer_lanes_sorted_and_markers(children):
    fig = swimmer_figure(children, hsct_time="hsct_time")  # default columns: survival_frame's
    assert fig.layout.meta["order"] == [1, 2, 3, 4, 6, 5]
    bars = [t for t in fig.data if t.type == "bar"]
    assert sorted(t.name for t in bars) == sorted(
        ["HSCT", "CAR-T cells", "Chemotherapy", "No further therapy"]
    )
    assert sum(len(t.x) for t in bars) == 6
    by_name = {t.name: t for t in fig.data if t.type == "scatter"}
    hsct = by_name["Stem-cell transplant (HSCT)"]
    assert sorted(hsct.x) == [1.15, 1.7]
    death = by_name["Death"]
    assert sorted(zip(death.y, death.x, strict=True)) == [
        ("Case 3", 18.0),
        ("Case 5", 7.3),
        ("Case 6", 9.2),
    ]
    filled = by_name["Complete remission after blinatumomab (filled circle)"]
    open_ = by_name["No remission after blinatumomab (open circle)"]
    assert len(filled.y) == 4
    assert len(open_.y) == 2
    assert open_.marker.color == "white"


def test_swimmer_rejects_transplant_after_follow_up(children):
    bad = children.assign(hsct_time=[25.0, np.nan, np.nan, np.nan, np.nan, np.nan])
    with pytest.raises(ValueError, match="'hsct_time' is after 'os_time'"):
        swimmer_figure(bad, hsct_time="hsct_time")


# --------------------------------------------------------------------------- flow


def test_flow_counts_add_up(children):
    fig = flow_figure(children)
    (sk,) = fig.data
    counts = list(sk.node.customdata)
    layers = fig.layout.meta["layers"]
    assert len(layers) == 4
    for layer in layers:
        assert sum(counts[i] for i in layer) == len(children)
    src, tgt, val = list(sk.link.source), list(sk.link.target), list(sk.link.value)
    for node in layers[1] + layers[2]:
        inflow = sum(v for t, v in zip(tgt, val, strict=True) if t == node)
        outflow = sum(v for s, v in zip(src, val, strict=True) if s == node)
        assert inflow == outflow == counts[node]
    for node in layers[3]:
        assert sum(v for t, v in zip(tgt, val, strict=True) if t == node) == counts[node]
    labels = list(sk.node.label)
    assert labels[0] == "All children (n = 6)"
    assert "Complete remission (n = 4)" in labels
    assert "CAR-T cells (n = 2)" in labels
    assert "Died (n = 3)" in labels


def test_flow_requires_boolean_status(children):
    with pytest.raises(ValueError, match="'alive' must be boolean"):
        flow_figure(children.assign(alive=["Y"] * 6))
    with pytest.raises(ValueError, match="'follow_up_therapy' has 1 missing"):
        flow_figure(children.assign(follow_up_therapy=[None, *children["follow_up_therapy"][1:]]))


# --------------------------------------------------------------------------- toxicity


@pytest.fixture
def ae():
    # A few rows of Table 3 as printed (all grades, grade 3-4).
    return pd.DataFrame(
        {
            "adverse_event": ["Fever", "Leukopenia", "CRS", "ICANS"],
            "all_grade_n": [30, 28, 15, 1],
            "grade_3_4_n": [11, 24, 2, 0],
        }
    )


def test_adverse_events_percentages_from_counts(ae):
    fig = adverse_events_figure(ae, n_patients=33)
    by_name = {t.name: t for t in fig.data}
    anyg, severe = by_name["Any grade"], by_name["Grade 3–4"]
    # Sorted by any-grade count; plotly draws the last category at the top.
    assert list(anyg.y) == ["ICANS", "CRS", "Leukopenia", "Fever"]
    assert list(anyg.text) == ["1 (3.0%)", "15 (45.5%)", "28 (84.8%)", "30 (90.9%)"]
    assert list(severe.text)[-1] == "11 (33.3%)"


def test_adverse_events_errors(ae):
    with pytest.raises(ValueError, match="exceeds the any-grade count for \\['CRS'\\]"):
        adverse_events_figure(ae.assign(grade_3_4_n=[11, 24, 16, 0]), n_patients=33)
    with pytest.raises(ValueError, match="above n_patients=33"):
        adverse_events_figure(ae.assign(all_grade_n=[34, 28, 15, 1]), n_patients=33)
    with pytest.raises(ValueError, match="whole, non-negative"):
        adverse_events_figure(ae.assign(all_grade_n=[30.5, 28, 15, 1]), n_patients=33)
    with pytest.raises(ValueError, match="n_patients must be positive"):
        adverse_events_figure(ae, n_patients=0)


@pytest.fixture
def tae():
    # Part of Table 5: GVHD with its sub-types, and a complication nobody had.
    return pd.DataFrame(
        {
            "adverse_event": ["GVHD", "Skin", "Gastrointestinal tract", "Infection", "VOD"],
            "parent": [None, "GVHD", "GVHD", None, None],
            "n": [10, 8, 2, 9, 0],
        }
    )


def test_transplant_complications_hierarchy(tae):
    fig = transplant_complications_figure(tae, n_patients=15)
    top, sub = fig.data
    assert list(top.y) == ["GVHD", "Infection", "VOD"]
    assert list(top.text) == ["10 (66.7%)", "9 (60.0%)", "0 (0.0%)"]
    assert [y.strip() for y in sub.y] == ["↳ Skin", "↳ Gastrointestinal tract"]
    assert fig.layout.yaxis.categoryarray[0] == "VOD"  # table order, top to bottom


def test_transplant_complications_errors(tae):
    with pytest.raises(ValueError, match="names parent 'GvHD'"):
        transplant_complications_figure(
            tae.assign(parent=[None, "GvHD", "GVHD", None, None]), n_patients=15
        )
    with pytest.raises(ValueError, match="more children than its parent"):
        transplant_complications_figure(tae.assign(n=[10, 11, 2, 9, 0]), n_patients=15)


def test_engraftment_drops_missing_visibly():
    tx = pd.DataFrame(
        {
            "transplant_number": [1, 2, 3, 4, 4],
            "neutrophil_engraftment_day": pd.array([15, 15, 11, None, 13], dtype="Int64"),
            "platelet_engraftment_day": pd.array([18, 12, 9, None, 6], dtype="Int64"),
        }
    )
    fig = engraftment_figure(tx)
    neut, plt_ = fig.data
    assert sorted(neut.y) == [11, 13, 15, 15]
    assert sorted(plt_.y) == [6, 9, 12, 18]
    assert fig.layout.meta["n_not_evaluable"] == {"neutrophil": 1, "platelet": 1}
    assert "n = 4; 1 not evaluable" in neut.x[0]
    with pytest.raises(ValueError, match="no evaluable transplant"):
        engraftment_figure(tx.assign(platelet_engraftment_day=np.nan))


# --------------------------------------------------------------------------- all figures

UNIT = re.compile(r"\(.+\)")


def _all_figures(km_df, children, forest_rows, ae, tae):
    tx = pd.DataFrame(
        {
            "transplant_number": [1, 2],
            "neutrophil_engraftment_day": [15, 11],
            "platelet_engraftment_day": [18, 9],
        }
    )
    return {
        # name: (figure, axes whose titles must carry a unit in parentheses)
        "km": (km_figure(km_df, **KM_OPTS), ["xaxis", "yaxis"]),
        "waterfall": (
            waterfall_figure(children, before="blasts_pre_pct", after="blasts_post_pct"),
            ["xaxis", "yaxis"],
        ),
        "paired_mrd": (paired_mrd_figure(children), ["xaxis", "yaxis"]),
        "forest": (forest_figure(forest_rows), ["xaxis", "yaxis"]),
        "swimmer": (swimmer_figure(children, hsct_time="hsct_time"), ["xaxis", "yaxis"]),
        "flow": (flow_figure(children), []),
        "adverse_events": (adverse_events_figure(ae, n_patients=33), ["xaxis"]),
        "transplant": (transplant_complications_figure(tae, n_patients=15), ["xaxis"]),
        "engraftment": (engraftment_figure(tx), ["xaxis", "yaxis"]),
    }


def test_every_figure_titled_with_units(km_df, children, forest_rows, ae, tae):
    for name, (fig, unit_axes) in _all_figures(km_df, children, forest_rows, ae, tae).items():
        assert type(fig) is go.Figure, name
        assert fig.layout.title.text, name
        assert fig.layout.template.layout.plot_bgcolor is not None, name
        if name != "flow":
            assert fig.layout.xaxis.title.text, name
            assert fig.layout.yaxis.title.text, name
        for axis in unit_axes:
            text = fig.layout[axis].title.text
            assert UNIT.search(text), f"{name}.{axis} title {text!r} has no unit"


def test_every_figure_deterministic(km_df, children, forest_rows, ae, tae):
    first = _all_figures(km_df, children, forest_rows, ae, tae)
    second = _all_figures(km_df, children, forest_rows, ae, tae)
    for name in first:
        assert first[name][0].to_json() == second[name][0].to_json(), name


def _variant_figures(km_df, children):
    """Option combinations that take other branches of the figure code."""
    return {
        "km_no_group": km_figure(km_df, duration="months", event="died"),
        "km_bare": km_figure(
            km_df,
            **KM_OPTS,
            show_ci=False,
            show_censors=False,
            show_median=False,
            show_pvalue=False,
            times=[0, 2, 4],
        ),
        "km_labels": km_figure(km_df, **KM_OPTS, group_labels={"B": "Bee", "A": "Ay"}),
        "waterfall_colour": waterfall_figure(
            children,
            before="mrd_pre_pct",
            after="mrd_post_pct",
            color_by="complete_remission",
            color_labels={True: "CR", False: "No CR"},
        ),
        "paired_mrd_colour": paired_mrd_figure(children, color_by="complete_remission"),
    }


def test_every_figure_passes_plotly_validation(km_df, children, forest_rows, ae, tae):
    # The figures are built from plain dicts without per-property validation (for speed);
    # plotly's full validation runs here instead, and must neither fail nor change anything.
    figs = {n: f for n, (f, _) in _all_figures(km_df, children, forest_rows, ae, tae).items()}
    figs.update(_variant_figures(km_df, children))
    for name, fig in figs.items():
        as_dict = fig.to_dict()
        validated = go.Figure(as_dict)  # raises ValueError on any invalid property
        assert validated.to_dict() == as_dict, name
        assert fig.layout.template.layout.plot_bgcolor == "white", name  # the project template


def test_figures_share_no_state(km_df, children):
    first = km_figure(km_df, **KM_OPTS)
    first.layout.template.layout.plot_bgcolor = "black"
    first.data[0].line.width = 9
    first.layout.meta["groups"].append("Z")
    second = km_figure(km_df, **KM_OPTS)
    assert second.layout.template.layout.plot_bgcolor == "white"
    assert second.data[0].line.width == 0
    assert second.layout.meta["groups"] == ["A", "B"]
    wf = waterfall_figure(children, before="blasts_pre_pct", after="blasts_post_pct")
    assert wf.layout.template.layout.plot_bgcolor == "white"


def test_figures_still_validate_later_changes(km_df, children):
    # Built without validation, but a reader's own updates are checked as usual.
    for fig in (
        km_figure(km_df, **KM_OPTS),
        waterfall_figure(children, before="blasts_pre_pct", after="blasts_post_pct"),
    ):
        with pytest.raises(ValueError, match="height"):
            fig.update_layout(height="tall")
        with pytest.raises(ValueError, match="color"):
            fig.update_traces(marker_color="not-a-colour")
        with pytest.raises(ValueError, match="size"):
            fig.update_layout(title_font_size=-3)
        with pytest.raises(ValueError, match="colr"):
            fig.update_traces(colr="red")
        fig.update_layout(height=300)  # a valid change still works
        assert fig.layout.height == 300


def test_km_axes_match_make_subplots(km_df):
    from plotly.subplots import make_subplots

    fig = km_figure(km_df, **KM_OPTS)
    heights = [430, 22 * 6 + 16 + 10]  # curve panel, risk table of two groups (figures_km)
    gap = 95 / (sum(heights) + 95)
    ref = make_subplots(rows=2, cols=1, row_heights=heights, vertical_spacing=gap).layout
    for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        assert fig.layout[axis].domain == ref[axis].domain, axis
        assert fig.layout[axis].anchor == ref[axis].anchor, axis
    assert fig.layout.yaxis.domain[1] == 1.0
    assert fig.layout.yaxis2.domain[0] == 0.0
    assert {(t.xaxis, t.yaxis) for t in traces(fig, "risk_table")} == {("x2", "y2")}
    assert {(t.xaxis, t.yaxis) for t in traces(fig, "curve")} == {("x", "y")}


def test_figures_do_not_import_widgets():
    # The layer above figures, and the widget libraries, stay out of a figure-only import
    # (tests/test_layers.py checks the import statements; this checks what actually loads).
    code = (
        "import sys, helpers.figures; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'anywidget') "
        "or m.startswith('helpers.widgets')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "module",
    [
        "helpers.figures.style",
        "helpers.figures.km",
        "helpers.figures.response",
        "helpers.figures.forest",
        "helpers.figures.timelines",
        "helpers.figures.flow",
        "helpers.figures.toxicity",
        "helpers.figures.schedule",
    ],
)
def test_docstring_examples_run(module):
    result = doctest.testmod(
        importlib.import_module(module), optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0


def test_public_names():
    for name in figures.__all__:
        assert hasattr(figures, name)


# --------------------------------------------------------------------------- gallery


@pytest.mark.slow
def test_gallery_builds_offline_page(tmp_path):
    from plotly.offline import get_plotlyjs

    from tools import gallery as render_gallery

    assert render_gallery.main([str(tmp_path)]) == 0
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    # plotly.js is inlined exactly once and nothing is fetched from the network.
    assert page.count("plotly.js v") == 1
    assert page.count(get_plotlyjs()) == 1
    assert not re.search(r"<script[^>]+src=", page)
    # (plotly.js itself mentions cdn.plot.ly as a default topojson URL; the rest must not.)
    assert "cdn.plot.ly" not in page.replace(get_plotlyjs(), "")
    items = render_gallery.build_gallery()
    assert len(items) >= 12
    for it in items:
        assert f'id="fig-{it.slug}"' in page
        assert it.figure.layout.title.text
    # Deterministic: building again gives the same bytes.
    assert render_gallery.render_html(items) == page
