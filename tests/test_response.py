"""Tests for helpers.response: intervals checked against formulas written out by hand."""

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import response
from helpers.marrow import mrd_negative, paired_summary
from helpers.response import ProportionCI, proportion_ci, rate_table

ALPHA = 0.05


def clopper_pearson_by_hand(x, n, a=ALPHA):
    """Beta-quantile form of the exact interval (Clopper & Pearson 1934)."""
    lower = 0.0 if x == 0 else stats.beta.ppf(a / 2, x, n - x + 1)
    upper = 1.0 if x == n else stats.beta.ppf(1 - a / 2, x + 1, n - x)
    return lower, upper


def wilson_by_hand(x, n, a=ALPHA):
    """Closed-form Wilson score interval without continuity correction."""
    z = stats.norm.ppf(1 - a / 2)
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


# --- proportion_ci ---------------------------------------------------------


def test_clopper_pearson_26_of_33_matches_beta_quantiles():
    # 26/33 complete remissions: Xie et al. 2023, abstract and section 3.2.
    ci = proportion_ci(26, 33)
    lower = stats.beta.ppf(ALPHA / 2, 26, 33 - 26 + 1)
    upper = stats.beta.ppf(1 - ALPHA / 2, 26 + 1, 33 - 26)
    assert ci.proportion == pytest.approx(26 / 33)
    assert ci.ci_lower == pytest.approx(lower, abs=1e-10)
    assert ci.ci_upper == pytest.approx(upper, abs=1e-10)
    assert (round(ci.ci_lower, 3), round(ci.ci_upper, 3)) == (0.611, 0.910)
    assert ci.method == "clopper-pearson"
    assert ci.confidence_level == pytest.approx(0.95)


@pytest.mark.parametrize(("x", "n"), [(26, 33), (10, 11), (16, 22), (1, 7), (69, 110)])
def test_clopper_pearson_other_counts(x, n):
    ci = proportion_ci(x, n)
    assert (ci.ci_lower, ci.ci_upper) == pytest.approx(clopper_pearson_by_hand(x, n), abs=1e-10)


@pytest.mark.parametrize(("x", "n"), [(26, 33), (10, 11), (1, 7), (0, 10), (10, 10)])
def test_wilson_matches_closed_formula(x, n):
    ci = proportion_ci(x, n, method="wilson")
    assert (ci.ci_lower, ci.ci_upper) == pytest.approx(wilson_by_hand(x, n), abs=1e-10)
    assert ci.method == "wilson"


def test_alpha_changes_the_level():
    ci90 = proportion_ci(26, 33, alpha=0.10)
    assert (ci90.ci_lower, ci90.ci_upper) == pytest.approx(
        clopper_pearson_by_hand(26, 33, 0.10), abs=1e-10
    )
    assert (
        ci90.ci_upper - ci90.ci_lower
        < proportion_ci(26, 33).ci_upper - proportion_ci(26, 33).ci_lower
    )


@pytest.mark.parametrize("method", ["clopper-pearson", "wilson"])
def test_edge_zero_successes(method):
    ci = proportion_ci(0, 7, method=method)
    assert ci.proportion == 0
    assert ci.ci_lower == pytest.approx(0, abs=1e-12)
    assert 0 < ci.ci_upper < 1


@pytest.mark.parametrize("method", ["clopper-pearson", "wilson"])
def test_edge_all_successes(method):
    ci = proportion_ci(11, 11, method=method)
    assert ci.proportion == 1
    assert ci.ci_upper == pytest.approx(1, abs=1e-12)
    assert 0 < ci.ci_lower < 1


def test_exact_edge_values_by_formula():
    # x = 0: upper = 1 - (a/2)^(1/n); x = n: lower = (a/2)^(1/n).
    n = 15
    assert proportion_ci(0, n).ci_upper == pytest.approx(1 - (ALPHA / 2) ** (1 / n))
    assert proportion_ci(n, n).ci_lower == pytest.approx((ALPHA / 2) ** (1 / n))


def test_result_is_frozen_and_accepts_numpy_and_integral_floats():
    ci = proportion_ci(np.int64(26), 33.0)
    assert isinstance(ci, ProportionCI)
    assert (ci.successes, ci.n) == (26, 33)
    with pytest.raises(AttributeError):
        ci.n = 34  # type: ignore[misc]


