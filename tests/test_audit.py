"""The audit: every published claim gets a recomputation, a status and an explanation."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from helpers.audit import STATUSES, run_audit, status_counts
from helpers.data import load_patients, load_published_claims
from helpers.endpoints import Assumptions


@pytest.fixture(scope="module")
def audit():
    return run_audit()


@pytest.fixture(scope="module")
def by_id(audit):
    return audit.set_index("claim_id")


def test_one_row_per_claim_in_file_order(audit):
    claims = load_published_claims()
    assert audit["claim_id"].tolist() == claims["claim_id"].tolist()
    assert len(audit) >= 60
    assert list(audit.columns) == [
        "claim_id",
        "location",
        "description",
        "printed",
        "published",
        "reproduced",
        "status",
        "explanation",
        "consistency",
        "consistency_note",
    ]


def test_claims_cover_tables_one_to_six_and_the_text(audit):
    locations = set(audit["location"])
    for table in range(1, 7):
        assert f"Table {table}" in locations
    for part in ("Abstract", "Results 3.2", "Discussion"):
        assert part in locations


def test_statuses_are_consistent_with_values(audit):
    assert set(audit["status"]) <= set(STATUSES)
    missing = audit["reproduced"].isna()
    assert (audit.loc[missing, "status"] == "not_reproducible").all()
    assert (audit.loc[~missing, "status"] != "not_reproducible").all()
    assert (audit["explanation"].str.len() > 10).all()


def test_tolerance_follows_printed_precision(by_id):
    # 26/33 = 78.79 % prints as 78.8: reproduced.
    assert by_id.loc["abs-cr-rate", "reproduced"] == pytest.approx(100 * 26 / 33)
    assert by_id.loc["abs-cr-rate", "status"] == "reproduced"
    # 25/26 = 96.15 % prints as 96.2, not 96.1: discrepant, if only by rounding.
    assert by_id.loc["abs-os-cr", "reproduced"] == pytest.approx(100 * 25 / 26)
    assert by_id.loc["abs-os-cr", "status"] == "discrepant"
    # 4/15 = 26.67 % printed as 26.6 in Table 5.
    assert by_id.loc["t5-periimplantation-syndrome-pct", "status"] == "discrepant"


def test_known_discrepancies(by_id):
    # "The total OS was 87.9% (28/33)": 29 of 33 are alive in Table 2.
    assert by_id.loc["r32-os-all-n", "reproduced"] == 29
    assert by_id.loc["r32-os-all-n", "status"] == "discrepant"
    # CRS: the text says 18, Table 3 says 15 beside the same 54.5 %.
    assert by_id.loc["abs-crs-n", "reproduced"] == 15
    assert by_id.loc["t3-crs-all-pct", "status"] == "discrepant"
    # 21 boys and 11 girls are 32 children, not 33.
    assert by_id.loc["m21-sex-total", "status"] == "discrepant"
    # OS by remission: the log-rank p of Table 2's data is about 0.016, not 0.002.
    assert by_id.loc["abs-os-cr-p", "status"] == "discrepant"
    assert 0.01 < by_id.loc["abs-os-cr-p", "reproduced"] < 0.02


def test_known_reproductions(by_id):
    # Days to HSCT, Table 4: median 21 (19-23.5) with linear interpolation.
    for claim, value in (("r34-hsct-days-median", 21), ("r34-hsct-days-p25", 19)):
        assert by_id.loc[claim, "reproduced"] == value
    assert by_id.loc["r34-hsct-days-p75", "reproduced"] == 23.5
    # Table 6 p-values follow from their Z statistics.
    assert (by_id.filter(like="t6-", axis=0)["status"] == "reproduced").all()
    assert by_id.loc["r33-ae-total", "reproduced"] == 163


def test_not_reproducible_claims_say_why(by_id):
    for claim in ("m21-age-mean", "abs-refractory-cr-rate", "abs-dfs-noncr"):
        assert by_id.loc[claim, "status"] == "not_reproducible"
        assert math.isnan(by_id.loc[claim, "reproduced"])


def test_assumptions_move_the_dfs_claims():
    relapses = run_audit(Assumptions(dfs_relapses="table2_numbering")).set_index("claim_id")
    # Counting the two relapses of the Discussion besides the death of case 20: 23/26.
    assert relapses.loc["abs-dfs-cr", "reproduced"] == pytest.approx(100 * 23 / 26)
    assert relapses.loc["abs-os-cr", "reproduced"] == pytest.approx(100 * 25 / 26)


def test_readme_reports_the_current_counts(audit):
    readme = (Path(__file__).resolve().parents[1] / "cohort_data" / "README.md").read_text(
        encoding="utf-8"
    )
    counts = status_counts(audit)
    for status, n in counts.items():
        assert re.search(rf"\|\s*`{status}`\s*\|\s*{n}\s*\|", readme), (
            f"cohort_data/README.md should report {n} claims {status}"
        )
    assert re.search(rf"\|\s*total\s*\|\s*{len(audit)}\s*\|", readme)


def test_median_follow_up_is_that_of_the_children_alive_at_reporting(by_id, audit):
    # "Median follow-up time to the time of reporting": the survivors' follow-up.
    patients = load_patients()
    alive = patients.loc[patients["alive"], "follow_up_months"]
    assert by_id.loc["r32-fu-median", "reproduced"] == pytest.approx(alive.median())
    assert by_id.loc["r32-fu-median", "status"] == "reproduced"
    assert by_id.loc["r32-fu-p75", "status"] == "reproduced"
    assert by_id.loc["r32-fu-p25", "status"] == "discrepant"  # 6.1 against the printed 7.2
    everyone = patients["follow_up_months"].median()
    assert f"it is {everyone:.2f}" in by_id.loc["r32-fu-median", "explanation"]
    assert everyone != pytest.approx(alive.median())


def test_dfs_explanations_follow_the_assumptions():
    counted = run_audit(Assumptions(dfs_relapses="table2_numbering")).set_index("claim_id")
    for claim in ("abs-dfs-cr", "r35-dfs-p"):
        text = counted.loc[claim, "explanation"]
        assert "relapses are not counted" not in text
        assert "cases 2 and 5" in text


def test_non_responder_dfs_claims_need_non_responders_in_dfs(by_id):
    assert by_id.loc["abs-dfs-cr-p", "status"] == "not_reproducible"  # Methods 2.6: CR only
    failure = run_audit(Assumptions(dfs_non_responders="event_at_start")).set_index("claim_id")
    # No remission as an event at time zero is the only reading that gives "p < 0.001".
    assert failure.loc["abs-dfs-cr-p", "status"] == "reproduced"
    assert failure.loc["abs-dfs-cr-p", "reproduced"] < 0.001
    assert failure.loc["abs-dfs-noncr", "reproduced"] == 0.0  # 0/7, not the printed 3/7
    assert failure.loc["abs-dfs-noncr", "status"] == "discrepant"
