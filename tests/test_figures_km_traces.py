"""The Kaplan-Meier figure's pieces, checked on a hand-made three-step curve."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.figures import km_figure
from helpers.figures._km_traces import (
    RISK_ROWS,
    GroupStyle,
    band_traces,
    censor_trace,
    curve_trace,
    fmt_time,
    median_interval,
    median_parts,
    risk_table_traces,
)
from helpers.survival import median_survival

STYLE = GroupStyle(key="True", label="CR", color="#0072B2", level="95%", unit="months")

# Four children: deaths at 2 and 5 months, censored at 3 and 6.
# S(0) = 1, S(2) = 3/4, S(3) = 3/4 (a censoring), S(5) = 3/4 * 1/2 = 3/8, S(6) = 3/8.
KM = {
    "time": np.array([0.0, 2.0, 3.0, 5.0, 6.0]),
    "survival": np.array([1.0, 0.75, 0.75, 0.375, 0.375]),
    "ci_lower": np.array([1.0, 0.2, 0.2, 0.05, 0.05]),
    "ci_upper": np.array([1.0, 0.95, 0.95, 0.8, 0.8]),
    "at_risk": np.array([4, 4, 3, 2, 1]),
    "events": np.array([0, 1, 0, 1, 0]),
    "censored": np.array([0, 0, 1, 0, 1]),
}


def test_fmt_time_drops_trailing_zeros():
    assert [fmt_time(t) for t in (3.0, 2.5, 0.0)] == ["3", "2.5", "0"]


def test_band_fills_from_the_lower_to_the_upper_limit():
    upper, lower = band_traces(KM, STYLE)
    assert upper["y"] == [1.0, 0.95, 0.95, 0.8, 0.8]
    assert "fill" not in upper
    assert lower["y"] == [1.0, 0.2, 0.2, 0.05, 0.05]
    assert lower["fill"] == "tonexty"
    assert [upper["meta"]["role"], lower["meta"]["role"]] == ["ci_upper", "ci_lower"]


def test_curve_names_the_group_size_and_says_where_no_interval_exists():
    curve = curve_trace(KM, STYLE)
    assert curve["name"] == "CR (n = 4)"
    assert curve["y"] == [1.0, 0.75, 0.75, 0.375, 0.375]
    assert "CI not estimable here" in curve["text"][0]  # S = 1: no interval
    assert "At risk 2; events 1, censored 0" in curve["text"][3]


def test_censor_ticks_sit_on_the_curve_at_the_censoring_times():
    ticks = censor_trace(KM, STYLE)
    assert ticks["x"] == [3.0, 6.0]
    assert ticks["y"] == [0.75, 0.375]
    assert ticks["text"][0].endswith("1 censored at 3 months (alive, follow-up ended)")


@pytest.mark.parametrize(("median", "anchor"), [(5.0, "right"), (3.0, "left")])
def test_median_label_moves_left_near_the_right_edge(median, anchor):
    guide, label = median_parts(
        {"median": median, "ci_lower": 2.0, "ci_upper": math.inf}, STYLE, max_time=6.0
    )
    assert guide["x"] == [0.0, median, median]
    assert guide["y"] == [0.5, 0.5, 0.0]
    assert "95% CI 2–NR (upper limit not reached)" in guide["hovertemplate"]
    assert label["xanchor"] == anchor  # 5 > 0.75 * 6, 3 is not


@pytest.mark.parametrize(
    ("lower", "upper", "shown"),
    [
        (2.0, 5.5, "95% CI 2–5.5"),
        (2.0, math.nan, "95% CI 2–NR (upper limit not reached)"),
        (2.0, math.inf, "95% CI 2–NR (upper limit not reached)"),
        (math.nan, 5.0, "95% CI NR–5 (lower limit not reached)"),
        (math.nan, math.nan, "95% CI not estimable: too few children"),
    ],
)
def test_a_limit_not_reached_is_nr_never_nan(lower, upper, shown):
    median = {"median": 5.0, "ci_lower": lower, "ci_upper": upper}
    assert median_interval(median, "95%") == shown
    guide, _ = median_parts(median, STYLE, max_time=6.0)
    assert f"Median 5 months ({shown})" in guide["hovertemplate"]
    assert "nan" not in guide["hovertemplate"]
    assert "inf" not in guide["hovertemplate"]


def test_risk_rows_step_down_by_one_from_the_start():
    risk = {
        "time": np.array([0.0, 3.0, 6.0]),
        "at_risk": np.array([4, 3, 1]),
        "censored": np.array([0, 0, 1]),
        "events": np.array([0, 1, 2]),
    }
    traces, ticks, texts = risk_table_traces(risk, STYLE, y_start=-3.6)
    assert ticks == [-3.6, -4.6, -5.6]
    assert [t["meta"]["row"] for t in traces] == [key for key, _ in RISK_ROWS]
    assert [t["text"] for t in traces] == [["4", "3", "1"], ["0", "0", "1"], ["0", "1", "2"]]
    assert "<b>CR</b>" in texts[0]
    assert texts[1:] == ["censored", "events"]


def test_the_cohort_no_remission_median_shows_its_upper_limit_as_nr(frame):
    # Issue 14: the children without CR reach 50 % only where their curve falls to 0,
    # so the upper limit of their median is not reached (R: NA).
    opts = {"duration": "os_time", "event": "os_event", "group": "complete_remission"}
    medians = median_survival(frame, **opts).set_index("group")
    no_cr = medians.loc["False"]
    assert np.isfinite(no_cr["median"])
    assert np.isfinite(no_cr["ci_lower"])
    assert np.isnan(no_cr["ci_upper"])
    fig = km_figure(frame, **opts, group_labels={True: "CR", False: "No CR"})
    (guide,) = [t for t in fig.data if t.meta["role"] == "median"]
    expected = f"Median {fmt_time(no_cr['median'])} months (95% CI {fmt_time(no_cr['ci_lower'])}–NR"
    assert expected in guide.hovertemplate
