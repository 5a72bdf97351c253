"""helpers.consistency: published worked examples, this paper's numbers, errors and primitives.

The brute-force oracles and property tests are in test_consistency_oracles.py;
the free-text reader is tested in test_consistency_text.py.
"""

from __future__ import annotations

import csv
import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest

from helpers.consistency import (
    CONVENTIONS,
    ConsistencyInputError,
    check_text,
    debit,
    grim,
    grimmer,
    p_from_statistic,
    percent_possible,
    verdict,
)
from helpers.consistency._numbers import parse_reported, round_fraction, rounding_interval

COHORT = Path(__file__).resolve().parents[1] / "cohort_data"


def _rows(name: str) -> list[dict[str, str]]:
    with (COHORT / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- Published worked examples --------------------------------------------------------------


def test_grim_pigs1_agrees_with_scrutiny():
    # scrutiny README and tests/testthat/test-grim-map (Jung, lhdjung/scrutiny): grim_map(pigs1).
    pigs1 = [("7.22", 32), ("4.74", 25), ("5.23", 29), ("2.57", 24), ("6.77", 27), ("2.68", 28)]
    pigs1 += [("7.01", 29), ("7.38", 26), ("3.14", 27), ("6.89", 31), ("5.00", 25), ("0.24", 28)]
    expected = [True, False, False, False, False, True, False, True, False, False, True, False]
    assert [grim(x, n).consistent for x, n in pigs1] == expected


def test_grim_sequences_agree_with_scrutiny_tests():
    # scrutiny tests/testthat/test-grim.R: 5.19 to 5.30 with n = 28, and the `items` cases.
    means = [f"{5.19 + i / 100:.2f}" for i in range(12)]
    assert [grim(x, 28).consistent for x in means] == [
        False, False, True, False, False, False, True, False, False, False, True, False,
    ]  # fmt: skip
    means = [f"{0.150 + i / 1000:.3f}" for i in range(10)]
    assert [grim(x, 120, items=3).consistent for x in means] == [
        True, False, False, True, False, False, True, False, True, False,
    ]  # fmt: skip
    means = [f"{0.80 + i / 100:.2f}" for i in range(10)]
    assert [grim(x, 28, items=2).consistent for x in means] == [
        True, False, True, False, True, False, True, True, True, True,
    ]  # fmt: skip


def test_grim_examples_from_the_grim_literature():
    # scrutiny GRIM vignette: grim("5.27", 43) is FALSE.
    assert not grim("5.27", 43).consistent
    # Allard's Analytic-GRIMMER post, after Brown and Heathers: 3.45 from 10 people (34.5 / 10).
    assert not grim("3.45", 10).consistent
    # Wikipedia's GRIM example: 20 die rolls cannot average 3.48 (only X.X0 or X.X5).
    assert not grim("3.48", 20).consistent
    assert grim("3.45", 20).consistent


def test_grimmer_example_of_the_scrutiny_vignette():
    # scrutiny GRIMMER vignette: grimmer(x = "7.3", sd = "2.51", n = 12) is FALSE.
    result = grimmer("7.3", "2.51", 12)
    assert not result.consistent
    assert result.candidates == ()
    # Its GRIM step passes: 88/12 = 7.33; the SD is what fails.
    assert grim("7.3", 12).consistent


def test_debit_agrees_with_scrutiny():
    # scrutiny tests/testthat/test-debit.R: pigs3 with digits 2 and 2, n = 1683.
    pigs3 = [("0.53", "0.50"), ("0.44", "0.50"), ("0.77", "0.42"), ("0.19", "0.35")]
    pigs3 += [("0.34", "0.47"), ("0.93", "0.25"), ("0.12", "0.33")]
    assert [debit(x, sd, 1683).consistent for x, sd in pigs3] == [
        True, True, True, False, True, True, True,
    ]  # fmt: skip
    # The same file: formula "exact" rejects an SD that no binary sample has.
    assert not debit("0.05", "0.21", 20).consistent
    assert debit("0.05", "0.22", 20).consistent
    assert debit("0.50", "0.503", 100).consistent
    for mean in ("0.00", "1.00"):
        assert debit(mean, "0.00", 50).consistent
        assert not debit(mean, "0.50", 50).consistent
    # scrutiny DEBIT vignette: debit(x = "0.35", sd = "0.18", n = 20) is FALSE.
    assert not debit("0.35", "0.18", 20).consistent


def test_debit_reconstructs_the_counts_of_pigs3():
    # scrutiny test-debit.R: for 0.53 in 1683, the ones number 884 to 900 (0.525 to 0.535).
    result = debit("0.53", "0.50", 1683)
    assert result.candidates == tuple(range(884, 901))


def test_percentages_agree_with_scrutiny():
    # scrutiny test-grim.R: 6% to 16% of 50 alternate possible / impossible (2% steps).
    assert [percent_possible(str(p), 50).consistent for p in range(6, 17)] == [
        True, False, True, False, True, False, True, False, True, False, True,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "statistic", "df"),
    [
        ("t(28) = 2.20, p = .06", ("t", "2.20", ".06"), 28),
        ("t(28) = 1.20, p = .03", ("t", "1.20", ".03"), 28),
        ("F(2, 28) = 22.20, p = .06", ("F", "22.20", ".06"), (2, 28)),
        ("F(2, 28) = 2.20, p = .03", ("F", "2.20", ".03"), (2, 28)),
        ("r(28) = .22, p = .03", ("r", ".22", ".03"), 28),
        ("r(28) = .52, p = .06", ("r", ".52", ".06"), 28),
        ("chi2(28) = 2.20, p = .03", ("chi2", "2.20", ".03"), 28),
        ("chi2(28) = 52.20, p = .06", ("chi2", "52.20", ".06"), 28),
        ("z = 1.20, p = .03", ("z", "1.20", ".03"), None),
        ("z = 2.20, p = .06", ("z", "2.20", ".06"), None),
    ],
)
def test_statcheck_decision_errors(text, statistic, df):
    # statcheck tests/testthat/test-decisionerror.R: every one of these is a decision error.
    result = p_from_statistic(*statistic, df=df)
    assert not result.consistent, text
    assert result.decision_error, text


