"""The audit's consistency column: each printed "n (x%)", mean ± SD and Z with p, checked.

Expected verdicts are computed here, from the printed strings of the data files:
percentages by brute force over every whole count (each rounding convention
written out in this file, not taken from helpers.consistency), p-values from
the interval of Z values that round to the printed one, and means and SDs
through GRIM by brute force and GRIMMER by :func:`helpers.consistency.grimmer`.
"""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction

import pandas as pd
import pytest
from scipy import stats

from helpers._format import slug
from helpers.audit import (
    VERDICTS,
    consistency_checks,
    consistency_counts,
    load_cohort,
    run_audit,
)
from helpers.audit.consistency import DENOMINATORS, NOT_APPLICABLE
from helpers.consistency import TEXTS, check_text, grimmer
from helpers.data import load_cohort as load_tables
from helpers.widgets import audit_view

POSSIBLE, TRUNCATION, IMPOSSIBLE = (VERDICTS[0], VERDICTS[1], VERDICTS[-2])


@pytest.fixture(scope="module")
def cohort():
    return load_cohort()


@pytest.fixture(scope="module")
def audit():
    return run_audit().set_index("claim_id")


@pytest.fixture(scope="module")
def claims():
    return load_tables().claims.set_index("claim_id")


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def brute_percent(percent: str, n: int, count: int | None = None) -> str:
    """The verdict on "x% of n" (of "count of n"), by trying every whole count."""
    printed, unit = Fraction(percent), Fraction(1, 10 ** _decimals(percent))
    counts = range(n + 1) if count is None else [count]
    shares = [Fraction(100 * k, n) for k in counts]
    # To the nearest, a tie either way (half up takes a tie up, half down takes it down).
    if any(abs(share - printed) <= unit / 2 for share in shares):
        return POSSIBLE
    if any(printed <= share < printed + unit for share in shares):  # digits cut off
        return TRUNCATION
    return IMPOSSIBLE


def brute_grim(mean: str, n: int) -> bool:
    """Some whole-number total over n rounds (to the nearest) to the printed mean."""
    printed, unit = Fraction(mean), Fraction(1, 10 ** _decimals(mean))
    return any(abs(Fraction(total, n) - printed) <= unit / 2 for total in range(100 * n))


def z_p_verdict(z: str, p: str) -> str:
    """Two-sided normal p over every Z that rounds to the printed one, against the printed p."""
    z_half, p_half = 0.5 * 10 ** -_decimals(z), 0.5 * 10 ** -_decimals(p)
    lowest = 2 * stats.norm.sf(float(z) + z_half)
    highest = 2 * stats.norm.sf(float(z) - z_half)
    fits = lowest <= float(p) + p_half and float(p) - p_half <= highest
    return POSSIBLE if fits else IMPOSSIBLE


CELL = re.compile(r"^(\d+)\s*\((\d+(?:\.\d+)?)\)$")
WITH_FRACTION = re.compile(r"^(\d+(?:\.\d+)?)% \((\d+)/(\d+)\)$")


def test_every_claim_has_a_verdict_in_words(audit):
    assert set(audit["consistency"]) <= set(VERDICTS)
    assert audit["consistency"].map(type).eq(str).all()
    assert audit["consistency_note"].str.len().gt(20).all()
    counts = consistency_counts(audit.reset_index())
    rare = {TEXTS["verdict.one_sided"], TEXTS["verdict.population_sd"]}
    assert counts.index.tolist() == [v for v in VERDICTS if v not in rare]
    assert counts.sum() == len(audit)


def test_table_cells_are_checked_against_their_own_count(audit, claims, cohort):
    transplanted = cohort.transplants["case_id"].nunique()
    checked = 0
    for claim_id, row in claims.iterrows():
        match = CELL.match(str(row["printed"]))
        if row["location"] not in ("Table 1", "Table 3", "Table 5") or not match:
            continue
        n = transplanted if row["location"] == "Table 5" else cohort.n
        count, percent = int(match[1]), match[2]
        assert audit.loc[claim_id, "consistency"] == brute_percent(percent, n, count), claim_id
        checked += 1
    assert checked == len(claims[claims["location"].isin(["Table 1", "Table 3", "Table 5"])])


