"""Tests for helpers.survival and helpers.survival.timevarying.

Hand-computed values are written as fractions with the arithmetic in a comment;
everything else is checked against lifelines 0.30.3 on seeded random cohorts.
"""

from __future__ import annotations

import doctest
import importlib
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import logrank_test, multivariate_logrank_test
from lifelines.utils import median_survival_times

from helpers import survival
from helpers.survival import (
    HazardRatioResult,
    SmallSampleWarning,
    at_risk_table,
    cox_hazard_ratio,
    kaplan_meier,
    landmark,
    logrank,
    logrank_statistics,
    median_survival,
    permutation_logrank,
    simulate_power,
    survival_at,
    time_varying_cox,
    to_counting_process,
)

# The modules themselves (``helpers.survival.logrank`` the attribute is the function).
survival_cox = importlib.import_module("helpers.survival.cox")
survival_likelihood = importlib.import_module("helpers.survival._likelihood")
survival_km = importlib.import_module("helpers.survival.km")
survival_logrank = importlib.import_module("helpers.survival.logrank")
survival_quantiles = importlib.import_module("helpers.survival.quantiles")
survival_power = importlib.import_module("helpers.survival.power")
survival_timevarying = importlib.import_module("helpers.survival.timevarying")

Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)


@pytest.fixture
def tiny() -> pd.DataFrame:
    """Six subjects with a tie of two events and a censoring at t=3."""
    return pd.DataFrame({"months": [1, 2, 3, 3, 3, 6], "died": [1, 0, 1, 1, 0, 0]})


@pytest.fixture
def two_arms() -> pd.DataFrame:
    """Arm A: (1,+) (3,+) (5,c); arm B: (3,+) (4,c) (6,+) - '+' event, 'c' censored."""
    return pd.DataFrame(
        {
            "months": [1, 3, 5, 3, 4, 6],
            "died": [1, 1, 0, 1, 0, 1],
            "arm": ["A", "A", "A", "B", "B", "B"],
        }
    )


