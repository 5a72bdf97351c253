"""Toxicity tables: recomputed percentages, rounding vs truncation, events vs children."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data
from helpers.audit import run_audit
from helpers.rounding import counts_matching, printed_percent_check, rounding_kind
from helpers.toxicity import (
    GRADING_SYSTEMS,
    adverse_event_numbers,
    adverse_event_table,
    engraftment_quartiles,
    event_burden,
    grading_table,
    transplant_event_table,
)

# The denominators come from the tables, never typed: children, and children transplanted.
N_CHILDREN = len(data.load_patients())
N_TRANSPLANTED = int(data.load_transplants()["case_id"].nunique())


@pytest.fixture(scope="module")
def ae():
    return data.load_adverse_events()


@pytest.fixture(scope="module")
def audit():
    return run_audit().set_index("claim_id")


@pytest.mark.parametrize(
    ("printed", "value", "decimals", "kind"),
    [
        (26.7, 4 / 15 * 100, 1, "rounded"),  # 26.666... rounds up
        (26.6, 4 / 15 * 100, 1, "truncated"),  # cut off after one decimal
        (6.1, 2 / 33 * 100, 1, "rounded"),  # 6.0606 -> 6.1
        (54.5, 15 / 33 * 100, 1, "different"),  # 45.45 is neither
        (63.0, 69 / 110 * 100, 0, "rounded"),  # 62.7 -> 63
        (0.0, 0.0, 1, "rounded"),
    ],
)
def test_rounding_kind(printed, value, decimals, kind):
    assert rounding_kind(printed, value, decimals=decimals) == kind


def test_rounding_kind_rejects_negative_decimals():
    with pytest.raises(ValueError, match="decimals"):
        rounding_kind(1.0, 1.0, decimals=-1)


def test_counts_matching_finds_the_count_behind_a_percentage():
    assert counts_matching(54.5, 33) == [18]  # 18/33 = 54.55
    assert counts_matching(50.0, 4) == [2]
    assert counts_matching(26.6, 15) == []  # truncation: no count rounds to it
    with pytest.raises(ValueError, match="positive whole number"):
        counts_matching(50.0, 0)


def test_printed_percent_check_on_a_tiny_table():
    t = pd.DataFrame({"adverse_event": ["A", "B", "C"], "k": [1, 2, 3], "pct": [25.0, 60.0, 75]})
    out = printed_percent_check(t, count="k", printed="pct", n=4)
    assert out["recomputed %"].tolist() == [25.0, 50.0, 75.0]
    assert out["difference"].tolist() == [0.0, 10.0, 0.0]
    assert out["printed is"].tolist() == ["rounded", "different", "rounded"]


@pytest.mark.parametrize("bad", [[-1], [5], [1.5]])
def test_printed_percent_check_rejects_bad_counts(bad):
    t = pd.DataFrame({"adverse_event": ["A"], "k": bad, "pct": [10.0]})
    with pytest.raises(ValueError, match=r"whole counts in 0\.\.4"):
        printed_percent_check(t, count="k", printed="pct", n=4)


def test_printed_percent_check_names_missing_columns():
    with pytest.raises(ValueError, match=r"column\(s\) \['pct'\] not in the DataFrame"):
        printed_percent_check(
            pd.DataFrame({"adverse_event": [], "k": []}), count="k", printed="pct", n=3
        )


def test_table3_only_crs_disagrees_and_agrees_with_the_audit(ae, audit):
    table = adverse_event_table(ae, n_patients=N_CHILDREN)
    wrong = table.loc[table["all printed is"] != "rounded", "adverse_event"].tolist()
    assert wrong == ["CRS"]
    assert (table["g34 printed is"] == "rounded").all()
    crs = table.set_index("adverse_event").loc["CRS"]
    assert crs["all recomputed %"] == pytest.approx(45.45)
    assert audit.loc["t3-crs-all-pct", "reproduced"] == pytest.approx(100 * 15 / 33)


def test_table5_truncations(audit):
    table = transplant_event_table(
        data.load_transplant_adverse_events(), n_transplanted=N_TRANSPLANTED
    )
    truncated = table.loc[table["printed is"] == "truncated", "adverse_event"].tolist()
    assert truncated == ["Periimplantation syndrome", "Capillary leak syndrome", "CNS"]
    assert "  ↳ Skin (GVHD)" in table["adverse_event"].tolist()
    discrepant = audit[audit.index.str.startswith("t5-") & (audit["status"] == "discrepant")]
    assert len(discrepant) == len(truncated)


def test_event_burden_tiny_and_real(ae):
    tiny = pd.DataFrame({"all_grade_n": [3, 2], "grade_3_4_n": [2, 1]})
    values = event_burden(tiny, n_patients=4).set_index("quantity")["value"]
    # 5 events, 3 severe (60%), 1.25 per child, between 2 and 3 children with a severe one
    assert values.tolist() == [5.0, 3.0, 60.0, 1.25, 2.0, 3.0]
    real = event_burden(ae, n_patients=N_CHILDREN).set_index("quantity")["value"]
    assert real.iloc[:3].tolist() == [163.0, 79.0, 48.47]
    assert real.iloc[4:].tolist() == [24.0, 33.0]


def test_adverse_event_numbers(ae):
    crs = adverse_event_numbers(ae, "CRS", n_patients=N_CHILDREN)
    assert (crs["k"], crs["denominator"]) == (15, 33)
    assert crs["percent"] == pytest.approx(45.4545, abs=1e-3)
    assert crs["ci_lower"] < crs["percent"] < crs["ci_upper"]
    events = adverse_event_numbers(
        ae, "CRS", grade="severe", denominator="events", n_patients=N_CHILDREN
    )
    assert (events["k"], events["denominator"]) == (2, 79)
    assert events["ci_lower"] != events["ci_lower"]  # nan: no interval for events
    with pytest.raises(KeyError, match="unknown adverse event 'Headache'"):
        adverse_event_numbers(ae, "Headache", n_patients=N_CHILDREN)
    with pytest.raises(ValueError, match="denominator"):
        adverse_event_numbers(ae, "CRS", denominator="doses", n_patients=N_CHILDREN)
    with pytest.raises(ValueError, match="grade"):
        adverse_event_numbers(ae, "CRS", grade="5", n_patients=N_CHILDREN)


def test_engraftment_quartiles_tiny_and_real():
    tx = pd.DataFrame(
        {
            "neutrophil_engraftment_day": [10, 12, None, 20],
            "platelet_engraftment_day": [5, 9, None, 7],
        }
    )
    out = engraftment_quartiles(tx).set_index("lineage")
    assert out.loc["neutrophils", ["median", "p25", "p75"]].tolist() == [12.0, 11.0, 16.0]
    assert out.loc["platelets", "transplants"] == 3
    real = engraftment_quartiles(data.load_transplants()).set_index("lineage")
    assert real.loc["neutrophils", "median"] == 12.0
    with pytest.raises(ValueError, match="no engraftment days"):
        engraftment_quartiles(tx.assign(platelet_engraftment_day=[None] * 4))


def test_grading_tables():
    assert set(GRADING_SYSTEMS) == {"crs", "icans", "other"}
    crs = grading_table("crs")
    assert crs["grade"].tolist() == [1, 2, 3, 4, 5]
    assert crs["counted as grade 3–4"].tolist() == [False, False, True, True, True]
    with pytest.raises(KeyError, match="unknown grading system"):
        grading_table("gvhd")
