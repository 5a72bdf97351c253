"""Bridging, landmarks, immortal time, DFS assumptions and power: hand-computed checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import bridging, survival
from helpers.endpoints import Assumptions, survival_frame
from helpers.figures import immortal_time_figure, landmark_figure, power_figure
from helpers.tables import reader_table
from helpers.widgets import LandmarkDashboard, PowerDashboard, landmark_view, power_view


def tiny() -> pd.DataFrame:
    """Four children in CR and one without; two bridged (at 1.0 and 3.0 months)."""
    return pd.DataFrame(
        {
            "case_id": [1, 2, 3, 4, 5],
            "complete_remission": [True, True, True, True, False],
            "bridged": [True, True, False, False, False],
            "os_time": [5.0, 6.0, 7.0, 8.0, 2.0],
            "os_event": [True, False, True, False, True],
            "dfs_time": [5.0, 6.0, 7.0, 8.0, np.nan],
            "dfs_event": pd.array([True, False, True, False, pd.NA], dtype="boolean"),
            "hsct_time": [1.0, 3.0, np.nan, np.nan, np.nan],
        }
    )


# ------------------------------------------------------------------ follow-up and Cox notes


def test_follow_up_as_event_reads_table2(frame):
    out = bridging.follow_up_as_event(frame, [20, 1])
    assert out["os_event"].tolist() == [True, False]
    assert out["reading"].tolist() == [
        "died at 9.2 months: an event",
        "alive at 19.3 months: censored",
    ]
    with pytest.raises(ValueError, match=r"case_id \[99\] not in the frame"):
        bridging.follow_up_as_event(frame, [99])


def test_median_follow_up_is_reverse_kaplan_meier():
    # censored at 2, 3, 4 (event at 1 is "censoring" of follow-up): S = 2/3 at 2, 1/3 at 3
    df = pd.DataFrame({"t": [1.0, 2, 3, 4], "died": [True, False, False, False], "g": "x"})
    out = survival.median_follow_up(df, duration="t", event="died", group="g")
    assert out.to_dict("records") == [{"group": "x", "n": 4, "median_follow_up": 3.0}]


def test_median_follow_up_real_groups(frame):
    cr = bridging.endpoint_frame(frame, cr_only=True)
    out = survival.median_follow_up(cr, duration="os_time", event="os_event", group="bridged")
    assert out.set_index("group")["n"].to_dict() == {"False": 11, "True": 15}
    med = out.set_index("group")["median_follow_up"]
    assert med["False"] < med["True"]  # the non-bridged were followed for less time


def test_checked_cox_turns_the_warning_into_a_note(frame):
    # pytest turns warnings into errors: reaching the asserts shows nothing escaped.
    df = bridging.endpoint_frame(frame)
    res = bridging.checked_cox(
        df, duration="os_time", event="os_event", group="complete_remission", reference=False
    )
    assert res.result.comparison == "True vs False"
    assert res.result.n_events == 4
    assert res.result.hazard_ratio == pytest.approx(0.1028, abs=1e-3)
    assert len(res.notes) == 1
    assert "only 4 events" in res.notes[0]
    table = bridging.hazard_ratio_table(res)
    assert bool(table.loc[0, "estimable"]) is True
    assert table.loc[0, "ci_upper"] < 1


def test_time_varying_cox_without_unexposed_events_is_not_estimable(frame):
    cr = bridging.endpoint_frame(frame, cr_only=True)
    res = bridging.checked_time_varying_cox(
        cr, duration="os_time", event="os_event", exposure_time="hsct_time", id_col="case_id"
    )
    assert res.result.n_events == 1
    assert any("no events in the group not exposed" in note for note in res.notes)
    table = bridging.hazard_ratio_table(res)
    assert bool(table.loc[0, "estimable"]) is False
    assert table[["hazard_ratio", "ci_lower", "ci_upper", "wald_p"]].isna().all(axis=None)


def test_cox_tests_table_says_which_rows_can_be_read(frame):
    cr = bridging.endpoint_frame(frame, cr_only=True)
    res = bridging.checked_time_varying_cox(
        cr, duration="os_time", event="os_event", exposure_time="hsct_time", id_col="case_id"
    )
    table = bridging.cox_tests_table(res)
    # Under a monotone likelihood only the Wald row has no meaning.
    assert table["can_be_read"].tolist() == [False, True, True]
    assert table.loc[0, ["p_value", "ci_lower", "ci_upper"]].isna().all()
    assert "valid" not in table.columns
    assert reader_table(table).frame.columns[-1] == "Can be read"


def test_endpoint_must_be_known(frame):
    with pytest.raises(ValueError, match="endpoint='pfs'"):
        bridging.endpoint_frame(frame, endpoint="pfs")


# ------------------------------------------------------------------ DFS assumptions


def test_dfs_grid_default_row_matches_hand_calculation(patients, transplants):
    grid = bridging.dfs_assumption_grid(patients, transplants)
    assert len(grid) == 9
    row = grid.iloc[0]
    assert (row["dfs_relapses"], row["dfs_non_responders"]) == ("none", "exclude")
    assert (row["cr_event_free"], row["no_cr_event_free"]) == ("25/26", "–")
    assert np.isnan(row["p_remission"])
    # one death (case 20, bridged, 9.2 months) with 9 bridged and 7 not bridged at risk:
    # (O - E)^2 / V = (7/16)^2 / (63/256) = 7/9
    assert row["p_bridged"] == pytest.approx(stats.chi2.sf(7 / 9, 1), rel=1e-12)
    assert (row["bridged_event_free"], row["not_bridged_event_free"]) == ("14/15", "11/11")


def test_dfs_grid_shows_what_the_paper_cannot_reach(patients, transplants):
    grid = bridging.dfs_assumption_grid(patients, transplants).set_index(
        ["dfs_relapses", "dfs_non_responders"]
    )
    # the paper prints 3/7 for the non-responders: no assumption gives it
    assert grid.loc[("none", "death_only"), "no_cr_event_free"] == "4/7"
    assert grid.loc[("none", "event_at_start"), "no_cr_event_free"] == "0/7"
    # Table 2 numbering: case 2 (not bridged) and case 5 (bridged) relapse
    t2 = grid.loc[("table2_numbering", "exclude")]
    assert (t2["cr_event_free"], t2["bridged_event_free"], t2["not_bridged_event_free"]) == (
        "23/26",
        "13/15",
        "10/11",
    )
    # Table 4 numbering: cases 5 and 11, both bridged
    t4 = grid.loc[("table4_numbering", "exclude")]
    assert (t4["bridged_event_free"], t4["not_bridged_event_free"]) == ("12/15", "11/11")
    # non-responders never change the comparison among children in CR
    for relapses in ("none", "table2_numbering", "table4_numbering"):
        values = grid.loc[relapses, "p_bridged"].to_numpy()
        assert (values == values[0]).all()


def test_one_at_a_time_ranks_changes(patients, transplants):
    grid = bridging.dfs_assumption_grid(patients, transplants)
    ranked = bridging.one_at_a_time(grid, column="p_bridged")
    assert ranked.loc[0, "value"] == "table2_numbering"
    assert ranked["change"].tolist() == sorted(ranked["change"], reverse=True)
    assert ranked.loc[ranked["assumption"] == "dfs_non_responders", "change"].eq(0).all()
    with pytest.raises(ValueError, match="column 'p_x' not in the grid"):
        bridging.one_at_a_time(grid, column="p_x")


# ------------------------------------------------------------------ immortal time


def test_immortal_time_on_tiny_cohort():
    tab = bridging.immortal_time_table(tiny())
    assert tab["case_id"].tolist() == [2, 1, 4, 3]  # bridged first, longest follow-up first
    assert tab["immortal_months"].tolist() == [3.0, 1.0, 0.0, 0.0]
    summary = bridging.immortal_time_summary(tiny(), days_per_month=30)
    assert summary["immortal_person_months"] == 4.0
    assert summary["immortal_share_of_bridged_time"] == pytest.approx(4 / 11)
    assert (summary["days_to_hsct_min"], summary["days_to_hsct_max"]) == (30.0, 90.0)


def test_immortal_time_real_cohort(frame):
    summary = bridging.immortal_time_summary(frame)
    assert (summary["n_bridged"], summary["n_not_bridged"]) == (15, 11)
    # Table 4: 14 days of course + 14 to 38 days to HSCT (median 21)
    assert summary["days_to_hsct_min"] == pytest.approx(28.0)
    assert summary["days_to_hsct_median"] == pytest.approx(35.0)
    assert summary["days_to_hsct_max"] == pytest.approx(52.0)


def test_immortal_time_needs_a_bridged_child():
    no_bridge = tiny().assign(bridged=False, hsct_time=np.nan)
    with pytest.raises(ValueError, match="no bridged child"):
        bridging.immortal_time_summary(no_bridge)


# ------------------------------------------------------------------ landmarks


def test_landmark_logrank_by_hand():
    # Landmark 3.5 months: transplanted by then {1: event 1.5 months later, 2: censored
    # at 2.5}; not transplanted {3: event at 3.5, 4: censored at 4.5}.
    # Event at 1.5: 4 at risk, 2 exposed: E = 1/2, V = 2*2*1*3/(16*3) = 1/4.
    # Event at 3.5: exposed group empty: E = 0, V = 0.  chi2 = (1 - 1/2)^2 / (1/4) = 1.
    r = bridging.landmark_comparison(tiny(), landmark=3.5)
    assert (r.n_exposed, r.n_unexposed, r.events_exposed, r.events_unexposed) == (2, 2, 1, 1)
    assert r.n_dropped == 0
    assert r.message == ""
    assert r.p_value == pytest.approx(stats.chi2.sf(1.0, 1), rel=1e-12)


def test_landmark_messages_for_tiny_or_event_free_groups(frame):
    r = bridging.landmark_comparison(tiny(), landmark=2.0)
    assert r.message == "Only 1 child transplanted by 2 months: too few to compare."
    assert np.isnan(r.p_value)
    # after 9.2 months the only death of a child in CR is behind the landmark
    late = bridging.landmark_comparison(frame, landmark=10.0)
    assert late.message == "No events after 10 months: no test is possible."
    assert late.n_dropped == 26 - (late.n_exposed + late.n_unexposed)


def test_landmark_moves_the_death_between_groups(frame):
    assert bridging.default_landmark(frame) == pytest.approx(35 / (365.25 / 12))
    # At 1.1 months case 20 is not yet transplanted; at 1.2 it is.
    before = bridging.landmark_comparison(frame, landmark=1.1)
    after = bridging.landmark_comparison(frame, landmark=1.2)
    assert (before.events_exposed, before.events_unexposed) == (0, 1)
    assert (after.events_exposed, after.events_unexposed) == (1, 0)
    table = bridging.landmark_table(frame, [0.5, 1.2, 10.0])
    assert table["status"].tolist() == ["too few transplanted", "tested", "no events"]
    assert table["transplanted_by_then"].tolist()[:2] == [0, after.n_exposed]


def test_counting_process_rows_split_at_transplant(frame):
    rows = bridging.counting_process_rows(frame, [20, 2])
    hsct = round(35 / (365.25 / 12), 3)
    assert rows[["case_id", "start", "stop", "exposed", "event"]].to_numpy().tolist() == [
        [2, 0.0, 18.7, 0, 0],
        [20, 0.0, hsct, 0, 0],
        [20, hsct, 9.2, 1, 1],
    ]
    with pytest.raises(ValueError, match=r"case_id \[4\] is not a child in complete remission"):
        bridging.counting_process_rows(frame, [4])


def test_state_at_event(frame):
    assert bridging.state_at_event(frame, 20) == "after transplant"
    early = frame.assign(hsct_time=frame["hsct_time"].where(frame["case_id"] != 20, 9.5))
    assert bridging.state_at_event(early, 20) == "before transplant"
    with pytest.raises(ValueError, match="case_id 1 did not die"):
        bridging.state_at_event(frame, 1)


# ------------------------------------------------------------------ Table 4 mapping


def test_remap_moves_both_rows_of_number_4(transplants):
    shifted = bridging.remap_transplants(transplants, 1)
    four = shifted.loc[shifted["transplant_number"] == 4, "case_id"]
    assert len(set(four)) == 1
    assert int(four.iloc[0]) == int(
        transplants.loc[transplants["transplant_number"] == 5, "case_id"].iloc[0]
    )
    unchanged = bridging.remap_transplants(transplants, 0)
    assert unchanged["case_id"].tolist() == transplants["case_id"].tolist()


def test_mapping_sensitivity_shift_zero_is_the_main_analysis(patients, transplants, frame):
    landmark = bridging.default_landmark(frame)
    table = bridging.mapping_sensitivity(patients, transplants, landmark=landmark)
    assert len(table) == 15
    main = bridging.landmark_comparison(frame, landmark=landmark)
    assert table.loc[0, "p_value"] == round(main.p_value, 3)
    assert table.loc[0, "hsct_time_of_bridged_deaths"] == f"{landmark:.2f}"
    # a different order can put the death on either side of the landmark
    assert set(table["events_not_transplanted"]) == {0, 1}


# ------------------------------------------------------------------ power


def test_schoenfeld_events_by_hand():
    z = 1.959963984540054 + 0.8416212335729143
    assert survival.schoenfeld_events(0.5) == pytest.approx(4 * z**2 / np.log(2) ** 2)
    halved = survival.schoenfeld_events(0.5)
    assert survival.schoenfeld_events(2.0) == pytest.approx(halved)
    with pytest.raises(ValueError, match="not 1"):
        survival.schoenfeld_events(1.0)
    with pytest.raises(ValueError, match="power must lie"):
        survival.schoenfeld_events(0.5, power=1.0)


def test_power_curve_is_reproducible_and_sorted():
    kwargs = {"hazard_ratio": 0.5, "control_median": 12, "accrual": 12, "follow_up": 12}
    kwargs["n_trials"] = 200
    a = survival.power_curve(sizes=[60, 10], **kwargs)
    b = survival.power_curve(sizes=[10, 60], **kwargs)
    pd.testing.assert_frame_equal(a, b)
    assert a["n_per_arm"].tolist() == [10, 60]
    assert a["power"].iloc[1] > a["power"].iloc[0]
    with pytest.raises(ValueError, match="at least one size"):
        survival.power_curve(sizes=[], **kwargs)


def test_smallest_adequate_size():
    curve = pd.DataFrame({"n_per_arm": [10, 20, 40], "power": [0.3, 0.8, 0.79]})
    assert survival.smallest_adequate_size(curve) == 20
    assert survival.smallest_adequate_size(curve, target=0.9) is None


# ------------------------------------------------------------------ figures and widgets


def test_immortal_time_figure_segments(frame):
    fig = immortal_time_figure(frame)
    by_name = {t.name: t for t in fig.data}
    assert len(by_name["Immortal time (before HSCT)"].x) == 15
    assert len(by_name["Not bridged"].x) == 11
    assert list(by_name["Died"].y) == ["Case 20"]
    assert fig.layout.meta["immortal_person_months"] == pytest.approx(
        bridging.immortal_time_summary(frame)["immortal_person_months"]
    )


def test_landmark_figure_one_or_two_groups(frame):
    early = landmark_figure(bridging.landmark_comparison(frame, landmark=0.5))
    assert early.layout.meta["groups"] == ["All"]
    landmark = bridging.default_landmark(frame)
    default = landmark_figure(bridging.landmark_comparison(frame, landmark=landmark))
    assert len(default.layout.meta["groups"]) == 2


def test_power_figure_rejects_a_wrong_frame():
    with pytest.raises(ValueError, match="power_curve"):
        power_figure(pd.DataFrame({"n": [1]}))


def test_landmark_view_and_dashboard(frame):
    view = landmark_view(frame, landmark=0.5)
    assert "No child was transplanted by 0.5 months" in view.html
    board = LandmarkDashboard(frame)
    assert board.landmark.value == pytest.approx(1.15)
    assert "Log-rank from the landmark" in board.stats.value
    assert board.plot.figure["data"]
    board.landmark.value = 0.0
    assert "there is no one to compare" in board.stats.value


def test_power_view_and_dashboard():
    view = power_view(
        hazard_ratio=0.5, control_median=12, accrual=12, follow_up=12, sizes=(10, 400), n_trials=50
    )
    assert view.numbers["smallest_adequate_size"] == 400
    assert "400 per arm" in view.html
    small = power_view(
        hazard_ratio=0.9, control_median=12, accrual=12, follow_up=12, sizes=(10,), n_trials=50
    )
    assert "No size up to 10 per arm" in small.html
    board = PowerDashboard(n_trials=50)
    assert "Smallest size" in board.stats.value or "No size" in board.stats.value
    board.hazard_ratio.value = 0.3
    assert "HR <b>0.3</b>" in board.count.value


def test_default_assumptions_are_used(patients, transplants):
    other = survival_frame(patients, transplants, Assumptions(days_per_month=30.0))
    assert bridging.immortal_time_summary(other, days_per_month=30.0)[
        "days_to_hsct_median"
    ] == pytest.approx(35.0)
