"""The audit's Cox claims say which test and interval they were compared with (issue 14).

The paper prints "HR = 0.07, 95% CI: 0.01–0.92" beside OS and "HR = 0.05, 95% CI:
0.01–0.54" beside DFS. Every expected value below is computed here with
:func:`helpers.survival.cox_hazard_ratio`, not typed.
"""

from __future__ import annotations

import math
import warnings

import pytest

from helpers._format import format_p_value
from helpers.audit import load_cohort, run_audit
from helpers.audit._cox import cox_reading, format_ratio
from helpers.endpoints import Assumptions
from helpers.survival import SmallSampleWarning, cox_hazard_ratio

OS_CLAIMS = {
    "r34-os-hr": "hazard_ratio",
    "d-os-hr": "hazard_ratio",
    "r34-os-hr-lower": "ci_lower",
    "r34-os-hr-upper": "ci_upper",
}
DFS_CLAIMS = {
    "r34-dfs-hr": "hazard_ratio",
    "d-dfs-hr": "hazard_ratio",
    "r34-dfs-hr-lower": "ci_lower",
    "r34-dfs-hr-upper": "ci_upper",
}


def _fits(assumptions: Assumptions, endpoint: str):
    frame = load_cohort(assumptions).frame
    duration, event = f"{endpoint}_time", f"{endpoint}_event"
    df = frame[frame[duration].notna()].astype({event: bool})
    opts = {"duration": duration, "event": event, "group": "complete_remission"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return (
            cox_hazard_ratio(df, **opts, reference=False),
            cox_hazard_ratio(df, **opts, reference=False, firth=True),
        )


@pytest.fixture(scope="module")
def audit():
    return run_audit().set_index("claim_id")


@pytest.fixture(scope="module")
def os_fits():
    return _fits(Assumptions(), "os")


def test_os_claims_are_compared_with_the_wald_estimate_and_interval(audit, os_fits):
    ordinary, _ = os_fits
    for claim, field in OS_CLAIMS.items():
        assert audit.loc[claim, "reproduced"] == pytest.approx(getattr(ordinary, field), abs=1e-12)
        text = audit.loc[claim, "explanation"]
        assert "compared with the ordinary Cox estimate and its Wald 95% CI" in text
        wald = f"({format_ratio(ordinary.ci_lower)}–{format_ratio(ordinary.ci_upper)})"
        assert f"HR {format_ratio(ordinary.hazard_ratio)} {wald}" in text
        assert f"Wald {format_p_value(ordinary.p_value)}" in text


def test_os_explanation_gives_the_profile_interval_the_other_tests_and_firth(audit, os_fits):
    ordinary, firth = os_fits
    text = audit.loc["r34-os-hr", "explanation"]
    profile = f"{format_ratio(ordinary.profile_ci_lower)}–{format_ratio(ordinary.profile_ci_upper)}"
    assert f"profile-likelihood 95% CI {profile}" in text
    assert f"likelihood-ratio test {format_p_value(ordinary.lr_p_value)}" in text
    assert f"score test {format_p_value(ordinary.score_p_value)}" in text
    assert "Firth's penalised estimate (Heinze and Schemper 2001)" in text
    assert f"is HR {format_ratio(firth.hazard_ratio)}" in text
    # The three tests differ with 4 deaths, and the explanation shows that they do.
    shown = {
        format_p_value(p) for p in (ordinary.p_value, ordinary.lr_p_value, ordinary.score_p_value)
    }
    assert len(shown) == 3
    # The printed 0.07 is neither the ordinary nor the Firth estimate at 2 decimals.
    printed = audit.loc["r34-os-hr", "published"]
    assert round(ordinary.hazard_ratio, 2) != printed
    assert round(firth.hazard_ratio, 2) != printed
    assert "Neither estimate gives the printed HR." in text
    # The same explanation for the estimate and both limits, in Results and Discussion.
    assert {audit.loc[c, "explanation"] for c in OS_CLAIMS} == {text}


def test_the_verdict_names_an_estimate_that_matches_the_printed_value(os_fits):
    ordinary, firth = os_fits
    reading = cox_reading(
        load_cohort().frame, duration="os_time", event="os_event", group="complete_remission"
    )
    assert reading.ordinary == ordinary
    assert reading.firth == firth
    text = reading.text(
        model="a Cox model",
        events="4 deaths",
        printed_hr=round(firth.hazard_ratio, 2),
        decimals=2,
    )
    assert "The printed HR is the Firth estimate at its precision." in text


def test_dfs_claims_are_not_reproducible_while_dfs_leaves_the_non_responders_out(audit):
    for claim in DFS_CLAIMS:
        assert audit.loc[claim, "status"] == "not_reproducible"
        assert math.isnan(audit.loc[claim, "reproduced"])
        assert "Methods 2.6" in audit.loc[claim, "explanation"]


def test_dfs_claims_with_non_responders_followed_like_os():
    a = Assumptions(dfs_non_responders="death_only", dfs_relapses="table2_numbering")
    ordinary, firth = _fits(a, "dfs")
    assert ordinary.estimable
    audit = run_audit(a).set_index("claim_id")
    for claim, field in DFS_CLAIMS.items():
        value = getattr(ordinary, field)
        assert audit.loc[claim, "reproduced"] == pytest.approx(value, abs=1e-12)
        close = abs(value - audit.loc[claim, "published"]) <= 0.005 + 1e-9
        assert audit.loc[claim, "status"] == ("reproduced" if close else "discrepant")
        text = audit.loc[claim, "explanation"]
        assert "Wald 95% CI" in text
        assert f"likelihood-ratio test {format_p_value(ordinary.lr_p_value)}" in text
        assert f"is HR {format_ratio(firth.hazard_ratio)}" in text
        assert "cases 2 and 5" in text  # which events count


def test_dfs_with_non_responders_failing_at_time_zero_has_no_estimate():
    a = Assumptions(dfs_non_responders="event_at_start")
    ordinary, firth = _fits(a, "dfs")
    assert not ordinary.estimable  # monotone likelihood: the estimate runs off to 0
    assert ordinary.hazard_ratio == 0.0
    assert firth.estimable
    assert 0 < firth.hazard_ratio < 1
    audit = run_audit(a).set_index("claim_id")
    for claim in DFS_CLAIMS:
        assert audit.loc[claim, "status"] == "not_reproducible"
        text = audit.loc[claim, "explanation"]
        assert "No ordinary Cox estimate exists" in text
        assert "monotone" in text
        profile = f"0–{format_ratio(ordinary.profile_ci_upper)}"
        assert f"profile-likelihood 95% CI {profile}" in text
        assert f"likelihood-ratio test {format_p_value(ordinary.lr_p_value)}" in text
        assert f"is HR {format_ratio(firth.hazard_ratio)}" in text
        assert "0.00 " not in text
        assert "inf " not in text


@pytest.mark.parametrize("value", [1e-7, 0.0049, 0.0099, 0.01, 0.5, 12.0])
def test_format_ratio_never_rounds_a_positive_value_to_zero(value):
    text = format_ratio(value)
    assert float(text) > 0
    assert float(text) == pytest.approx(value, rel=0.05)
