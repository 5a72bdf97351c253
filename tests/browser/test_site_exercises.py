"""The "Check yourself" exercises of the static site work without Python.

Two parts, both in chromium from ``file://``:

* the shared table ``tests/exercise_cases.json`` -- run through Python in
  ``tests/test_exercise_cases.py`` -- is run through ``exercises.js``: once by
  calling its ``check`` directly (every case), once through a form of the
  page per case (every case the form can send), with the mouse;
* every exercise of every page of the built site is answered with the
  keyboard alone, as a reader would: Tab to the input, an unreadable answer
  (not an attempt: Show answer stays locked), a wrong one (the hint, Show
  answer unlocks), Show answer, then the right answer. Every message must
  equal what :func:`helpers.exercises.check` / :func:`reveal` return for the
  exercise the notebook saved.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import nbformat
import pytest
from notebook_page import series_notebooks, unexpected_console_errors
from site_build import built_site, saved_outputs

from helpers.exercises import Exercise, check, reveal
from helpers.widgets.exercises import EXERCISE_MIME, exercise_data
from tools.site import page_name
from tools.site_exercises import copy_assets, exercise_html, head_html

TABLE = json.loads((Path(__file__).parents[1] / "exercise_cases.json").read_text(encoding="utf-8"))
CASES = list(enumerate(TABLE["cases"]))
FORM_CASES = [(i, c) for i, c in CASES if c["form"]]


def _exercise(fields: dict, name: str | None = None) -> Exercise:
    fields = {k: v for k, v in fields.items() if k in Exercise.__dataclass_fields__}
    if name is not None:
        fields["id"] = name
    fields["choices"] = tuple(fields.get("choices", ()))
    return Exercise(**fields)


def _table_exercise(name: str) -> Exercise:
    return _exercise(TABLE["exercises"][name], name)


def _case_id(item: tuple[int, dict]) -> str:
    number, case = item
    return f"{number}-{case['exercise']}:{case['response']!r}"


# ----------------------------------------------------------- the shared table


@pytest.fixture(scope="module")
def table_page_file(tmp_path_factory) -> Path:
    """A page with one form per case of the table, beside exercises.js."""
    folder = tmp_path_factory.mktemp("exercise-cases")
    copy_assets(folder)
    forms = "\n".join(
        exercise_html(exercise_data(_table_exercise(case["exercise"])), dom_id=f"case-{number}")
        for number, case in CASES
    )
    (folder / "cases.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Cases</title>\n'
        f"{head_html()}</head><body><main>{forms}</main></body></html>",
        encoding="utf-8",
    )
    return folder / "cases.html"


@pytest.fixture(scope="module")
def table_page(browser, table_page_file):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(table_page_file.as_uri())
    page.wait_for_function("() => document.querySelectorAll('[data-ready]').length > 0")
    yield page
    assert errors == []
    context.close()


@pytest.mark.parametrize("item", CASES, ids=_case_id)
def test_javascript_check_gives_the_table_verdict(table_page, item):
    _, case = item
    data = exercise_data(_table_exercise(case["exercise"]))
    verdict = table_page.evaluate(
        "([data, response]) => window.siteExercises.check(data, response)",
        [data, case["response"]],
    )
    assert verdict == {
        "correct": case["correct"],
        "message": case["message"],
        "counted": case["counts_as_attempt"],
    }, case["rule"]


@pytest.mark.parametrize("item", FORM_CASES, ids=_case_id)
def test_page_form_gives_the_table_verdict(table_page, item):
    number, case = item
    section = table_page.locator(f"#case-{number}")
    if TABLE["exercises"][case["exercise"]]["kind"] == "number":
        section.locator("input[type=text]").fill(case["response"])
    elif case["response"] is not None:
        section.get_by_label(case["response"], exact=True).check()
    section.get_by_role("button", name="Check").click()
    feedback = section.locator(".site-exercise-feedback")
    assert feedback.locator(".site-exercise-message").inner_text() == case["message"]
    kind = "info"
    if case["counts_as_attempt"]:
        kind = "right" if case["correct"] else "wrong"
    assert f"site-exercise-{kind}" in (feedback.get_attribute("class") or "")
    reveal_button = section.get_by_role("button", name="Show answer")
    assert reveal_button.is_enabled() == case["counts_as_attempt"], case["rule"]


@pytest.mark.parametrize("row", TABLE["reveals"], ids=lambda r: f"{r['exercise']}:{r['attempts']}")
def test_javascript_reveal_follows_the_table(table_page, row):
    data = exercise_data(_table_exercise(row["exercise"]))
    text = table_page.evaluate(
        "([data, attempts]) => window.siteExercises.reveal(data, attempts)",
        [data, row["attempts"]],
    )
    assert text == row["message"]


# ------------------------------------------------- every exercise of the site


def _site_exercises() -> list[tuple[Path, dict]]:
    return [
        (path, data) for path in series_notebooks() for data in saved_outputs(path, EXERCISE_MIME)
    ]


def _exercise_cells(path: Path) -> int:
    """Code cells of a notebook that display an exercise widget."""
    nb = nbformat.read(path, as_version=4)
    return sum(c.cell_type == "code" and "exercise_widget(" in c.source for c in nb.cells)


@pytest.mark.parametrize("path", series_notebooks(), ids=lambda p: p.stem)
def test_every_exercise_widget_saved_its_data(path):
    assert len(saved_outputs(path, EXERCISE_MIME)) == _exercise_cells(path) > 0


def _wrong_answer(ex: Exercise) -> str:
    if ex.kind == "choice":
        return next(c for c in ex.choices if c != ex.answer)
    value = float(ex.answer) + ex.tolerance + max(1.0, abs(float(ex.answer)))
    return repr(value) if math.isfinite(value) else "0"


def _right_answer(ex: Exercise, data: dict) -> str:
    return str(ex.answer) if ex.kind == "choice" else data["answer_text"]


def _message(section) -> str:
    return section.locator(".site-exercise-feedback .site-exercise-message").inner_text()


def _replace_text(page, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def _pick_with_keys(page, ex: Exercise, choice: str) -> None:
    """Select an option with the keyboard: Space on the focused radio, then arrows."""
    focused = _focused(page)
    assert focused["type"] == "radio"
    here = int(focused["id"].rsplit("-", 1)[1])
    page.keyboard.press("Space")
    target = ex.choices.index(choice)
    for _ in range(abs(target - here)):
        page.keyboard.press("ArrowDown" if target > here else "ArrowUp")


def _focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.textContent,"
        " type: document.activeElement.type || ''})"
    )


@pytest.mark.parametrize(
    ("path", "data"),
    _site_exercises(),
    ids=[f"{p.stem[:2]}-{d['id']}" for p, d in _site_exercises()],
)
def test_exercise_works_with_the_keyboard_alone(tmp_path_factory, page, path, data):
    ex = _exercise(data)
    site = built_site(tmp_path_factory)
    page.goto((site / page_name(path)).as_uri())
    section = page.locator(f'section.site-exercise[data-exercise-id="{ex.id}"]')
    section.wait_for()
    page.wait_for_function("() => document.querySelectorAll('[data-ready]').length > 0")
    reveal_button = section.get_by_role("button", name="Show answer")
    assert reveal_button.is_disabled()  # no attempt yet

    # Start just before the exercise, then only keys.
    section.evaluate("(s) => { s.tabIndex = -1; s.focus(); }")
    page.keyboard.press("Tab")
    focus = _focused(page)
    if ex.kind == "number":
        assert focus["id"].endswith("-input")
        page.keyboard.type("78,8")
        page.keyboard.press("Enter")
        unreadable = check(ex, "78,8")
    else:
        assert focus["type"] == "radio"
        page.keyboard.press("Tab")
        assert _focused(page)["text"] == "Check"
        page.keyboard.press("Space")
        page.keyboard.press("Shift+Tab")
        unreadable = check(ex, None)
    assert not unreadable.counted
    assert _message(section) == unreadable.message
    assert reveal_button.is_disabled(), "an unreadable answer must not unlock Show answer"

    # A wrong answer: the hint appears and Show answer unlocks.
    wrong = _wrong_answer(ex)
    if ex.kind == "number":
        _replace_text(page, wrong)
        page.keyboard.press("Tab")
        assert _focused(page)["text"] == "Check"
        page.keyboard.press("Enter")
    else:
        _pick_with_keys(page, ex, wrong)
        page.keyboard.press("Tab")
        assert _focused(page)["text"] == "Check"
        page.keyboard.press("Enter")
    verdict = check(ex, wrong)
    assert (verdict.correct, verdict.counted) == (False, True)
    assert _message(section) == verdict.message
    if ex.hint:
        assert f"Hint: {ex.hint}" in _message(section)
    assert reveal_button.is_enabled()

    # Show answer, from the keyboard.
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Show answer"
    page.keyboard.press("Enter")
    assert _message(section) == reveal(ex, attempts=1)

    # The right answer.
    right = _right_answer(ex, data)
    page.keyboard.press("Shift+Tab")
    assert _focused(page)["text"] == "Check"
    page.keyboard.press("Shift+Tab")  # the input, or the checked option of the group
    if ex.kind == "number":
        _replace_text(page, right)
    else:
        _pick_with_keys(page, ex, right)
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Check"
    page.keyboard.press("Space")
    verdict = check(ex, right)
    assert verdict.correct
    assert _message(section) == verdict.message
    assert "site-exercise-right" in (
        section.locator(".site-exercise-feedback").get_attribute("class") or ""
    )
    assert unexpected_console_errors(page.console_errors) == []