def test_table1_known_impossible_rows(audit, claims, cohort):
    # The rows Table 1 prints as "n (x)" that no rounding of n/33 gives, found by brute force.
    table1 = claims[(claims["location"] == "Table 1") & claims.index.str.endswith("-pct")]
    impossible = {
        row["printed"]
        for _, row in table1.iterrows()
        if brute_percent(
            CELL.match(row["printed"])[2], cohort.n, int(CELL.match(row["printed"])[1])
        )
        == IMPOSSIBLE
    }
    found = set(table1.loc[table1.index.map(audit["consistency"]) == IMPOSSIBLE, "printed"])
    assert found == impossible
    assert len(impossible) == 3  # male, blasts > 50 and marrow relapse


def test_printed_fractions_are_checked(audit, claims):
    checked = 0
    for claim_id, row in claims.iterrows():
        if match := WITH_FRACTION.match(str(row["printed"])):
            percent, k, n = match[1], int(match[2]), int(match[3])
            assert audit.loc[claim_id, "consistency"] == brute_percent(percent, n, k), claim_id
            checked += 1
    assert checked >= 15
    # "96.1% (25/26)": 25/26 = 96.15%, which rounds to 96.2: only cutting digits off gives 96.1.
    row = claims.loc["r32-os-cr"]
    match = WITH_FRACTION.match(row["printed"])
    assert brute_percent(match[1], int(match[3]), int(match[2])) == TRUNCATION
    assert audit.loc["r32-os-cr", "consistency"] == TRUNCATION


def test_text_percentages_with_their_count(audit, claims, cohort):
    # "11 female (36.4%)": the count and the percentage of the 33 children disagree.
    for claim_id in ("r31-male-pct", "r31-female-pct"):
        count, percent = re.match(
            r"(\d+) \w+ \((\d+\.\d)%\)", claims.loc[claim_id, "printed"]
        ).groups()
        expected = brute_percent(percent, cohort.n, int(count))
        assert audit.loc[claim_id, "consistency"] == expected
    assert audit.loc["r31-female-pct", "consistency"] == IMPOSSIBLE
    assert audit.loc["r31-female-pct", "status"] == "discrepant"


def test_a_percentage_without_its_count_takes_n_from_the_same_figure(audit, claims):
    # The Abstract's 96.1% has no (k/n); Results 3.2 prints the same figure as (25/26).
    n = int(WITH_FRACTION.match(claims.loc["r32-os-cr", "printed"])[3])
    percent = f"{claims.loc['abs-os-cr', 'value']:.{claims.loc['abs-os-cr', 'decimals']}f}"
    assert audit.loc["abs-os-cr", "consistency"] == brute_percent(percent, n)
    assert audit.loc["abs-os-cr", "status"] == "discrepant"
    assert "Results 3.2" in audit.loc["abs-os-cr", "consistency_note"]


def test_table6_p_values_follow_from_z(audit, claims, cohort):
    for row in cohort.humoral.itertuples(index=False):
        claim_id = f"t6-{slug(row.marker)}-p"
        expected = z_p_verdict(repr(row.z), claims.loc[claim_id, "printed"])
        assert audit.loc[claim_id, "consistency"] == expected == POSSIBLE


@pytest.mark.parametrize(
    ("mean_id", "population"),
    [
        ("m21-age-mean", "children"),
        ("d-course-mean", "children"),
        ("r34-neutrophil-mean", "transplanted"),
        ("r34-platelet-mean", "transplanted"),
    ],
)
def test_means_and_sds_pass_grim_and_grimmer(audit, claims, cohort, mean_id, population):
    mean, sd = re.match(r"(\d+\.\d) ± (\d+\.\d)", claims.loc[mean_id, "printed"]).groups()
    n = cohort.n if population == "children" else cohort.transplants["case_id"].nunique()
    sd_id = mean_id.replace("-mean", "-sd")
    expected = POSSIBLE if brute_grim(mean, n) and grimmer(mean, sd, n).consistent else IMPOSSIBLE
    assert audit.loc[mean_id, "consistency"] == audit.loc[sd_id, "consistency"] == expected
    assert f"n = {n}" in audit.loc[mean_id, "consistency_note"]


