"""Recompute every number the paper prints, and say which ones hold.

:func:`run_audit` walks ``published_claims.csv`` and, for each claim, either
recomputes the number from the per-child tables (Table 2, Table 4), checks it
against the counts printed beside it (Tables 1, 3, 5) or its own test statistic
(Table 6), or states why the tables cannot give it. Each claim gets one status:

``reproduced``
    The recomputed value equals the printed one at the printed precision
    (within half a unit of the last printed digit; for ``p < x`` claims, the
    recomputed p-value is below ``x``).
``discrepant``
    The number can be recomputed and differs.
``not_reproducible``
    The tables do not hold what is needed (age, sex, disease status, a day-28
    marrow, the event behind a DFS figure...).

Recomputation uses the default :class:`helpers.endpoints.Assumptions`; pass
others to see which claims move.

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607. doi:10.3389/fped.2023.1187607.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from helpers import data
from helpers.cohort import printed_fraction
from helpers.endpoints import (
    ASSUMPTION_CHOICES,
    BLAST_BANDS,
    Assumptions,
    blast_band,
    survival_frame,
)
from helpers.survival import SmallSampleWarning, cox_hazard_ratio, logrank

__all__ = ["STATUSES", "Cohort", "load_cohort", "run_audit", "status_counts"]

STATUSES = ("reproduced", "discrepant", "not_reproducible")


@dataclass(frozen=True)
class Cohort:
    """Every table the audit reads, plus the derived survival frame."""

    patients: pd.DataFrame
    transplants: pd.DataFrame
    adverse_events: pd.DataFrame
    transplant_adverse_events: pd.DataFrame
    baseline: pd.DataFrame
    humoral: pd.DataFrame
    claims: pd.DataFrame
    frame: pd.DataFrame
    assumptions: Assumptions = field(default_factory=Assumptions)

    @property
    def n(self) -> int:
        return len(self.patients)

    def printed(self, claim_id: str) -> float:
        """The value the paper prints for one claim of ``published_claims.csv``."""
        return float(self.claims.set_index("claim_id").loc[claim_id, "value"])


def load_cohort(assumptions: Assumptions | None = None) -> Cohort:
    """Load all tables of ``cohort_data/`` and derive the survival frame."""
    patients, transplants = data.load_patients(), data.load_transplants()
    return Cohort(
        patients=patients,
        transplants=transplants,
        adverse_events=data.load_adverse_events(),
        transplant_adverse_events=data.load_transplant_adverse_events(),
        baseline=data.load_baseline_published(),
        humoral=data.load_humoral_immunity(),
        claims=data.load_published_claims(),
        frame=survival_frame(patients, transplants, assumptions),
        assumptions=assumptions or Assumptions(),
    )


# A rule returns (value or None, explanation). None means not reproducible.
Rule = Callable[[Cohort], tuple[float | None, str]]
_RULES: dict[str, Rule] = {}


def _rule(*claim_ids: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for claim_id in claim_ids:
            _RULES[claim_id] = fn
        return fn

    return register


def _fixed(claim_ids: tuple[str, ...], fn: Rule) -> None:
    for claim_id in claim_ids:
        _RULES[claim_id] = fn


def _unavailable(why: str) -> Rule:
    return lambda c: (None, why)


def _pct(k: float, n: float) -> float:
    return 100.0 * k / n


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _cr(c: Cohort) -> pd.Series:
    return c.frame["complete_remission"].astype(bool)


def _in_cr(c: Cohort) -> pd.DataFrame:
    return c.frame[_cr(c)]


def _alive_rate(df: pd.DataFrame) -> tuple[float, str]:
    k, n = int(df["alive"].sum()), len(df)
    return _pct(k, n), f"{k}/{n} alive in Table 2 = {_pct(k, n):.2f}%"


def _dfs_events(a: Assumptions) -> str:
    """Which DFS events the assumptions count, in words."""
    if a.dfs_relapses == "none":
        events = "only deaths are known DFS events; the Discussion's two relapses are not counted"
    else:
        events = (
            "deaths and the Discussion's two relapses, "
            + ASSUMPTION_CHOICES["dfs_relapses"][a.dfs_relapses]
        )
    if a.dfs_non_responders != "exclude":
        events += "; " + ASSUMPTION_CHOICES["dfs_non_responders"][a.dfs_non_responders]
    return events


def _dfs_rate(df: pd.DataFrame, c: Cohort) -> tuple[float, str]:
    k, n = int((~df["dfs_event"].astype(bool)).sum()), len(df)
    events = _dfs_events(c.assumptions)
    return _pct(k, n), f"{k}/{n} without a DFS event = {_pct(k, n):.2f}% ({events})"


def _logrank_p(df: pd.DataFrame, *, duration: str, event: str, group: str) -> float:
    frame = df[[duration, event, group]].astype({event: bool})
    return logrank(frame, duration=duration, event=event, group=group).p_value


# --- remission ------------------------------------------------------------------------------
@_rule("abs-cr-n")
def _cr_n(c):
    return float(_cr(c).sum()), "children with CR = Y in Table 2"


@_rule("abs-cr-rate", "r32-cr-rate", "d-response-rate")
def _cr_rate(c):
    k = int(_cr(c).sum())
    return _pct(k, c.n), f"{k}/{c.n} with CR = Y in Table 2 = {_pct(k, c.n):.2f}%"


_fixed(
    ("abs-noncr-remission-day28",),
    _unavailable(
        "Table 2 has no day-28 marrow. The sentence also contradicts itself: a child "
        "'without CR' cannot be 'still in remission'."
    ),
)
_STATUS_MISSING = (
    "Table 2 does not say which children were refractory and which relapsed; only the 7 "
    "children marked * (fusion gene only) are identifiable as refractory from the text."
)
_fixed(
    (
        "abs-refractory-cr-rate",
        "abs-relapse-cr-rate",
        "r31-refractory-n",
        "r31-relapse-n",
        "r32-hsct-refractory-n",
        "r32-chemo-refractory-n",
        "t1-disease-status-refractory-n",
        "t1-disease-status-relapse-n",
    ),
    _unavailable(_STATUS_MISSING),
)


@_rule("r32-refractory-cr-sum")
def _refractory_sum(c):
    responders, refractory = printed_fraction(c.claims, "abs-refractory-cr-rate")
    return float(responders), (
        f"The abstract's {responders} refractory responders ({responders}/{refractory}) against "
        "the Results' breakdown of responders (refractory 5 HSCT + 5 chemotherapy + 1 "
        "blinatumomab = 11): the paper disagrees with itself; the two cannot both hold."
    )


@_rule("r31-refractory-fusion-only-n")
def _fusion_marked(c):
    return float(c.patients["fusion_marker"].sum()), "children marked * in Table 2"


# --- follow-up therapy ----------------------------------------------------------------------
def _therapy_count(therapy: str, *, remission: bool) -> Rule:
    def rule(c):
        p = c.patients
        k = int(
            ((p["follow_up_therapy"] == therapy) & (p["complete_remission"] == remission)).sum()
        )
        state = "in CR" if remission else "without CR"
        return float(k), f"children {state} with follow-up therapy {therapy!r} in Table 2"

    return rule


_fixed(
    ("abs-hsct-n", "r32-hsct-n", "d-hsct-n", "t4-cases-n"), _therapy_count("HSCT", remission=True)
)
_fixed(("r32-chemo-n",), _therapy_count("Chemotherapy", remission=True))
_fixed(("r32-blina-n",), _therapy_count("Blinatumomab", remission=True))
_fixed(("r32-cart-after-cr-n",), _therapy_count("CAR-T", remission=True))
_fixed(("r32-noncr-cart-n",), _therapy_count("CAR-T", remission=False))
_fixed(("r32-noncr-stopped-n",), _therapy_count("none", remission=False))


@_rule("abs-nohsct-n")
def _nohsct(c):
    return float((_cr(c) & ~c.frame["bridged"]).sum()), "children in CR not bridged to HSCT"


@_rule("t2-cases-n")
def _cases(c):
    return float(c.n), "rows of Table 2"


# --- survival -------------------------------------------------------------------------------
@_rule("abs-os-all", "r32-os-all", "d-os-all")
def _os_all(c):
    return _alive_rate(c.frame)


@_rule("abs-os-all-n", "r32-os-all-n")
def _alive_n(c):
    k = int(c.frame["alive"].sum())
    return float(k), f"{k} of {c.n} alive in Table 2 ({c.n - k} died)"


@_rule("abs-os-cr", "r32-os-cr")
def _os_cr(c):
    return _alive_rate(_in_cr(c))


@_rule("abs-os-noncr", "r32-os-noncr")
def _os_noncr(c):
    return _alive_rate(c.frame[~_cr(c)])


@_rule("abs-os-cr-p", "r32-os-cr-p")
def _os_cr_p(c):
    p = _logrank_p(c.frame, duration="os_time", event="os_event", group="complete_remission")
    f = c.frame
    table = pd.crosstab(f["complete_remission"], f["os_event"]).to_numpy()
    fisher = float(stats.fisher_exact(table).pvalue)
    return p, (
        f"log-rank test of OS (follow-up months, death) by CR, all {c.n} children: "
        f"p = {p:.4f}. Fisher's exact test of the death counts gives {fisher:.3f}; no standard "
        "test of these data gives a p-value as small as printed."
    )


@_rule("abs-dfs-cr", "r32-dfs-cr")
def _dfs_cr(c):
    return _dfs_rate(_in_cr(c), c)


_DFS_NONCR = (
    "DFS is defined only for children in remission (Methods 2.6), yet a non-CR figure is "
    "printed. 3/7 needs one event among the non-responders besides the 3 deaths, which the "
    "tables do not show. Counting only deaths gives 4/7 (57.1%); counting no remission as an "
    "event at time zero gives 0/7."
)
_DFS_ALL = (
    "28/33 needs 5 events; Table 2 shows 4 deaths and the fifth event is not identified "
    "(see the non-CR DFS of 3/7)."
)


def _with_non_responders(rule: Rule, why: str) -> Rule:
    """``rule`` once non-responders enter DFS (``dfs_non_responders``); else not reproducible.

    Under the default, DFS exists only for children in remission, as Methods 2.6
    defines it, and a figure that includes non-responders cannot be recomputed.
    """

    def wrapped(c: Cohort) -> tuple[float | None, str]:
        if c.assumptions.dfs_non_responders == "exclude":
            return None, why
        value, explanation = rule(c)
        return value, f"{explanation}. {why}"

    return wrapped


def _dfs_cr_p(c: Cohort) -> tuple[float, str]:
    p = _logrank_p(c.frame, duration="dfs_time", event="dfs_event", group="complete_remission")
    events = _dfs_events(c.assumptions)
    return p, f"log-rank test of DFS by CR, all {c.n} children, p = {p:.2g} ({events})"


_fixed(
    ("abs-dfs-noncr", "r32-dfs-noncr"),
    _with_non_responders(lambda c: _dfs_rate(c.frame[~_cr(c)], c), _DFS_NONCR),
)
_fixed(("abs-dfs-cr-p", "r32-dfs-cr-p"), _with_non_responders(_dfs_cr_p, _DFS_NONCR))
_fixed(
    ("abs-dfs-all", "r32-dfs-all", "d-dfs-all"),
    _with_non_responders(lambda c: _dfs_rate(c.frame, c), _DFS_ALL),
)


@_rule("abs-os-hsct", "r35-os-hsct", "d-os-hsct")
def _os_hsct(c):
    return _alive_rate(_in_cr(c)[lambda d: d["bridged"]])


@_rule("abs-os-nohsct", "r35-os-nohsct")
def _os_nohsct(c):
    return _alive_rate(_in_cr(c)[lambda d: ~d["bridged"]])


@_rule("abs-dfs-hsct", "r35-dfs-hsct")
def _dfs_hsct(c):
    return _dfs_rate(_in_cr(c)[lambda d: d["bridged"]], c)


@_rule("abs-dfs-nohsct", "r35-dfs-nohsct")
def _dfs_nohsct(c):
    return _dfs_rate(_in_cr(c)[lambda d: ~d["bridged"]], c)


@_rule("abs-os-hsct-p", "r35-os-p", "d-os-hsct-p")
def _os_hsct_p(c):
    cr = _in_cr(c)
    p = _logrank_p(cr, duration="os_time", event="os_event", group="bridged")
    return p, (
        f"log-rank test of OS from the start of blinatumomab, bridged vs not, among the {len(cr)} "
        "in CR (the paper's naive comparison: it ignores the weeks before transplant, see "
        "notebook 04)"
    )


@_rule("abs-dfs-hsct-p", "r35-dfs-p", "d-dfs-hsct-p")
def _dfs_hsct_p(c):
    cr = _in_cr(c)
    p = _logrank_p(cr, duration="dfs_time", event="dfs_event", group="bridged")
    return p, (
        f"log-rank test of DFS, bridged vs not, among the {len(cr)} in CR "
        f"({_dfs_events(c.assumptions)})"
    )


def _hazard_ratio(field: str) -> Rule:
    def rule(c):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            hr = cox_hazard_ratio(
                c.frame,
                duration="os_time",
                event="os_event",
                group="complete_remission",
                reference=False,
            )
        return getattr(hr, field), (
            "The comparison is not stated; read here as a Cox model of OS, CR vs no CR "
            f"(HR {hr.hazard_ratio:.3f}, 95% CI {hr.ci_lower:.3f}–{hr.ci_upper:.3f}, "
            f"{hr.n_events} deaths: too few events for a stable estimate)."
        )

    return rule


_fixed(("r34-os-hr", "d-os-hr"), _hazard_ratio("hazard_ratio"))
_fixed(("r34-os-hr-lower",), _hazard_ratio("ci_lower"))
_fixed(("r34-os-hr-upper",), _hazard_ratio("ci_upper"))
_fixed(
    ("r34-dfs-hr", "d-dfs-hr", "r34-dfs-hr-lower", "r34-dfs-hr-upper"),
    _unavailable("A DFS hazard ratio needs the non-responders' DFS events, which are unknown."),
)


# --- follow-up time -------------------------------------------------------------------------
def _quantile(column: str, q: float, subset: str = "all") -> Rule:
    """A quantile of ``column`` over all children, those in CR, or those alive.

    ``subset="alive"`` is the paper's "median follow-up time to the time of
    reporting": the follow-up of the children still alive at the reporting
    date. A death ends a child's follow-up before that date, so the deaths'
    times do not belong in it (the explanation gives the all-children value
    beside it).
    """
    label = "median" if q == 0.5 else f"{q:.0%} quantile"

    def rule(c):
        chosen = {"cr": _cr(c), "alive": c.frame["alive"].astype(bool)}.get(subset)
        df = c.frame if chosen is None else c.frame[chosen]
        values = df[column].to_numpy(float)
        value = float(np.quantile(values, q))
        spss = float(np.quantile(values, q, method="weibull"))
        who = {"alive": "children alive at the reporting date", "cr": "children in CR"}.get(
            subset, "children"
        )
        text = (
            f"{label} of the follow-up times of the {len(values)} {who} in Table 2 = "
            f"{value:.2f} (linear interpolation; SPSS's weighted average gives {spss:.2f})"
        )
        if subset == "alive":
            everyone = float(np.quantile(c.frame[column].to_numpy(float), q))
            text += f"; over all {c.n} children, deaths included, it is {everyone:.2f}"
        return value, text

    return rule


_fixed(("r32-fu-median", "d-fu-median"), _quantile("follow_up_months", 0.5, subset="alive"))
_fixed(("r32-fu-p25",), _quantile("follow_up_months", 0.25, subset="alive"))
_fixed(("r32-fu-p75",), _quantile("follow_up_months", 0.75, subset="alive"))
_fixed(("d-bridging-fu-median",), _quantile("follow_up_months", 0.5, subset="cr"))


# --- baseline -------------------------------------------------------------------------------
_fixed(
    ("m21-male-n", "m21-female-n", "m21-age-mean", "m21-age-sd"),
    _unavailable("Table 2 gives neither age nor sex."),
)
_fixed(
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
    _unavailable("Table 2 gives neither age, sex nor relapse site."),
)


@_rule("m21-sex-total")
def _sex_total(c):
    boys, girls = int(c.printed("m21-male-n")), int(c.printed("m21-female-n"))
    return float(c.n), (
        f"{boys} boys + {girls} girls = {boys + girls}, but {c.n} children were enrolled"
    )


@_rule("r31-male-pct")
def _male_pct(c):
    boys = c.printed("m21-male-n")
    return _pct(boys, c.n), f"the printed {boys:g} boys / {c.n} = {_pct(boys, c.n):.2f}%"


@_rule("r31-female-pct")
def _female_pct(c):
    girls, printed = c.printed("m21-female-n"), c.printed("r31-female-pct")
    return _pct(girls, c.n), (
        f"the printed {girls:g} girls / {c.n} = {_pct(girls, c.n):.2f}% "
        f"({printed:g}% is {round(printed * c.n / 100)}/{c.n})"
    )


_BAND_CLAIMS = dict(zip(("lt5", "5-25", "26-50", "gt50"), BLAST_BANDS, strict=True))


def _blast_band(band: str) -> Rule:
    def rule(c):
        mask = blast_band(c.patients["blasts_pre_pct"]) == _BAND_CLAIMS[band]
        cases = sorted(c.patients.loc[mask, "case_id"].tolist())
        return float(mask.sum()), (
            f"children in Table 2 whose pre-treatment marrow blasts fall in the band "
            f"{_BAND_CLAIMS[band]} (helpers.endpoints.blast_band): cases {cases}"
        )

    return rule


for _band in _BAND_CLAIMS:
    _fixed((f"r31-blasts-{_band}-n", f"t1-blasts-pre-{_band}-n"), _blast_band(_band))


def _prior(therapy: str) -> Rule:
    return lambda c: (
        float((c.patients["prior_therapy"] == therapy).sum()),
        f"children with prior treatment {therapy!r} in Table 2",
    )


_fixed(("r31-prior-chemo-n", "t1-prior-therapy-chemotherapy-n"), _prior("Chemotherapy"))
_fixed(
    ("r31-prior-cart-n", "t1-prior-therapy-chemotherapy-car-t-n"), _prior("Chemotherapy + CAR-T")
)
_fixed(
    ("r31-prior-cart-hsct-n", "t1-prior-therapy-chemotherapy-car-t-hsct-n"),
    _prior("Chemotherapy + CAR-T + HSCT"),
)


@_rule("r31-prior-total")
def _prior_total(c):
    return float(c.patients["prior_therapy"].notna().sum()), "children with a prior treatment"


def _fusion(gene: str) -> Rule:
    def rule(c):
        listed = c.patients["fusion_gene_pre"].value_counts().to_dict()
        return None, (
            "Table 2 names a fusion gene only for the 7 children detectable by it alone "
            f"({', '.join(f'{g} {n}' for g, n in sorted(listed.items()))}); the fusion status of "
            f"the other 26 is not given. TAF15-ZNF384 (case 33) is missing from Table 1."
        )

    return rule


for _gene in ("mll-af4", "bcr-abl", "tel-aml1", "p2ryb-crlf2"):
    _fixed((f"r31-fusion-{_gene}-n", f"t1-fusion-gene-{_gene}-n"), _fusion(_gene))


# --- transplants ----------------------------------------------------------------------------
def _first_transplants(c: Cohort) -> pd.DataFrame:
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


_fixed(("r34-graft-bm-pt-n",), _graft("BM + PT"))
_fixed(("r34-graft-pt-n",), _graft("PT"))
_fixed(("r34-graft-cb-n",), _graft("CB"))


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


_fixed(("r34-hsct-days-median", "d-hsct-days-median"), _days_quantile(0.5))
_fixed(("r34-hsct-days-p25",), _days_quantile(0.25))
_fixed(("r34-hsct-days-p75",), _days_quantile(0.75))


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


_fixed(("r34-neutrophil-mean",), _engraftment("neutrophil_engraftment_day", "mean"))
_fixed(("r34-neutrophil-sd",), _engraftment("neutrophil_engraftment_day", "sd"))
_fixed(("r34-platelet-mean",), _engraftment("platelet_engraftment_day", "mean"))
_fixed(("r34-platelet-sd",), _engraftment("platelet_engraftment_day", "sd"))


@_rule("r34-engraftment-rate")
def _engrafted(c):
    t = c.transplants
    children = t.groupby("case_id")["neutrophil_engraftment_day"].apply(lambda s: s.notna().any())
    return _pct(children.sum(), len(children)), (
        f"{int(children.sum())}/{len(children)} children engrafted; per transplant "
        f"{int(t['neutrophil_engraftment_day'].notna().sum())}/{len(t)} (number 4's cord-blood "
        "graft failed)"
    )


def _hla(which: str) -> Rule:
    def rule(c):
        matched = c.transplants["hla_match"].str.split("/").str[0].astype(int)
        return float(matched.min() if which == "min" else matched.max()), "HLA match in Table 4"

    return rule


_fixed(("m22-hla-min",), _hla("min"))
_fixed(("m22-hla-max",), _hla("max"))


_fixed(
    ("d-course-mean", "d-course-sd"),
    _unavailable(
        "Table 2 does not give each child's course length. A mean of 16.3 days also sits oddly "
        "with a '14-day' course: children without CR continued to day 28."
    ),
)
_fixed(
    ("d-relapse-53-days", "d-relapse-15-days"),
    _unavailable(
        "No table records relapse dates, and 'patients 2 and 5' may be Table 2 cases or Table 4 "
        "transplant numbers. Both relapsed children are alive and in remission in the tables, and "
        "the DFS figures count no relapse: the assumption dfs_relapses shows the effect."
    ),
)
_fixed(
    ("r36-missing-n",),
    _unavailable(
        "Table 6 gives only test statistics; per-child immunoglobulin data are not shown."
    ),
)


@_rule("r36-analysed-n")
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
        return float(ae.loc[event, column]), f"Table 3, {event!r}, {column}"

    return rule


for _slug_, _event in _TEXT_AE.items():
    _fixed((f"r33-{_slug_}-all-n",), _table3_count(_event, "all_grade_n"))
    _fixed((f"r33-{_slug_}-severe-n",), _table3_count(_event, "grade_3_4_n"))
_fixed(("abs-crs-n",), _table3_count("CRS", "all_grade_n"))
_fixed(("abs-severe-crs-n",), _table3_count("CRS", "grade_3_4_n"))
_fixed(("abs-icans-n",), _table3_count("ICANS", "all_grade_n"))
_fixed(("abs-icans-severe-n",), _table3_count("ICANS", "grade_3_4_n"))


def _table3_pct(event: str, column: str) -> Rule:
    def rule(c):
        k = float(c.adverse_events.set_index("adverse_event").loc[event, column])
        return _pct(k, c.n), f"Table 3 count {k:g} / {c.n} = {_pct(k, c.n):.2f}%"

    return rule


_fixed(("abs-crs-pct",), _table3_pct("CRS", "all_grade_n"))
_fixed(("abs-severe-crs-pct",), _table3_pct("CRS", "grade_3_4_n"))
_fixed(("abs-icans-pct",), _table3_pct("ICANS", "all_grade_n"))


@_rule("r33-ae-total")
def _ae_total(c):
    return float(c.adverse_events["all_grade_n"].sum()), "sum of Table 3's any-grade counts"


@_rule("r33-ae-severe-total")
def _ae_severe(c):
    return float(c.adverse_events["grade_3_4_n"].sum()), "sum of Table 3's grade 3-4 counts"


@_rule("r33-ae-severe-pct")
def _ae_severe_pct(c):
    k, n = c.adverse_events["grade_3_4_n"].sum(), c.adverse_events["all_grade_n"].sum()
    return _pct(k, n), f"{k}/{n} events of grade 3-4 in Table 3"


# --- cells of Tables 1, 3, 5 and 6 checked against their own counts ------------------------
def _cell_rules(c: Cohort) -> dict[str, Rule]:
    """Rules for the table cells: each percentage against its own row's count."""

    def share(k: float, n: int, where: str) -> Rule:
        return lambda _: (_pct(k, n), f"{where}: printed count {k:g} / {n} = {_pct(k, n):.2f}%")

    rules: dict[str, Rule] = {}
    for row in c.baseline.itertuples(index=False):
        category = row.category.replace("≤ ", "le").replace("> ", "gt").replace("< ", "lt")
        rules[f"t1-{_slug(row.section)}-{_slug(category)}-pct"] = share(row.n, c.n, "Table 1")
    for row in c.adverse_events.itertuples(index=False):
        for column, tag in (("all_grade_n", "all"), ("grade_3_4_n", "g34")):
            key = f"t3-{_slug(row.adverse_event)}-{tag}-pct"
            rules[key] = share(getattr(row, column), c.n, "Table 3")
    n_transplanted = int(c.transplants["case_id"].nunique())
    for row in c.transplant_adverse_events.itertuples(index=False):
        rules[f"t5-{_slug(row.adverse_event)}-pct"] = share(row.n, n_transplanted, "Table 5")
    for row in c.humoral.itertuples(index=False):
        p = float(2 * stats.norm.sf(abs(row.z)))
        rules[f"t6-{_slug(row.marker)}-p"] = lambda _, p=p, z=row.z: (
            p,
            f"two-sided normal p for Z = {z:g}: {p:.4f}",
        )
    return rules


