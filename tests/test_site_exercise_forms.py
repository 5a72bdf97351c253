"""The HTML the site builder writes for exercises and figures (no browser needed).

tools/site_exercises.py turns an exercise's saved data into a form;
tools/site_a11y.py gives every figure a caption written from its own data.
The browser tests (tests/browser/test_site_exercises.py, test_site_a11y.py)
drive the result; these check the markup and the refusals.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers.exercises import Exercise
from helpers.widgets.exercises import EXPORT_FORMAT, exercise_data
from tools.site_a11y import figure_caption, figure_description, wrap_figure
from tools.site_exercises import copy_assets, exercise_html

NUMBER = Exercise(id="cr rate", question="Rate <in %>?", kind="number", answer=78.8, percent=True)
CHOICE = Exercise(
    id="pick", question="Which?", kind="choice", answer="a & b", choices=("a & b", "</script>")
)


def _embedded(page: str) -> dict:
    found = re.search(
        r'<script type="application/json" class="site-exercise-data">(.*?)</script>', page
    )
    assert found is not None
    return json.loads(found[1])


def test_number_form_has_a_labelled_box_and_locked_show_answer():
    page = exercise_html(exercise_data(NUMBER))
    assert 'id="ex-cr-rate"' in page  # the id made safe for HTML
    assert (
        '<label class="site-exercise-question" id="ex-cr-rate-question" for="ex-cr-rate-input">'
        in page
    )
    assert "Rate &lt;in %&gt;?" in page
    assert 'id="ex-cr-rate-input"' in page
    assert re.search(r'<button type="button" class="site-exercise-reveal" disabled', page)
    assert 'role="status"' in page
    assert _embedded(page) == exercise_data(NUMBER)


def test_choice_form_is_a_fieldset_of_radios_and_data_cannot_end_its_script():
    page = exercise_html(exercise_data(CHOICE))
    assert "<fieldset" in page
    assert "<legend" in page
    assert page.count('type="radio"') == 2
    assert 'value="a &amp; b"' in page
    assert page.count("</script>") == 1  # the choice "</script>" is escaped in the JSON
    assert _embedded(page)["choices"] == ["a & b", "</script>"]


def test_ids_can_be_given_so_one_exercise_can_appear_twice():
    first = exercise_html(exercise_data(NUMBER), dom_id="case-1")
    second = exercise_html(exercise_data(NUMBER), dom_id="case-2")
    assert 'id="case-1-input"' in first
    assert 'id="case-2-input"' in second


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": EXPORT_FORMAT + 1}, "re-execute the notebook"),
        ({"kind": "slider"}, "is not number or choice"),
    ],
)
def test_stale_or_broken_data_is_refused_with_the_exercise_named(change, message):
    with pytest.raises(ValueError, match=f"exercise 'pick'.*{message}"):
        exercise_html({**exercise_data(CHOICE), **change})


def test_missing_fields_are_named():
    data = exercise_data(CHOICE)
    del data["texts"], data["reveal"]
    with pytest.raises(ValueError, match="lacks reveal, texts"):
        exercise_html(data)


def test_assets_are_copied(tmp_path):
    names = sorted(p.name for p in copy_assets(tmp_path))
    assert names == ["exercises.css", "exercises.js"]
    assert "siteExercises" in (tmp_path / "exercises.js").read_text()


KM = {
    "data": [
        {"type": "scatter", "mode": "lines", "name": "CR"},
        {"type": "scatter", "mode": "lines", "name": "No CR"},
        {"type": "scatter", "mode": "markers", "name": "censored", "showlegend": False},
    ],
    "layout": {
        "title": {"text": "Overall survival<br>by remission"},
        "xaxis": {"title": {"text": "Months"}},
        "yaxis": {"title": "Survival (%)"},
    },
}


def test_caption_is_title_then_a_sentence_from_the_data():
    assert figure_caption(KM) == (
        "Overall survival by remission. Line and dot chart of Survival (%) against Months, "
        "with 2 series: CR and No CR."
    )


def test_description_counts_many_series_and_skips_hidden_traces():
    many = {"data": [{"type": "bar", "name": f"s{i}"} for i in range(9)], "layout": {}}
    assert (
        figure_description(many) == "Bar chart, with 9 series: s0, s1, s2, s3, s4, s5 and 3 more."
    )
    hidden = {"data": [{"type": "bar", "visible": False}], "layout": {}}
    assert figure_description(hidden) == "An empty figure."
    assert figure_description({"data": [{"type": "box"}], "layout": {}}) == "Box plot."


def test_wrapped_figure_caption_is_escaped():
    page = wrap_figure("<div></div>", {"data": [], "layout": {"title": "A < B & C"}})
    assert (
        '<figcaption class="site-visually-hidden">A &lt; B &amp; C. An empty figure.</figcaption>'
        in page
    )
