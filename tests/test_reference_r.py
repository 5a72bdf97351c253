"""The survival helpers against reference values computed by R's survival package.

The values, the R script that made them and the input data sets are in
``tests/reference/`` (see its README); R is not needed to run these tests. Each case
names the CSV file R read, its columns and the grouping, so the frame built here is
the one R analysed.

Tolerances: 1e-9 (absolute below 1, relative above) on every value - survival,
bands, Greenwood's standard error, medians, quantiles and their limits, log-rank,
Cox estimates, Wald, likelihood-ratio and score p-values, Wald and profile
intervals (R's fits run with ``eps = 1e-11``) - except Firth's estimate, 1e-6:
R's side comes from ``optimize`` on the penalised likelihood, accurate to about
1e-7 (the profile penalised interval and the penalised likelihood-ratio p are
roots of a steep function and still checked to 1e-9).
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers.survival import (
    SmallSampleWarning,
    cox_hazard_ratio,
    kaplan_meier,
    logrank,
    median_follow_up,
    median_survival,
    survival_quantiles,
    time_varying_cox,
    to_counting_process,
)

REFERENCE = Path(__file__).resolve().parent / "reference"
TIGHT = 1e-9
LOOSE = 1e-6


def _number(x: Any) -> float:
    """R's JSON number: null is NA (not reached), "Inf"/"-Inf" are infinities."""
    if x is None:
        return float("nan")
    if isinstance(x, str):
        return {"Inf": np.inf, "-Inf": -np.inf}[x]
    return float(x)


def _numbers(xs: Any) -> np.ndarray:
    return np.array([_number(x) for x in (xs if isinstance(xs, list) else [xs])], dtype=float)


@cache
def values() -> dict[str, Any]:
    return json.loads((REFERENCE / "r_values.json").read_text())


@cache
def _csv(file: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / file, na_values=["NA"], keep_default_na=False)


def case_frame(spec: dict[str, Any]) -> pd.DataFrame:
    """The rows R analysed, with a 0/1 event column."""
    df = _csv(spec["file"])
    if spec.get("filter"):
        df = df[df["case"] == spec["filter"]]
    if spec.get("filter_cr"):
        df = df[df["complete_remission"] == 1]
    return df.reset_index(drop=True)


def columns(spec: dict[str, Any]) -> dict[str, Any]:
    return {"duration": spec["time"], "event": spec["event"], "group": spec["group"]}


def close(actual: Any, expected: Any, tol: float = TIGHT) -> None:
    """Equal within ``tol`` (relative above 1, absolute below); NaN matches NaN."""
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    np.testing.assert_allclose(a, e, rtol=tol, atol=tol, equal_nan=True)


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return fn(*args, **kwargs)


# ------------------------------------------------------------------------ metadata


def test_reference_file_records_versions_and_inputs():
    v = values()
    assert v["r_version"].startswith("R version 4.")
    assert v["survival_version"].count(".") == 2
    for section in ("km", "logrank", "cox", "firth"):
        for name, entry in v[section].items():
            assert (REFERENCE / entry["spec"]["file"]).is_file(), (section, name)
    for name in ("aml", "veteran", "lung", "ovarian", "heart"):
        assert any(e["spec"]["dataset"] == name for e in v["cox"].values()), name


# ------------------------------------------------------------------------ Kaplan-Meier


def km_cases() -> list[str]:
    return list(values()["km"])


@pytest.mark.parametrize("name", km_cases())
def test_kaplan_meier_matches_r(name):
    ref = values()["km"][name]
    spec = ref["spec"]
    km = kaplan_meier(case_frame(spec), **columns(spec))
    assert sorted(km["group"].unique()) == sorted(ref["curves"])
    z = stats.norm.ppf(0.975)
    for level, curve in ref["curves"].items():
        mine = km[km["group"] == level].set_index("time")
        t = _numbers(curve["time"])
        assert set(t) <= set(mine.index), level
        rows = mine.loc[t]
        np.testing.assert_array_equal(rows["at_risk"], _numbers(curve["n_risk"]))
        np.testing.assert_array_equal(rows["events"], _numbers(curve["n_event"]))
        np.testing.assert_array_equal(rows["censored"], _numbers(curve["n_censor"]))
        s = rows["survival"].to_numpy()
        close(s, _numbers(curve["surv"]), 1e-12)
        # R gives no log-log band where S is 0 or 1; elsewhere the bands agree.
        inside = (s > 0) & (s < 1)
        close(rows["ci_lower"].to_numpy()[inside], _numbers(curve["lower"])[inside])
        close(rows["ci_upper"].to_numpy()[inside], _numbers(curve["upper"])[inside])
        # Greenwood's standard error of -log S, recovered from the band's half-width
        # on the log(-log) scale: |log(-log U) - log(-log S)| * |log S| / z.
        log_s = np.log(s[inside])
        half = np.abs(np.log(-np.log(rows["ci_upper"].to_numpy()[inside])) - np.log(-log_s))
        close(half * np.abs(log_s) / z, _numbers(curve["std_err_cumhaz"])[inside])