def _status(published: float, comparator: str, decimals: int, value: float | None) -> str:
    if value is None or not np.isfinite(value):
        return "not_reproducible"
    if comparator == "<":
        ok = value < published
    elif comparator == ">":
        ok = value > published
    else:
        ok = abs(value - published) <= 0.5 * 10.0 ** (-decimals) + 1e-9
    return "reproduced" if ok else "discrepant"


def run_audit(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Recompute every claim of ``published_claims.csv``.

    Parameters
    ----------
    assumptions : helpers.endpoints.Assumptions, optional
        Endpoint assumptions for the survival claims (default ``Assumptions()``).

    Returns
    -------
    pandas.DataFrame
        One row per claim, in file order: ``claim_id``, ``location``,
        ``description``, ``printed``, ``published``, ``reproduced`` (``NaN``
        when not reproducible), ``status`` (one of :data:`STATUSES`) and
        ``explanation``.

    Raises
    ------
    KeyError
        If a claim has no recomputation rule (every claim must have one).

    Examples
    --------
    >>> audit = run_audit()
    >>> audit.set_index("claim_id").loc["abs-cr-rate", "status"]
    'reproduced'
    """
    cohort = load_cohort(assumptions)
    rules = {**_RULES, **_cell_rules(cohort)}
    claims = cohort.claims
    missing = sorted(set(claims["claim_id"]) - set(rules))
    if missing:
        raise KeyError(f"no recomputation rule for claims {missing}")
    rows = []
    for claim in claims.itertuples(index=False):
        value, explanation = rules[claim.claim_id](cohort)
        value = None if value is None else float(value)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "location": claim.location,
                "description": claim.description,
                "printed": claim.printed,
                "published": float(claim.value),
                "reproduced": np.nan if value is None else value,
                "status": _status(claim.value, claim.comparator, claim.decimals, value),
                "explanation": explanation,
            }
        )
    return pd.DataFrame(rows)


def status_counts(audit: pd.DataFrame) -> pd.Series:
    """Number of claims per status, in the order of :data:`STATUSES`."""
    return audit["status"].value_counts().reindex(list(STATUSES), fill_value=0)
