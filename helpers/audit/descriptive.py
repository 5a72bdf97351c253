"""Audit rules for the descriptive claims: baseline, transplants and toxicity.

Baseline claims are checked against Table 2 where it can tell (blast bands,
prior therapy, fusion genes); transplant claims against Table 4; toxicity
counts against Table 3.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._format import pct
from helpers.audit._input import AuditInput
from helpers.audit._rules import Rule, Rules, unavailable
from helpers.endpoints import BLAST_BANDS, blast_band

__all__ = ["RULES"]

#: claim_id -> rule, for the claims of this module.
RULES = Rules()


# --- baseline -------------------------------------------------------------------------------
RULES.fixed(
    ("m21-male-n", "m21-female-n", "m21-age-mean", "m21-age-sd"),
    unavailable("Table 2 gives neither age nor sex."),
)
RULES.fixed(
    tuple(
        f"t1-{s}-{c}-n"
        for s, c in [
            ("sex", "male"),
            ("sex", "female"),
            ("age", "le10"),
            ("age", "gt10"),
            ("relapse-site", "marrow"),
            ("relapse-site", "marrow-extramedullary"),
        ]
    ),
    unavailable("Table 2 gives neither age, sex nor relapse site."),
)


@RULES.rule("m21-sex-total")
def _sex_total(c):
    boys, girls = int(c.printed("m21-male-n")), int(c.printed("m21-female-n"))
    return float(c.n), (
        f"{boys} boys + {girls} girls = {boys + girls}, but {c.n} children were enrolled"
    )


@RULES.rule("r31-male-pct")
def _male_pct(c):
    boys = c.printed("m21-male-n")
    return pct(boys, c.n), f"the printed {boys:g} boys / {c.n} = {pct(boys, c.n):.2f}%"


@RULES.rule("r31-female-pct")
def _female_pct(c):
    girls, printed = c.printed("m21-female-n"), c.printed("r31-female-pct")
    return pct(girls, c.n), (
        f"the printed {girls:g} girls / {c.n} = {pct(girls, c.n):.2f}% "
        f"({printed:g}% is {round(printed * c.n / 100)}/{c.n})"
    )


_BAND_CLAIMS = dict(zip(("lt5", "5-25", "26-50", "gt50"), BLAST_BANDS, strict=True))


def _blast_band(band: str) -> Rule:
    def rule(c):
        mask = blast_band(c.patients["blasts_pre_pct"]) == _BAND_CLAIMS[band]
        cases = sorted(c.patients.loc[mask, "case_id"].tolist())
        return float(mask.sum()), (
            f"children in Table 2 whose pre-treatment marrow blasts fall in the band "
            f"{_BAND_CLAIMS[band]}: cases {cases}"
        )

    return rule


for _band in _BAND_CLAIMS:
    RULES.fixed((f"r31-blasts-{_band}-n", f"t1-blasts-pre-{_band}-n"), _blast_band(_band))


def _prior(therapy: str) -> Rule:
    return lambda c: (
        float((c.patients["prior_therapy"] == therapy).sum()),
        f"children with prior treatment {therapy!r} in Table 2",
    )


RULES.fixed(("r31-prior-chemo-n", "t1-prior-therapy-chemotherapy-n"), _prior("Chemotherapy"))
RULES.fixed(
    ("r31-prior-cart-n", "t1-prior-therapy-chemotherapy-car-t-n"), _prior("Chemotherapy + CAR-T")
)
RULES.fixed(
    ("r31-prior-cart-hsct-n", "t1-prior-therapy-chemotherapy-car-t-hsct-n"),
    _prior("Chemotherapy + CAR-T + HSCT"),
)


@RULES.rule("r31-prior-total")
def _prior_total(c):
    return float(c.patients["prior_therapy"].notna().sum()), "children with a prior treatment"


def _fusion(gene: str) -> Rule:
    def rule(c):
        listed = c.patients["fusion_gene_pre"].value_counts().to_dict()
        marked = int(c.patients["fusion_marker"].sum())
        return None, (
            f"Table 2 names a fusion gene only for the {marked} children it marks with an "
            "asterisk ('positive fusion genes before blinatumomab treatment': "
            f"{', '.join(f'{g} {n}' for g, n in sorted(listed.items()))}); the fusion status of "
            f"the other {c.n - marked} is not given. TAF15-ZNF384 (case 33) is missing from "
            "Table 1."
        )

    return rule


for _gene in ("mll-af4", "bcr-abl", "tel-aml1", "p2ryb-crlf2"):
    RULES.fixed((f"r31-fusion-{_gene}-n", f"t1-fusion-gene-{_gene}-n"), _fusion(_gene))


# --- transplants ----------------------------------------------------------------------------
def _first_transplants(c: AuditInput) -> pd.DataFrame:
    return c.transplants[c.transplants["transplant_order"] == 1]


def _graft(source: str) -> Rule:
    def rule(c):
        first = int((_first_transplants(c)["graft_source"] == source).sum())
        every = int((c.transplants["graft_source"] == source).sum())
        return float(first), (
            f"first transplants with graft {source!r} in Table 4 (counting the second "
            f"transplant of Table 4 number 4 too: {every})"
        )

    return rule


RULES.fixed(("r34-graft-bm-pt-n",), _graft("BM + PT"))
RULES.fixed(("r34-graft-pt-n",), _graft("PT"))
RULES.fixed(("r34-graft-cb-n",), _graft("CB"))


def _days_quantile(q: float) -> Rule:
    def rule(c):
        days = c.transplants["days_to_hsct"].dropna().to_numpy(float)
        value = float(np.quantile(days, q))
        spss = float(np.quantile(days, q, method="weibull"))
        return value, (
            f"{q:.0%} quantile of the {len(days)} dated transplants in Table 4 = {value:g} "
            f"(linear interpolation; SPSS's weighted average gives {spss:g})"
        )

    return rule


RULES.fixed(("r34-hsct-days-median", "d-hsct-days-median"), _days_quantile(0.5))
RULES.fixed(("r34-hsct-days-p25",), _days_quantile(0.25))
RULES.fixed(("r34-hsct-days-p75",), _days_quantile(0.75))


def _engraftment(column: str, stat: str) -> Rule:
    def rule(c):
        days = c.transplants[column].dropna().to_numpy(float)
        value = float(days.mean() if stat == "mean" else days.std(ddof=1))
        return value, (
            f"{'mean' if stat == 'mean' else 'sample SD'} of the {len(days)} engraftment days in "
            f"Table 4 = {value:.2f} (for number 4, the second transplant's). The paper calls this "
            "a median but prints mean ± SD."
        )

    return rule


RULES.fixed(("r34-neutrophil-mean",), _engraftment("neutrophil_engraftment_day", "mean"))
RULES.fixed(("r34-neutrophil-sd",), _engraftment("neutrophil_engraftment_day", "sd"))
RULES.fixed(("r34-platelet-mean",), _engraftment("platelet_engraftment_day", "mean"))
RULES.fixed(("r34-platelet-sd",), _engraftment("platelet_engraftment_day", "sd"))


@RULES.rule("r34-engraftment-rate")
def _engrafted(c):
    t = c.transplants
    children = t.groupby("case_id")["neutrophil_engraftment_day"].apply(lambda s: s.notna().any())
    return pct(children.sum(), len(children)), (
        f"{int(children.sum())}/{len(children)} children engrafted; per transplant "
        f"{int(t['neutrophil_engraftment_day'].notna().sum())}/{len(t)} (number 4's cord-blood "
        "graft failed)"
    )


def _hla(which: str) -> Rule:
    def rule(c):
        matched = c.transplants["hla_match"].str.split("/").str[0].astype(int)
        return float(matched.min() if which == "min" else matched.max()), "HLA match in Table 4"

    return rule


RULES.fixed(("m22-hla-min",), _hla("min"))
RULES.fixed(("m22-hla-max",), _hla("max"))


RULES.fixed(
    ("d-course-mean", "d-course-sd"),
    unavailable(
        "Table 2 does not give each child's course length. A mean of 16.3 days also sits oddly "
        "with a '14-day' course: children without CR continued to day 28."
    ),
)
RULES.fixed(
    ("d-relapse-53-days", "d-relapse-15-days"),
    unavailable(
        "No table records relapse dates, and 'patients 2 and 5' may be Table 2 cases or Table 4 "
        "transplant numbers. Both relapsed children are alive and in remission in the tables, and "
        "the DFS figures count no relapse: the assumption dfs_relapses shows the effect."
    ),
)
RULES.fixed(
    ("r36-missing-n",),
    unavailable("Table 6 gives only test statistics; per-child immunoglobulin data are not shown."),
)


@RULES.rule("r36-analysed-n")
def _analysed(c):
    missing = c.printed("r36-missing-n")
    return float(c.n - missing), f"{c.n} children minus the {missing:g} with missing data"


# --- toxicity -------------------------------------------------------------------------------
_TEXT_AE = {
    "fever": "Fever",
    "leukopenia": "Leukopenia",
    "hypokalemia": "Hypokalemia",
    "thrombocytopenia": "Thrombocytopenia",
    "liver": "Liver function damage",
    "hypocalcemia": "Hypocalcemia",
    "oliguria-edema": "Oliguria and edema",
    "cardiotoxicity": "Cardiotoxicity",
    "coagulation": "Abnormal coagulation function",
    "hypertension": "Hypertension",
    "uric-acid": "Elevated uric acid",
    "crs": "CRS",
    "icans": "ICANS",
}


def _table3_count(event: str, column: str) -> Rule:
    def rule(c):
        ae = c.adverse_events.set_index("adverse_event")
        grade = {"all_grade_n": "any grade", "grade_3_4_n": "grade 3-4"}[column]
        return float(ae.loc[event, column]), f"Table 3, {event}, {grade}"

    return rule


for _slug_, _event in _TEXT_AE.items():
    RULES.fixed((f"r33-{_slug_}-all-n",), _table3_count(_event, "all_grade_n"))
    RULES.fixed((f"r33-{_slug_}-severe-n",), _table3_count(_event, "grade_3_4_n"))
RULES.fixed(("abs-crs-n",), _table3_count("CRS", "all_grade_n"))
RULES.fixed(("abs-severe-crs-n",), _table3_count("CRS", "grade_3_4_n"))
RULES.fixed(("abs-icans-n",), _table3_count("ICANS", "all_grade_n"))
RULES.fixed(("abs-icans-severe-n",), _table3_count("ICANS", "grade_3_4_n"))


def _table3_pct(event: str, column: str) -> Rule:
    def rule(c):
        k = float(c.adverse_events.set_index("adverse_event").loc[event, column])
        return pct(k, c.n), f"Table 3 count {k:g} / {c.n} = {pct(k, c.n):.2f}%"

    return rule


RULES.fixed(("abs-crs-pct",), _table3_pct("CRS", "all_grade_n"))
RULES.fixed(("abs-severe-crs-pct",), _table3_pct("CRS", "grade_3_4_n"))
RULES.fixed(("abs-icans-pct",), _table3_pct("ICANS", "all_grade_n"))


@RULES.rule("r33-ae-total")
def _ae_total(c):
    return float(c.adverse_events["all_grade_n"].sum()), "sum of Table 3's any-grade counts"


@RULES.rule("r33-ae-severe-total")
def _ae_severe(c):
    return float(c.adverse_events["grade_3_4_n"].sum()), "sum of Table 3's grade 3-4 counts"


@RULES.rule("r33-ae-severe-pct")
def _ae_severe_pct(c):
    k, n = c.adverse_events["grade_3_4_n"].sum(), c.adverse_events["all_grade_n"].sum()
    return pct(k, n), f"{k}/{n} events of grade 3-4 in Table 3"
