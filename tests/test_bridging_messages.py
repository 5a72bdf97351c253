"""The landmark comparison's messages read right for no child, one child and several.

The landmark view used to say "Only 0 child transplanted by 0.5 months"
(issues 12 and 13): counts go through :func:`helpers._format.children`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from helpers.bridging import landmark as landmark_module
from helpers.bridging import landmark_comparison
from helpers.widgets import landmark_view


def cohort(hsct_times: list[float]) -> pd.DataFrame:
    """Children in CR, one per transplant time (NaN: never transplanted), each with an event."""
    n = len(hsct_times)
    return pd.DataFrame(
        {
            "complete_remission": [True] * n,
            "bridged": [not np.isnan(t) for t in hsct_times],
            "os_time": [10.0 + i for i in range(n)],
            "os_event": [True] * n,
            "hsct_time": hsct_times,
        }
    )


NAN = float("nan")


@pytest.mark.parametrize(
    ("hsct_times", "expected"),
    [
        (
            [3.0, 3.0, NAN, NAN],
            "No child was transplanted by 2 months: there is no one to compare.",
        ),
        (
            [1.0, 3.0, NAN, NAN],
            "Only 1 child transplanted by 2 months: too few to compare.",
        ),
        (
            [1.0, 1.0, 1.0],
            "Every child still followed was transplanted by 2 months: "
            "there is no one to compare with.",
        ),
        (
            [1.0, 1.0, NAN],
            "Only 1 child not transplanted by 2 months: too few to compare.",
        ),
    ],
)
def test_landmark_message_for_zero_and_one(hsct_times, expected):
    result = landmark_comparison(cohort(hsct_times), landmark=2.0)
    assert result.message == expected
    assert np.isnan(result.p_value)


def test_landmark_message_for_several(monkeypatch):
    monkeypatch.setattr(landmark_module, "MIN_GROUP", 5)
    result = landmark_comparison(cohort([1.0, 1.0, 1.0, NAN, NAN, NAN, NAN, NAN]), landmark=2.0)
    assert result.message == "Only 3 children transplanted by 2 months: too few to compare."
    result = landmark_comparison(cohort([1.0] * 6 + [NAN, NAN]), landmark=2.0)
    assert result.message == "Only 2 children not transplanted by 2 months: too few to compare."


def test_landmark_view_never_says_zero_child(frame):
    for landmark in np.arange(0.0, 6.0, 0.05):
        html = landmark_view(frame, landmark=float(landmark)).html
        assert not re.search(r"\b0 child\b", html)
        assert not re.search(r"\b1 children\b", html)
        assert "(s)" not in html
    assert "No child was transplanted by 0.15 months" in landmark_view(frame, landmark=0.15).html