@pytest.mark.parametrize(
    ("x", "n", "match"),
    [
        (1, 0, "n must be at least 1"),
        (0, -3, "n must be at least 1"),
        (-1, 10, "between 0 and n=10"),
        (11, 10, "between 0 and n=10"),
        (2.5, 10, "successes must be a whole number"),
        (2, 10.5, "n must be a whole number"),
        (float("nan"), 10, "successes must be a whole number"),
        ("3", 10, "successes must be a whole number"),
        (True, 10, "boolean"),
    ],
)
def test_proportion_ci_errors(x, n, match):
    with pytest.raises(ValueError, match=match):
        proportion_ci(x, n)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "exact"}, "method must be one of"),
        ({"alpha": 0}, "alpha must be"),
        ({"alpha": 1.2}, "alpha must be"),
    ],
)
def test_proportion_ci_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        proportion_ci(3, 10, **kwargs)


# --- rate_table --------------------------------------------------------------


@pytest.fixture
def cohort():
    return pd.DataFrame(
        {
            "cr": [True, True, False, True, False, True, True],
            "status": ["relapsed", "refractory", "relapsed", "relapsed", "refractory", "x", "x"],
        }
    )


def test_rate_table_overall(cohort):
    table = rate_table(cohort, outcome="cr")
    assert list(table.columns) == ["group", "n", "events", "proportion", "ci_lower", "ci_upper"]
    assert table.to_dict("records")[0]["group"] == "All"
    ci = proportion_ci(5, 7)
    row = table.iloc[0]
    assert (row["n"], row["events"]) == (7, 5)
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((ci.ci_lower, ci.ci_upper))


def test_rate_table_groups_sorted_regardless_of_row_order(cohort):
    table = rate_table(cohort, outcome="cr", by="status", method="wilson")
    shuffled = rate_table(cohort.iloc[::-1], outcome="cr", by="status", method="wilson")
    pd.testing.assert_frame_equal(table, shuffled)
    assert table["group"].tolist() == ["refractory", "relapsed", "x"]
    assert table["n"].tolist() == [2, 3, 2]
    assert table["events"].tolist() == [1, 2, 2]
    wil = proportion_ci(2, 3, method="wilson")
    assert table.loc[1, "ci_lower"] == pytest.approx(wil.ci_lower)


def test_rate_table_categorical_order(cohort):
    cat = cohort.assign(
        status=pd.Categorical(
            cohort["status"], categories=["x", "relapsed", "refractory", "unused"]
        )
    )
    table = rate_table(cat, outcome="cr", by="status")
    assert table["group"].tolist() == ["x", "relapsed", "refractory"]


def test_rate_table_nullable_boolean(cohort):
    table = rate_table(cohort.astype({"cr": "boolean"}), outcome="cr")
    assert table.loc[0, "events"] == 5


@pytest.mark.parametrize(
    ("frame", "kwargs", "match"),
    [
        (pd.DataFrame({"cr": [1, 0, 1]}), {"outcome": "cr"}, "'cr' must be boolean"),
        (pd.DataFrame({"cr": ["Y", "N"]}), {"outcome": "cr"}, "'cr' must be boolean"),
        (
            pd.DataFrame({"cr": pd.array([True, None], dtype="boolean")}),
            {"outcome": "cr"},
            "'cr' has 1 missing",
        ),
        (pd.DataFrame({"cr": [True]}), {"outcome": "remission"}, "'remission'"),
        (
            pd.DataFrame({"cr": [True, False], "g": ["a", None]}),
            {"outcome": "cr", "by": "g"},
            "'g'",
        ),
        (pd.DataFrame({"cr": pd.Series([], dtype=bool)}), {"outcome": "cr"}, "empty"),
    ],
)
def test_rate_table_errors(frame, kwargs, match):
    with pytest.raises(ValueError, match=match):
        rate_table(frame, **kwargs)


# --- paired_summary ----------------------------------------------------------


