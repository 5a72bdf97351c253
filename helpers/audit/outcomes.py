"""Audit rules for outcomes: remission, next therapy, survival and follow-up time.

Each rule recomputes printed claims from Table 2 and the survival frame of
:func:`helpers.endpoints.survival_frame`, under the assumptions the
:class:`~helpers.audit._input.AuditInput` carries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from helpers._format import pct
from helpers._printed import printed_fraction
from helpers.audit._cox import cox_reading
from helpers.audit._input import AuditInput
from helpers.audit._rules import (
    Rule,
    Rules,
    alive_rate,
    cr_mask,
    dfs_events,
    dfs_rate,
    in_cr,
    logrank_p,
    unavailable,
)
from helpers.endpoints import reporting_follow_up

__all__ = ["RULES"]

#: claim_id -> rule, for the claims of this module.
RULES = Rules()


# --- remission ------------------------------------------------------------------------------
@RULES.rule("abs-cr-n")
def _cr_n(c):
    return float(cr_mask(c).sum()), "children with CR = Y in Table 2"


@RULES.rule("abs-cr-rate", "r32-cr-rate", "d-response-rate")
def _cr_rate(c):
    k = int(cr_mask(c).sum())
    return pct(k, c.n), f"{k}/{c.n} with CR = Y in Table 2 = {pct(k, c.n):.2f}%"


RULES.fixed(
    ("abs-noncr-remission-day28",),
    unavailable(
        "Table 2 has no day-28 marrow. The sentence also contradicts itself: a child "
        "'without CR' cannot be 'still in remission'."
    ),
)


def _status_missing(c: AuditInput) -> tuple[None, str]:
    marked = int(c.patients["fusion_marker"].sum())
    return None, (
        "Table 2 does not say which children were refractory and which relapsed. The text "
        "counts refractory children who were 'only positive for fusion genes', and Table 2 marks "
        f"{marked} children with the fusion-gene asterisk; that these are the same children is "
        "an inference, not something the paper states."
    )


RULES.fixed(
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
    _status_missing,
)


@RULES.rule("r32-refractory-cr-sum")
def _refractory_sum(c):
    responders, refractory = printed_fraction(c.claims, "abs-refractory-cr-rate")
    return float(responders), (
        f"The abstract's {responders} refractory responders ({responders}/{refractory}) against "
        "the Results' breakdown of responders (refractory 5 HSCT + 5 chemotherapy + 1 "
        "blinatumomab = 11): the paper disagrees with itself; the two cannot both hold."
    )


@RULES.rule("r31-refractory-fusion-only-n")
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


RULES.fixed(
    ("abs-hsct-n", "r32-hsct-n", "d-hsct-n", "t4-cases-n"), _therapy_count("HSCT", remission=True)
)
RULES.fixed(("r32-chemo-n",), _therapy_count("Chemotherapy", remission=True))
RULES.fixed(("r32-blina-n",), _therapy_count("Blinatumomab", remission=True))
RULES.fixed(("r32-cart-after-cr-n",), _therapy_count("CAR-T", remission=True))
RULES.fixed(("r32-noncr-cart-n",), _therapy_count("CAR-T", remission=False))
RULES.fixed(("r32-noncr-stopped-n",), _therapy_count("none", remission=False))


@RULES.rule("abs-nohsct-n")
def _nohsct(c):
    return float((cr_mask(c) & ~c.frame["bridged"]).sum()), "children in CR not bridged to HSCT"


@RULES.rule("t2-cases-n")
def _cases(c):
    return float(c.n), "rows of Table 2"


# --- survival -------------------------------------------------------------------------------
@RULES.rule("abs-os-all", "r32-os-all", "d-os-all")
def _os_all(c):
    return alive_rate(c.frame)


@RULES.rule("abs-os-all-n", "r32-os-all-n")
def _alive_n(c):
    k = int(c.frame["alive"].sum())
    return float(k), f"{k} of {c.n} alive in Table 2 ({c.n - k} died)"


@RULES.rule("abs-os-cr", "r32-os-cr")
def _os_cr(c):
    return alive_rate(in_cr(c))


@RULES.rule("abs-os-noncr", "r32-os-noncr")
def _os_noncr(c):
    return alive_rate(c.frame[~cr_mask(c)])


@RULES.rule("abs-os-cr-p", "r32-os-cr-p")
def _os_cr_p(c):
    p = logrank_p(c.frame, duration="os_time", event="os_event", group="complete_remission")
    f = c.frame
    table = pd.crosstab(f["complete_remission"], f["os_event"]).to_numpy()
    fisher = float(stats.fisher_exact(table).pvalue)
    return p, (
        f"log-rank test of OS (follow-up months, death) by CR, all {c.n} children: "
        f"p = {p:.4f}. Fisher's exact test of the death counts gives {fisher:.3f}; no standard "
        "test of these data gives a p-value as small as printed."
    )


@RULES.rule("abs-dfs-cr", "r32-dfs-cr")
def _dfs_cr(c):
    return dfs_rate(in_cr(c), c)


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

    def wrapped(c: AuditInput) -> tuple[float | None, str]:
        if c.assumptions.dfs_non_responders == "exclude":
            return None, why
        value, explanation = rule(c)
        return value, f"{explanation}. {why}"

    return wrapped


def _dfs_cr_p(c: AuditInput) -> tuple[float, str]:
    p = logrank_p(c.frame, duration="dfs_time", event="dfs_event", group="complete_remission")
    events = dfs_events(c.assumptions)
    return p, f"log-rank test of DFS by CR, all {c.n} children, p = {p:.2g} ({events})"


RULES.fixed(
    ("abs-dfs-noncr", "r32-dfs-noncr"),
    _with_non_responders(lambda c: dfs_rate(c.frame[~cr_mask(c)], c), _DFS_NONCR),
)
RULES.fixed(("abs-dfs-cr-p", "r32-dfs-cr-p"), _with_non_responders(_dfs_cr_p, _DFS_NONCR))
RULES.fixed(
    ("abs-dfs-all", "r32-dfs-all", "d-dfs-all"),
    _with_non_responders(lambda c: dfs_rate(c.frame, c), _DFS_ALL),
)


@RULES.rule("abs-os-hsct", "r35-os-hsct", "d-os-hsct")
def _os_hsct(c):
    return alive_rate(in_cr(c)[lambda d: d["bridged"]])


@RULES.rule("abs-os-nohsct", "r35-os-nohsct")
def _os_nohsct(c):
    return alive_rate(in_cr(c)[lambda d: ~d["bridged"]])


@RULES.rule("abs-dfs-hsct", "r35-dfs-hsct")
def _dfs_hsct(c):
    return dfs_rate(in_cr(c)[lambda d: d["bridged"]], c)


@RULES.rule("abs-dfs-nohsct", "r35-dfs-nohsct")
def _dfs_nohsct(c):
    return dfs_rate(in_cr(c)[lambda d: ~d["bridged"]], c)


@RULES.rule("abs-os-hsct-p", "r35-os-p", "d-os-hsct-p")
def _os_hsct_p(c):
    cr = in_cr(c)
    p = logrank_p(cr, duration="os_time", event="os_event", group="bridged")
    return p, (
        f"log-rank test of OS from the start of blinatumomab, bridged vs not, among the {len(cr)} "
        "in CR (the paper's naive comparison: it ignores the weeks before transplant, see "
        "notebook 04)"
    )


@RULES.rule("abs-dfs-hsct-p", "r35-dfs-p", "d-dfs-hsct-p")
def _dfs_hsct_p(c):
    cr = in_cr(c)
    p = logrank_p(cr, duration="dfs_time", event="dfs_event", group="bridged")
    return p, (
        f"log-rank test of DFS, bridged vs not, among the {len(cr)} in CR "
        f"({dfs_events(c.assumptions)})"
    )


def _hazard_ratio(field: str, *, endpoint: str) -> Rule:
    """A printed HR or limit against a Cox model of ``endpoint`` by CR (CR vs no CR).

    The value compared is the ordinary Cox estimate or its **Wald** limit; the
    explanation says so and gives the profile-likelihood interval, the
    likelihood-ratio and score tests and Firth's estimate beside it
    (:mod:`helpers.audit._cox`). Under a monotone likelihood no estimate exists
    and the claim is not reproducible; so is a DFS claim while DFS leaves the
    non-responders out (``dfs_non_responders="exclude"``, the default).
    """

    def rule(c):
        if endpoint == "dfs" and c.assumptions.dfs_non_responders == "exclude":
            return None, (
                "A DFS hazard ratio by remission needs the non-responders' DFS events, which "
                "are unknown: Methods 2.6 defines DFS only for children in remission (see "
                "the assumption 'DFS of children without remission')."
            )
        duration, event = f"{endpoint}_time", f"{endpoint}_event"
        df = c.frame[c.frame[duration].notna()].astype({event: bool})
        reading = cox_reading(df, duration=duration, event=event, group="complete_remission")
        n_events = reading.ordinary.n_events
        text = reading.text(
            model=f"a Cox model of {endpoint.upper()}, CR vs no CR",
            events=f"{n_events} deaths" if endpoint == "os" else f"{n_events} DFS events",
            printed_hr=c.printed(f"r34-{endpoint}-hr"),
            decimals=2,
            counted="" if endpoint == "os" else dfs_events(c.assumptions),
        )
        value = getattr(reading.ordinary, field) if reading.ordinary.estimable else None
        return value, text

    return rule


RULES.fixed(("r34-os-hr", "d-os-hr"), _hazard_ratio("hazard_ratio", endpoint="os"))
RULES.fixed(("r34-os-hr-lower",), _hazard_ratio("ci_lower", endpoint="os"))
RULES.fixed(("r34-os-hr-upper",), _hazard_ratio("ci_upper", endpoint="os"))
RULES.fixed(("r34-dfs-hr", "d-dfs-hr"), _hazard_ratio("hazard_ratio", endpoint="dfs"))
RULES.fixed(("r34-dfs-hr-lower",), _hazard_ratio("ci_lower", endpoint="dfs"))
RULES.fixed(("r34-dfs-hr-upper",), _hazard_ratio("ci_upper", endpoint="dfs"))


# --- follow-up time -------------------------------------------------------------------------
def _quantile(column: str, q: float, subset: str = "all") -> Rule:
    """A quantile of ``column`` over all children, those in CR, or those alive.

    ``subset="alive"`` is the paper's "median follow-up time to the time of
    reporting", :func:`helpers.endpoints.reporting_follow_up` (the explanation
    gives the all-children value beside it).
    """
    label = "median" if q == 0.5 else f"{q:.0%} quantile"

    def rule(c):
        if subset == "alive":
            values = reporting_follow_up(c.frame).to_numpy(float)
        else:
            df = c.frame[cr_mask(c)] if subset == "cr" else c.frame
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


RULES.fixed(("r32-fu-median", "d-fu-median"), _quantile("follow_up_months", 0.5, subset="alive"))
RULES.fixed(("r32-fu-p25",), _quantile("follow_up_months", 0.25, subset="alive"))
RULES.fixed(("r32-fu-p75",), _quantile("follow_up_months", 0.75, subset="alive"))
RULES.fixed(("d-bridging-fu-median",), _quantile("follow_up_months", 0.5, subset="cr"))
