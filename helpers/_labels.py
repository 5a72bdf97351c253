"""The words a reader sees for the helpers' machine names (private; see :mod:`helpers.tables`).

:data:`LABELS` maps column names to labels, :data:`VALUE_WORDS` machine tokens
some columns hold to words. They live apart from :mod:`helpers.tables` only to
keep both modules short; import them from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["LABELS", "VALUE_WORDS"]

#: Machine column name -> the label a reader sees. One mapping for the series:
#: a column has the same label wherever it is shown, and prose that names a
#: column uses this label.
LABELS: Mapping[str, str] = MappingProxyType(
    {
        # the children (Table 2) and their survival frame
        "case_id": "Case",
        "fusion_marker": "Fusion gene marked (*)",
        "prior_therapy": "Prior therapy",
        "blasts_pre_pct": "Blasts before (%)",
        "blasts_post_pct": "Blasts after (%)",
        "mrd_pre_pct": "MRD before (%)",
        "mrd_post_pct": "MRD after (%)",
        "fusion_gene_pre": "Fusion gene before",
        "fusion_gene_post": "Fusion gene after",
        "complete_remission": "Complete remission",
        "follow_up_therapy": "Next therapy",
        "alive": "Alive",
        "follow_up_months": "Follow-up (months)",
        "os_time": "Time to death or last follow-up (months)",
        "os_event": "Died",
        "hsct_time": "Time to HSCT (months)",
        "bridged": "Bridged to HSCT",
        "reading": "Reading",
        # the schedule
        "phase": "Phase",
        "first_day": "First day",
        "last_day": "Last day",
        "days": "Days",
        "dose_ug_m2_day": "Daily dose (µg/m²)",
        "phase_total_ug_m2": "Dose over the phase (µg/m²)",
        # Table 1 beside Table 2
        "characteristic": "Characteristic",
        "category": "Category",
        "printed_n": "Table 1: n",
        "printed_pct": "Table 1: %",
        "printed_pct_check": "Table 1's % fits its n",
        "table2_n": "Table 2: n",
        "table2_pct": "Table 2: %",
        "printed_n_total": "Table 1: children in the block",
        "printed_pct_total": "Table 1: % in the block",
        "expected_n": "Children expected",
        "adds_up": "Adds up",
        # the audit
        "location": "Where printed",
        "description": "Claim",
        "printed": "As printed",
        "published": "Printed value",
        "reproduced": "Recomputed",
        "status": "Status",
        "explanation": "How it was checked",
        "consistency": "Consistency",
        "consistency_note": "Why",
        "checked": "Checked as",
        "kind": "Kind",
        # assumptions
        "assumption": "Assumption",
        "value": "Value",
        "meaning": "Meaning",
        # rates and intervals
        "method": "Method",
        "group": "Group",
        "responders": "Responders",
        "rate_pct": "Rate (%)",
        "lower_pct": "Lower 95 % limit (%)",
        "upper_pct": "Upper 95 % limit (%)",
        "width_pct": "Width (percentage points)",
        "children_lower": "Lower limit (children)",
        "children_upper": "Upper limit (children)",
        "exact_lower_pct": "Lower 95 % limit (exact)",
        "exact_upper_pct": "Upper 95 % limit (exact)",
        "wilson_lower_pct": "Lower 95 % limit (Wilson)",
        "wilson_upper_pct": "Upper 95 % limit (Wilson)",
        "percent": "Percent",
        "ci_lower": "Lower 95 % limit",
        "ci_upper": "Upper 95 % limit",
        "k": "Responders",
        # paired before/after summaries
        "measure": "Measure",
        "n_excluded": "Children left out (a value missing)",
        "before_median": "Median before",
        "before_p25": "Lower quartile before",
        "before_p75": "Upper quartile before",
        "after_median": "Median after",
        "after_p25": "Lower quartile after",
        "after_p75": "Upper quartile after",
        "change_median": "Median change",
        "change_p25": "Lower quartile of the change",
        "change_p75": "Upper quartile of the change",
        "n_zero_differences": "Children with no change",
        "p_value": "p-value",
        # toxicity
        "adverse_event": "Adverse event",
        "all_grade_n": "Any grade: n",
        "all_grade_pct": "Any grade: %",
        "grade_3_4_n": "Grade 3–4: n",
        "grade_3_4_pct": "Grade 3–4: %",
        "all n": "Any grade: n",
        "all printed %": "Any grade: printed %",
        "all recomputed %": "Any grade: recomputed %",
        "all printed is": "Any grade: the printed % is",
        "g34 n": "Grade 3–4: n",
        "g34 printed %": "Grade 3–4: printed %",
        "g34 recomputed %": "Grade 3–4: recomputed %",
        "g34 printed is": "Grade 3–4: the printed % is",
        "printed is": "The printed % is",
        "quantity": "Quantity",
        "lineage": "Engraftment of",
        "transplants": "Transplants",
        "median": "Median",
        "p25": "Lower quartile",
        "p50": "Median",
        "p75": "Upper quartile",
        "min": "Shortest",
        "max": "Longest",
        # survival
        "observed": "Deaths observed",
        "expected": "Deaths expected",
        "median_follow_up": "Median follow-up (months)",
        "comparison": "Comparison",
        "hazard_ratio": "Hazard ratio",
        "wald_p": "p-value (Wald)",
        "events": "Events",
        "estimable": "Estimable",
        "landmark": "Landmark (months)",
        "transplanted_by_then": "Transplanted by the landmark",
        "transplanted_by_landmark": "Transplanted by the landmark",
        "not_transplanted": "Not transplanted by then",
        "events_transplanted": "Deaths, transplanted",
        "events_not_transplanted": "Deaths, not transplanted",
        "start": "From (months)",
        "stop": "To (months)",
        "exposed": "After transplant",
        "event": "Died at the end",
        "shift": "Shift of the Table 4 mapping",
        "hsct_time_of_bridged_deaths": "Transplant time of the child who died (months)",
        "dfs_relapses": "Relapses counted in DFS",
        "dfs_non_responders": "DFS of children without remission",
        "cr_event_free": "Event-free, remission",
        "no_cr_event_free": "Event-free, no remission",
        "p_remission": "p-value, remission vs not",
        "bridged_event_free": "Event-free, bridged",
        "not_bridged_event_free": "Event-free, not bridged",
        "p_bridged": "p-value, bridged vs not",
        "change": "Change in the p-value",
        # audit summaries (counts by status)
        "not_reproducible": "Not reproducible",
        "total": "Total",
    }
)

#: Machine tokens some columns hold -> the words a reader sees, in any column.
VALUE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "not_reproducible": "not reproducible",
        "not_printed": "not printed",
        # helpers.endpoints.Assumptions: the assumptions and their values, in short
        "days_per_month": "Days in a month",
        "course_days": "Day the course ends",
        "remission_day": "Day of the remission marrow",
        "dfs_relapses": "Relapses counted in DFS",
        "dfs_non_responders": "DFS of children without remission",
        "table2_numbering": "patients 2 and 5 as Table 2 cases",
        "table4_numbering": "patients 2 and 5 as Table 4 transplants",
        "death_only": "only death counts",
        "event_at_start": "no remission counts as an event at day 0",
        # interval methods
        "clopper-pearson": "exact (Clopper-Pearson)",
        "median_unbiased": "median-unbiased",
    }
)
