"""Kaplan-Meier curves, log-rank tests, Cox hazard ratios and power for small cohorts.

Every function takes a :class:`pandas.DataFrame` plus keyword column names and
returns a DataFrame or a frozen dataclass; nothing is printed and no file is read.
Conventions shared by all functions:

* ``duration`` holds non-negative, finite follow-up times in any unit (months in
  the notebooks); ``event`` holds 1/``True`` for the event (death, relapse) and
  0/``False`` for censoring.
* ``group`` values are labelled by their ``str`` value and ordered by number for
  a numeric column (9 before 10, as R orders factor levels), otherwise by that
  ``str`` (``False`` before ``True``); the first is the reference of a comparison
  unless ``reference=`` names another. ``group=None`` puts everyone in one group
  called ``"All"``.
* The results agree with R's ``survival`` package (R 4.2, survival 3.5) to 1e-9 on
  its own data sets and the cohort (``tests/reference/``): ``survfit`` with
  ``conf.type = "log-log"``, its printed median and ``quantile()``, ``survdiff``,
  ``coxph`` with Efron ties (binary and counting-process) with its Wald,
  likelihood-ratio and score tests. Kaplan-Meier and log-rank results also agree
  with lifelines 0.30.3 (``KaplanMeierFitter``, ``logrank_test``,
  ``multivariate_logrank_test``) to 1e-9, medians except at R's boundary rules
  (:mod:`helpers.survival.quantiles`), and the Cox fit with ``CoxPHFitter`` run to
  full convergence.

The functions live in one module per topic and are collected here, so
``from helpers.survival import kaplan_meier`` is all a notebook needs:

==========================================  =======================================
functions                                   module
==========================================  =======================================
kaplan_meier, at_risk_table, survival_at    :mod:`helpers.survival.km`
median_survival, survival_quantiles,        :mod:`helpers.survival.quantiles`
median_follow_up (reverse Kaplan-Meier),
format_not_reached ("NR" for readers)
logrank, permutation_logrank,               :mod:`helpers.survival.logrank`
logrank_statistics
cox_hazard_ratio, SmallSampleWarning        :mod:`helpers.survival.cox`
landmark, to_counting_process,              :mod:`helpers.survival.timevarying`
time_varying_cox
schoenfeld_events, simulate_power,          :mod:`helpers.survival.power`
power_curve, smallest_adequate_size
==========================================  =======================================

Both Cox functions share the private :mod:`helpers.survival._likelihood` (Efron
likelihood, the three tests, profile intervals, Firth's penalty);
:mod:`helpers.survival._base` checks the inputs.
"""

from helpers.survival.cox import HazardRatioResult, SmallSampleWarning, cox_hazard_ratio
from helpers.survival.km import at_risk_table, kaplan_meier, survival_at
from helpers.survival.logrank import (
    LogRankResult,
    PermutationLogRankResult,
    logrank,
    logrank_statistics,
    permutation_logrank,
)
from helpers.survival.power import (
    PowerResult,
    power_curve,
    schoenfeld_events,
    simulate_power,
    smallest_adequate_size,
)
from helpers.survival.quantiles import (
    format_not_reached,
    median_follow_up,
    median_survival,
    survival_quantiles,
)
from helpers.survival.timevarying import landmark, time_varying_cox, to_counting_process

__all__ = [
    "HazardRatioResult",
    "LogRankResult",
    "PermutationLogRankResult",
    "PowerResult",
    "SmallSampleWarning",
    "at_risk_table",
    "cox_hazard_ratio",
    "format_not_reached",
    "kaplan_meier",
    "landmark",
    "logrank",
    "logrank_statistics",
    "median_follow_up",
    "median_survival",
    "permutation_logrank",
    "power_curve",
    "schoenfeld_events",
    "simulate_power",
    "smallest_adequate_size",
    "survival_at",
    "survival_quantiles",
    "time_varying_cox",
    "to_counting_process",
]
