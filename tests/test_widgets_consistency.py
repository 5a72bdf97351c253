"""The "Check a paper yourself" widget: text box, Check, verdict and explanation."""

from __future__ import annotations

import html

import pytest
from IPython.core.formatters import DisplayFormatter

from helpers.consistency import EXAMPLES, TEXTS, ConsistencyInputError, check_text, verdict
from helpers.widgets import ConsistencyChecker, consistency_view
from helpers.widgets.consistency import CONSISTENCY_MIME, consistency_data

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("text", EXAMPLES)
def test_view_shows_the_verdict_and_explanation_of_check_text(text):
    checked = check_text(text)
    view = consistency_view(text)
    said = verdict(checked.result)
    assert view.numbers["verdict"] == said
    assert view.numbers["check"] == checked.check
    assert view.numbers["consistent"] is checked.result.consistent
    assert view.numbers["message"] == checked.result.message
    assert f">{said[0].upper()}{said[1:]}</b>" in view.count
    assert html.escape(checked.read_as) in view.count
    assert view.html == f"<p>{html.escape(checked.result.explanation)}</p>"


def test_p_values_report_decision_errors_and_others_none():
    assert consistency_view("t(28) = 2.20, p = .06").numbers["decision_error"] is True
    assert consistency_view("Z = 1.672, p = 0.095").numbers["decision_error"] is False
    assert consistency_view("21 (63.7%) of 33").numbers["decision_error"] is None


def test_verdicts_have_their_own_colour():
    colours = {
        consistency_view(text).count.split('style="')[1].split('"')[0]
        for text in ("21 (63.6%) of 33", "25 (96.1%) of 26", "21 (63.7%) of 33")
    }
    assert len(colours) == 3


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "there is no text"),
        ("the children did well", "it is not a mean with its n"),
        ("7.6 ± 3.7 years", "need the number of people"),
    ],
)
def test_unreadable_text_shows_what_can_be_read(text, reason):
    view = consistency_view(text)
    assert view.numbers == {"error": "unreadable"}
    assert view.count == ""
    assert reason in view.html
    for example in EXAMPLES:
        assert f"<code>{html.escape(example)}</code>" in view.html


def test_readable_text_with_impossible_numbers_says_why_and_shows_examples():
    text = "140 (101.0%) of 33"
    with pytest.raises(ConsistencyInputError) as caught:
        check_text(text)
    view = consistency_view(text)
    assert view.numbers == {"error": "invalid"}
    assert html.escape(str(caught.value)) in view.html
    assert html.escape(EXAMPLES[0]) in view.html


def test_pasted_markup_is_never_shown_as_markup():
    view = consistency_view("<script>alert(1)</script> 21 (63.7%) of 33")
    assert "<script" not in view.count + view.html
    view = consistency_view("<img src=x onerror=alert(1)>")
    assert "<img" not in view.html


def test_the_widget_checks_on_click():
    form = ConsistencyChecker()
    assert form.verdict.value == form.explanation.value == ""
    assert form.text.placeholder.endswith(EXAMPLES[0])
    for text in ("7.6 ± 3.7, n = 33", "11 (36.4%) of 33", "hello"):
        form.text.value = text
        form.check_button.click()
        view = consistency_view(text)
        assert (form.verdict.value, form.explanation.value) == (view.count, view.html)


def test_a_starting_text_is_checked_at_once():
    form = ConsistencyChecker("21 (63.7%) of 33")
    assert form.explanation.value == consistency_view("21 (63.7%) of 33").html
    assert form.label.value == f"<b>{html.escape(TEXTS['form.label'])}</b>"


def test_saved_output_places_the_static_form_and_says_run_the_notebook():
    data, _ = DisplayFormatter().format(ConsistencyChecker("7.6 ± 3.7, n = 33"))
    assert WIDGET_MIME in data
    assert data[CONSISTENCY_MIME] == consistency_data("7.6 ± 3.7, n = 33")
    for mime in ("text/plain", "text/html"):
        assert TEXTS["form.title"] in data[mime]
        assert f"Run All Cells) {TEXTS['form.run_note']}" in data[mime]
