"""Cox fits that report their warnings as notes, and their tables for readers.

Cox models warn (:class:`~helpers.survival.SmallSampleWarning`) when events are
few, and a fit may not converge. :func:`checked_cox` and
:func:`checked_time_varying_cox` capture those warnings into notes and a plain
sentence, so a notebook can *show* them as text instead of printing warnings to
stderr. :func:`hazard_ratio_table` and :func:`cox_tests_table` lay the result
out for reading: the estimate, the Wald and profile-likelihood intervals, and
the Wald, likelihood-ratio and score tests side by side.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import survival

__all__ = [
    "NOT_CONVERGED",
    "CheckedHazardRatio",
    "checked_cox",
    "checked_time_varying_cox",
    "cox_tests_table",
    "hazard_ratio_table",
]


#: The note that replaces a fit's convergence or numerical warnings.
NOT_CONVERGED = (
    "The fitting algorithm did not settle on an estimate (it did not converge): "
    "the hazard ratio, its interval and its p-value are not to be read."
)


@dataclass(frozen=True)
class CheckedHazardRatio:
    """A hazard ratio with the warnings its fit raised, as text, and what they mean.

    Attributes
    ----------
    result : helpers.survival.HazardRatioResult
        The fit.
    notes : tuple of str
        The :class:`~helpers.survival.SmallSampleWarning` messages, and
        :data:`NOT_CONVERGED` when the fit reported convergence trouble.
    converged : bool
        False when the fit raised a ``RuntimeWarning`` (lifelines'
        ``ConvergenceWarning`` is one; so is a numerical overflow).
    technical : tuple of str
        Those warnings' own texts, once each, for maintainers.
    """

    result: survival.HazardRatioResult
    notes: tuple[str, ...] = field(default=())
    converged: bool = True
    technical: tuple[str, ...] = field(default=())

    @property
    def reading(self) -> str:
        """What the fit allows a reader to say, in one sentence of plain words.

        The most serious problem wins: no convergence, then no finite estimate
        (a monotone likelihood, e.g. one group without events), then fewer than
        10 events.
        """
        r = self.result
        events = "1 event" if r.n_events == 1 else f"{r.n_events} events"
        if not self.converged:
            return (
                f"The model did not converge ({events}): the hazard ratio, its interval "
                "and its p-value are not to be read."
            )
        if not r.estimable:
            best = "zero" if r.hazard_ratio < 1 else "infinitely large"
            return (
                f"No hazard ratio can be estimated ({events}): one group had no events, or "
                "had them only when nobody of the other group was still followed, so the "
                f"best-fitting hazard ratio is {best}. Compare the groups with a test that "
                "needs no estimate (log-rank, likelihood-ratio or score test)."
            )
        if r.n_events < 10:
            return (
                f"Only {events}: the hazard ratio and its confidence interval are very imprecise."
            )
        return f"{events}; the fit raised no warning."


def _capture(fit: Callable[[], survival.HazardRatioResult]) -> CheckedHazardRatio:
    """Run a Cox fit; its small-sample and convergence warnings become words on the result."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", survival.SmallSampleWarning)
        warnings.simplefilter("always", RuntimeWarning)
        result = fit()
    notes: list[str] = []
    trouble: list[str] = []
    for w in caught:
        if issubclass(w.category, survival.SmallSampleWarning):
            notes.append(str(w.message))
        elif issubclass(w.category, RuntimeWarning):  # convergence, overflow
            trouble.append(str(w.message))
        else:  # not ours to silence
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if trouble:
        notes.append(NOT_CONVERGED)
    return CheckedHazardRatio(
        result, tuple(notes), converged=not trouble, technical=tuple(dict.fromkeys(trouble))
    )


def checked_cox(
    df: pd.DataFrame,
    *,
    duration: str,
    event: str,
    group: str,
    reference: object = None,
    firth: bool = False,
) -> CheckedHazardRatio:
    """:func:`helpers.survival.cox_hazard_ratio`, its SmallSampleWarning kept as a note.

    Examples
    --------
    >>> df = pd.DataFrame({"t": [1.0, 3, 5, 3, 4, 6], "d": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> res = checked_cox(df, duration="t", event="d", group="arm")
    >>> res.result.comparison, len(res.notes)
    ('B vs A', 1)
    """
    return _capture(
        lambda: survival.cox_hazard_ratio(
            df, duration=duration, event=event, group=group, reference=reference, firth=firth
        )
    )


