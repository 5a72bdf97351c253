"""Tests for helpers.exercises (checking logic) and helpers.widgets.exercises (click flow)."""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import numpy as np
import pytest

from helpers.exercises import (
    Exercise,
    Feedback,
    RevealTooEarlyError,
    check,
    format_answer,
    parse_number,
    reveal,
)
from helpers.widgets import ExerciseWidget, exercise_widget

CR_PERCENT = 26 / 33 * 100  # the remission rate the paper prints as 78.8 %


@pytest.fixture
def days() -> Exercise:
    return Exercise(
        id="days",
        question="How many days?",
        kind="number",
        answer=10,
        hint="Count both ends.",
        explanation="Days 5 to 14.",
    )


@pytest.fixture
def rate() -> Exercise:
    return Exercise(
        id="rate",
        question="Remission rate in %?",
        kind="number",
        answer=CR_PERCENT,
        tolerance=0.1,
        percent=True,
        hint="Divide by all 33 children.",
    )


@pytest.fixture
def phase() -> Exercise:
    return Exercise(
        id="phase",
        question="Which phase?",
        kind="choice",
        answer="full dose",
        choices=("step 1", "step 2", "full dose"),
        hint="Look at the table.",
        explanation="Day 5 starts the full dose.",
    )


# ---------------------------------------------------------------- the Exercise


def test_exercise_is_frozen(days):
    with pytest.raises(dataclasses.FrozenInstanceError):
        days.answer = 11  # type: ignore[misc]


def test_numpy_answer_becomes_plain_float():
    ex = Exercise(id="n", question="?", kind="number", answer=np.int64(10), tolerance=np.float64(0))
    assert type(ex.answer) is float
    assert type(ex.tolerance) is float
    assert ex.answer == 10.0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "essay"}, "kind must be"),
        ({"id": " "}, "id must not be empty"),
        ({"question": ""}, "question must not be empty"),
        ({"answer": "ten"}, "numeric answer"),
        ({"answer": True}, "numeric answer"),
        ({"answer": float("nan")}, "finite"),
        ({"tolerance": -1}, "tolerance must be finite"),
        ({"choices": ("a", "b")}, "takes no choices"),
    ],
)
def test_invalid_number_exercise(fields, message):
    base = {"id": "x", "question": "?", "kind": "number", "answer": 1.0}
    with pytest.raises(ValueError, match=message):
        Exercise(**(base | fields))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"choices": ("a",)}, "at least two choices"),
        ({"choices": ("a", " ")}, "non-empty string"),
        ({"choices": ("a", "A ")}, "choices must differ"),
        ({"answer": "c"}, "not one of the choices"),
        ({"percent": True}, "number exercises only"),
    ],
)
def test_invalid_choice_exercise(fields, message):
    base = {"id": "x", "question": "?", "kind": "choice", "answer": "a", "choices": ("a", "b")}
    with pytest.raises(ValueError, match=message):
        Exercise(**(base | fields))


def test_choices_list_is_stored_as_tuple():
    ex = Exercise(id="x", question="?", kind="choice", answer="a", choices=["a", "b"])  # type: ignore[arg-type]
    assert ex.choices == ("a", "b")


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("78.8", (78.8, "plain")),
        (" 78.8 ", (78.8, "plain")),
        ("78.8%", (78.8, "percent")),
        ("78.8 %", (78.8, "percent")),
        ("0.788", (0.788, "plain")),
        (".5", (0.5, "plain")),
        ("10.", (10.0, "plain")),
        ("-3", (-3.0, "plain")),
        ("\u22123", (-3.0, "plain")),
        ("1e3", (1000.0, "plain")),
        ("1/4", (0.25, "fraction")),
        ("26 / 33", (26 / 33, "fraction")),
    ],
)
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a number first"),
        ("   ", "Type a number first"),
        ("78,8", "not a comma, for decimals"),
        ("1,000", "not a comma, for decimals"),
        ("about eighty", "is not a number"),
        ("10 days", "is not a number"),
        ("%", "is not a number"),
        ("1/0", "0 below the line"),
        ("1e999", "finite"),
    ],
)
def test_parse_number_refuses(text, message):
    with pytest.raises(ValueError, match=message):
        parse_number(text)


