"""Tests for helpers.cohort, helpers.audit.baseline and helpers.widgets.cohort: Table 1
beside Table 2, printed subgroup counts, MRD readings and the cohort dashboard."""

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import cohort
from helpers.audit import baseline as audit_baseline
from helpers.audit import (
    baseline_comparison,
    disease_status_rates,
    printed_fraction,
    run_audit,
    unrecomputable,
)
from helpers.cohort import interval_comparison, mrd_negative_counts, section_totals
from helpers.data import load_baseline_published
from helpers.widgets import CohortDashboard, cohort_view
from helpers.widgets import cohort as widgets_cohort


@pytest.fixture(scope="module")
def baseline():
    return load_baseline_published()


@pytest.fixture(scope="module")
def audit():
    return run_audit()


@pytest.fixture(scope="module")
def comparison(patients, baseline, audit):
    return baseline_comparison(patients, baseline, audit)


@pytest.mark.parametrize("module", [cohort, audit_baseline, widgets_cohort])
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# --- a tiny hand-made Table 1, Table 2 and audit --------------------------------------------
def tiny_inputs():
    patients = pd.DataFrame({"fusion_gene_pre": ["BCR-ABL", None, "ZNF-X", None]})
    baseline = pd.DataFrame(
        {
            "section": ["sex", "blasts_pre", "fusion_gene"],
            "category": ["Male", "> 50", "BCR-ABL"],
            "n": [3, 2, 2],
            "pct": [75.0, 60.0, 50.0],
        }
    )
    audit = pd.DataFrame(
        {
            "claim_id": [
                "t1-sex-male-n",
                "t1-sex-male-pct",
                "t1-blasts-pre-gt50-n",
                "t1-blasts-pre-gt50-pct",
                "t1-fusion-gene-bcr-abl-n",
                "t1-fusion-gene-bcr-abl-pct",
            ],
            "reproduced": [np.nan, 75.0, 1.0, 50.0, np.nan, 50.0],
            "status": [
                "not_reproducible",
                "reproduced",
                "discrepant",
                "discrepant",
                "not_reproducible",
                "reproduced",
            ],
            "explanation": ["no sex", "", "one child > 50", "", "partial", ""],
        }
    )
    return patients, baseline, audit


def test_baseline_comparison_on_tiny_input():
    table = baseline_comparison(*tiny_inputs())
    assert table["category"].tolist() == ["Male", "> 50", "BCR-ABL", "ZNF-X"]
    # Sex: nothing in the per-child table -> <NA>, status and note from the audit.
    assert pd.isna(table.loc[0, "table2_n"])
    assert table.loc[0, "status"] == "not_reproducible"
    assert table.loc[0, "note"] == "no sex"
    # Blasts: recomputed 1 of 4 = 25.0 %; printed 60 % of 4 fails its own count.
    assert table.loc[1, "table2_n"] == 1
    assert table.loc[1, "table2_pct"] == 25.0
    assert table.loc[1, "printed_pct_check"] == "discrepant"
    # Fusion gene named once in Table 2 though the audit cannot recompute the count.
    assert table.loc[2, "table2_n"] == 1
    assert table.loc[2, "status"] == "not_reproducible"
    # A gene in Table 2 that Table 1 leaves out gets its own row.
    assert table.loc[3, "status"] == "not_printed"
    assert pd.isna(table.loc[3, "printed_n"])
    assert table.loc[3, "table2_pct"] == 25.0


def test_baseline_comparison_errors():
    patients, baseline, audit = tiny_inputs()
    with pytest.raises(ValueError, match=r"no claim \['t1-sex-male-n'\]"):
        baseline_comparison(patients, baseline, audit.iloc[1:])
    with pytest.raises(ValueError, match="patients is empty"):
        baseline_comparison(patients.iloc[:0], baseline, audit)
    with pytest.raises(ValueError, match=r"baseline: column\(s\) \['pct'\] not in the DataFrame"):
        baseline_comparison(patients, baseline.drop(columns="pct"), audit)
    with pytest.raises(TypeError, match="audit must be a pandas DataFrame"):
        baseline_comparison(patients, baseline, audit.to_dict())


def test_baseline_comparison_on_the_paper(comparison):
    blasts = comparison[comparison["section"] == "blasts_pre"].set_index("category")
    # Table 1 prints 8 / 4 / 4 / 17; Table 2 gives 10 / 4 / 5 / 14 (cohort_data/README.md).
    assert blasts["printed_n"].to_dict() == {"> 50": 17, "26–50": 4, "5–25": 4, "< 5": 8}
    assert blasts["table2_n"].to_dict() == {"> 50": 14, "26–50": 5, "5–25": 4, "< 5": 10}
    assert blasts.loc["> 50", "table2_pct"] == 42.4  # 14/33
    prior = comparison[comparison["section"] == "prior_therapy"]
    assert (prior["status"] == "reproduced").all()
    assert prior["table2_n"].tolist() == [27, 5, 1]
    genes = comparison[comparison["section"] == "fusion_gene"].set_index("category")
    assert genes["table2_n"].to_dict() == {
        "MLL-AF4": 2,
        "BCR-ABL": 3,
        "TEL-AML1": 1,
        "P2RYB-CRLF2": 0,
        "TAF15-ZNF384": 1,
    }
    assert genes.loc["TAF15-ZNF384", "status"] == "not_printed"
    male = comparison.set_index("category").loc["Male"]
    assert male["printed_pct_check"] == "discrepant"  # 21/33 = 63.6, printed 63.7


