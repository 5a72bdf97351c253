"""Audit explorer, audit tables and the adverse-event explorer."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data
from helpers.audit import (
    claims,
    compare_audits,
    counts_by,
    discrepancy_kinds,
    filter_audit,
    quantile_conventions,
    run_audit,
    status_counts,
)
from helpers.endpoints import Assumptions
from helpers.widgets import AdverseEventExplorer, AuditExplorer, adverse_event_view, audit_view


@pytest.fixture(scope="module")
def audit():
    return run_audit()


def _tiny():
    return pd.DataFrame(
        {
            "claim_id": ["a", "b", "c"],
            "location": ["Abstract", "Table 1", "Abstract"],
            "description": ["", "", ""],
            "printed": ["1", "2", "3"],
            "published": [1.0, 2.0, 3.0],
            "reproduced": [1.0, 2.5, float("nan")],
            "status": ["reproduced", "discrepant", "not_reproducible"],
            "explanation": ["", "", ""],
        }
    )


def test_counts_by_location_keeps_paper_order():
    table = counts_by(_tiny())
    assert table.index.tolist() == ["Abstract", "Table 1", "total"]
    assert table.loc["Abstract"].tolist() == [1, 0, 1, 2]
    assert table.loc["total", "total"] == 3


def test_counts_match_status_counts(audit):
    table = counts_by(audit)
    assert table.loc["total", ["reproduced", "discrepant", "not_reproducible"]].tolist() == (
        status_counts(audit).tolist()
    )
    assert table.loc["Table 5", "discrepant"] == 3


def test_filter_audit_and_errors():
    assert filter_audit(_tiny(), location="Abstract")["claim_id"].tolist() == ["a", "c"]
    assert filter_audit(_tiny(), status="discrepant", location="Abstract").empty
    with pytest.raises(ValueError, match="status must be"):
        filter_audit(_tiny(), status="wrong")
    with pytest.raises(ValueError, match="location 'Table 9'"):
        filter_audit(_tiny(), location="Table 9")


def test_claims_in_requested_order():
    assert claims(_tiny(), ["c", "a"])["claim_id"].tolist() == ["c", "a"]
    with pytest.raises(KeyError, match="unknown claim"):
        claims(_tiny(), ["z"])


def test_compare_audits_tiny():
    after = _tiny().assign(
        reproduced=[1.0, 2.0, float("nan")], status=["reproduced"] * 2 + ["not_reproducible"]
    )
    moved = compare_audits(_tiny(), after)
    assert moved["claim_id"].tolist() == ["b"]
    assert moved[["status before", "status after"]].to_numpy().tolist() == [
        ["discrepant", "reproduced"]
    ]
    assert compare_audits(_tiny(), _tiny()).empty
    with pytest.raises(ValueError, match="same claims"):
        compare_audits(_tiny(), _tiny().iloc[::-1])


def test_counting_relapses_moves_dfs_claims(audit):
    moved = compare_audits(audit, run_audit(Assumptions(dfs_relapses="table2_numbering")))
    changed = moved.set_index("claim_id")
    assert changed.loc["r35-dfs-nohsct", "status after"] == "discrepant"
    assert changed.loc["r32-dfs-cr", "reproduced after"] == pytest.approx(100 * 23 / 26, abs=1e-4)
    assert not moved["claim_id"].str.contains("os").any()


def test_quantile_conventions_hand_computed():
    t = quantile_conventions([1, 2, 3, 4, 5], q=(0.25, 0.75))
    assert t.loc["linear", ["p25", "p75"]].tolist() == [2.0, 4.0]
    assert t.loc["weibull", ["p25", "p75"]].tolist() == [1.5, 4.5]
    with pytest.raises(ValueError, match="at least one value"):
        quantile_conventions([])


def test_days_to_hsct_p75_only_linear():
    days = data.load_transplants()["days_to_hsct"].dropna()
    t = quantile_conventions(days)
    assert t.index[t["p75"] == 23.5].tolist() == ["linear"]


def test_audit_view_messages_and_numbers(audit):
    view = audit_view(audit, status="discrepant", location="Table 3")
    assert view.count == "<b>1</b> of 235 claims selected"
    assert "CRS, any grade, percent of 33" in view.html  # the claim by its description
    assert "t3-crs-all-pct" not in view.html  # never by its id
    assert "not_reproducible" not in audit_view(audit).html
    empty = audit_view(audit, status="not_reproducible", location="Table 6")
    assert "No claim matches" in empty.html
    assert empty.figure is None


def test_audit_explorer_filters_and_toggles(audit):
    board = AuditExplorer(audit)
    assert board.count.value == "<b>235</b> of 235 claims selected"
    assert board.plot.figure["data"]
    board.status.value = "discrepant"
    n_default = int(status_counts(audit)["discrepant"])
    assert board.count.value == f"<b>{n_default}</b> of 235 claims selected"
    board.relapses.value = "table2_numbering"
    counted = run_audit(Assumptions(dfs_relapses="table2_numbering"))
    n_counted = int(status_counts(counted)["discrepant"])
    assert n_counted > n_default  # counting the two relapses moves more claims away
    assert board.count.value == f"<b>{n_counted}</b> of 235 claims selected"
    board.location.value = "Table 6"
    assert "No claim matches" in board.table.value
    assert board.plot.figure == {}


def test_adverse_event_explorer():
    ae = data.load_adverse_events()
    n_children = len(data.load_patients())
    board = AdverseEventExplorer(ae, n_patients=n_children)
    assert "15 of 33 children = <b>45.5%</b>" in board.text.value
    board.denominator.value = "events"
    assert "15 of the 163 any grade events" in board.text.value
    board.grade.value = "severe"
    assert "2 of the 79 grade 3–4 events" in board.text.value
    view = adverse_event_view(ae, event="Fever", grade="severe", n_patients=n_children)
    assert view.numbers == {"k": 11, "denominator": 33, "percent": pytest.approx(100 / 3)}


def test_discrepancy_kinds_tiny_and_real(audit):
    tiny = _tiny().assign(
        claim_id=["a", "b", "c"],
        published=[96.1, 13.1, 18.0],
        reproduced=[96.1538, 13.2, 15.0],
        status=["discrepant"] * 3,
    )
    precision = pd.DataFrame({"claim_id": ["a", "b", "c"], "decimals": [1, 1, 0]})
    # 96.15 cut to 96.1 is a last-digit slip; 13.2 printed as 13.1 is a whole unit off
    assert discrepancy_kinds(tiny, precision)["kind"].tolist() == [
        "last digit",
        "substantive",
        "substantive",
    ]
    real = discrepancy_kinds(audit, data.load_published_claims())
    assert len(real) == status_counts(audit)["discrepant"]
    slips = set(real.loc[real["kind"] == "last digit", "claim_id"])
    assert {"t5-cns-pct", "r32-os-cr", "t1-sex-male-pct"} <= slips
    assert "abs-crs-n" not in slips
    with pytest.raises(KeyError, match="no printed precision"):
        discrepancy_kinds(tiny, precision.iloc[:1])
