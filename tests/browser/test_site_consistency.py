"""The static site's "Check a paper yourself" form works without Python, as the live widget does.

In chromium from ``file://``:

* every case of ``tests/consistency_cases.json`` (run through Python by
  ``tests/test_consistency_cases.py``) goes through ``consistency.js``: the
  check, verdict, decision error, conventions and message class must be the
  table's, and the reading and the explanation word for word what
  :func:`helpers.consistency.check_text` writes;
* the same texts typed into a form and checked with the mouse show what the
  live widget shows (:func:`helpers.widgets.consistency_view`);
* on the built page of notebook 06, the form stands where the widget was,
  starts from the widget's saved text already checked, and works with the
  keyboard alone.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from notebook_page import unexpected_console_errors
from site_build import built_site, saved_outputs

from helpers.consistency import (
    EXAMPLES,
    TEXTS,
    ConsistencyInputError,
    UnreadableTextError,
    check_text,
    verdict,
)
from helpers.consistency._texts import fill
from helpers.consistency.text import REASONS
from helpers.widgets import consistency_view
from helpers.widgets.consistency import CONSISTENCY_MIME, consistency_data
from tools.site import page_name
from tools.site_consistency import copy_assets, form_html, head_html

TABLE = json.loads((Path(__file__).parents[1] / "consistency_cases.json").read_text("utf-8"))
CASES = TABLE["cases"]
NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "06-reproducibility-audit.ipynb"


def _python(text: str) -> dict:
    """What Python finds for a text, in the shape the page's view() returns."""
    try:
        found = check_text(text)
    except UnreadableTextError as error:
        return {"error": "unreadable", "reason": error.reason, "message": str(error)}
    except ConsistencyInputError as error:
        return {"error": "invalid", "reason": str(error), "message": str(error)}
    result = found.result
    return {
        "check": found.check,
        "read_as": found.read_as,
        "verdict": verdict(result),
        "result": {
            "check": result.check,
            "consistent": result.consistent,
            "conventions": list(result.conventions),
            "explanation": result.explanation,
            "message": result.message,
            "decision_error": getattr(result, "decision_error", None),
            "alternative": result.alternative,
        },
    }


def _words(markup: str) -> str:
    """The text a reader sees in some HTML."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def cases_page(browser, tmp_path_factory):
    """A page holding one form, beside consistency.js, from file://."""
    folder = tmp_path_factory.mktemp("consistency-cases")
    copy_assets(folder)
    (folder / "cases.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Cases</title>\n'
        f"{head_html()}</head><body><main>{form_html(consistency_data(''))}</main></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto((folder / "cases.html").as_uri())
    page.wait_for_function("() => window.siteConsistency !== undefined")
    yield page
    assert errors == []
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[repr(c["text"]) for c in CASES])
def test_javascript_reads_and_checks_as_python(cases_page, case):
    shown = cases_page.evaluate("(text) => window.siteConsistency.view(text)", case["text"])
    python = _python(case["text"])
    if "error" in case:
        assert shown["error"] == python["error"] == case["error"]
        assert shown["message"] == python["message"]
        expected = REASONS[case["message"]] if case["error"] == "unreadable" else case["message"]
        assert shown["reason"] == python["reason"] == expected
        return
    result = shown["result"]
    assert shown["check"] == case["check"]
    assert result["consistent"] is case["consistent"]
    assert result["decision_error"] is case["decision_error"]
    assert result["conventions"] == case["conventions"]
    assert result["message"] == case["message"]
    # and, word for word, what Python writes
    assert shown["read_as"] == python["read_as"]
    assert shown["verdict"] == python["verdict"]
    assert result == python["result"]


@pytest.mark.parametrize("case", CASES, ids=[repr(c["text"]) for c in CASES])
def test_the_form_shows_what_the_live_widget_shows(cases_page, case):
    form = cases_page.locator("section.site-consistency")
    form.locator("textarea").fill(case["text"])
    form.get_by_role("button", name=TEXTS["form.check"]).click()
    live = consistency_view(case["text"])
    assert _words(form.locator(".site-consistency-verdict").inner_html()) == _words(live.count)
    shown = _words(form.locator(".site-consistency-explanation").inner_html())
    assert shown == _words(live.html)
    if "error" in case:
        assert form.get_attribute("data-error") == case["error"]
        items = form.locator(".site-consistency-examples li").all_inner_texts()
        assert items == list(EXAMPLES)
    else:
        assert form.get_attribute("data-message") == case["message"]


# ----------------------------------------------------------- the built page 06


@pytest.fixture
def page06(tmp_path_factory, page):
    site = built_site(tmp_path_factory)
    page.goto((site / page_name(NOTEBOOK)).as_uri())
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.siteConsistency !== undefined")
    return page


def test_page06_has_the_form_where_the_widget_was(page06):
    saved = saved_outputs(NOTEBOOK, CONSISTENCY_MIME)
    assert len(saved) == 1
    forms = page06.locator("section.site-consistency")
    assert forms.count() == 1
    form = forms.first
    assert form.locator("textarea").input_value() == saved[0]["text"]
    assert form.get_by_label(TEXTS["form.label"]).count() == 1
    # Already checked on load, as the live widget checks the text it is given.
    live = consistency_view(saved[0]["text"])
    assert _words(form.locator(".site-consistency-verdict").inner_html()) == _words(live.count)
    assert _words(form.locator(".site-consistency-explanation").inner_html()) == _words(live.html)
    assert "Run the notebook" not in form.inner_text()
    assert unexpected_console_errors(page06.console_errors) == []


def test_page06_form_works_with_the_keyboard_alone(page06):
    form = page06.locator("section.site-consistency")
    form.evaluate("(s) => { s.tabIndex = -1; s.focus(); }")
    page06.keyboard.press("Tab")
    assert page06.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
    for text in ("Z = 1.672, p = 0.095", "21/33 (63.7%)", "the children did well"):
        page06.keyboard.press("Control+A")
        page06.keyboard.press("Delete")
        page06.keyboard.type(text)
        page06.keyboard.press("Enter")  # Enter checks; the text stays on one line
        assert form.locator("textarea").input_value() == text
        live = consistency_view(text)
        assert _words(form.locator(".site-consistency-verdict").inner_html()) == _words(live.count)
        assert _words(form.locator(".site-consistency-explanation").inner_html()) == _words(
            live.html
        )
    # Tab reaches the Check button, and Space on it checks too.
    page06.keyboard.press("Tab")
    assert page06.evaluate("() => document.activeElement.textContent") == TEXTS["form.check"]
    page06.keyboard.press("Shift+Tab")
    page06.keyboard.press("Control+A")
    page06.keyboard.type("mean 7.60, n = 33")
    page06.keyboard.press("Tab")
    page06.keyboard.press("Space")
    said = verdict(check_text("mean 7.60, n = 33").result)
    assert said[0].upper() + said[1:] in form.locator(".site-consistency-verdict").inner_text()
    status = form.locator("[role=status]")
    assert status.get_attribute("aria-live") == "polite"
    unreadable = fill("form.unreadable", reason=REASONS["no_form"])
    assert unreadable in _words(consistency_view("the children did well").html)
    assert unexpected_console_errors(page06.console_errors) == []
