"""Tests for helpers.schedule: the planned dosing table, its summaries and its figure.

The expected numbers are the paper's stated doses (section 2.2): 5 µg/m² on
days 1-2, 10 on days 3-4, 15 on days 5-14, and 15 up to day 28 without CR.
"""

from __future__ import annotations

import itertools

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import pytest

from helpers.figures import schedule_figure
from helpers.schedule import (
    CONTINUATION,
    DOSE_STEPS,
    EXTENDED_COURSE_DAYS,
    MARROW_ASSESSMENT_DAYS,
    STANDARD_COURSE_DAYS,
    cumulative_dose,
    days_at_dose,
    describe_day,
    dose_on_day,
    dosing_schedule,
    phase_on_day,
    phase_table,
)
from helpers.widgets import day_explorer


def test_steps_are_contiguous_from_day_one():
    steps = (*DOSE_STEPS, CONTINUATION)
    assert steps[0].first_day == 1
    for before, after in itertools.pairwise(steps):
        assert after.first_day == before.last_day + 1
    assert STANDARD_COURSE_DAYS == 14
    assert EXTENDED_COURSE_DAYS == 28
    assert MARROW_ASSESSMENT_DAYS == (STANDARD_COURSE_DAYS + 1, EXTENDED_COURSE_DAYS + 1)


def test_dosing_schedule_matches_the_paper():
    schedule = dosing_schedule()
    assert list(schedule.columns) == ["day", "dose_ug_m2_day", "phase"]
    assert schedule["day"].tolist() == list(range(1, 15))
    assert schedule["dose_ug_m2_day"].tolist() == [5.0] * 2 + [10.0] * 2 + [15.0] * 10
    assert schedule["day"].dtype == "int64"
    assert schedule["dose_ug_m2_day"].dtype == "float64"


def test_dosing_schedule_with_continuation():
    schedule = dosing_schedule(include_continuation=True)
    assert schedule["day"].tolist() == list(range(1, 29))
    tail = schedule[schedule["day"] >= 15]
    assert set(tail["phase"]) == {"continuation"}
    assert set(tail["dose_ug_m2_day"]) == {15.0}


def test_phase_table():
    table = phase_table(include_continuation=True)
    assert list(table.index) == ["step 1", "step 2", "full dose", "continuation"]
    assert table["days"].tolist() == [2, 2, 10, 14]
    assert table["phase_total_ug_m2"].tolist() == [10.0, 20.0, 150.0, 210.0]
    assert table["days"].sum() == len(dosing_schedule(include_continuation=True))


def test_days_and_cumulative_dose():
    schedule = dosing_schedule()
    assert days_at_dose(schedule) == 10
    assert days_at_dose(schedule, dose=10) == 2
    assert days_at_dose(schedule, dose=7) == 0
    assert isinstance(days_at_dose(schedule), int)
    assert cumulative_dose(schedule) == 180.0
    assert isinstance(cumulative_dose(schedule), float)
    assert cumulative_dose(dosing_schedule(include_continuation=True)) == 390.0


@pytest.mark.parametrize(
    ("day", "dose", "phase"),
    [(1, 5.0, "step 1"), (2, 5.0, "step 1"), (3, 10.0, "step 2"), (5, 15.0, "full dose")],
)
def test_dose_and_phase_on_day(day, dose, phase):
    assert dose_on_day(day) == dose
    assert phase_on_day(day) == phase


@pytest.mark.parametrize("day", [0, 15, -1])
def test_day_outside_standard_course(day):
    with pytest.raises(ValueError, match="outside the schedule"):
        dose_on_day(day)


def test_continuation_days_need_the_flag():
    assert phase_on_day(15, include_continuation=True) == "continuation"
    assert dose_on_day(28, include_continuation=True) == 15.0
    with pytest.raises(ValueError, match=r"days 1 to 28"):
        phase_on_day(29, include_continuation=True)


def test_describe_day():
    assert describe_day(1) == "Day 1: 5 µg/m²/day (step 1). Every child."
    assert describe_day(28).endswith("Only a child not in CR at the day-15 marrow.")
    with pytest.raises(ValueError, match="outside"):
        describe_day(29)


def test_day_explorer_follows_the_slider():
    explorer = day_explorer()
    assert isinstance(explorer, widgets.VBox)
    slider, label = explorer.children
    assert (slider, label) == (explorer.slider, explorer.label)
    assert isinstance(slider, widgets.IntSlider)
    assert (slider.min, slider.max) == (1, EXTENDED_COURSE_DAYS)
    assert label.value == describe_day(1)
    for day in (4, 14, 20):
        slider.value = day
        assert label.value == describe_day(day)


def test_day_explorer_plain_text_fallback():
    text = day_explorer()._repr_mimebundle_()["text/plain"]
    assert text == (
        "Try it: a slider over days 1-28 of the course\n"
        "Run the notebook (Run ▸ Run All Cells) to use this slider."
    )


def _step_trace_values(trace: go.Scatter) -> pd.Series:
    """Dose of each drawn day: x[i] is the start of a day and y[i] its dose."""
    return pd.Series(list(trace.y[:-1]), index=list(trace.x[:-1]))


def test_schedule_figure_draws_the_schedule():
    fig = schedule_figure()
    assert isinstance(fig, go.Figure)
    course, continuation = fig.data
    drawn = _step_trace_values(course)
    expected = dosing_schedule().set_index("day")["dose_ug_m2_day"]
    pd.testing.assert_series_equal(drawn, expected, check_names=False, check_index_type=False)
    assert course.line.shape == "hv"
    assert continuation.line.dash == "dash"
    assert min(continuation.x) == CONTINUATION.first_day
    assert max(continuation.x) == EXTENDED_COURSE_DAYS + 1
    marked = sorted(shape.x0 for shape in fig.layout.shapes if shape.type == "line")
    assert marked == list(MARROW_ASSESSMENT_DAYS)


def test_schedule_figure_without_continuation():
    fig = schedule_figure(include_continuation=False)
    assert len(fig.data) == 1
    marked = [shape.x0 for shape in fig.layout.shapes if shape.type == "line"]
    assert marked == [MARROW_ASSESSMENT_DAYS[0]]


def test_schedule_figure_is_deterministic_and_small():
    first, second = schedule_figure().to_json(), schedule_figure().to_json()
    assert first == second
    assert len(first) < 20_000