def test_statcheck_error_with_a_comparison():
    # statcheck tests/testthat/test-error.R: "t(48) = 1.02, p < .05" is an error and a
    # decision error.
    result = p_from_statistic("t", "1.02", "< .05", df=48)
    assert (result.consistent, result.decision_error) == (False, True)


def test_p_inconsistency_without_decision_error():
    # t(28) = 2.20 gives p = 0.036; printed .01 is wrong but on the same side of 0.05.
    result = p_from_statistic("t", "2.20", ".01", df=28)
    assert not result.consistent
    assert not result.decision_error
    assert "does not change" in result.explanation


# --- This paper's numbers (Xie et al. 2023) ---------------------------------------------------


def test_table1_percentages():
    # Table 1 prints "n (%)" of 33 children; three percentages no count of 33 can give.
    verdicts = {
        (row["section"], row["category"]): percent_possible(row["pct"], 33, count=int(row["n"]))
        for row in _rows("baseline_published.csv")
    }
    impossible = {key for key, result in verdicts.items() if not result.consistent}
    assert impossible == {("sex", "Male"), ("blasts_pre", "> 50"), ("relapse_site", "Marrow")}
    # "21 (63.7)": no k of 33 gives 63.7 % at all (21 gives 63.64 %, 22 gives 66.67 %).
    assert not percent_possible("63.7", 33).consistent
    assert percent_possible("63.7", 33).conventions == ()
    assert len(verdicts) == 19


def test_results_text_sex_percentages():
    # Results 3.1: "21 male (63.6%) and 11 female (36.4%)" of 33.
    assert percent_possible("63.6", 33, count=21).consistent
    female = percent_possible("36.4", 33, count=11)
    assert not female.consistent  # 11/33 is 33.3 %; 36.4 % is 12 of 33
    assert percent_possible("36.4", 33).candidates == range(12, 13)
    assert "12" in female.explanation


def test_survival_percentage_in_cr_fits_only_truncation():
    # Abstract and Results 3.2: "96.1% (25/26)"; 25/26 = 96.15 %, which rounds to 96.2 %.
    result = percent_possible("96.1", 26, count=25)
    assert not result.consistent
    assert result.conventions == ("truncation",)
    # The count given is the one that truncates: the text says so, not "printed wrongly".
    assert result.message == "percent.truncated"
    assert "cutting off the extra digits" in result.explanation
    assert "printed wrongly" not in result.explanation
    assert percent_possible("96.1", 26, count=25, rounding="truncation").consistent


def test_table6_z_and_p_agree():
    # Table 6: Wilcoxon Z and P for the humoral markers; every p follows from its Z.
    rows = _rows("humoral_immunity.csv")
    assert len(rows) == 5
    for row in rows:
        result = p_from_statistic("z", row["z"], row["p"])
        assert result.consistent, row
        assert not result.decision_error
        low, high = result.p_range
        assert low <= result.p_recomputed <= high