# ---------------------------------------------------------------- checking numbers


def test_right_number(days):
    feedback = check(days, "10")
    assert feedback == Feedback(correct=True, message="Correct: 10. Days 5 to 14.", counted=True)


def test_wrong_number_gives_hint_not_answer(days):
    feedback = check(days, "9")
    assert not feedback.correct
    assert feedback.counted
    assert "Hint: Count both ends." in feedback.message
    assert "10" not in feedback.message
    assert "Days 5 to 14" not in feedback.message


def test_wrong_number_without_hint_points_to_show_answer():
    ex = Exercise(id="x", question="?", kind="number", answer=3)
    assert check(ex, "4").message == "Not quite. Try again, or click Show answer."


def test_numeric_response_is_accepted(days):
    assert check(days, 10).correct
    assert check(days, np.float64(10.0)).correct
    assert not check(days, 9.5).correct


@pytest.mark.parametrize("response", [True, float("nan"), float("inf")])
def test_odd_numeric_response_is_not_counted(days, response):
    feedback = check(days, response)
    assert not feedback.correct
    assert not feedback.counted


def test_tolerance_is_inclusive():
    ex = Exercise(id="t", question="?", kind="number", answer=78.79, tolerance=0.1)
    assert check(ex, "78.89").correct
    assert check(ex, "78.69").correct
    assert not check(ex, "78.9").correct
    assert not check(ex, "78.6").correct


def test_zero_tolerance_allows_only_float_rounding():
    ex = Exercise(id="t", question="?", kind="number", answer=0.1 + 0.2)
    assert check(ex, "0.3").correct
    assert not check(ex, "0.3001").correct


def test_the_answer_as_shown_is_always_accepted():
    # Show answer displays 0.99999 as "1"; typing what it shows must not be marked wrong.
    ex = Exercise(id="s", question="?", kind="number", answer=0.99999)
    assert format_answer(ex) == "1"
    assert check(ex, "1").correct
    assert not check(ex, "0.999").correct


@pytest.mark.parametrize("response", ["78.8", "78.8%", " 78.8 % ", "78.79", "26/33"])
def test_percent_question_accepts_percent_forms(rate, response):
    assert check(rate, response).correct


def test_percent_question_flags_a_proportion(rate):
    feedback = check(rate, "0.788")
    assert not feedback.correct
    assert feedback.counted
    assert "looks like a proportion" in feedback.message


def test_percent_question_rejects_a_wrong_percentage(rate):
    feedback = check(rate, "72.7%")
    assert not feedback.correct
    assert "proportion" not in feedback.message
    assert "Hint: Divide by all 33 children." in feedback.message


def test_plain_question_refuses_a_percent_sign(days):
    feedback = check(days, "10%")
    assert not feedback.correct
    assert not feedback.counted
    assert "without a % sign" in feedback.message


def test_plain_question_reads_a_fraction_as_its_value():
    ex = Exercise(id="p", question="Proportion?", kind="number", answer=26 / 33, tolerance=0.001)
    assert check(ex, "26/33").correct
    assert check(ex, "0.788").correct


@pytest.mark.parametrize("response", ["", "ten", "10,5", None])
def test_non_numeric_text_gets_a_message_and_does_not_count(days, response):
    feedback = check(days, response)
    assert not feedback.correct
    assert not feedback.counted
    assert feedback.message


# ---------------------------------------------------------------- checking choices


@pytest.mark.parametrize("response", ["full dose", "Full Dose", "  full   dose "])
def test_right_choice_ignores_case_and_spacing(phase, response):
    assert check(phase, response).correct


def test_wrong_choice_gives_hint(phase):
    feedback = check(phase, "step 2")
    assert not feedback.correct
    assert feedback.counted
    assert "Hint: Look at the table." in feedback.message


@pytest.mark.parametrize("response", [None, "", "step 9"])
def test_missing_or_unknown_choice_does_not_count(phase, response):
    feedback = check(phase, response)
    assert not feedback.correct
    assert not feedback.counted