def test_kaplan_meier_band_where_the_curve_reaches_zero():
    # A documented difference: R has no log-log band at S = 0 (NA); the helpers draw it
    # at 0. Neither counts for the median's limits (see the quantile tests).
    curve = values()["km"]["aml_by_x"]["curves"]["Nonmaintained"]
    assert _number(curve["surv"][-1]) == 0.0
    assert np.isnan(_number(curve["lower"][-1]))
    assert np.isnan(_number(curve["upper"][-1]))
    km = kaplan_meier(
        case_frame(values()["km"]["aml_by_x"]["spec"]), duration="time", event="status", group="x"
    )
    last = km[km["group"] == "Nonmaintained"].iloc[-1]
    assert (last["survival"], last["ci_lower"], last["ci_upper"]) == (0.0, 0.0, 0.0)


# ------------------------------------------------------------------------ medians

# The median and its limits are compared with print(survfit)'s median, 0.95LCL and
# 0.95UCL (summary(fit)$table). R's two boundary conventions the helpers did not follow
# before issue 14:
# * a limit reached only where S = 0 (the band there has infinite variance) is NA;
# * a curve sitting exactly on 0.5 over a flat stretch gives the stretch's midpoint.
#: Cases where R's two boundary rules decide the median or a limit (the helpers
#: took the first time at or below 0.5 and counted the band at S = 0 before issue 14).
MEDIAN_BOUNDARY = {
    "veteran_by_trt": "trt 2 sits at 0.5 from 52 to 53: R 52.5, not 52",
    "cohort_os_by_cr": "no CR: R 18 (7.3-NA), not 18 (7.3-18)",
    "cohort_dfs_by_cr": "no CR, all events at 0: R 0 (NA-NA), not 0 (0-0)",
    "toy_one_patient": "R 5 (NA-NA), not 5 (5-5)",
    "toy_one_patient_group": "group B: one patient",
    "toy_flat_half": "R's midpoint (3 + 7) / 2 = 5",
    "toy_all_die": "the last at risk dies: upper limits not reached",
}
# R itself has two conventions where the curve stays at exactly 0.5 up to the last
# time (toy_flat_half_to_end): print's median takes the stretch's start (2), quantile()
# the midpoint with the last time ((2 + 4) / 2 = 3). The median follows print, the
# quantiles follow quantile().


def test_boundary_cases_are_in_the_reference():
    for name in MEDIAN_BOUNDARY:
        assert name in values()["km"], name


@pytest.mark.parametrize("name", km_cases())
def test_median_and_interval_match_r(name):
    ref = values()["km"][name]
    spec = ref["spec"]
    med = median_survival(case_frame(spec), **columns(spec)).set_index("group")
    for level, q in ref["quantiles"].items():
        expected = [_number(q["print_median"]), _number(q["print_lcl"]), _number(q["print_ucl"])]
        close(med.loc[level, ["median", "ci_lower", "ci_upper"]].to_numpy(float), expected)


@pytest.mark.parametrize("name", km_cases())
def test_quantiles_match_r(name):
    ref = values()["km"][name]
    spec = ref["spec"]
    probs = [0.25, 0.5, 0.75]
    out = survival_quantiles(case_frame(spec), **columns(spec), probabilities=probs)
    for level, q in ref["quantiles"].items():
        mine = out[out["group"] == level].set_index("probability").loc[probs]
        close(mine["time"].to_numpy(float), _numbers(q["quantile"]))
        close(mine["ci_lower"].to_numpy(float), _numbers(q["lower"]))
        close(mine["ci_upper"].to_numpy(float), _numbers(q["upper"]))