def random_cohort(seed: int, n: int = 80, groups: tuple[str, ...] = ("ctl", "trt")) -> pd.DataFrame:
    """Continuous durations (no exact 0.5 steps), about 60% events."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "t": rng.exponential(10.0, n).round(3) + 0.001,
            "e": (rng.random(n) < 0.6).astype(int),
            "g": rng.choice(list(groups), n),
        }
    )


# --------------------------------------------------------------------------- Kaplan-Meier


def test_kaplan_meier_by_hand(tiny):
    km = kaplan_meier(tiny, duration="months", event="died")
    assert list(km.columns) == [
        "group",
        "time",
        "at_risk",
        "events",
        "censored",
        "survival",
        "ci_lower",
        "ci_upper",
    ]
    assert (km["group"] == "All").all()
    assert km["time"].tolist() == [0.0, 1.0, 2.0, 3.0, 6.0]
    assert km["at_risk"].tolist() == [6, 6, 5, 4, 1]
    assert km["events"].tolist() == [0, 1, 0, 2, 0]
    assert km["censored"].tolist() == [0, 0, 1, 1, 1]
    # S(1) = 5/6; S(2) = 5/6 (censoring only); S(3) = 5/6 * (1 - 2/4) = 5/12; S(6) = 5/12
    expected = [1, 5 / 6, 5 / 6, 5 / 6 * 2 / 4, 5 / 12]
    np.testing.assert_allclose(km["survival"], expected, rtol=0, atol=1e-15)
    # Greenwood at t=3: 1/(6*5) + 2/(4*2) = 1/30 + 1/4 = 17/60; log(-log) interval:
    # exp(-exp(log(-log S) -/+ z sqrt(G) / log S))
    v, g = math.log(5 / 12), 17 / 60
    lower = math.exp(-math.exp(math.log(-v) - Z95 * math.sqrt(g) / v))
    upper = math.exp(-math.exp(math.log(-v) + Z95 * math.sqrt(g) / v))
    assert km.loc[3, "ci_lower"] == pytest.approx(lower, abs=1e-12)
    assert km.loc[3, "ci_upper"] == pytest.approx(upper, abs=1e-12)
    assert km.loc[0, ["ci_lower", "ci_upper"]].tolist() == [1.0, 1.0]
    assert km["at_risk"].dtype == np.int64
    assert km["time"].dtype == np.float64


def test_kaplan_meier_bounds_are_zero_when_survival_reaches_zero():
    # S(1) = 2/3, S(2) = 2/3 * (1 - 2/2) = 0
    df = pd.DataFrame({"t": [1.0, 2.0, 2.0], "e": [True, True, True]})
    km = kaplan_meier(df, duration="t", event="e")
    np.testing.assert_allclose(km["survival"], [1, 2 / 3, 0])
    assert km.iloc[-1][["ci_lower", "ci_upper"]].tolist() == [0.0, 0.0]


def test_kaplan_meier_groups_sorted_by_number_or_string_and_alpha_widens():
    df = pd.DataFrame({"t": [1, 2, 3, 4, 5, 6], "e": [1, 1, 1, 1, 0, 1], "g": [10, 2, 1, 10, 2, 1]})
    km = kaplan_meier(df, duration="t", event="e", group="g")
    assert km["group"].unique().tolist() == ["1", "2", "10"]  # numbers by number, as R
    as_text = kaplan_meier(df.assign(g=df["g"].astype(str)), duration="t", event="e", group="g")
    assert as_text["group"].unique().tolist() == ["1", "10", "2"]  # text by text
    floats = kaplan_meier(df.assign(g=df["g"] / 2), duration="t", event="e", group="g")
    assert floats["group"].unique().tolist() == ["0.5", "1.0", "5.0"]
    assert (km.groupby("group")["time"].first() == 0).all()
    narrow = kaplan_meier(df, duration="t", event="e", group="g", alpha=0.5)
    assert (narrow["ci_lower"] >= km["ci_lower"]).all()
    assert (narrow["ci_upper"] <= km["ci_upper"]).all()


def test_kaplan_meier_matches_lifelines():
    df = random_cohort(11, groups=("a", "b", "c"))
    km = kaplan_meier(df, duration="t", event="e", group="g", alpha=0.1)
    for label, sub in df.groupby("g"):
        ref = KaplanMeierFitter(alpha=0.1).fit(sub["t"], sub["e"])
        mine = km[km["group"] == label]
        np.testing.assert_allclose(mine["time"], ref.survival_function_.index, atol=0)
        np.testing.assert_allclose(mine["survival"], ref.survival_function_.iloc[:, 0], atol=1e-9)
        np.testing.assert_allclose(
            mine[["ci_lower", "ci_upper"]], ref.confidence_interval_, rtol=0, atol=1e-9
        )
        np.testing.assert_array_equal(mine["at_risk"], ref.event_table["at_risk"])
        np.testing.assert_array_equal(mine["events"], ref.event_table["observed"])
        np.testing.assert_array_equal(mine["censored"], ref.event_table["censored"])


# --------------------------------------------------------------------------- tables


def test_at_risk_table_by_hand(tiny):
    tab = at_risk_table(tiny, duration="months", event="died", times=[0, 2, 3, 4, 6])
    assert list(tab.columns) == ["group", "time", "at_risk", "censored", "events"]
    # at risk = #(t >= time); censored/events cumulative over t <= time
    assert tab["at_risk"].tolist() == [6, 5, 4, 1, 1]
    assert tab["censored"].tolist() == [0, 1, 2, 2, 3]
    assert tab["events"].tolist() == [0, 1, 3, 3, 3]


def test_at_risk_table_per_group(two_arms):
    tab = at_risk_table(two_arms, duration="months", event="died", group="arm", times=[0, 3.5])
    assert tab["group"].tolist() == ["A", "A", "B", "B"]
    assert tab["at_risk"].tolist() == [3, 1, 3, 2]
    assert tab["events"].tolist() == [0, 2, 0, 1]


def test_median_by_hand(tiny):
    med = median_survival(tiny, duration="months", event="died")
    assert list(med.columns) == ["group", "median", "ci_lower", "ci_upper"]
    # S drops from 5/6 to 5/12 <= 1/2 at t=3; the upper bound never drops below 1/2
    assert med.loc[0, "median"] == 3.0
    assert np.isnan(med.loc[0, "ci_upper"])  # not reached


def test_median_exactly_one_half_and_not_reached():
    # a: S(1) = 1 - 2/4 = 1/2 exactly -> median 1 (lifelines' exp(sum log) can miss this step)
    # b: S(4) = 1 - 1/3 = 2/3 and then only censorings -> median not reached (NaN)
    df = pd.DataFrame(
        {"t": [1, 1, 2, 3, 4, 5, 6], "e": [1, 1, 0, 0, 1, 0, 0], "g": list("aaaabbb")}
    )
    med = median_survival(df, duration="t", event="e", group="g")
    assert med["group"].tolist() == ["a", "b"]
    assert med.loc[0, "median"] == 1.0
    assert np.isnan(med.loc[1, "median"])
    assert np.isnan(med.loc[1, "ci_upper"])


def test_survival_quantiles_reject_bad_probabilities(tiny):
    for probs in ([], [0.5, 1.5], [-0.1], [np.nan]):
        with pytest.raises(ValueError, match="probabilities"):
            survival.survival_quantiles(tiny, duration="months", event="died", probabilities=probs)


def test_median_matches_lifelines():
    df = random_cohort(5, n=120)
    med = median_survival(df, duration="t", event="e", group="g").set_index("group")
    for label, sub in df.groupby("g"):
        ref = KaplanMeierFitter().fit(sub["t"], sub["e"])
        bounds = median_survival_times(ref.confidence_interval_).iloc[0].to_numpy()
        expected = np.array([ref.median_survival_time_, *bounds], dtype=float)
        expected[np.isinf(expected)] = np.nan
        np.testing.assert_allclose(med.loc[label].to_numpy(dtype=float), expected, atol=1e-9)


def test_survival_at_by_hand(tiny):
    out = survival_at(tiny, duration="months", event="died", times=[0, 2.5, 3, 6, 7])
    assert list(out.columns) == ["group", "time", "survival", "ci_lower", "ci_upper", "at_risk"]
    # step function: S(2.5) = S(2) = 5/6, S(3) = S(6) = 5/12; after t=6 (last follow-up): NaN
    np.testing.assert_allclose(out["survival"], [1, 5 / 6, 5 / 12, 5 / 12, np.nan])
    assert out["at_risk"].tolist() == [6, 4, 4, 1, 0]
    assert np.isnan(out.loc[4, "ci_lower"])


def test_survival_at_stays_zero_after_curve_reaches_zero():
    df = pd.DataFrame({"t": [1.0, 2.0], "e": [1, 1]})
    out = survival_at(df, duration="t", event="e", times=[10])
    assert out.loc[0, ["survival", "ci_lower", "ci_upper"]].tolist() == [0.0, 0.0, 0.0]


# --------------------------------------------------------------------------- log-rank


def test_logrank_by_hand(two_arms):
    res = logrank(two_arms, duration="months", event="died", group="arm")
    # event times 1, 3 (tie: one A, one B), 6; (n, n_A, d, d_A):
    #   t=1: (6, 3, 1, 1)  E_A = 1*3/6 = 1/2   V = (3/6)(3/6)(5/5)*1 = 1/4
    #   t=3: (5, 2, 2, 1)  E_A = 2*2/5 = 4/5   V = 2 (2/5)(3/5)(3/4) = 9/25
    #   t=6: (1, 0, 1, 0)  E_A = 0             V = 0
    # O_A = 2, E_A = 13/10, O - E = 7/10, V = 1/4 + 9/25 = 61/100 -> chi2 = 0.49 / 0.61 = 49/61
    assert res.statistic == pytest.approx(49 / 61, abs=1e-12)
    assert res.dof == 1
    assert res.p_value == pytest.approx(math.erfc(math.sqrt(49 / 61 / 2)), abs=1e-12)
    assert res.table["group"].tolist() == ["A", "B"]
    assert res.table["n"].tolist() == [3, 3]
    assert res.table["observed"].tolist() == [2, 2]
    np.testing.assert_allclose(res.table["expected"], [13 / 10, 27 / 10])


def test_logrank_matches_lifelines_two_groups():
    df = random_cohort(21)
    res = logrank(df, duration="t", event="e", group="g")
    a, b = df[df["g"] == "ctl"], df[df["g"] == "trt"]
    ref = logrank_test(a["t"], b["t"], a["e"], b["e"])
    assert res.statistic == pytest.approx(ref.test_statistic, abs=1e-9)
    assert res.p_value == pytest.approx(ref.p_value, abs=1e-9)


def test_logrank_matches_lifelines_multivariate():
    df = random_cohort(22, n=150, groups=("x", "y", "z", "w"))
    df.loc[df.index[:20], "t"] = np.floor(df["t"].iloc[:20])  # add some ties
    res = logrank(df, duration="t", event="e", group="g")
    ref = multivariate_logrank_test(df["t"], df["g"], df["e"])
    assert res.dof == 3
    assert res.statistic == pytest.approx(ref.test_statistic, abs=1e-9)
    assert res.p_value == pytest.approx(ref.p_value, abs=1e-9)
    assert res.table["observed"].sum() == df["e"].sum()
    assert res.table["expected"].sum() == pytest.approx(df["e"].sum())


def test_logrank_without_events_is_zero():
    df = pd.DataFrame({"t": [1.0, 2, 3, 4], "e": [0, 0, 0, 0], "g": ["a", "a", "b", "b"]})
    res = logrank(df, duration="t", event="e", group="g")
    assert (res.statistic, res.p_value) == (0.0, 1.0)


# --------------------------------------------------------------------------- permutation


def test_identity_labelling_equals_logrank(two_arms):
    labels = (two_arms["arm"] == "B").to_numpy()
    stat = logrank_statistics(two_arms, duration="months", event="died", labels=labels)
    assert stat.shape == (1,)
    assert stat[0] == pytest.approx(49 / 61, abs=1e-12)
    perm = permutation_logrank(two_arms, duration="months", event="died", group="arm")
    assert perm.statistic == pytest.approx(49 / 61, abs=1e-12)


def test_permuted_statistics_match_lifelines():
    df = random_cohort(31, n=33)
    member = (df["g"] == "trt").to_numpy()
    rng = np.random.default_rng(99)
    labels = rng.permuted(np.tile(member, (40, 1)), axis=1)
    mine = logrank_statistics(df, duration="t", event="e", labels=labels)
    ref = [
        logrank_test(df["t"][m], df["t"][~m], df["e"][m], df["e"][~m]).test_statistic
        for m in labels
    ]
    np.testing.assert_allclose(mine, ref, rtol=0, atol=1e-9)
    assert mine[0] != mine[1]  # sanity: the labellings differ


def test_permutation_p_value_properties_and_reproducibility():
    df = random_cohort(41, n=33)
    first = permutation_logrank(df, duration="t", event="e", group="g", n_permutations=999)
    again = permutation_logrank(df, duration="t", event="e", group="g", n_permutations=999)
    other = permutation_logrank(df, duration="t", event="e", group="g", n_permutations=999, seed=5)
    assert first == again  # frozen dataclass compares the scalar fields
    np.testing.assert_array_equal(first.permuted_statistics, again.permuted_statistics)
    assert not np.array_equal(first.permuted_statistics, other.permuted_statistics)
    assert 0 < first.p_value <= 1
    exceed = np.count_nonzero(first.permuted_statistics >= first.statistic - 1e-12)
    assert first.p_value == (1 + exceed) / 1000
    assert first.n_permutations == 999
    assert first.permuted_statistics.shape == (999,)
    ref = logrank(df, duration="t", event="e", group="g")
    assert first.statistic == pytest.approx(ref.statistic, abs=1e-9)
    assert first.observed_p_value == pytest.approx(ref.p_value, abs=1e-9)


def test_label_blocks_do_not_change_statistics(monkeypatch):
    df = random_cohort(42, n=33)
    labels = np.random.default_rng(3).permuted(np.tile(df["g"] == "trt", (50, 1)), axis=1)
    expected = logrank_statistics(df, duration="t", event="e", labels=labels)
    monkeypatch.setattr(survival_logrank, "_CHUNK_ELEMENTS", 33 * 7)  # blocks of 7 labellings
    blocked = logrank_statistics(df, duration="t", event="e", labels=labels)
    np.testing.assert_allclose(blocked, expected, rtol=0, atol=1e-12)


def test_permutation_extreme_split_gives_smallest_p():
    # Every death in arm B, long survivors in arm A: the observed split is the most extreme
    df = pd.DataFrame(
        {"t": np.arange(1.0, 13.0), "e": [1] * 6 + [0] * 6, "g": ["B"] * 6 + ["A"] * 6}
    )
    res = permutation_logrank(df, duration="t", event="e", group="g", n_permutations=2000)
    assert res.p_value < 0.01
    assert res.p_value >= 1 / 2001


# --------------------------------------------------------------------------- Cox


# lifelines' default Newton-Raphson stops once the log-likelihood changes by less than
# 1e-9 relative, which leaves the estimate up to ~1e-3 (relative) short of the maximum.
# Fitted with these options it converges fully and is the reference for our own fit.
CONVERGED = {"precision": 1e-24, "r_precision": 1e-16}


def lifelines_cox(df: pd.DataFrame, other: str, alpha: float = 0.05) -> pd.Series:
    data = pd.DataFrame({"t": df["t"], "e": df["e"], "x": (df["g"] == other).astype(float)})
    return CoxPHFitter(alpha=alpha).fit(data, "t", "e", fit_options=CONVERGED).summary.iloc[0]


def assert_matches(res: HazardRatioResult, ref: pd.Series, level: int = 95) -> None:
    assert res.hazard_ratio == pytest.approx(ref["exp(coef)"], rel=1e-6)
    assert res.ci_lower == pytest.approx(ref[f"exp(coef) lower {level}%"], rel=1e-6)
    assert res.ci_upper == pytest.approx(ref[f"exp(coef) upper {level}%"], rel=1e-6)
    assert res.p_value == pytest.approx(ref["p"], rel=1e-6)


def test_cox_hazard_ratio_matches_lifelines():
    df = random_cohort(51, n=120)
    res = cox_hazard_ratio(df, duration="t", event="e", group="g")
    assert isinstance(res, HazardRatioResult)
    assert res.comparison == "trt vs ctl"
    assert_matches(res, lifelines_cox(df, "trt"))
    assert (res.n, res.n_events) == (120, int(df["e"].sum()))
    # lifelines with its default stopping rule is close, not equal
    data = pd.DataFrame({"t": df["t"], "e": df["e"], "x": (df["g"] == "trt").astype(float)})
    default = CoxPHFitter().fit(data, "t", "e").summary.iloc[0]
    assert res.hazard_ratio == pytest.approx(default["exp(coef)"], rel=1e-3)
    assert res.p_value == pytest.approx(default["p"], rel=1e-2)
    flipped = cox_hazard_ratio(df, duration="t", event="e", group="g", reference="trt")
    assert flipped.comparison == "ctl vs trt"
    assert flipped.hazard_ratio == pytest.approx(1 / res.hazard_ratio, rel=1e-12)
    assert flipped.p_value == pytest.approx(res.p_value, rel=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_cox_matches_lifelines_with_ties_and_censoring(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(15, 120))
    # whole months: many tied event times, and ties between events and censorings
    df = pd.DataFrame(
        {
            "t": np.ceil(rng.exponential(8.0, n)),
            "e": (rng.random(n) < rng.uniform(0.3, 0.9)).astype(int),
            "g": rng.choice(["a", "b"], n),
        }
    )
    df.loc[df["g"] == "b", "t"] += rng.integers(0, 3, int((df["g"] == "b").sum()))
    assert df.loc[df["e"] == 1, "t"].duplicated().any()
    alpha, level = [(0.05, 95), (0.1, 90), (0.01, 99)][seed % 3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)  # a few cohorts have < 10 events
        res = cox_hazard_ratio(df, duration="t", event="e", group="g", reference="b", alpha=alpha)
    assert res.comparison == "a vs b"
    assert_matches(res, lifelines_cox(df, "a", alpha), level)


def test_cox_by_hand_without_ties():
    # (1, x=1, death) (2, x=0, death) (3, x=1, censored) (4, x=0, censored), r = exp(beta):
    # score U = [1 - 2r/(2 + 2r)] + [0 - r/(2 + r)] = 1/(1 + r) - r/(2 + r) = 0 -> r^2 = 2.
    # Information I = r/(1 + r)^2 + 2r/(2 + r)^2 = 2 sqrt2 / (1 + sqrt2)^2 at r = sqrt2.
    df = pd.DataFrame({"t": [1.0, 2, 3, 4], "e": [1, 1, 0, 0], "g": [1, 0, 1, 0]})
    with pytest.warns(SmallSampleWarning, match="only 2 events"):
        res = cox_hazard_ratio(df, duration="t", event="e", group="g")
    se = math.sqrt((1 + math.sqrt(2)) ** 2 / (2 * math.sqrt(2)))
    beta = math.log(math.sqrt(2))
    assert res.hazard_ratio == pytest.approx(math.sqrt(2), rel=1e-12)
    assert res.ci_lower == pytest.approx(math.exp(beta - Z95 * se), rel=1e-12)
    assert res.ci_upper == pytest.approx(math.exp(beta + Z95 * se), rel=1e-12)
    assert res.p_value == pytest.approx(math.erfc(abs(beta / se) / math.sqrt(2)), rel=1e-12)


def test_efron_risk_sets_by_hand():
    # At t = 1 three tied deaths (one x=0, two x=1) among n0 = 2, n1 = 4 at risk (the
    # censoring at t = 1 is still at risk). Efron: the l-th tied death (l = 0, 1, 2) sees
    # A = n0 - l/3 * 1 and B = n1 - l/3 * 2, i.e. A = 2, 5/3, 4/3 and B = 4, 10/3, 8/3.
    # The death at t = 4 (x=1) sees only the subject censored at 5 (x=0) besides itself.
    t = np.array([5.0, 1, 1, 4, 1, 1])
    e = np.array([False, True, True, True, True, False])
    x = np.array([0.0, 1, 0, 1, 1, 1])
    terms = survival_likelihood.efron_terms(t, e, x)
    np.testing.assert_allclose(np.exp(terms.log_a), [2, 5 / 3, 4 / 3, 1], rtol=1e-15)
    np.testing.assert_allclose(np.exp(terms.log_b), [4, 10 / 3, 8 / 3, 1], rtol=1e-15)
    assert terms.d1 == 3


def test_cox_warns_with_few_events(two_arms):
    with pytest.warns(SmallSampleWarning, match="fewer than 10 events per parameter") as rec:
        res = cox_hazard_ratio(two_arms, duration="months", event="died", group="arm")
    assert len(rec) == 1
    assert res.n_events == 4
    assert np.isfinite(res.hazard_ratio)


def test_cox_zero_events_in_one_group_is_flagged_and_returned():
    df = pd.DataFrame(
        {"t": [5.0, 6, 7, 8, 9, 10, 11, 12], "e": [1, 1, 1, 0, 0, 0, 0, 0], "g": [0] * 4 + [1] * 4}
    )
    with pytest.warns(SmallSampleWarning, match="cannot be read") as rec:
        res = cox_hazard_ratio(df, duration="t", event="e", group="g")
    assert len(rec) == 1
    assert "no events in the group 1" in str(rec[0].message)
    assert res.comparison == "1 vs 0"
    # the maximum lies at beta = -inf: a deterministic 0, (0, inf) and no p-value
    assert (res.hazard_ratio, res.ci_lower, res.ci_upper) == (0.0, 0.0, np.inf)
    assert np.isnan(res.p_value)
    with pytest.warns(SmallSampleWarning, match="no events in the group 1"):
        flipped = cox_hazard_ratio(df, duration="t", event="e", group="g", reference=1)
    assert (flipped.hazard_ratio, flipped.ci_lower, flipped.ci_upper) == (np.inf, 0.0, np.inf)
    assert np.isnan(flipped.p_value)


def test_cox_separation_with_events_in_both_groups_is_monotone():
    # Group B's deaths (4, 5) come after every child of group A has left the risk set,
    # while B is at risk at A's deaths (1, 2): the likelihood rises as the HR B/A -> 0.
    df = pd.DataFrame(
        {"t": [1.0, 2, 3, 4, 5, 6], "e": [1, 1, 0, 1, 1, 0], "g": ["A"] * 3 + ["B"] * 3}
    )
    with pytest.warns(SmallSampleWarning, match="partial likelihood is monotone") as rec:
        res = cox_hazard_ratio(df, duration="t", event="e", group="g")
    assert len(rec) == 1
    assert "cannot be read" in str(rec[0].message)
    assert (res.hazard_ratio, res.ci_lower, res.ci_upper) == (0.0, 0.0, np.inf)
    assert np.isnan(res.p_value)
    # one more B death at t = 2 (while A is at risk) makes the estimate finite
    finite = df.assign(t=[1.0, 2, 3, 2, 5, 6])
    with pytest.warns(SmallSampleWarning, match="only 4 events") as rec:
        res = cox_hazard_ratio(finite, duration="t", event="e", group="g")
    assert "monotone" not in str(rec[0].message)
    assert 0 < res.ci_lower < res.hazard_ratio < res.ci_upper < np.inf


def test_cox_reports_non_convergence(monkeypatch):
    monkeypatch.setattr(survival_likelihood, "_MAX_ITERATIONS", 1)
    df = random_cohort(3, n=60)
    with pytest.warns(SmallSampleWarning, match="did not converge in 1 steps"):
        cox_hazard_ratio(df, duration="t", event="e", group="g")


def test_cox_does_not_call_lifelines(monkeypatch):
    # lifelines takes 20-50 ms per fit, too slow for the live dashboard
    import lifelines

    def refuse(*args, **kwargs):
        raise AssertionError("lifelines was called")

    monkeypatch.setattr(lifelines, "CoxPHFitter", refuse)
    res = cox_hazard_ratio(random_cohort(51, n=120), duration="t", event="e", group="g")
    assert np.isfinite(res.hazard_ratio)


# --------------------------------------------------------------------------- landmark, counting


@pytest.fixture
def three() -> pd.DataFrame:
    """HSCT at 1.0 (dies at 9); no HSCT (dies at 0.5); HSCT at 2.5 after a 1.5 landmark."""
    return pd.DataFrame(
        {
            "pid": ["p1", "p2", "p3"],
            "months": [9.0, 0.5, 6.0],
            "died": [1, 1, 0],
            "hsct": [1.0, np.nan, 2.5],
        },
        index=[10, 11, 12],
    )


def test_landmark_by_hand(three):
    out = landmark(three, duration="months", event="died", exposure_time="hsct", landmark=1.5)
    # p2 died at 0.5 <= 1.5: dropped. p1 transplanted at 1.0 <= 1.5: exposed, 9 - 1.5 = 7.5.
    # p3 transplanted at 2.5 > 1.5: unexposed at the landmark, 6 - 1.5 = 4.5.
    assert out.index.tolist() == [10, 12]
    assert out["exposed"].tolist() == [True, False]
    assert out["time_from_landmark"].tolist() == [7.5, 4.5]
    assert out["pid"].tolist() == ["p1", "p3"]
    assert "exposed" not in three.columns  # input untouched


def test_counting_process_by_hand(three):
    long = to_counting_process(
        three, duration="months", event="died", exposure_time="hsct", id_col="pid"
    )
    assert list(long.columns) == ["pid", "start", "stop", "exposed", "event"]
    # p1: (0, 1] unexposed no event, (1, 9] exposed with the death; p2: (0, 0.5] unexposed
    # death; p3: (0, 2.5] unexposed, (2.5, 6] exposed censored
    expected = [
        ["p1", 0.0, 1.0, 0, 0],
        ["p1", 1.0, 9.0, 1, 1],
        ["p2", 0.0, 0.5, 0, 1],
        ["p3", 0.0, 2.5, 0, 0],
        ["p3", 2.5, 6.0, 1, 0],
    ]
    assert long.to_numpy().tolist() == expected


def test_counting_process_exposure_at_zero_and_after_follow_up():
    df = pd.DataFrame({"id": [1, 2, 3], "t": [4.0, 4.0, 4.0], "e": [1, 0, 1], "x": [0.0, 4.0, 7]})
    long = to_counting_process(df, duration="t", event="e", exposure_time="x", id_col="id")
    # exposure at 0 counts from 0; exposure at/after the end of follow-up is ignored
    assert long.to_numpy().tolist() == [[1, 0, 4, 1, 1], [2, 0, 4, 0, 0], [3, 0, 4, 0, 1]]


def test_time_varying_cox_equals_fixed_cox_when_exposed_from_start():
    df = random_cohort(61, n=100)
    df["x"] = np.where(df["g"] == "trt", 0.0, np.nan)
    df["id"] = range(len(df))
    fixed = cox_hazard_ratio(df, duration="t", event="e", group="g")
    varying = time_varying_cox(df, duration="t", event="e", exposure_time="x", id_col="id")
    assert varying.comparison == "exposed vs not exposed"
    assert varying.hazard_ratio == pytest.approx(fixed.hazard_ratio, rel=1e-6)
    assert varying.ci_upper == pytest.approx(fixed.ci_upper, rel=1e-6)
    assert (varying.n, varying.n_events) == (fixed.n, fixed.n_events)


def test_time_varying_cox_warns_on_small_samples(three):
    with pytest.warns(SmallSampleWarning):
        res = time_varying_cox(
            three.assign(hsct=[1.0, np.nan, 0.2]),
            duration="months",
            event="died",
            exposure_time="hsct",
            id_col="pid",
        )
    assert res.n == 3
    assert res.n_events == 2


# --------------------------------------------------------------------------- power


def test_simulate_power_under_null_is_near_alpha():
    res = simulate_power(
        hazard_ratio=1.0,
        n_per_arm=50,
        accrual=12,
        follow_up=12,
        control_median=12,
        n_trials=4000,
        seed=2,
    )
    # Monte Carlo SE at the true size 0.05: sqrt(0.05 * 0.95 / 4000) = 0.0034; allow 4 SE
    assert abs(res.power - 0.05) < 4 * math.sqrt(0.05 * 0.95 / 4000)
    assert res.ci_lower <= res.power <= res.ci_upper
    assert res.n_trials == 4000
    assert 0 < res.mean_events < 100


def test_simulate_power_huge_effect_and_reproducible():
    kw = {
        "hazard_ratio": 0.2,
        "n_per_arm": 100,
        "accrual": 12,
        "follow_up": 24,
        "control_median": 6,
    }
    res = simulate_power(**kw, n_trials=500)
    assert res.power > 0.99
    assert simulate_power(**kw, n_trials=500) == res


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"months": [1, -2, 3, 3, 3, 6]}, r"'months'.*negative.*-2"),
        ({"months": [1, np.nan, 3, 3, 3, 6]}, r"'months'.*missing"),
        ({"months": [1, np.inf, 3, 3, 3, 6]}, r"'months'.*infinite"),
        ({"months": list("abcdef")}, r"'months' must be numeric"),
        ({"died": [1, 2, 1, 1, 0, 0]}, r"'died'.*0/1.*2"),
        ({"died": [1, 0.5, 1, 1, 0, 0]}, r"'died'.*0.5"),
        ({"died": ["1", "0", "1", "1", "0", "0"]}, r"'died'.*'1'"),
        ({"died": [1, np.nan, 1, 1, 0, 0]}, r"'died'.*missing"),
    ],
)
def test_bad_durations_and_events(tiny, changes, message):
    bad = tiny.assign(**changes)
    for func in (kaplan_meier, median_survival):
        with pytest.raises(ValueError, match=message):
            func(bad, duration="months", event="died")
    with pytest.raises(ValueError, match=message):
        at_risk_table(bad, duration="months", event="died", times=[1])


def test_missing_columns(two_arms):
    with pytest.raises(ValueError, match=r"duration column 'time' is not in the DataFrame"):
        kaplan_meier(two_arms, duration="time", event="died")
    with pytest.raises(ValueError, match=r"event column 'dead'"):
        logrank(two_arms, duration="months", event="dead", group="arm")
    with pytest.raises(ValueError, match=r"group column 'grp'"):
        cox_hazard_ratio(two_arms, duration="months", event="died", group="grp")
    with pytest.raises(ValueError, match=r"exposure_time column 'hsct'"):
        landmark(two_arms, duration="months", event="died", exposure_time="hsct", landmark=1)


def test_bad_groups(two_arms):
    one = two_arms.assign(arm="A")
    for func in (logrank, permutation_logrank, cox_hazard_ratio):
        with pytest.raises(ValueError, match=r"at least 2 groups; column 'arm'"):
            func(one, duration="months", event="died", group="arm")
    three = two_arms.assign(arm=list("AABBCC"))
    for func in (permutation_logrank, cox_hazard_ratio):
        with pytest.raises(ValueError, match="exactly 2 groups"):
            func(three, duration="months", event="died", group="arm")
    empty = two_arms.assign(arm=pd.Categorical(two_arms["arm"], categories=["A", "B", "C"]))
    with pytest.raises(ValueError, match=r"group 'C' in column 'arm' has fewer than 1 member"):
        kaplan_meier(empty, duration="months", event="died", group="arm")
    with pytest.raises(ValueError, match="missing value"):
        logrank(
            two_arms.assign(arm=["A", None, "A", "B", "B", "B"]),
            duration="months",
            event="died",
            group="arm",
        )
    with pytest.raises(ValueError, match=r"reference 'C' is not a group"):
        cox_hazard_ratio(two_arms, duration="months", event="died", group="arm", reference="C")


def test_other_bad_arguments(tiny, two_arms):
    with pytest.raises(TypeError, match="DataFrame"):
        kaplan_meier(tiny.to_dict(), duration="months", event="died")
    with pytest.raises(ValueError, match="no rows"):
        kaplan_meier(tiny.iloc[:0], duration="months", event="died")
    with pytest.raises(ValueError, match="alpha"):
        kaplan_meier(tiny, duration="months", event="died", alpha=1.5)
    with pytest.raises(ValueError, match="times"):
        survival_at(tiny, duration="months", event="died", times=[-1])
    with pytest.raises(ValueError, match="times"):
        at_risk_table(tiny, duration="months", event="died", times=[])
    with pytest.raises(ValueError, match="shape"):
        logrank_statistics(tiny, duration="months", event="died", labels=np.ones((2, 5), bool))
    with pytest.raises(ValueError, match="n_permutations"):
        permutation_logrank(
            two_arms, duration="months", event="died", group="arm", n_permutations=0
        )
    with pytest.raises(ValueError, match="no events"):
        cox_hazard_ratio(two_arms.assign(died=0), duration="months", event="died", group="arm")


def test_bad_counting_process_and_landmark_inputs(three):
    kw = {"duration": "months", "event": "died", "exposure_time": "hsct", "id_col": "pid"}
    with pytest.raises(ValueError, match=r"'pid' must be unique"):
        to_counting_process(three.assign(pid=["a", "a", "b"]), **kw)
    with pytest.raises(ValueError, match=r"'hsct'.*negative"):
        to_counting_process(three.assign(hsct=[-1.0, 1, 1]), **kw)
    with pytest.raises(ValueError, match=r"must be > 0"):
        to_counting_process(three.assign(months=[0.0, 1, 1]), **kw)
    with pytest.raises(ValueError, match="no contrast"):
        time_varying_cox(three.assign(hsct=np.nan), **kw)
    with pytest.raises(ValueError, match="landmark"):
        landmark(three, duration="months", event="died", exposure_time="hsct", landmark=-1)


@pytest.mark.parametrize(
    "changes",
    [
        {"hazard_ratio": 0},
        {"n_per_arm": 0},
        {"n_per_arm": 2.5},
        {"control_median": -1},
        {"accrual": 0, "follow_up": 0},
        {"alpha": 0},
        {"n_trials": 0},
        {"accrual": np.nan},
    ],
)
def test_simulate_power_bad_arguments(changes):
    kw = {"hazard_ratio": 0.5, "n_per_arm": 10, "accrual": 1, "follow_up": 1, "control_median": 1}
    with pytest.raises(ValueError, match=r"must|alpha|nobody"):
        simulate_power(**{**kw, **changes})


# --------------------------------------------------------------------------- module


def test_submodule_names_are_reexported():
    assert survival.landmark is survival_timevarying.landmark
    assert survival.PowerResult is survival_power.PowerResult
    for module in (survival_cox, survival_km, survival_logrank, survival_power, survival_quantiles):
        assert set(module.__all__) <= set(survival.__all__)
    assert set(survival_timevarying.__all__) <= set(survival.__all__)
    assert set(survival.__all__) <= set(dir(survival))
    with pytest.raises(AttributeError):
        _ = survival.no_such_function


@pytest.mark.parametrize(
    "module",
    [
        survival_km,
        survival_quantiles,
        survival_logrank,
        survival_cox,
        survival_power,
        survival_timevarying,
    ],
)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
