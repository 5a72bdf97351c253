"""The audit's reading of a printed hazard ratio: which Cox fit, test and interval it meets.

A printed "HR = 0.07, 95% CI: 0.01–0.92" does not say how it was computed. The
audit compares it with the ordinary Cox estimate and its **Wald** interval (what
most software prints first) and, so that a reader can judge how much that choice
matters with a handful of events, states beside it the profile-likelihood
interval, the likelihood-ratio and score tests and Firth's penalised estimate,
all from :func:`helpers.survival.cox_hazard_ratio`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers._format import format_p_value
from helpers.survival import HazardRatioResult, SmallSampleWarning, cox_hazard_ratio

__all__ = ["CoxReading", "cox_reading", "format_ratio"]


def format_ratio(value: float) -> str:
    """A hazard ratio or limit for the audit's text: 3 decimals, below 0.01 two digits.

    Examples
    --------
    >>> format_ratio(0.10277), format_ratio(0.0050753), format_ratio(5.096e-05)
    ('0.103', '0.0051', '0.000051')
    >>> format_ratio(0.0), format_ratio(math.inf)
    ('0', 'infinity')
    """
    if value == 0:
        return "0"
    if math.isinf(value):
        return "infinity"
    if value >= 0.01:
        return f"{value:.3f}"
    return np.format_float_positional(value, precision=2, unique=False, fractional=False)


@dataclass(frozen=True)
class CoxReading:
    """The ordinary and the Firth fit of one comparison, with the claim's wording."""

    ordinary: HazardRatioResult
    firth: HazardRatioResult

    def text(
        self, *, model: str, events: str, printed_hr: float, decimals: int, counted: str = ""
    ) -> str:
        """The explanation of a printed HR and its limits against these fits.

        ``model`` names the model ("a Cox model of OS, CR vs no CR"), ``events``
        the events in words ("4 deaths"); ``printed_hr`` and ``decimals`` are the
        printed estimate and its precision, to say whether either estimate gives it;
        ``counted``, if given, says which events count (a last sentence).
        """
        o, f = self.ordinary, self.firth
        counted = f" Events counted: {counted}." if counted else ""
        profile = f"{format_ratio(o.profile_ci_lower)}–{format_ratio(o.profile_ci_upper)}"
        firth = (
            f"Firth's penalised estimate (Heinze and Schemper 2001), finite by construction, "
            f"is HR {format_ratio(f.hazard_ratio)} (profile penalised-likelihood 95% CI "
            f"{format_ratio(f.profile_ci_lower)}–{format_ratio(f.profile_ci_upper)})"
            if f.estimable
            else "Firth's penalised fit found no estimate either"
        )
        tests = (
            f"likelihood-ratio test {format_p_value(o.lr_p_value)}, score test "
            f"{format_p_value(o.score_p_value)}"
        )
        if not o.estimable:
            return (
                f"The comparison is not stated; read here as {model} ({events}). No "
                "ordinary Cox estimate exists: the likelihood is monotone (the events of one "
                "group all come when nobody of the other is still at risk), so the estimate "
                "runs off to "
                f"{format_ratio(o.hazard_ratio)} and has no Wald interval; a finite printed "
                "HR with a finite interval cannot be this model's estimate. What remains "
                f"valid: the profile-likelihood 95% CI {profile}, the {tests}. {firth}.{counted}"
            )
        matches = [
            name
            for name, value in (("ordinary", o.hazard_ratio), ("Firth", f.hazard_ratio))
            if abs(value - printed_hr) <= 0.5 * 10.0**-decimals + 1e-9
        ]
        verdict = (
            f"The printed HR is the {' and the '.join(matches)} estimate at its precision."
            if matches
            else "Neither estimate gives the printed HR."
        )
        few = ": too few events for a stable estimate" if o.n_events < 10 else ""
        return (
            f"The comparison is not stated; read here as {model} ({events}{few}). "
            "The printed HR and limits are compared with the ordinary "
            f"Cox estimate and its Wald 95% CI: HR {format_ratio(o.hazard_ratio)} "
            f"({format_ratio(o.ci_lower)}–{format_ratio(o.ci_upper)}), Wald "
            f"{format_p_value(o.p_value)}. The same model read without the Wald "
            "approximation (which forces the interval to be symmetric around the estimate on "
            f"the log scale): profile-likelihood 95% CI {profile}, {tests}. {firth}. "
            f"{verdict}{counted}"
        )


def cox_reading(df: pd.DataFrame, *, duration: str, event: str, group: str) -> CoxReading:
    """Ordinary and Firth Cox fits of ``group`` (True vs False), small-sample warnings silenced.

    The explanation says how few events there are; the warning would repeat it.
    """

    def fit(*, firth: bool) -> HazardRatioResult:
        return cox_hazard_ratio(
            df, duration=duration, event=event, group=group, reference=False, firth=firth
        )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return CoxReading(ordinary=fit(firth=False), firth=fit(firth=True))
