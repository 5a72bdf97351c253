"""Kaplan-Meier curves, log-rank tests, Cox hazard ratios and power for small cohorts.

Every function takes a :class:`pandas.DataFrame` plus keyword column names and
returns a DataFrame or a frozen dataclass; nothing is printed and no file is read.
Conventions shared by all functions:

* ``duration`` holds non-negative, finite follow-up times in any unit (months in
  the notebooks); ``event`` holds 1/``True`` for the event (death, relapse) and
  0/``False`` for censoring.
* ``group`` values are compared by their ``str`` value and reported in sorted
  order of that string; ``group=None`` puts everyone in one group called ``"All"``.
* Kaplan-Meier and log-rank results agree with lifelines 0.30.3
  (``KaplanMeierFitter``, ``logrank_test``, ``multivariate_logrank_test``) to
  1e-9 on the same data. The Cox fit agrees with ``CoxPHFitter`` run to full
  convergence (tests: relative 1e-6); with lifelines' default stopping rule the
  log hazard ratio can differ by a few 1e-4 on tied data, lifelines being the
  one further from the maximum of the Efron likelihood.

The functions live in one module per topic and are collected here, so
``from helpers.survival import kaplan_meier`` is all a notebook needs:

==========================================  =======================================
functions                                   module
==========================================  =======================================
kaplan_meier, at_risk_table,                :mod:`helpers.survival.km`
median_survival, survival_at,
median_follow_up (reverse Kaplan-Meier)
logrank, permutation_logrank,               :mod:`helpers.survival.logrank`
logrank_statistics
cox_hazard_ratio, SmallSampleWarning        :mod:`helpers.survival.cox`
landmark, to_counting_process,              :mod:`helpers.survival.timevarying`
time_varying_cox
schoenfeld_events, simulate_power,          :mod:`helpers.survival.power`
power_curve, smallest_adequate_size
==========================================  =======================================
"""

from helpers.survival.cox import HazardRatioResult, SmallSampleWarning, cox_hazard_ratio
from helpers.survival.km import (
    at_risk_table,
    kaplan_meier,
    median_follow_up,
    median_survival,
    survival_at,
)
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
from helpers.survival.timevarying import landmark, time_varying_cox, to_counting_process

__all__ = [
    "HazardRatioResult",
    "LogRankResult",
    "PermutationLogRankResult",
    "PowerResult",
    "SmallSampleWarning",
    "at_risk_table",
    "cox_hazard_ratio",
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
    "time_varying_cox",
    "to_counting_process",
]
