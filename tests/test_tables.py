"""helpers.tables: tables in words (labels, yes/no, a dash for nothing)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from helpers.tables import IDENTIFIERS, LABELS, MISSING, VALUE_WORDS, label, reader_table


def test_no_label_or_value_word_is_a_machine_name():
    for text in [*LABELS.values(), *VALUE_WORDS.values()]:
        assert "_" not in text, text
        assert text, text
        assert text == text.strip(), text


def test_label_falls_back_to_words():
    assert label("exact_lower_pct") == "Lower 95 % limit (exact)"
    assert label("some_new_column") == "Some new column"
    assert label("n") == "n"
    assert label("study") == "Study"
    assert label("responders/n") == "Responders/n"
    assert label(3) == "3"


def test_booleans_read_yes_no_and_groups_take_the_callers_words():
    frame = pd.DataFrame({"group": [False, True], "alive": [True, False]})
    shown = reader_table(frame, values={"group": {True: "Bridged", False: "Not bridged"}})
    assert shown.frame.to_dict("list") == {
        "Group": ["Not bridged", "Bridged"],
        "Alive": ["yes", "no"],
    }


def test_booleans_written_out_as_text_are_words_too():
    # a helper that stringifies its groups (the log-rank table) still reads in words
    frame = pd.DataFrame({"group": ["False", "True"], "flag": ["True", "False"]})
    shown = reader_table(frame, values={"group": {True: "CR", False: "No CR"}})
    assert shown.frame.to_dict("list") == {"Group": ["No CR", "CR"], "Flag": ["yes", "no"]}


@pytest.mark.parametrize("nothing", [np.nan, None, pd.NA])
def test_missing_values_read_as_a_dash_or_the_callers_words(nothing):
    frame = pd.DataFrame({"hazard_ratio": pd.Series([0.1, nothing], dtype=object)})
    assert reader_table(frame).frame["Hazard ratio"].tolist() == ["0.1", MISSING]
    custom = reader_table(frame, missing="not estimable")
    assert custom.frame["Hazard ratio"].tolist() == ["0.1", "not estimable"]


def test_nullable_columns_keep_their_numbers():
    frame = pd.DataFrame(
        {
            "table2_n": pd.array([14, pd.NA], dtype="Int64"),
            "adds_up": pd.array([True, pd.NA], dtype="boolean"),
        }
    )
    assert reader_table(frame).frame.to_dict("list") == {
        "Table 2: n": ["14", MISSING],
        "Adds up": ["yes", MISSING],
    }


def test_numbers_keep_their_digits_unless_decimals_are_given():
    frame = pd.DataFrame({"p_value": [0.015766, 0.0004, 26.0], "rate_pct": [78.79, 100.0, 5.5]})
    assert reader_table(frame).frame.to_dict("list") == {
        "p-value": ["0.015766", "0.0004", "26"],
        "Rate (%)": ["78.79", "100", "5.5"],
    }
    fixed = reader_table(frame, decimals={"rate_pct": 1})
    assert fixed.frame["Rate (%)"].tolist() == ["78.8", "100.0", "5.5"]
    assert fixed.frame["p-value"].tolist() == ["0.015766", "0.0004", "26"]


def test_an_infinite_estimate_is_said_in_words():
    frame = pd.DataFrame({"hazard_ratio": [np.inf, -np.inf]})
    assert reader_table(frame).frame["Hazard ratio"].tolist() == ["infinite", "minus infinity"]


def test_identifiers_are_left_out_unless_asked_for():
    frame = pd.DataFrame(
        {
            "claim_id": ["abs-cr-rate"],
            "location": ["Abstract"],
            "status": ["not_reproducible"],
        }
    )
    assert "claim_id" in IDENTIFIERS
    assert list(reader_table(frame).frame.columns) == ["Where printed", "Status"]
    assert reader_table(frame).frame["Status"].tolist() == ["not reproducible"]
    chosen = reader_table(frame, columns=["claim_id", "status"])
    assert list(chosen.frame.columns) == ["Claim id", "Status"]


def test_a_named_index_becomes_the_first_column_and_a_row_number_is_dropped():
    named = pd.DataFrame({"rate_pct": [78.8]}, index=pd.Index(["Wilson"], name="method"))
    assert list(reader_table(named).frame.columns) == ["Method", "Rate (%)"]
    numbered = pd.DataFrame({"rate_pct": [78.8, 61.1]}, index=[4, 7])
    assert list(reader_table(numbered).frame.columns) == ["Rate (%)"]


def test_an_unknown_column_is_named_in_the_error():
    with pytest.raises(KeyError, match="no column \\['nope'\\]"):
        reader_table(pd.DataFrame({"n": [1]}), columns=["nope"])


def test_transpose_shows_rows_as_columns():
    frame = pd.DataFrame({"case_id": [1, 2], "alive": [True, False], "os_time": [19.3, 7.3]})
    shown = reader_table(frame, transpose=True).frame
    assert list(shown.columns) == ["Case", "1", "2"]
    assert shown.to_dict("list")["Case"] == ["Alive", "Time to death or last follow-up (months)"]
    assert shown["2"].tolist() == ["no", "7.3"]


def test_html_is_escaped_and_text_aligns_left():
    frame = pd.DataFrame({"printed": ["p < 0.001 & <b>"], "n": [3]})
    page = reader_table(frame)._repr_html_()
    assert "p &lt; 0.001 &amp; &lt;b&gt;" in page
    assert re.search(r'<th style="text-align:left">As printed</th>', page)
    assert re.search(r'<td style="text-align:right">3</td>', page)
    assert "<b>" not in page


def test_text_form_matches_the_frame():
    frame = pd.DataFrame({"group": [True], "n": [26]})
    assert repr(reader_table(frame)).split() == ["Group", "n", "yes", "26"]


def test_claims_are_shown_by_location_and_description_not_by_id():
    from helpers.audit import claims, run_audit

    shown = reader_table(claims(run_audit(), ["abs-cr-rate", "r32-cr-rate"])).frame
    assert list(shown.columns[:2]) == ["Where printed", "Claim"]
    assert not shown.isin(["abs-cr-rate", "r32-cr-rate"]).any().any()
    assert shown["Where printed"].tolist() == ["Abstract", "Results 3.2"]


def test_menus_show_words_and_give_code_the_values():
    from helpers.tables import worded

    assert worded(["All", "table4_numbering", "exclude"]) == [
        ("All", "All"),
        ("patients 2 and 5 as Table 4 transplants", "table4_numbering"),
        ("exclude", "exclude"),
    ]


def test_no_dashboard_menu_shows_a_machine_name():
    import ipywidgets as widgets

    from helpers.data import load_patients, load_transplants
    from helpers.widgets import AuditExplorer, SurvivalDashboard

    def controls(widget):
        if isinstance(widget, widgets.Box):
            for child in widget.children:
                yield from controls(child)
        elif isinstance(widget, widgets.widgets.widget_selection._Selection):
            yield widget

    boards = [SurvivalDashboard(load_patients(), load_transplants()), AuditExplorer()]
    labels = [label for b in boards for c in controls(b) for label in c._options_labels]
    assert "patients 2 and 5 as Table 2 cases" in labels
    assert "not reproducible" in labels
    assert [text for text in labels if "_" in text] == []