# ---------------------------------------------------------------- revealing


def test_reveal_refuses_before_an_attempt(days):
    with pytest.raises(RevealTooEarlyError, match="Have a go first"):
        reveal(days, attempts=0)


def test_reveal_after_an_attempt(days, phase):
    assert reveal(days, attempts=1) == "The answer is 10. Days 5 to 14."
    assert reveal(phase, attempts=3) == "The answer is full dose. Day 5 starts the full dose."


@pytest.mark.parametrize(
    ("answer", "percent", "expected"),
    [
        (10, False, "10"),
        (180.0, False, "180"),
        (CR_PERCENT, True, "78.79%"),
        (26 / 33, False, "0.7879"),
        (1234.5678, False, "1234.6"),
        (-2.5, False, "-2.5"),
        (0.00012346, False, "0.0001235"),
    ],
)
def test_format_answer(answer, percent, expected):
    ex = Exercise(id="f", question="?", kind="number", answer=answer, percent=percent)
    assert format_answer(ex) == expected


# ---------------------------------------------------------------- the widget


def _texts(widget: ExerciseWidget) -> str:
    return widget.feedback.value


def test_widget_layout_for_numbers(days):
    w = exercise_widget(days)
    assert isinstance(w, widgets.VBox)
    assert isinstance(w.response, widgets.Text)
    assert w.check_button.description == "Check"
    assert w.reveal_button.description == "Show answer"
    assert w.reveal_button.disabled
    assert w.feedback.value == ""
    question = w.children[0]
    assert isinstance(question, widgets.HTML)
    assert "How many days?" in question.value


def test_widget_layout_for_choices(phase):
    w = exercise_widget(phase)
    assert isinstance(w.response, widgets.RadioButtons)
    assert w.response.options == phase.choices
    assert w.response.value is None


def test_widget_escapes_html():
    ex = Exercise(
        id="h", question="Is 2 < 3 & 4 > 1?", kind="choice", answer="yes", choices=("yes", "no")
    )
    w = exercise_widget(ex)
    assert "2 &lt; 3 &amp; 4 &gt; 1" in w.children[0].value


def test_click_flow_wrong_then_reveal_then_right(days):
    w = exercise_widget(days)

    w.reveal_button.click()  # disabled in the browser; the handler still refuses
    assert "Have a go first" in _texts(w)
    assert w.attempts == 0

    w.response.value = "ten"
    w.check_button.click()
    assert "is not a number" in _texts(w)
    assert w.attempts == 0
    assert w.reveal_button.disabled

    w.response.value = "9"
    w.check_button.click()
    assert w.attempts == 1
    assert not w.reveal_button.disabled
    assert "Not quite" in _texts(w)
    assert "Hint: Count both ends." in _texts(w)

    w.reveal_button.click()
    assert "The answer is 10. Days 5 to 14." in _texts(w)

    w.response.value = "10"
    w.check_button.click()
    assert w.attempts == 2
    assert "Correct: 10." in _texts(w)


def test_click_flow_choice(phase):
    w = exercise_widget(phase)
    w.check_button.click()
    assert "Pick one of the options first" in _texts(w)
    assert w.reveal_button.disabled

    w.response.value = "step 1"
    w.check_button.click()
    assert "Not quite" in _texts(w)
    assert not w.reveal_button.disabled

    w.response.value = "full dose"
    w.check_button.click()
    assert "Correct: full dose." in _texts(w)


def test_handlers_return_what_they_show(days):
    w = exercise_widget(days)
    w.response.value = "10"
    assert w.on_check() == check(days, "10")
    assert w.on_reveal() == reveal(days, attempts=1)


def test_widget_repr_is_short_and_stable(days):
    w = exercise_widget(days)
    assert repr(w) == "Check yourself [days]: How many days?"
    bundle = w._repr_mimebundle_()
    # The saved text says what to do before the cells run (test_widgets_saved_output.py).
    assert bundle["text/plain"] == (
        "Check yourself: How many days?\n"
        "Run the notebook (Run ▸ Run All Cells) to answer this question."
    )
