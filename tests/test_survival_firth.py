"""Firth's penalised Cox fit, the three tests and monotone likelihood (issue 14).

Firth's estimate is checked against a direct numerical maximisation (scipy) of the
penalised log partial likelihood written out here from its definition, with explicit
loops over event times, independently of the vectorised code in helpers.survival.
The R comparisons are in test_reference_r.py.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from helpers.survival import SmallSampleWarning, cox_hazard_ratio, time_varying_cox


def efron_loglik_and_information(beta: float, time, event, x) -> tuple[float, float]:
    """Efron log partial likelihood and information of one covariate, by loops."""
    time, event, x = (np.asarray(a, dtype=float) for a in (time, event, x))
    ll, info = 0.0, 0.0
    for tau in np.unique(time[event == 1]):
        risk = time >= tau
        dead = (time == tau) & (event == 1)
        d = int(dead.sum())
        r = np.exp(beta * x)
        ll += beta * x[dead].sum()
        for ell in range(d):
            w = risk - (ell / d) * dead  # Efron's weights
            s0, s1, s2 = (w * r).sum(), (w * r * x).sum(), (w * r * x * x).sum()
            ll -= np.log(s0)
            info += s2 / s0 - (s1 / s0) ** 2
    return ll, info


def penalized(beta: float, time, event, x) -> float:
    ll, info = efron_loglik_and_information(beta, time, event, x)
    return ll + 0.5 * np.log(info)


def direct_firth(time, event, x) -> tuple[float, float, float]:
    """Firth estimate and profile interval by scipy on the loop formula."""
    res = optimize.minimize_scalar(
        lambda b: -penalized(b, time, event, x), bracket=(-1.0, 1.0), method="brent", tol=1e-12
    )
    top = -res.fun
    cut = top - stats.chi2.ppf(0.95, 1) / 2

    def g(b: float) -> float:
        return penalized(b, time, event, x) - cut

    lower = optimize.brentq(g, res.x - 30, res.x, xtol=1e-13)
    upper = optimize.brentq(g, res.x, res.x + 30, xtol=1e-13)
    return float(res.x), float(lower), float(upper)


def quiet_cox(df, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return cox_hazard_ratio(df, duration="t", event="e", group="g", **kwargs)


def small_data(seed: int, n: int = 14) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = (np.arange(n) >= n // 2).astype(int)
    t = np.round(rng.exponential(1.0 / np.where(g == 1, 0.5, 1.0)), 1) + 0.1  # ties
    e = (rng.uniform(size=n) < 0.7).astype(int)
    e[0] = 1
    return pd.DataFrame({"t": t, "e": e, "g": g})


SMALL = {
    "seeded_1": small_data(1),
    "seeded_2": small_data(2, 20),
    "seeded_3": small_data(3, 9),
    # monotone: every death is in group 0
    "monotone": pd.DataFrame(
        {
            "t": [1.0, 2, 2, 3, 4, 5, 6, 7],
            "e": [1, 1, 1, 0, 1, 0, 0, 0],
            "g": [0, 0, 0, 0, 1, 1, 1, 1],
        }
    ).assign(e=[1, 1, 1, 0, 0, 0, 0, 0]),
}


@pytest.mark.parametrize("name", list(SMALL))
def test_firth_equals_direct_numerical_maximum(name):
    df = SMALL[name]
    x = df["g"].to_numpy(dtype=float)
    beta, lower, upper = direct_firth(df["t"], df["e"], x)
    res = quiet_cox(df, firth=True, reference=0)
    assert res.firth
    assert res.estimable
    assert np.log(res.hazard_ratio) == pytest.approx(beta, abs=1e-6)
    assert np.log(res.profile_ci_lower) == pytest.approx(lower, abs=1e-8)
    assert np.log(res.profile_ci_upper) == pytest.approx(upper, abs=1e-8)
    # penalised likelihood-ratio test against beta = 0
    lr = 2 * (penalized(beta, df["t"], df["e"], x) - penalized(0.0, df["t"], df["e"], x))
    assert res.lr_p_value == pytest.approx(stats.chi2.sf(lr, 1), abs=1e-9)


def test_firth_approaches_the_ordinary_estimate_with_many_events():
    rng = np.random.default_rng(7)
    n = 4000
    g = rng.integers(0, 2, n)
    t = rng.exponential(1.0 / np.where(g == 1, 0.7, 1.0))
    e = (t < 3.0).astype(int)
    df = pd.DataFrame({"t": np.minimum(t, 3.0), "e": e, "g": g})
    plain = quiet_cox(df, reference=0)
    firth = quiet_cox(df, firth=True, reference=0)
    gap = abs(np.log(firth.hazard_ratio) - np.log(plain.hazard_ratio))
    se = (np.log(plain.ci_upper) - np.log(plain.hazard_ratio)) / stats.norm.ppf(0.975)
    assert gap < 0.01 * se
    # with the cohort's 4 deaths (OS by remission) it moves the estimate by a fifth of
    # its standard error
    cohort = pd.read_csv(Path(__file__).parent / "reference" / "cohort_os.csv")
    cohort = cohort.rename(columns={"os_time": "t", "os_event": "e", "complete_remission": "g"})
    few = quiet_cox(cohort, reference=0)
    few_firth = quiet_cox(cohort, firth=True, reference=0)
    few_se = (np.log(few.ci_upper) - np.log(few.hazard_ratio)) / stats.norm.ppf(0.975)
    assert abs(np.log(few_firth.hazard_ratio) - np.log(few.hazard_ratio)) > 0.2 * few_se


def test_monotone_likelihood_ordinary_versus_firth():
    df = SMALL["monotone"]
    with pytest.warns(SmallSampleWarning, match="monotone"):
        plain = cox_hazard_ratio(df, duration="t", event="e", group="g", reference=0)
    assert not plain.estimable
    assert plain.hazard_ratio == 0.0
    assert (plain.ci_lower, plain.ci_upper) == (0.0, np.inf)
    assert np.isnan(plain.p_value)
    # the likelihood-ratio and score tests still exist, the profile interval is one-sided
    assert 0 < plain.lr_p_value < 1
    assert 0 < plain.score_p_value < 1
    assert plain.profile_ci_lower == 0.0
    assert 0 < plain.profile_ci_upper < 1
    firth = quiet_cox(df, firth=True, reference=0)
    assert firth.estimable
    assert 0 < firth.profile_ci_lower < firth.hazard_ratio < 1 < firth.profile_ci_upper < np.inf


def test_both_cox_functions_flag_monotone_likelihood_alike():
    # exposure from time 0 makes the time-varying model the fixed one
    df = pd.DataFrame(
        {
            "id": range(8),
            "t": [1.0, 2, 2, 3, 4, 5, 6, 7],
            "e": [1, 1, 1, 0, 0, 0, 0, 0],
            "tx": [np.nan] * 4 + [0.0] * 4,
            "g": [0] * 4 + [1] * 4,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        fixed = cox_hazard_ratio(df, duration="t", event="e", group="g", reference=0)
        varying = time_varying_cox(df, duration="t", event="e", exposure_time="tx", id_col="id")
    for field in (
        "hazard_ratio",
        "ci_lower",
        "ci_upper",
        "lr_p_value",
        "score_p_value",
        "profile_ci_lower",
        "profile_ci_upper",
    ):
        assert getattr(varying, field) == pytest.approx(getattr(fixed, field), rel=1e-12), field
    assert np.isnan(varying.p_value)
    assert not varying.estimable
    assert not fixed.estimable
