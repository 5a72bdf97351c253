"""Dashboards: the subgroup filter, counts, messages for tiny selections, and the numbers shown."""

from __future__ import annotations

import pytest

from helpers import survival
from helpers.endpoints import Assumptions, survival_frame
from helpers.figures import format_p_value
from helpers.widgets import (
    ALL,
    DIMENSIONS,
    WATERFALL_MARGIN,
    RemissionDashboard,
    SubgroupFilter,
    SurvivalDashboard,
    levels,
    remission_summary,
    select,
    subgroup_labels,
    survival_summary,
)


def test_labels_have_one_column_per_dimension(patients):
    labels = subgroup_labels(patients)
    assert list(labels.columns) == list(DIMENSIONS)
    assert labels["vital_status"].value_counts().to_dict() == {"Alive": 29, "Died": 4}
    assert labels["fusion_gene"].value_counts()["none named"] == 26
    assert levels(labels, "blast_band") == ["< 5 %", "5–25 %", "26–50 %", "> 50 %"]


def test_select_combines_filters(patients):
    assert len(select(patients, {"remission": "CR", "follow_up_therapy": "HSCT"})) == 15
    assert len(select(patients, {"remission": ALL, "vital_status": "Died"})) == 4
    assert select(patients, {"remission": "No CR", "follow_up_therapy": "HSCT"}).empty
    with pytest.raises(KeyError, match="unknown filter 'age'"):
        select(patients, {"age": "> 10"})


def test_filter_counts_follow_the_dropdowns(patients):
    panel = SubgroupFilter(patients)
    assert panel.count.value == "<b>33</b> of 33 children selected"
    panel.dropdowns["prior_therapy"].value = "Chemotherapy + CAR-T"
    assert panel.count.value == "<b>5</b> of 33 children selected"
    assert sorted(panel.selected()["case_id"]) == [1, 4, 5, 7, 12]
    panel.reset()
    assert len(panel.selected()) == 33


def test_remission_dashboard_updates_rate_and_figure(patients):
    board = RemissionDashboard(patients)
    assert "<b>26/33</b> = 78.8%" in board.rate.value
    assert board.plot.figure["data"]
    board.filter.dropdowns["prior_therapy"].value = "Chemotherapy + CAR-T"
    assert "<b>3/5</b> = 60.0%" in board.rate.value
    shown = board.plot.figure
    cases = sorted(x for trace in shown["data"] for x in trace["x"])
    assert cases == sorted(f"Case {c}" for c in (1, 4, 5, 7, 12))


@pytest.mark.parametrize(
    ("selection", "n"),
    [
        ({"remission": "No CR", "follow_up_therapy": "HSCT"}, 0),
        ({"vital_status": "Died", "follow_up_therapy": "HSCT"}, 1),
    ],
)
def test_tiny_selections_show_a_message_not_a_traceback(patients, selection, n):
    board = RemissionDashboard(patients)
    for key, value in selection.items():
        board.filter.dropdowns[key].value = value
    assert f"<b>{n}</b> of 33 children selected" == board.filter.count.value
    assert "widen the filter" in board.rate.value
    assert board.plot.figure == {}


def test_remission_summary_reports_the_exact_interval(patients):
    view = remission_summary(patients, total=33)
    assert view.numbers == {"n": 33, "cr": 26, "rate": pytest.approx(26 / 33)}
    assert "exact 95% CI 61.1–91.0%" in view.html


def test_survival_dashboard_shows_the_logrank_p(patients, transplants):
    board = SurvivalDashboard(patients, transplants)
    frame = survival_frame(patients, transplants, Assumptions(dfs_non_responders="death_only"))
    expected = survival.logrank(
        frame, duration="os_time", event="os_event", group="complete_remission"
    )
    assert f"Log-rank {format_p_value(expected.p_value)}" in board.stats.value
    assert "Hazard ratio CR vs No CR" in board.stats.value
    board.compare.value = "bridged"
    assert "nobody in the Not bridged group had the event" in board.stats.value


def test_assumption_toggles_move_the_dfs_p_value(patients, transplants):
    frame = survival_frame(patients, transplants)
    before = survival_summary(frame, endpoint="dfs", compare="bridged").numbers["logrank_p"]
    relapses = survival_frame(patients, transplants, Assumptions(dfs_relapses="table4_numbering"))
    after = survival_summary(relapses, endpoint="dfs", compare="bridged").numbers["logrank_p"]
    assert before != pytest.approx(after)


def test_one_group_or_no_events_gives_a_message(patients, transplants):
    board = SurvivalDashboard(patients, transplants)
    board.filter.dropdowns["fusion_gene"].value = "BCR-ABL"  # three children, all in CR
    assert "Only one group (CR)" in board.stats.value
    frame = survival_frame(patients, transplants)
    alive = frame[frame["alive"]]
    view = survival_summary(alive, endpoint="os", compare="remission")
    assert "No events in this selection" in view.html
    assert view.figure is not None


def test_remission_dashboard_starts_from_the_waterfall_margins(patients):
    board = RemissionDashboard(patients)
    shown = board.plot.figure
    assert shown["layout"]["margin"] == WATERFALL_MARGIN


def test_an_update_overtaken_by_a_newer_one_is_not_drawn(patients):
    board = RemissionDashboard(patients)
    compute = board.view
    overtaken = []

    def slow_view():
        # While the first change is still being computed, a second one arrives
        # (as ipykernel 7 can deliver it) and is drawn before the first finishes.
        view = compute()
        if not overtaken:
            overtaken.append(view)
            board.filter.dropdowns["remission"].value = "No CR"
        return view

    board.view = slow_view
    board.filter.dropdowns["prior_therapy"].value = "Chemotherapy + CAR-T"
    assert "<b>3/5</b>" in overtaken[0].html  # the first change alone: cases 1, 4, 5, 7, 12
    # The screen shows the final selection (the two children not in remission), not 3/5.
    assert board.filter.count.value == "<b>2</b> of 33 children selected"
    assert "<b>0/2</b>" in board.rate.value
    shown = board.plot.figure
    cases = sorted(x for trace in shown["data"] for x in trace["x"])
    assert len(cases) == 2


def test_survival_dashboard_counts_table4_relapses_in_a_subgroup(patients, transplants):
    # The relapse mapping reads the whole of Table 4; a filtered dashboard must not lose it.
    board = SurvivalDashboard(patients, transplants)
    board.relapses.value = "table4_numbering"
    board.endpoint.value = "dfs"
    board.filter.dropdowns["prior_therapy"].value = "Chemotherapy"
    whole = survival_frame(
        patients,
        transplants,
        Assumptions(dfs_relapses="table4_numbering", dfs_non_responders="death_only"),
    )
    chosen = whole[whole["prior_therapy"] == "Chemotherapy"]
    expected = survival.logrank(
        chosen.assign(dfs_event=chosen["dfs_event"].astype(bool)),
        duration="dfs_time",
        event="dfs_event",
        group="complete_remission",
    )
    assert f"Log-rank {format_p_value(expected.p_value)}" in board.stats.value
    assert board.filter.count.value == f"<b>{len(chosen)}</b> of 33 children selected"


def test_count_line_is_the_selection_and_the_text_says_who_is_analysed(patients, transplants):
    board = SurvivalDashboard(patients, transplants)
    board.compare.value = "bridged"
    n_cr = int(patients["complete_remission"].sum())
    assert board.filter.count.value == "<b>33</b> of 33 children selected"
    assert f"Analysed: <b>{n_cr}</b> of the 33 selected children" in board.stats.value
    board.compare.value = "remission"
    assert "Analysed" not in board.stats.value
