"""Comparator studies: printed fractions, forest rows, notes and the OS snapshot."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data
from helpers.audit import load_cohort
from helpers.context import (
    comparator_table,
    design_table,
    forest_rows,
    forest_table,
    os_snapshot,
    printed_fractions,
)


def _studies(**overrides):
    base = {
        "study": ["A", "B", "C", "D"],
        "reference": [0, 1, 2, 3],
        "design": ["x"] * 4,
        "population": ["y"] * 4,
        "blinatumomab_schedule": ["z"] * 4,
        "n": pd.array([10, 20, None, 8], dtype="Int64"),
        "responders": pd.array([5, None, None, 8], dtype="Int64"),
        "outcome_printed": [
            "CR 50.0% (5/10); median follow-up 3 months",
            "OS 80%",
            "about 60%",
            "all 8 disease-free",
        ],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_forest_rows_need_a_printed_fraction():
    rows = forest_rows(_studies())
    assert rows.to_dict("list") == {"label": ["A"], "events": [5], "n": [10]}


def test_a_fraction_that_does_not_match_the_counts_is_not_used():
    s = _studies(outcome_printed=["CR 40% (4/10)", "OS 80%", "about 60%", "x"])
    assert forest_rows(s).empty


def test_comparator_notes():
    notes = comparator_table(_studies())["interval"].tolist()
    assert notes == [
        "count and denominator printed: exact interval in the forest plot",
        "n = 20 given, but no count of responders",
        "no denominator given",
        "counts given, but no remission fraction printed",
    ]


def test_printed_fractions_hand_computed():
    s = pd.DataFrame({"study": ["A", "B"], "outcome_printed": ["63% (69/110)", "26.6% (4/15)"]})
    out = printed_fractions(s)
    assert out["exact %"].tolist() == [62.73, 26.67]
    assert out["printed is"].tolist() == ["rounded", "truncated"]
    with pytest.raises(ValueError, match="denominator of 0"):
        printed_fractions(pd.DataFrame({"study": ["Z"], "outcome_printed": ["5% (0/0)"]}))


def test_design_table_reads_follow_up():
    fu = design_table(_studies())["median follow-up"].tolist()
    assert fu == [
        "3 months",
        "not stated in this paper",
        "not stated in this paper",
        "not stated in this paper",
    ]


def test_missing_columns_are_named():
    with pytest.raises(
        ValueError, match=r"forest_rows: column\(s\) \['responders'\] not in the DataFrame"
    ):
        forest_rows(_studies().drop(columns="responders"))


def test_real_comparators():
    studies = data.load_comparator_studies()
    rows = forest_rows(studies)
    assert rows[["events", "n"]].to_numpy().tolist() == [[26, 33], [69, 110]]
    fractions = printed_fractions(studies).set_index("printed")
    assert fractions.loc["63% (69/110)", "exact %"] == 62.73
    notes = comparator_table(studies)
    assert (notes["interval"] == "no denominator given").sum() == 3
    fu = design_table(studies).set_index("study")["median follow-up"]
    assert fu["COG AALL1331"] == "2.9 years"
    assert fu["Newman & Benani (phase II)"] == "33 months"


def test_os_snapshot_tiny_and_real():
    f = pd.DataFrame({"os_time": [1.0, 2.0, 3.0, 4.0], "os_event": [False, True, False, False]})
    out = os_snapshot(f, times=(3.0,))
    # KM: at t=2, 3 at risk, 1 death -> 2/3
    assert out["percent"].tolist() == [75.0, 66.7]
    assert out["at risk"].tolist() == [4, 2]
    real = os_snapshot(load_cohort().frame, times=(12.0,))
    assert real.loc[0, "percent"] == 87.9
    assert real.loc[1, "percent"] < real.loc[0, "percent"]
    with pytest.raises(ValueError, match="at least 2 children"):
        os_snapshot(f.iloc[:1])


def test_forest_table_hand_computed():
    rows = pd.DataFrame({"label": ["A", "B"], "events": [0, 10], "n": [10, 10]})
    out = forest_table(rows)
    # Clopper-Pearson for 0/10: upper bound 1 - 0.025**(1/10) = 30.8%
    assert out[["percent", "ci_lower", "ci_upper"]].to_numpy().tolist() == [
        [0.0, 0.0, 30.8],
        [100.0, 69.2, 100.0],
    ]
    real = forest_table(forest_rows(data.load_comparator_studies()))
    assert real.loc[0, ["ci_lower", "ci_upper"]].tolist() == [61.1, 91.0]