def test_section_totals(baseline):
    totals = section_totals(baseline, cohort_size=33).set_index("section")
    assert totals.loc["sex", "printed_n_total"] == 32
    assert not totals.loc["sex", "adds_up"]
    assert totals.loc["sex", "printed_pct_total"] == 97.0
    assert totals.loc["relapse_site", "expected_n"] == 22
    assert totals.loc["relapse_site", "adds_up"]
    assert pd.isna(totals.loc["fusion_gene", "adds_up"])
    assert totals["adds_up"].dropna().sum() == 5
    with pytest.raises(ValueError, match="cohort_size must be a positive integer"):
        section_totals(baseline, cohort_size=0)


def test_unrecomputable_lists_blocks_without_per_child_data(comparison):
    blocks = unrecomputable(comparison)
    assert list(blocks.index) == ["sex", "age", "disease_status", "relapse_site", "fusion_gene"]
    assert "refractory" in blocks.loc["disease_status", "reason"]
    assert blocks.loc["age", "categories"] == "≤ 10; > 10"


def test_printed_fraction():
    claims = pd.DataFrame({"claim_id": ["a", "b"], "printed": ["72.7% (16/22)", "p = 0.002"]})
    assert printed_fraction(claims, "a") == (16, 22)
    with pytest.raises(ValueError, match="prints no"):
        printed_fraction(claims, "b")
    with pytest.raises(KeyError, match="no claim 'c'"):
        printed_fraction(claims, "c")


def test_disease_status_rates_on_the_paper(audit):
    rates = disease_status_rates(audit).set_index(["reading", "group"])
    assert rates.loc[("Abstract", "Refractory"), ["responders", "n"]].tolist() == [10, 11]
    assert rates.loc[("Results breakdown", "Refractory"), ["responders", "n"]].tolist() == [11, 11]
    assert rates.loc[("Results breakdown", "Relapsed"), ["responders", "n"]].tolist() == [15, 22]
    # Exact interval of 11/11: upper bound 100 %, lower bound (alpha/2)^(1/11).
    row = rates.loc[("Results breakdown", "Refractory")]
    assert row["exact_upper_pct"] == 100.0
    assert row["exact_lower_pct"] == round(100 * 0.025 ** (1 / 11), 1)
    # Both readings account for the same 26 responders.
    assert rates.groupby("reading")["responders"].sum().tolist() == [26, 26]


def test_disease_status_rates_rejects_impossible_counts(audit):
    broken = audit.copy()
    broken.loc[broken["claim_id"] == "r32-refractory-cr-sum", "published"] = 12.0
    with pytest.raises(ValueError, match="12 responders of 11 is impossible"):
        disease_status_rates(broken)


def test_interval_comparison_matches_formulas():
    table = interval_comparison(26, 33)
    lower = stats.beta.ppf(0.025, 26, 8)
    assert table.loc["Clopper-Pearson (exact)", "lower_pct"] == round(100 * lower, 1)
    z = stats.norm.ppf(0.975)
    p, n = 26 / 33, 33
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert table.loc["Wilson", "upper_pct"] == round(100 * (centre + half), 1)
    assert table.loc["Wilson", "width_pct"] < table.loc["Clopper-Pearson (exact)", "width_pct"]
    upper = stats.beta.ppf(0.975, 27, 7)
    assert table.loc["Clopper-Pearson (exact)", "children_upper"] == round(33 * upper, 1)


def test_mrd_negative_counts_on_the_paper(patients):
    counts = mrd_negative_counts(patients)
    inclusive, literal = counts.iloc[0], counts.iloc[1]
    assert inclusive.tolist() == [6, 25, 25]
    assert literal.tolist() == [0, 0, 0]
    assert list(counts.index) == ["inclusive (≤ 0.01 %)", "literal (< 0.01 %)"]


def test_mrd_negative_counts_threshold():
    df = pd.DataFrame(
        {
            "mrd_pre_pct": [0.05, 1.0],
            "mrd_post_pct": [0.05, 0.01],
            "complete_remission": [False, True],
        }
    )
    counts = mrd_negative_counts(df, threshold=0.05)
    assert counts.loc["inclusive (≤ 0.05 %)"].tolist() == [1, 2, 1]
    assert counts.loc["literal (< 0.05 %)"].tolist() == [0, 1, 1]


# --- dashboard --------------------------------------------------------------------------------
def test_cohort_view_counts(frame):
    view = cohort_view(frame, total=33)
    assert view.numbers == {
        "n": 33,
        "cr": 26,
        "bridged": 15,
        "died": 4,
        "median_follow_up": float(np.median(frame.loc[frame["alive"], "follow_up_months"])),
    }
    assert view.figure.layout.meta["order"][0] == 1  # case 1 has the longest follow-up


def test_cohort_view_with_no_child_alive_says_so(frame):
    view = cohort_view(frame[~frame["alive"]], total=33)
    assert np.isnan(view.numbers["median_follow_up"])
    assert "median follow-up of those alive: no child alive" in view.html


@pytest.mark.parametrize("n", [0, 1])
def test_cohort_view_tiny_selection_shows_a_message(frame, n):
    view = cohort_view(frame.head(n), total=33)
    assert view.figure is None
    assert "widen the filter" in view.html
    assert f"<b>{n}</b> of 33" in view.count


def test_cohort_view_needs_survival_columns(patients):
    with pytest.raises(ValueError, match="survival_frame"):
        cohort_view(patients, total=33)


def test_dashboard_follows_the_filter(frame):
    board = CohortDashboard(frame)
    assert "bridged to HSCT: <b>15</b>" in board.summary.value
    assert board.plot.figure["data"]
    board.filter.dropdowns["follow_up_therapy"].value = "CAR-T"
    assert board.filter.count.value == "<b>6</b> of 33 children selected"
    assert "died: <b>2</b>" in board.summary.value
    board.filter.dropdowns["remission"].value = "CR"
    assert board.plot.figure == {}
    assert "1 child selected" in board.summary.value