def test_means_printed_with_sd():
    # Methods 2.1: age 7.6 ± 3.7 years (if ages were whole years); Discussion: course
    # 16.3 ± 4.4 days; both of 33 children.
    for mean, sd in (("7.6", "3.7"), ("16.3", "4.4")):
        result = grimmer(mean, sd, 33)
        assert result.consistent
        assert grim(mean, 33).consistent
        assert "cannot catch" in grim(mean, 33).explanation  # 33 values, one decimal


# --- Errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: grim(7.6, 33), "as text"),
        (lambda: grim("7,6", 33), 'such as "7.60"'),
        (lambda: grim("about 7", 33), "expected a plain decimal"),
        (lambda: grim("7.6", 0), "at least 1"),
        (lambda: grim("7.6", "thirty"), "whole number"),
        (lambda: grim("7.6", 2.5), "whole number"),
        (lambda: grim("7.6", True), "whole number"),
        (lambda: grim("7.6", 33, items=0), "number of items"),
        (lambda: grim("7.6", 33, scale=(1, 5)), "outside the scale"),
        (lambda: grim("0.5", 33, scale=(1, 5)), "outside the scale"),
        (lambda: grim("3.0", 33, scale=(5, 1)), "below its highest"),
        (lambda: grim("3.0", 33, scale="1-5"), "pair"),
        (lambda: grim("3.0", 33, rounding="banker's"), "unknown rounding"),
        (lambda: grimmer("7.6", "-3.7", 33), "cannot be negative"),
        (lambda: grimmer("7.6", "3.7", 1), "at least 2"),
        (lambda: debit("1.35", "0.18", 20), "between 0 and 1"),
        (lambda: debit("0.35", "-0.18", 20), "cannot be negative"),
        (lambda: percent_possible("100.1", 33), "above 100"),
        (lambda: percent_possible("-2", 33), "cannot be negative"),
        (lambda: percent_possible("50", 10, count=11), "larger than n"),
        (lambda: p_from_statistic("w", "1.2", "0.2"), "unknown test"),
        (lambda: p_from_statistic("t", "2.1", ".04"), "degrees of freedom"),
        (lambda: p_from_statistic("t", "2.1", ".04", df=(2, 3)), "one number"),
        (lambda: p_from_statistic("t", "2.1", ".04", df=-3), "positive"),
        (lambda: p_from_statistic("F", "3.4", ".046", df=30), "pair"),
        (lambda: p_from_statistic("F", "-3.4", ".046", df=(2, 30)), "cannot be negative"),
        (lambda: p_from_statistic("z", "1.6", ".1", df=10), "no degrees of freedom"),
        (lambda: p_from_statistic("r", "1.2", ".04", df=31), "between -1 and 1"),
        (lambda: p_from_statistic("z", "1.6", "1.2"), "above 1"),
        (lambda: p_from_statistic("z", "1.6", "p ~ .1"), "could not read the p-value"),
        (lambda: p_from_statistic("z", "1.6", ".1", tails=3), "tails"),
        (lambda: p_from_statistic("chi2", "3.9", ".048", df=1, tails=1), "upper tail"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ConsistencyInputError, match=message):
        call()


def test_input_error_is_a_value_error():
    assert issubclass(ConsistencyInputError, ValueError)


# --- Primitives and the result objects --------------------------------------------------------


def test_reported_numbers_keep_their_decimals():
    assert parse_reported("7.60", "mean").decimals == 2
    assert parse_reported("7.6", "mean").decimals == 1
    assert parse_reported("8", "mean").decimals == 0
    assert parse_reported(".04", "p").value == Fraction(1, 25)
    assert parse_reported("\u22121.25", "z").value == Fraction(-5, 4)  # a typeset minus


def test_trailing_zero_changes_the_verdict():
    # 7.6 fits any n (one decimal, n = 33), 7.60 does not: 251/33 = 7.606 -> 7.61.
    assert grim("7.6", 33).consistent
    assert not grim("7.60", 33).consistent


def test_rounding_conventions_on_a_tie():
    eighth = Fraction(1, 8)  # 0.125
    assert {c: round_fraction(eighth, 2, c) for c in CONVENTIONS} == {
        "half up": Fraction(13, 100),
        "half down": Fraction(12, 100),
        "half even": Fraction(12, 100),
        "truncation": Fraction(12, 100),
    }
    assert round_fraction(Fraction(-1, 8), 2, "half up") == Fraction(-13, 100)
    assert round_fraction(Fraction(3, 8), 2, "half even") == Fraction(38, 100)


def test_rounding_interval_of_a_printed_zero_covers_both_signs():
    zero = parse_reported("0.0", "mean")
    band = rounding_interval(zero, "half up")
    assert (band.lo, band.hi) == (Fraction(-1, 20), Fraction(1, 20))
    assert Fraction(-1, 20) not in band  # -0.05 rounds away from zero to -0.1
    assert Fraction(0) in rounding_interval(zero, "truncation", nonnegative=True)