def test_cohort_non_cr_median_upper_limit_is_not_reached_in_r():
    # The number the notebooks show: OS of the 7 children without complete remission.
    q = values()["km"]["cohort_os_by_cr"]["quantiles"]["0"]
    assert [_number(q["print_median"]), _number(q["print_lcl"])] == [18.0, 7.3]
    assert np.isnan(_number(q["print_ucl"]))


# ------------------------------------------------------------------------ reverse KM

# aml, Maintained: the censoring curve sits at 1/2 from 45 to 161: R 103 (the issue's
# "45 against 103"); toy_reverse_flat_half: (2 + 5) / 2 = 3.5.


@pytest.mark.parametrize("name", km_cases())
def test_reverse_km_median_follow_up_matches_r(name):
    ref = values()["km"][name]
    spec = ref["spec"]
    df = case_frame(spec)
    out = median_follow_up(df, **columns(spec)).set_index("group")
    for level, r in ref["reverse_km"].items():
        assert out.loc[level, "n"] == _number(r["n"])
        close(out.loc[level, "median_follow_up"], _number(r["median"]))


# ------------------------------------------------------------------------ log-rank


@pytest.mark.parametrize("name", list(values()["logrank"]))
def test_logrank_matches_r(name):
    ref = values()["logrank"][name]
    spec = ref["spec"]
    res = logrank(case_frame(spec), **columns(spec))
    close(res.statistic, _number(ref["chisq"]))
    close(res.p_value, _number(ref["p"]))
    assert res.dof == ref["df"]
    table = res.table.set_index("group").loc[ref["spec"]["levels"]]
    np.testing.assert_array_equal(table["n"], _numbers(ref["n"]))
    np.testing.assert_array_equal(table["observed"], _numbers(ref["observed"]))
    close(table["expected"].to_numpy(float), _numbers(ref["expected"]))


@pytest.mark.parametrize(
    "name",
    [
        "aml_by_x",
        "veteran_by_celltype",
        "lung_by_sex",
        "aml_by_arm_number",  # labels 9 and 10: 9 first, as R
    ],
)
def test_group_order_is_r_level_order(name):
    ref = values()["logrank"][name]
    res = logrank(case_frame(ref["spec"]), **columns(ref["spec"]))
    assert res.table["group"].tolist() == ref["spec"]["levels"]


# ------------------------------------------------------------------------ Cox

BINARY = [n for n, c in values()["cox"].items() if "exposure_time" not in c["spec"]]
COUNTING = [n for n, c in values()["cox"].items() if "exposure_time" in c["spec"]]
MONOTONE = {n for n, c in values()["cox"].items() if c["warnings"]}


def fit_cox(name: str, **options):
    ref = values()["cox"][name]
    spec = ref["spec"]
    df = case_frame(spec)
    if name in COUNTING:
        return quiet(
            time_varying_cox,
            df,
            duration=spec["time"],
            event=spec["event"],
            exposure_time=spec["exposure_time"],
            id_col=spec["id"],
            **options,
        )
    return quiet(cox_hazard_ratio, df, **columns(spec), **options)


@pytest.mark.parametrize("name", [n for n in BINARY if n not in MONOTONE])
def test_cox_wald_matches_r(name):
    ref = values()["cox"][name]
    res = fit_cox(name)
    assert res.comparison == ref["spec"]["comparison"]
    assert (res.n, res.n_events) == (ref["n_rows"], ref["n_events"])
    close(res.hazard_ratio, _number(ref["hazard_ratio"]))
    close(
        [res.ci_lower, res.ci_upper], [_number(ref["wald_ci_lower"]), _number(ref["wald_ci_upper"])]
    )
    close(res.p_value, _number(ref["wald_p"]))


def test_cox_reference_level_can_be_named():
    ref = values()["cox"]["aml_by_arm_number"]
    res = fit_cox("aml_by_arm_number", reference=9)
    assert res.comparison == ref["spec"]["comparison"]
    close(res.hazard_ratio, _number(ref["hazard_ratio"]))
    flipped = fit_cox("aml_by_arm_number", reference=10)
    assert flipped.comparison == "9 vs 10"
    close(flipped.hazard_ratio, 1 / _number(ref["hazard_ratio"]))
    spec = values()["logrank"]["aml_by_arm_number"]["spec"]
    table = logrank(case_frame(spec), **columns(spec), reference=10).table
    assert table["group"].tolist() == ["10", "9"]