def test_paired_summary_numbers():
    df = pd.DataFrame(
        {
            "pre": [40.0, 27.0, 0.01, 90.9, 5.1, np.nan],
            "post": [0.01, 0.01, 0.01, 94.7, 0.01, 3.0],
        }
    )
    s = paired_summary(df, before="pre", after="post")
    assert len(s) == 1
    row = s.iloc[0]
    x = np.array([40.0, 27.0, 0.01, 90.9, 5.1])
    y = np.array([0.01, 0.01, 0.01, 94.7, 0.01])
    assert (row["n"], row["n_excluded"], row["n_zero_differences"]) == (5, 1, 1)
    assert row["before_median"] == pytest.approx(27.0)
    # Linear interpolation (numpy default): P25 at position 1 of the sorted values.
    assert row["before_p25"] == pytest.approx(np.sort(x)[1])
    assert row["before_p75"] == pytest.approx(np.sort(x)[3])
    assert row["after_median"] == pytest.approx(0.01)
    assert row["change_median"] == pytest.approx(np.median(y - x))
    # Zero difference discarded ("wilcox"): ranks of |d| = 5.09, 26.99, 3.8, 39.99 -> T+ = 1.
    assert row["wilcoxon_statistic"] == pytest.approx(1.0)
    expected = stats.wilcoxon(np.round(y - x, 10), zero_method="wilcox").pvalue
    assert row["p_value"] == pytest.approx(expected)
    assert row["p_value"] == pytest.approx(0.25)  # exact: 2 * 2/16


def test_paired_summary_quartiles_interpolate():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [2.0, 3.0, 5.0, 4.0]})
    row = paired_summary(df, before="a", after="b").iloc[0]
    assert (row["before_p25"], row["before_median"], row["before_p75"]) == pytest.approx(
        (1.75, 2.5, 3.25)
    )


def test_paired_summary_pratt_differs_when_zeros():
    df = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6, 7], "b": [1.0, 2, 4, 6, 8, 10, 12]})
    # Normal approximation: Pratt keeps the zeros in the ranking, so the z differs.
    opts = {"before": "a", "after": "b", "method": "asymptotic"}
    wil = paired_summary(df, **opts).iloc[0]
    pra = paired_summary(df, zero_method="pratt", **opts).iloc[0]
    assert wil["n_zero_differences"] == 2
    assert wil["p_value"] != pytest.approx(pra["p_value"])


def test_paired_summary_all_zero_differences_gives_nan_without_warning():
    df = pd.DataFrame({"a": [0.01, 0.01, 0.01], "b": [0.01, 0.01, 0.01]})
    row = paired_summary(df, before="a", after="b").iloc[0]
    assert row["n_zero_differences"] == 3
    assert math.isnan(row["p_value"])
    assert math.isnan(row["wilcoxon_statistic"])


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"a": [1.0]}), "'b'"),
        (pd.DataFrame({"a": ["1"], "b": [2.0]}), "'a' must be numeric"),
        (pd.DataFrame({"a": [True], "b": [2.0]}), "'a' must be numeric"),
        (pd.DataFrame({"a": [np.nan], "b": [2.0]}), "no child has both"),
    ],
)
def test_paired_summary_errors(frame, match):
    with pytest.raises(ValueError, match=match):
        paired_summary(frame, before="a", after="b")


# --- mrd_negative ------------------------------------------------------------


def test_mrd_negative_floor_assumption():
    values = pd.Series([0.01, 0.15, 94.7, 0.009, 0.0], index=[10, 11, 12, 13, 14], name="mrd")
    inclusive = mrd_negative(values)
    literal = mrd_negative(values, inclusive=False)
    assert inclusive.dtype == bool
    assert inclusive.index.tolist() == [10, 11, 12, 13, 14]
    assert inclusive.tolist() == [True, False, False, True, True]
    assert literal.tolist() == [False, False, False, True, True]


def test_mrd_negative_table2_literal_definition_finds_nobody():
    # Table 2 post-blinatumomab MRD (%) for cases 1-8: the printed floor is 0.01.
    post = [0.01, 0.15, 0.01, 94.7, 0.01, 0.01, 83.6, 2.36]
    assert mrd_negative(post).sum() == 4
    assert mrd_negative(post, inclusive=False).sum() == 0


def test_mrd_negative_threshold():
    assert mrd_negative([0.05, 0.5], threshold=0.1).tolist() == [True, False]


@pytest.mark.parametrize(
    ("values", "kwargs", "match"),
    [
        ([0.01, np.nan], {}, "1 missing"),
        ([-0.1], {}, r"\[0, 100\]"),
        ([101.0], {}, r"\[0, 100\]"),
        (["0.01"], {}, "must be numeric"),
        ([0.01], {"threshold": 0}, "threshold"),
    ],
)
def test_mrd_negative_errors(values, kwargs, match):
    with pytest.raises(ValueError, match=match):
        mrd_negative(values, **kwargs)


def test_docstring_examples_run():
    result = doctest.testmod(response, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
