"""The answer box's example is never the answer (issue 13, point 8).

A percentage question shows an example of what to type ("e.g. 12.5 or 12.5%"),
chosen away from the answer, for any exercise and for every exercise saved in the
notebooks; the decimal-comma message shows no number at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import (
    EXAMPLE_CANDIDATES,
    TEXTS,
    Exercise,
    check,
    example_number,
    placeholder,
)
from helpers.widgets.exercises import EXERCISE_MIME, exercise_data

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _examples_in(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]


def _saved_exercises() -> list[dict]:
    found = []
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {}).get(EXERCISE_MIME)
                if data is not None:
                    found.append(data)
    return found


SAVED = _saved_exercises()


def test_the_notebooks_have_percentage_exercises():
    assert any(d["percent"] for d in SAVED)


@pytest.mark.parametrize("data", SAVED, ids=[d["id"] for d in SAVED])
def test_no_saved_example_is_the_answer(data):
    if data["kind"] != "number":
        assert data["placeholder"] == ""
        return
    exercise = Exercise(
        id=data["id"],
        question=data["question"],
        kind="number",
        answer=data["answer"],
        tolerance=data["tolerance"],
        percent=data["percent"],
    )
    assert data["placeholder"] == placeholder(exercise)  # re-run the notebook if this fails
    assert _examples_in(data["texts"]["comma"]) == []  # the comma message shows no number
    for number in _examples_in(data["placeholder"]):
        assert not check(exercise, f"{number:g}").correct, (data["placeholder"], data["answer"])
        assert abs(number - data["answer"]) >= 5, (data["placeholder"], data["answer"])


@settings(max_examples=300, deadline=None)
@given(
    answer=st.floats(min_value=0, max_value=100),
    tolerance=st.floats(min_value=0, max_value=10),
)
def test_the_example_is_never_accepted(answer, tolerance):
    exercise = Exercise(
        id="q", question="?", kind="number", answer=answer, tolerance=tolerance, percent=True
    )
    example = example_number(exercise)
    assert float(example) in EXAMPLE_CANDIDATES
    assert not check(exercise, example).correct
    assert not check(exercise, f"{example}%").correct
    assert placeholder(exercise) == TEXTS["placeholder_percent"].format(example=example)


def test_the_example_moves_away_from_an_answer_near_it():
    near_first = Exercise(id="q", question="?", kind="number", answer=12.5, percent=True)
    assert example_number(near_first) == "37.5"
    assert exercise_data(near_first)["placeholder"] == "e.g. 37.5 or 37.5%"