def checked_time_varying_cox(
    df: pd.DataFrame,
    *,
    duration: str,
    event: str,
    exposure_time: str,
    id_col: str,
    firth: bool = False,
) -> CheckedHazardRatio:
    """:func:`helpers.survival.time_varying_cox`, its SmallSampleWarning kept as a note."""
    return _capture(
        lambda: survival.time_varying_cox(
            df,
            duration=duration,
            event=event,
            exposure_time=exposure_time,
            id_col=id_col,
            firth=firth,
        )
    )


def _significant(table: pd.DataFrame, digits: int) -> pd.DataFrame:
    """Every float column rounded to ``digits`` significant digits (0.000051 stays, not 0)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype.kind == "f":
            out[column] = [float(f"{x:.{digits}g}") if np.isfinite(x) else x for x in out[column]]
    return out


def hazard_ratio_table(checked: CheckedHazardRatio, *, digits: int = 3) -> pd.DataFrame:
    """One-row table of a checked hazard ratio, the notes joined into one column.

    Numbers carry ``digits`` significant digits, so a small p-value or limit
    never shows as 0.

    When no finite estimate exists (``result.estimable`` False: a monotone
    likelihood, e.g. a group without events, where the estimate runs off to 0 or
    infinity), the estimate, Wald interval and Wald p-value are blanked (NaN) and
    ``estimable`` is False; :func:`cox_tests_table` shows what remains valid.

    Examples
    --------
    >>> df = pd.DataFrame({"t": [1.0, 3, 5, 3, 4, 6], "d": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> hazard_ratio_table(checked_cox(df, duration="t", event="d", group="arm")).columns[:3]
    Index(['comparison', 'hazard_ratio', 'ci_lower'], dtype='object')
    """
    r = checked.result
    row = {
        "comparison": r.comparison,
        "hazard_ratio": r.hazard_ratio,
        "ci_lower": r.ci_lower,
        "ci_upper": r.ci_upper,
        "wald_p": r.p_value,
        "n": r.n,
        "events": r.n_events,
    }
    if not r.estimable:  # monotone likelihood: no estimate, no Wald interval or test
        row.update(hazard_ratio=np.nan, ci_lower=np.nan, ci_upper=np.nan, wald_p=np.nan)
    out = _significant(pd.DataFrame([row]), digits)
    out["estimable"] = r.estimable
    out["warning"] = " | ".join(checked.notes) if checked.notes else "none"
    return out


def cox_tests_table(checked: CheckedHazardRatio, *, digits: int = 3) -> pd.DataFrame:
    """The three tests of a Cox hazard ratio side by side, each with its interval.

    Rows ``Wald``, ``likelihood ratio`` and ``score``; columns ``test``,
    ``p_value``, ``ci_lower``, ``ci_upper`` (the hazard ratio's Wald interval on the
    Wald row, the profile-likelihood interval on the likelihood-ratio row; the
    score test has none) and ``can_be_read`` (False for the Wald row under a
    monotone likelihood, where it has no meaning; its numbers are then NaN; True
    says only that the row can be computed and read, not that its
    large-sample approximation is good with few events). With a Firth
    fit the likelihood-ratio row and its interval use the penalised likelihood.
    Numbers carry ``digits`` significant digits.

    Examples
    --------
    >>> df = pd.DataFrame({"t": [1.0, 3, 5, 3, 4, 6], "d": [1, 1, 0, 1, 0, 1],
    ...                    "arm": ["A", "A", "A", "B", "B", "B"]})
    >>> cox_tests_table(checked_cox(df, duration="t", event="d", group="arm"))["test"].tolist()
    ['Wald', 'likelihood ratio', 'score']
    """
    r = checked.result
    wald = (r.p_value, r.ci_lower, r.ci_upper) if r.estimable else (np.nan,) * 3
    out = pd.DataFrame(
        {
            "test": ["Wald", "likelihood ratio", "score"],
            "p_value": [wald[0], r.lr_p_value, r.score_p_value],
            "ci_lower": [wald[1], r.profile_ci_lower, np.nan],
            "ci_upper": [wald[2], r.profile_ci_upper, np.nan],
            "can_be_read": [r.estimable, True, True],
        }
    )
    return _significant(out, digits)


# --------------------------------------------------------------------------- DFS assumptions