def test_grim_lists_conventions_and_sums():
    # 1/8 = 0.125 of 8 people: 0.13 only by half up; 0.12 by the others.
    up = grim("0.13", 8)
    assert up.conventions == ("half up",)
    assert up.candidates == range(1, 2)
    down = grim("0.12", 8)
    assert down.conventions == ("half down", "half even", "truncation")
    assert down.consistent
    assert not grim("0.12", 8, rounding="half up").consistent


def test_results_are_frozen():
    result = grim("7.6", 33)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.consistent = False  # type: ignore[misc]


def test_explanations_name_the_numbers():
    impossible = grim("5.19", 28)
    assert "145/28 = 5.1786" in impossible.explanation
    assert "146/28 = 5.2143" in impossible.explanation
    assert "7 of 20 coded 1" in debit("0.35", "0.18", 20).explanation
    assert "21 of 33 (63.636%)" in percent_possible("63.7", 33).explanation
    assert "significant" in p_from_statistic("t", "2.20", ".06", df=28).explanation
    one_sided = p_from_statistic("t", "1.9", ".04", df=28)
    assert not one_sided.consistent
    assert "one-sided" in one_sided.explanation


def test_grimmer_with_items_and_scale():
    # Two items per person on a 1-5 scale: totals per person 2-10; n = 3.
    result = grimmer("3.00", "1.00", 3, items=2, scale=(1, 5))
    # Person totals 4, 6, 8: mean 6/2 = 3.00, SD of (2, 3, 4) = 1.00.
    assert result.consistent
    assert any(k == 18 and 116 in squares for k, squares in result.candidates)


def test_grimmer_on_a_scale_knows_the_largest_possible_sd():
    # Ten answers on 1-7 with mean 4.0: the SD is at most that of five 1s and five 7s, 3.16.
    # Just below, the scale leaves a gap: the next spread is 7, 7, 7, 7, 6, 2, 1, 1, 1, 1
    # (sum of squares 240, SD 2.98), so an SD of 3.1 is impossible although the parity and
    # range conditions of Analytic-GRIMMER allow it (sums of squares 244-248).
    assert grimmer("4.0", "3.0", 10, scale=(1, 7)).consistent
    top = grimmer("4.0", "3.2", 10, scale=(1, 7))
    assert [(k, tuple(squares)) for k, squares in top.candidates] == [(40, (250,))]
    gap = grimmer("4.0", "3.1", 10, scale=(1, 7))
    assert not gap.consistent
    assert gap.conventions == ("truncation",)  # 3.16 cut off to 3.1
    assert "on a scale from 1 to 7" in gap.explanation
    assert not grimmer("4.0", "3.3", 10, scale=(1, 7)).consistent
    assert grimmer("4.0", "3.3", 10).consistent  # without the scale it is possible


def test_grimmer_large_search_says_when_it_was_cut_short():
    result = grimmer("4.0", "2", 1000, scale=(1, 7))
    assert result.consistent
    assert "cut short" in result.explanation


@pytest.mark.parametrize(
    ("text", "said", "message"),
    [
        ("96.1% of 26", "possible only by truncation", "percent.truncated"),
        ("63.7% of 33", "impossible", "percent.impossible"),
        ("Z = 1.96, p = 0.025", "possible only as a one-sided p-value", "p.disagrees"),
        (
            "binary 0.35 ± 0.48, n = 20",
            "possible only with the population SD (divisor n)",
            "debit.impossible.sd",
        ),
        ("binary 0.35 ± 0.18, n = 20", "impossible", "debit.impossible.sd"),
    ],
)
def test_innocent_readings_get_their_own_verdict(text, said, message):
    result = check_text(text).result
    assert verdict(result) == said
    assert result.message == message


def test_truncated_percentage_names_the_cut_off_share():
    text = percent_possible("96.1", 26).explanation
    assert "25 of 26 is 96.154%, cut to 96.1%" in text
    assert "printed wrongly" not in text


def test_impossible_percentage_names_hand_adjustment():
    text = percent_possible("51.6", 33).explanation
    assert "rounded twice" in text
    assert "adds up to 100%" in text


def test_population_sd_reading_gives_its_sd():
    text = debit("0.35", "0.48", 20).explanation
    assert "an SD of 0.477" in text  # sqrt(0.35 * 0.65)
    assert debit("0.35", "0.48", 20).candidates == ()


def test_grimmer_says_when_the_mean_cannot_fail():
    assert "cannot catch an error" in grimmer("7.6", "3.7", 33).explanation
    assert "cannot catch an error" not in grimmer("7.60", "3.70", 33).explanation
