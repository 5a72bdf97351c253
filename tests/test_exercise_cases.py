"""The shared table of typed answers (tests/exercise_cases.json), run through Python.

The same table runs through the static site's ``exercises.js`` in
``tests/browser/test_site_exercises.py``: both must give, for every response,
the same verdict, the same message and the same "counts as an attempt".
This file also checks that the table reaches every feedback text, and that
the data the live widget saves for the site (:func:`exercise_data`) says what
:func:`check` and :func:`reveal` say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.exercises import TEXTS, Exercise, RevealTooEarlyError, check, format_answer, reveal
from helpers.widgets.exercises import (
    EXERCISE_MIME,
    EXPORT_FORMAT,
    exercise_data,
    exercise_widget,
)

TABLE = json.loads((Path(__file__).parent / "exercise_cases.json").read_text(encoding="utf-8"))

#: Texts no typed response can produce: a Python True/False passed to check(),
#: the tooltip of the locked Show answer button and the input's placeholders
#: (all checked below).
NOT_TYPED = {"not_bool", "reveal_locked", "placeholder_number", "placeholder_percent"}


def exercise(name: str) -> Exercise:
    fields = dict(TABLE["exercises"][name])
    fields["choices"] = tuple(fields.get("choices", ()))
    return Exercise(id=name, **fields)


def _case_id(case: dict) -> str:
    return f"{case['exercise']}:{case['response']!r}"


@pytest.mark.parametrize("case", TABLE["cases"], ids=_case_id)
def test_python_gives_the_table_verdict(case):
    verdict = check(exercise(case["exercise"]), case["response"])
    assert (verdict.correct, verdict.message, verdict.counted) == (
        case["correct"],
        case["message"],
        case["counts_as_attempt"],
    ), case["rule"]


@pytest.mark.parametrize("row", TABLE["reveals"], ids=lambda r: f"{r['exercise']}:{r['attempts']}")
def test_python_reveals_as_the_table_says(row):
    ex = exercise(row["exercise"])
    if row["show_answer_enabled"]:
        assert reveal(ex, attempts=row["attempts"]) == row["message"]
    else:
        with pytest.raises(RevealTooEarlyError, match=re.escape(row["message"])):
            reveal(ex, attempts=row["attempts"])


def _pattern(template: str) -> re.Pattern[str]:
    """A template with its {placeholders} as wildcards."""
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL)


def test_table_reaches_every_feedback_text():
    messages = [c["message"] for c in TABLE["cases"]] + [r["message"] for r in TABLE["reveals"]]
    unreached = [
        key
        for key, template in TEXTS.items()
        if key not in NOT_TYPED and not any(_pattern(template).search(m) for m in messages)
    ]
    assert unreached == []


def test_table_has_every_kind_of_outcome_for_both_kinds():
    seen = {
        (TABLE["exercises"][c["exercise"]]["kind"], c["correct"], c["counts_as_attempt"])
        for c in TABLE["cases"]
    }
    expected = {
        (kind, correct, counted)
        for kind in ("number", "choice")
        for correct, counted in ((True, True), (False, True), (False, False))
    }
    assert seen == expected


def test_form_flag_marks_what_the_radio_buttons_can_send():
    for case in TABLE["cases"]:
        spec = TABLE["exercises"][case["exercise"]]
        sendable = spec["kind"] == "number" or case["response"] in [None, *spec["choices"]]
        assert case["form"] == sendable, _case_id(case)


def test_the_texts_not_typed_are_still_what_python_says():
    assert check(exercise("count"), True).message == TEXTS["not_bool"]
    assert exercise_widget(exercise("count")).reveal_button.tooltip == TEXTS["reveal_locked"]
    assert exercise_widget(exercise("count")).response.placeholder == TEXTS["placeholder_number"]
    example = TEXTS["placeholder_percent"].format(example="12.5")  # the rate is about 78.8
    assert exercise_widget(exercise("rate")).response.placeholder == example
    assert exercise_data(exercise("rate"))["placeholder"] == example
    assert exercise_data(exercise("state"))["placeholder"] == ""


@pytest.mark.parametrize("name", sorted(TABLE["exercises"]))
def test_exercise_data_says_what_check_and_reveal_say(name):
    ex = exercise(name)
    data = exercise_data(ex)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["format"] == EXPORT_FORMAT
    assert data["id"] == name
    assert data["kind"] == ex.kind
    assert data["choices"] == list(ex.choices)
    assert data["answer_text"] == format_answer(ex)
    assert data["reveal"] == reveal(ex, attempts=1)
    right = ex.answer if ex.kind == "choice" else format_answer(ex)
    assert data["right"] == check(ex, right).message
    assert check(ex, right).correct
    assert data["texts"] == dict(TEXTS)


def test_answer_shown_is_the_displayed_answer():
    data = exercise_data(exercise("two-thirds"))
    assert data["answer_text"] == "0.6667"
    assert data["answer_shown"] == 0.6667
    assert exercise_data(exercise("state"))["answer_shown"] is None


def test_live_widget_saves_its_exercise_beside_the_view():
    ex = exercise("rate")
    bundle = exercise_widget(ex)._repr_mimebundle_()
    assert bundle[EXERCISE_MIME] == exercise_data(ex)
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith(f"Check yourself: {ex.question}")