def test_the_audit_checks_what_a_reader_would_paste(cohort, audit):
    table = consistency_checks(cohort).set_index("claim_id")
    applied = table[table["consistency"] != NOT_APPLICABLE]
    assert len(applied) > 100
    for claim_id, row in applied.iterrows():
        explanation = check_text(row["checked"]).result.explanation
        assert audit.loc[claim_id, "consistency_note"].startswith(explanation), claim_id


def test_every_printed_percentage_has_a_denominator(audit, claims):
    percentages = claims[
        (claims["kind"] == "percent")
        | claims["printed"].str.contains(r"\(\s*(?:\d+\s+cases?,\s*)?\d+(?:\.\d+)?%\)")
    ]
    shown = audit.loc[percentages.index, "consistency"]
    assert NOT_APPLICABLE not in set(shown), list(shown[shown == NOT_APPLICABLE].index)


def test_denominators_name_existing_claims(claims):
    for claim_id, source in DENOMINATORS.items():
        assert claim_id in claims.index, claim_id
        assert source in ("children", "transplanted") or source in claims.index, source


def test_claims_no_check_applies_to_say_why(audit, claims):
    shown = audit[audit["consistency"] == NOT_APPLICABLE]
    kinds = set(claims.loc[shown.index, "kind"])
    assert {"median", "p25", "hazard_ratio", "p_value"} <= kinds
    assert shown["consistency_note"].str.contains("no check applies").all()
    assert audit.loc["abs-os-cr-p", "consistency"] == NOT_APPLICABLE  # a p with no statistic


def test_a_percentage_of_unknown_n_is_not_checked(cohort):
    extra = pd.DataFrame(
        [
            {
                "claim_id": "x-new-pct",
                "location": "Results 3.9",
                "description": "A share of something",
                "printed": "41.7%",
                "kind": "percent",
                "comparator": "=",
                "value": 41.7,
                "decimals": 1,
            }
        ]
    )
    tables = dataclasses.replace(cohort.tables, claims=pd.concat([cohort.claims, extra]))
    table = consistency_checks(dataclasses.replace(cohort, tables=tables)).set_index("claim_id")
    assert table.loc["x-new-pct", "consistency"] == NOT_APPLICABLE
    assert "does not say what this is a percentage of" in table.loc["x-new-pct", "consistency_note"]


def test_a_count_above_n_is_impossible_and_says_why(cohort):
    # A count printed larger than its denominator cannot be a share of it.
    rows = cohort.claims.copy()
    rows.loc[rows["claim_id"] == "r31-male-pct", "printed"] = "40 male (63.6%)"
    tables = dataclasses.replace(cohort.tables, claims=rows)
    table = consistency_checks(dataclasses.replace(cohort, tables=tables)).set_index("claim_id")
    assert table.loc["r31-male-pct", "consistency"] == IMPOSSIBLE
    assert "larger than n" in table.loc["r31-male-pct", "consistency_note"]


def test_other_input_errors_are_not_applicable_and_say_why(cohort, monkeypatch):
    # Only numbers no data can give (a count above n) are impossible; a check
    # that cannot read its numbers says so instead of calling them impossible.
    import helpers.audit.consistency as module
    from helpers.consistency import ConsistencyInputError

    def refuse(text):
        raise ConsistencyInputError("a sample SD needs at least 2 values; got n = 1")

    monkeypatch.setattr(module, "check_text", refuse)
    table = consistency_checks(cohort).set_index("claim_id")
    assert table.loc["r31-male-pct", "consistency"] == NOT_APPLICABLE
    assert "needs at least 2 values" in table.loc["r31-male-pct", "consistency_note"]
    assert IMPOSSIBLE not in set(table["consistency"])


def test_the_audit_explorer_shows_the_verdicts():
    audit = run_audit()
    view = audit_view(audit, location="Table 1")
    assert '<th style="text-align:left">Consistency</th>' in view.html
    impossible = int((audit.loc[audit["location"] == "Table 1", "consistency"] == IMPOSSIBLE).sum())
    assert view.html.count(f'<td style="text-align:left">{IMPOSSIBLE}</td>') == impossible > 0
