"""Survival endpoints and their named assumptions, checked by hand on the real tables."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import load_patients, load_transplants
from helpers.endpoints import (
    ASSUMPTION_CHOICES,
    Assumptions,
    describe_assumptions,
    survival_frame,
)


@pytest.fixture(scope="module")
def tables():
    return load_patients(), load_transplants()


def _row(frame: pd.DataFrame, case_id: int) -> pd.Series:
    return frame.set_index("case_id").loc[case_id]


def test_default_frame(tables):
    frame = survival_frame(*tables)
    assert len(frame) == 33
    assert int(frame["os_event"].sum()) == 4
    assert frame.loc[frame["os_event"], "case_id"].tolist() == [4, 20, 21, 23]
    assert (frame["os_time"] == frame["follow_up_months"]).all()
    assert int(frame["bridged"].sum()) == 15
    # Methods 2.6: DFS only for children in CR; only deaths are known events.
    assert frame["in_dfs"].tolist() == frame["complete_remission"].tolist()
    assert frame.loc[frame["in_dfs"], "dfs_event"].sum() == 1  # case 20
    assert frame.loc[~frame["in_dfs"], "dfs_time"].isna().all()


def test_hsct_time_by_hand(tables):
    frame = survival_frame(*tables)
    # Case 1 is Table 4 number 1: (14-day course + 38 days) / (365.25 / 12) days per month.
    assert _row(frame, 1)["hsct_time"] == pytest.approx((14 + 38) / 30.4375)
    # Case 10 is number 4: the first (failed) graft at 21 days counts.
    assert _row(frame, 10)["hsct_time"] == pytest.approx((14 + 21) / 30.4375)
    assert frame.loc[~frame["bridged"], "hsct_time"].isna().all()
    other = survival_frame(*tables, Assumptions(course_days=15, days_per_month=30.0))
    assert _row(other, 1)["hsct_time"] == pytest.approx((15 + 38) / 30.0)


def test_relapse_numbering_changes_who_relapses(tables):
    t2 = survival_frame(*tables, Assumptions(dfs_relapses="table2_numbering"))
    assert _row(t2, 2)["dfs_event"]
    assert _row(t2, 5)["dfs_event"]
    assert _row(t2, 2)["dfs_time"] == pytest.approx((15 + 53) / 30.4375)
    assert _row(t2, 5)["dfs_time"] == pytest.approx((15 + 15) / 30.4375)
    assert not _row(t2, 11)["dfs_event"]
    t4 = survival_frame(*tables, Assumptions(dfs_relapses="table4_numbering"))
    # Table 4 numbers 2 and 5 are cases 5 and 11.
    assert _row(t4, 5)["dfs_time"] == pytest.approx((15 + 53) / 30.4375)
    assert _row(t4, 11)["dfs_time"] == pytest.approx((15 + 15) / 30.4375)
    assert not _row(t4, 2)["dfs_event"]
    # OS never moves.
    assert t2["os_time"].equals(t4["os_time"])


def test_non_responder_rules(tables):
    death = survival_frame(*tables, Assumptions(dfs_non_responders="death_only"))
    assert death["in_dfs"].all()
    non_cr = death[~death["complete_remission"]]
    assert non_cr["dfs_event"].tolist() == non_cr["os_event"].tolist()
    start = survival_frame(*tables, Assumptions(dfs_non_responders="event_at_start"))
    non_cr = start[~start["complete_remission"]]
    assert (non_cr["dfs_time"] == 0).all()
    assert non_cr["dfs_event"].all()


def test_patients_frame_is_not_modified(tables):
    patients, transplants = tables
    before = patients.copy()
    survival_frame(patients, transplants)
    pd.testing.assert_frame_equal(patients, before)


def test_assumptions_are_validated():
    with pytest.raises(ValueError, match="dfs_relapses='maybe' is not one of"):
        Assumptions(dfs_relapses="maybe")
    with pytest.raises(ValueError, match="days_per_month=0"):
        Assumptions(days_per_month=0)
    with pytest.raises(ValueError, match="course_days=-1"):
        Assumptions(course_days=-1)
    with pytest.raises(TypeError):
        Assumptions(14)  # keyword-only


def test_describe_lists_every_assumption_with_its_meaning():
    table = describe_assumptions(Assumptions(dfs_relapses="table4_numbering"))
    assert table["assumption"].tolist() == [
        "days_per_month",
        "course_days",
        "remission_day",
        "dfs_relapses",
        "dfs_non_responders",
    ]
    meaning = table.set_index("assumption")["meaning"]
    assert meaning["dfs_relapses"] == ASSUMPTION_CHOICES["dfs_relapses"]["table4_numbering"]
    assert (meaning != "").all()


def test_inconsistent_tables_are_rejected(tables):
    patients, transplants = tables
    stray = transplants.copy()
    stray.loc[0, "case_id"] = 99
    with pytest.raises(ValueError, match=r"case_id \[99\] not found in patients"):
        survival_frame(patients, stray)
    wrong = transplants.copy()
    wrong.loc[0, "case_id"] = 2  # case 2 went on to CAR-T, not HSCT
    with pytest.raises(ValueError, match=r"case_id \[2\] is not listed with HSCT"):
        survival_frame(patients, wrong)


def test_table4_relapses_need_the_whole_of_table4():
    # A subgroup's own transplants: transplant number 5 (case 11) is not among them.
    patients, transplants = load_patients(), load_transplants()
    child = transplants.loc[transplants["transplant_number"] == 5, "case_id"].item()
    some = patients[patients["case_id"] != child]
    few = transplants[transplants["case_id"] != child]
    with pytest.raises(ValueError, match=r"no transplant number \[5\].*whole of Table 4"):
        survival_frame(some, few, Assumptions(dfs_relapses="table4_numbering"))