@pytest.mark.parametrize("name", [n for n in COUNTING if n not in MONOTONE])
def test_time_varying_cox_wald_matches_r(name):
    ref = values()["cox"][name]
    res = fit_cox(name)
    assert res.comparison == ref["spec"]["comparison"]
    assert (res.n, res.n_events) == (ref["spec"]["n_subjects"], ref["n_events"])
    close(res.hazard_ratio, _number(ref["hazard_ratio"]))
    close(
        [res.ci_lower, res.ci_upper],
        [_number(ref["wald_ci_lower"]), _number(ref["wald_ci_upper"])],
    )
    close(res.p_value, _number(ref["wald_p"]))


def test_heart_counting_process_rows_are_rs():
    # helpers' split of one row per patient at the transplant gives R's `heart` rows
    spec = values()["cox"]["heart_transplant"]["spec"]
    long = to_counting_process(
        case_frame(spec),
        duration="futime",
        event="fustat",
        exposure_time="transplant_time",
        id_col="id",
    )
    heart = _csv(spec["counting_file"])
    mine = long.rename(columns={"exposed": "transplant"})[list(heart.columns)]
    key = ["id", "start"]
    pd.testing.assert_frame_equal(
        mine.sort_values(key).reset_index(drop=True).astype(float),
        heart.sort_values(key).reset_index(drop=True).astype(float),
    )


@pytest.mark.parametrize("name", list(values()["cox"]))
def test_cox_three_tests_and_profile_interval_match_r(name):
    ref = values()["cox"][name]
    res = fit_cox(name, reference=ref["spec"]["reference"]) if name in BINARY else fit_cox(name)
    # Under a monotone likelihood R stops where the log-likelihood stops changing
    # (eps = 1e-11) and the helpers use its supremum, the limit as the coefficient runs
    # off: the likelihood-ratio tests still agree to 1e-9.
    close(res.lr_p_value, _number(ref["lr_p"]))
    close(res.score_p_value, _number(ref["score_p"]))
    close(
        [res.profile_ci_lower, res.profile_ci_upper],
        [_number(ref["profile_ci_lower"]), _number(ref["profile_ci_upper"])],
    )
    assert res.estimable is (name not in MONOTONE)
    if name not in MONOTONE:
        close(res.p_value, _number(ref["wald_p"]))
        close(res.ci_lower, _number(ref["wald_ci_lower"]))


@pytest.mark.parametrize("name", sorted(MONOTONE))
def test_monotone_likelihood_gives_no_finite_hazard_ratio(name):
    # R warns that the coefficient may be infinite and prints a huge or tiny HR with a
    # useless Wald test; the helpers must not return a finite hazard ratio.
    assert values()["cox"][name]["warnings"]
    res = fit_cox(name)
    assert res.hazard_ratio in (0.0, np.inf)
    assert (res.ci_lower, res.ci_upper) == (0.0, np.inf)
    assert np.isnan(res.p_value)


def test_cohort_cox_tests_differ_as_the_issue_says():
    # OS by remission, 4 deaths in 33 children: Wald 0.049, LR 0.030, score 0.016 in R,
    # and the score test equals the log-rank test.
    ref = values()["cox"]["cohort_os_by_cr"]
    assert [round(_number(ref[k]), 3) for k in ("wald_p", "lr_p", "score_p")] == [
        0.049,
        0.030,
        0.016,
    ]
    close(_number(ref["score_test"]), _number(values()["logrank"]["cohort_os_by_cr"]["chisq"]))


# ------------------------------------------------------------------------ Firth


@pytest.mark.parametrize("name", list(values()["firth"]))
def test_firth_matches_r(name):
    ref = values()["firth"][name]
    res = (
        fit_cox(name, firth=True, reference=ref["spec"]["reference"])
        if name in BINARY
        else fit_cox(name, firth=True)
    )
    assert res.firth
    assert res.estimable
    close(res.hazard_ratio, _number(ref["hazard_ratio"]), LOOSE)
    close(
        [res.profile_ci_lower, res.profile_ci_upper],
        [_number(ref["profile_ci_lower"]), _number(ref["profile_ci_upper"])],
    )
    close(res.lr_p_value, _number(ref["lr_p"]))
