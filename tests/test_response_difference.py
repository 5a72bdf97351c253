"""rate_difference against Newcombe's published examples and Fisher's test by hand."""

from __future__ import annotations

import math

import pytest

from helpers.response_difference import rate_difference


@pytest.mark.parametrize(
    ("counts", "lower", "upper"),
    [
        # Newcombe 1998, Table II, method 10 (hybrid score, no continuity correction).
        ((56, 70, 48, 80), 0.0524, 0.3339),
        ((9, 10, 3, 10), 0.1705, 0.8090),
        ((6, 7, 2, 7), 0.0582, 0.8062),
        ((5, 56, 0, 29), -0.0381, 0.1926),
    ],
)
def test_newcombe_intervals_match_the_published_table(counts, lower, upper):
    d = rate_difference(*counts)
    assert d.ci_lower == pytest.approx(lower, abs=5e-5)
    assert d.ci_upper == pytest.approx(upper, abs=5e-5)
    assert d.ci_lower < d.difference < d.ci_upper


def test_fisher_p_by_hand_on_a_tiny_table():
    # 3/3 against 0/3: the observed table is one of the two most extreme of the
    # hypergeometric(6, 3, 3) tables, each with probability 1/C(6,3) = 1/20.
    d = rate_difference(3, 3, 0, 3)
    assert d.p_value == pytest.approx(2 / math.comb(6, 3))
    assert d.difference == 1.0


def test_equal_rates_give_p_one_and_an_interval_around_zero():
    d = rate_difference(10, 20, 10, 20)
    assert d.p_value == pytest.approx(1.0)
    assert d.ci_lower < 0 < d.ci_upper
    assert d.ci_lower == pytest.approx(-d.ci_upper)


def test_swapping_the_groups_mirrors_the_difference():
    a, b = rate_difference(26, 33, 69, 110), rate_difference(69, 110, 26, 33)
    assert b.difference == pytest.approx(-a.difference)
    assert (b.ci_lower, b.ci_upper) == pytest.approx((-a.ci_upper, -a.ci_lower))
    assert b.p_value == pytest.approx(a.p_value)


def test_text_names_counts_interval_and_p():
    text = str(rate_difference(9, 10, 3, 10))
    assert text == (
        "9/10 vs 3/10: difference 60.0 percentage points (95% CI 17.1 to 80.9); "
        "Fisher's exact p = 0.020"
    )


@pytest.mark.parametrize("counts", [(5, 4, 1, 2), (-1, 4, 1, 2), (1, 0, 1, 2), (1.5, 4, 1, 2)])
def test_bad_counts_are_rejected(counts):
    with pytest.raises(ValueError, match=r"successes|n must"):
        rate_difference(*counts)
