"""Colours mean the same thing in every view: a status always has its own colour.

The remission waterfall used to take colours in order of appearance, so a
selection holding only children without remission drew their bars in the CR
blue while the legend said "No CR" (issue 13, point 1). These tests walk
every selection the remission dashboard offers (one dropdown set, the others
on "All") and both measures, and check each bar against the child it shows.
"""

from __future__ import annotations

import pytest

from helpers.figures import paired_mrd_figure, waterfall_figure
from helpers.figures.style import REMISSION_COLORS
from helpers.widgets import DIMENSIONS, levels, remission_summary, select, subgroup_labels

CR_LABELS = {True: "CR", False: "No CR"}


def _single_group_selections(patients):
    labels = subgroup_labels(patients)
    for key in DIMENSIONS:
        for value in levels(labels, key):
            yield {key: value}


def _check_bars(figure, status_by_case):
    """Every bar drawn in its status's colour, one trace (legend entry) per status."""
    names = [t.name for t in figure.data]
    assert len(names) == len(set(names)), f"a status appears twice in the legend: {names}"
    for trace in figure.data:
        colour = trace.marker.color
        # One colour per trace: the legend swatch is then the colour of every bar.
        assert isinstance(colour, str), f"{trace.name}: per-bar colours {colour!r}"
        for case in trace.x:
            status = status_by_case[int(case.removeprefix("Case "))]
            assert trace.name == CR_LABELS[status], f"{case} is {CR_LABELS[status]}"
            assert colour == REMISSION_COLORS[status], (
                f"{case} ({CR_LABELS[status]}) drawn in {colour}, "
                f"expected {REMISSION_COLORS[status]}"
            )


def test_remission_colours_are_distinct():
    assert REMISSION_COLORS[True] != REMISSION_COLORS[False]


@pytest.mark.parametrize("measure", ["blasts", "mrd"])
def test_waterfall_bar_colour_is_its_status_colour_in_every_selection(patients, measure):
    status_by_case = dict(zip(patients["case_id"], patients["complete_remission"], strict=True))
    checked = 0
    no_cr_only = 0
    for selection in _single_group_selections(patients):
        chosen = select(patients, selection)
        view = remission_summary(chosen, total=len(patients), measure=measure)
        if view.figure is None:  # too few children: a message, no figure
            continue
        _check_bars(view.figure, status_by_case)
        checked += 1
        no_cr_only += [t.name for t in view.figure.data] == ["No CR"]
    # The walk reaches the selections of the report: e.g. Remission "No CR".
    assert checked > 20
    assert no_cr_only >= 1


def test_waterfall_colour_does_not_depend_on_which_statuses_are_present(patients):
    opts = {
        "before": "blasts_pre_pct",
        "after": "blasts_post_pct",
        "color_by": "complete_remission",
        "color_labels": CR_LABELS,
    }
    both = waterfall_figure(patients, **opts)
    only_no = waterfall_figure(patients[~patients["complete_remission"]], **opts)
    colour = {t.name: t.marker.color for t in both.data}
    assert colour["CR"] != colour["No CR"]
    (trace,) = only_no.data
    assert trace.name == "No CR"
    assert trace.marker.color == colour["No CR"]


def test_paired_mrd_colour_does_not_depend_on_which_statuses_are_present(patients):
    opts = {"color_by": "complete_remission", "color_labels": CR_LABELS}
    both = paired_mrd_figure(patients, **opts)
    only_no = paired_mrd_figure(patients[~patients["complete_remission"]], **opts)
    colour = {t.legendgroup: t.line.color for t in both.data if t.legendgroup}
    assert colour["CR"] != colour["No CR"]
    assert {t.line.color for t in only_no.data if t.legendgroup} == {colour["No CR"]}
