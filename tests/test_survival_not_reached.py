"""Median tables for readers: a time not reached is "NR", never NaN (issue 14, point 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.survival import (
    format_not_reached,
    median_follow_up,
    median_survival,
    survival_quantiles,
)

OS = {"duration": "os_time", "event": "os_event", "group": "complete_remission"}


def test_the_no_remission_median_of_the_cohort_shows_nr(frame):
    medians = median_survival(frame, **OS)
    shown = format_not_reached(medians).set_index("group")
    numeric = medians.set_index("group")
    assert np.isnan(numeric.loc["False", "ci_upper"])
    assert shown.loc["False", "ci_upper"] == "NR"
    for column in ("median", "ci_lower"):
        assert shown.loc["False", column] == f"{numeric.loc['False', column]:.1f}"
    # The children in remission never reach 50 %: their median and upper limit are NR.
    assert np.isnan(numeric.loc["True", "median"])
    assert shown.loc["True", "median"] == "NR"


def test_every_time_column_is_text_and_the_input_is_unchanged(frame):
    quantiles = survival_quantiles(frame, **OS)
    before = quantiles.copy()
    shown = format_not_reached(quantiles, decimals=2)
    pd.testing.assert_frame_equal(quantiles, before)
    assert shown["probability"].tolist() == quantiles["probability"].tolist()
    for column in ("time", "ci_lower", "ci_upper"):
        for value, text in zip(quantiles[column], shown[column], strict=True):
            assert text == ("NR" if np.isnan(value) else f"{value:.2f}")
    assert "NR" in set(shown[["time", "ci_lower", "ci_upper"]].to_numpy().ravel())


@pytest.mark.parametrize("decimals", [0, 1, 3])
def test_median_follow_up_not_reached_is_nr(decimals):
    # Arm B: one child alive at 2 of 4, the others died; its reverse curve (censoring as
    # the event) stops at 2/3: the median follow-up is not reached.
    df = pd.DataFrame(
        {
            "t": [1.0, 2, 3, 4, 1, 2, 3, 4],
            "died": [False, False, True, False, True, False, True, True],
            "arm": list("AAAABBBB"),
        }
    )
    follow_up = median_follow_up(df, duration="t", event="died", group="arm")
    shown = format_not_reached(follow_up, decimals=decimals).set_index("group")
    numeric = follow_up.set_index("group")["median_follow_up"]
    for arm, value in numeric.items():
        expected = "NR" if np.isnan(value) else f"{value:.{decimals}f}"
        assert shown.loc[arm, "median_follow_up"] == expected
    assert shown["n"].tolist() == follow_up["n"].tolist()
    assert np.isnan(numeric["B"])
    assert np.isfinite(numeric["A"])
    assert shown.loc["B", "median_follow_up"] == "NR"
