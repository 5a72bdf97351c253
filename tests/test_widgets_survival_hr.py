"""The survival dashboard never shows a zero or infinite hazard ratio (issue 14, point 4).

Every state the dashboard offers is walked: each combination of its four
subgroup dropdowns, both endpoints, both comparisons and every pair of DFS
assumptions. States that analyse the same rows show the same hazard-ratio line,
so each distinct set of analysed rows is computed once.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings

import pytest

from helpers import survival
from helpers._format import format_p_value
from helpers.bridging import endpoint_frame
from helpers.endpoints import Assumptions
from helpers.widgets import SurvivalDashboard, select, survival_summary
from helpers.widgets.survival import COMPARISONS, subgroup_survival_frame

NUMBER = r"(\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?)"


def _options(control) -> list:
    return (
        [value for _label, value in control.options]
        if isinstance(control.options[0], tuple)
        else list(control.options)
    )


@pytest.fixture(scope="module")
def states(patients, transplants):
    """(assumptions, endpoint, compare, frame) for every distinct state of the dashboard."""
    board = SurvivalDashboard(patients, transplants)
    dropdowns = board.filter.dropdowns
    keys = list(dropdowns)
    selections = {}
    for values in itertools.product(*(dropdowns[k].options for k in keys)):
        # What board.filter.selected() gives once the dropdowns show these values.
        chosen = select(
            board.filter.frame, dict(zip(keys, values, strict=True)), labels=board.filter.labels
        )
        selections.setdefault(tuple(sorted(chosen["case_id"])), chosen)
    out, seen = [], set()
    for relapses, non_responders, endpoint, compare in itertools.product(
        _options(board.relapses),
        _options(board.non_responders),
        _options(board.endpoint),
        _options(board.compare),
    ):
        a = Assumptions(dfs_relapses=relapses, dfs_non_responders=non_responders)
        whole = board.whole_frame(a)
        column = COMPARISONS[compare][0]
        for chosen in selections.values():
            frame = subgroup_survival_frame(whole, chosen)
            df = endpoint_frame(frame, endpoint=endpoint, cr_only=compare == "bridged")
            rows = df[[f"{endpoint}_time", f"{endpoint}_event", column]].itertuples(index=False)
            key = (endpoint, compare, tuple(sorted(map(tuple, rows))))
            if key not in seen:
                seen.add(key)
                out.append((a, endpoint, compare, frame))
    return out


@pytest.fixture(scope="module")
def shown(states, patients):
    """The dashboard's text and numbers for every state."""
    return [
        (
            state,
            survival_summary(
                state[3],
                endpoint=state[1],
                compare=state[2],
                total=len(patients),
                n_permutations=50,
            ),
        )
        for state in states
    ]


def test_the_walk_reaches_monotone_and_ordinary_states(shown):
    texts = [view.html for _, view in shown]
    assert len(shown) > 100
    assert sum("No hazard ratio:" in t for t in texts) > 10
    assert sum("Hazard ratio CR vs No CR:" in t for t in texts) > 10


def test_no_state_shows_a_zero_or_infinite_hazard_ratio(shown):
    for (a, endpoint, compare, frame), view in shown:
        where = f"{a}, {endpoint}, {compare}, cases {sorted(frame['case_id'])}"
        hr_lines = [line for line in view.html.split("<br>") if "azard ratio" in line]
        for line in hr_lines:
            assert not re.search(r"\binf\b|\bnan\b|∞", line, flags=re.IGNORECASE), where
            if line.startswith("Hazard ratio "):
                numbers = [float(x.replace(",", "")) for x in re.findall(NUMBER, line)]
                assert len(numbers) >= 3, where
                assert all(0 < x < math.inf for x in numbers), (where, line)
        if "hazard_ratio" in view.numbers:
            assert 0 < view.numbers["hazard_ratio"] < math.inf, where


def test_every_monotone_state_says_why_and_gives_the_likelihood_ratio_test(shown):
    checked = 0
    for (_a, endpoint, compare, frame), view in shown:
        df = endpoint_frame(frame, endpoint=endpoint, cr_only=compare == "bridged")
        column = COMPARISONS[compare][0]
        event = f"{endpoint}_event"
        if df[column].nunique() < 2 or not df[event].any() or len(df) < 2:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", survival.SmallSampleWarning)
            hr = survival.cox_hazard_ratio(
                df, duration=f"{endpoint}_time", event=event, group=column, reference=False
            )
        if hr.estimable:
            assert "Hazard ratio " in view.html
            assert "No hazard ratio" not in view.html
        else:
            checked += 1
            assert "No hazard ratio:" in view.html
            assert "monotone likelihood" in view.html
            assert f"likelihood-ratio test still applies: {format_p_value(hr.lr_p_value)}" in (
                view.html
            )
            assert view.numbers["lr_p"] == hr.lr_p_value
            assert "hazard_ratio" not in view.numbers
    assert checked > 10


def test_dfs_with_non_responders_failing_at_day_0_has_no_hazard_ratio(patients, transplants):
    # Every non-responder fails at time 0; the one DFS event in CR comes later, when no
    # child without CR is still at risk: the estimate runs off to 0.
    board = SurvivalDashboard(patients, transplants)
    board.non_responders.value = "event_at_start"
    board.endpoint.value = "dfs"
    text = board.stats.value
    assert "Hazard ratio CR vs No CR:" not in text
    assert "every event in the CR group came when no child of the No CR group" in text
    assert "runs off to zero" in text
    assert not re.search(r"\b0\.00(?!\d)", text)


def test_a_group_without_events_is_named(patients, transplants):
    board = SurvivalDashboard(patients, transplants)
    board.compare.value = "bridged"
    assert "nobody in the Not bridged group had the event" in board.stats.value
    assert "runs off to infinity" in board.stats.value


def test_both_intervals_are_named(patients, transplants):
    # The default view: the Wald interval is labelled as such, the profile-likelihood
    # interval stands beside it, each with the limits cox_hazard_ratio computes.
    board = SurvivalDashboard(patients, transplants)
    line = next(x for x in board.stats.value.split("<br>") if x.startswith("Hazard ratio"))
    assert "95% Wald CI" in line
    assert "profile-likelihood 95% CI" in line


def test_no_hazard_ratio_gives_the_finite_end_of_the_profile_interval(patients, transplants):
    board = SurvivalDashboard(patients, transplants)
    board.compare.value = "bridged"  # runs off to infinity: the interval is open above
    assert "open at one end: from " in board.stats.value
    assert "upwards" in board.stats.value
    board.compare.value = "remission"
    board.non_responders.value = "event_at_start"
    board.endpoint.value = "dfs"  # runs off to zero: open below
    assert "open at one end: up to " in board.stats.value
