"""Cox proportional-hazards hazard ratio for a binary comparison, with small-sample care.

Public through :mod:`helpers.survival`; see its docstring for the conventions.

:func:`cox_hazard_ratio` fits its one-covariate model itself (Newton-Raphson on
Efron's partial likelihood, vectorised in NumPy: a fraction of a millisecond
instead of the 20-50 ms of a lifelines fit, which the live survival dashboard
cannot afford). The tests check it against lifelines ``CoxPHFitter``. The
time-varying model of :mod:`helpers.survival.timevarying` is still fitted by lifelines,
through :func:`_fit_lifelines` and :func:`_lifelines_estimate`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import special

from helpers.survival._base import (
    _alpha,
    _need_groups,
    _prepare,
)

__all__ = ["HazardRatioResult", "SmallSampleWarning", "cox_hazard_ratio"]

# Newton-Raphson: stop when the step on the log hazard ratio is below _TOLERANCE;
# give up (with a SmallSampleWarning) after _MAX_ITERATIONS steps.
_TOLERANCE = 1e-12
_MAX_ITERATIONS = 100
_MAX_HALVINGS = 60


class SmallSampleWarning(UserWarning):
    """A Cox model was fitted to too few events to be trusted.

    Emitted when there are fewer than 10 events (or fewer than 10 events per
    estimated parameter), when the partial likelihood is monotone (one
    comparison group has no events at all, or more generally the estimate is
    infinite), or when the fit did not converge (for the time-varying model:
    when lifelines reports convergence trouble).
    """


@dataclass(frozen=True)
class HazardRatioResult:
    """Hazard ratio of a binary comparison from a Cox model (``comparison`` reads
    ``"<level> vs <reference>"``), with its confidence interval, Wald p-value,
    number of subjects and number of events."""

    hazard_ratio: float
    ci_lower: float
    ci_upper: float
    p_value: float
    n: int
    n_events: int
    comparison: str


class _Estimate(NamedTuple):
    """A fitted log hazard ratio: estimate, Wald interval bounds and Wald p-value."""

    coef: float
    lower: float
    upper: float
    p_value: float


# --------------------------------------------------------------------------- NumPy fit


def _efron_terms(
    t: np.ndarray, e: np.ndarray, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """Risk-set sizes of Efron's partial likelihood for a 0/1 covariate ``x``.

    With ``r = exp(beta)``, Efron's log partial likelihood is
    ``beta * D1 - sum(log(A + r * B))``, one term per event: at a time with ``d``
    tied events, ``n0``/``n1`` subjects at risk and ``d0``/``d1`` events with
    ``x = 0``/``1``, the ``l``-th tied event (``l = 0 .. d-1``) has
    ``A = n0 - l/d * d0`` and ``B = n1 - l/d * d1``; ``D1`` is the number of
    events with ``x = 1``. ``A`` and ``B`` do not depend on ``beta``, so they are
    computed once: sorting and ``searchsorted`` for the risk sets, no loop.
    """
    times, tie_index, d = np.unique(t[e], return_inverse=True, return_counts=True)
    d1 = np.bincount(tie_index.reshape(-1), weights=x[e], minlength=times.size)
    at_risk = t.size - np.searchsorted(np.sort(t), times, side="left")
    t1 = np.sort(t[x == 1])
    n1 = t1.size - np.searchsorted(t1, times, side="left")
    n0, d0 = at_risk - n1, d - d1
    first = np.cumsum(d) - d
    share = (np.arange(int(d.sum())) - np.repeat(first, d)) / np.repeat(d, d)  # l / d
    a = np.repeat(n0, d) - share * np.repeat(d0, d)
    b = np.repeat(n1, d) - share * np.repeat(d1, d)
    return a, b, float(d1.sum())


def _log_likelihood(beta: float, log_a: np.ndarray, log_b: np.ndarray, d1: float) -> float:
    return beta * d1 - float(np.logaddexp(log_a, beta + log_b).sum())


def _newton(log_a: np.ndarray, log_b: np.ndarray, d1: float) -> tuple[float, float, bool]:
    """Maximise Efron's log partial likelihood in ``beta``; (beta, information, converged).

    Newton-Raphson from 0 with step halving whenever the log-likelihood would
    decrease; the likelihood is concave, so with a finite maximum this converges.
    The information (minus the second derivative) is evaluated at the returned
    ``beta``.
    """
    beta = 0.0
    ll = _log_likelihood(beta, log_a, log_b, d1)
    for _ in range(_MAX_ITERATIONS):
        p = special.expit(beta + log_b - log_a)  # r B / (A + r B), exact at A = 0 or B = 0
        score = d1 - float(p.sum())
        information = float((p * (1.0 - p)).sum())
        step = score / information if information > 0 else np.nan
        if not np.isfinite(step):
            return beta, information, False
        if abs(step) < _TOLERANCE:
            return beta, information, True
        for _ in range(_MAX_HALVINGS):
            new_ll = _log_likelihood(beta + step, log_a, log_b, d1)
            if new_ll >= ll:
                break
            step /= 2.0
        else:  # no ascent along the Newton direction: we are at the numerical maximum
            return beta, information, True
        beta, ll = beta + step, new_ll
    return beta, information, False


def _wald(coef: float, se: float, alpha: float) -> _Estimate:
    z = special.ndtri(1.0 - alpha / 2.0)
    p_value = float(special.chdtrc(1.0, (coef / se) ** 2))
    return _Estimate(coef, coef - z * se, coef + z * se, p_value)


def _fit_binary_cox(
    t: np.ndarray, e: np.ndarray, x: np.ndarray, alpha: float
) -> tuple[_Estimate, list[str]]:
    """Cox fit of one 0/1 covariate (Efron ties); the estimate and notes on trouble.

    When the maximum of the partial likelihood lies at infinity (monotone
    likelihood) the estimate is -inf or +inf, the interval (-inf, inf) and the
    p-value NaN, with a note.
    """
    a, b, d1 = _efron_terms(t, e, x)
    # The score at beta -> -inf is d1 - #{A = 0}, at +inf it is d1 - #{B > 0}; the
    # maximum is finite exactly when the first is positive and the second negative.
    if d1 <= np.count_nonzero(a == 0) or d1 >= np.count_nonzero(b > 0):
        coef = -np.inf if d1 <= np.count_nonzero(a == 0) else np.inf
        note = (
            "the partial likelihood is monotone (every event of one group happens when "
            "nobody of the other group is at risk, or one group has no events): the "
            "maximum-likelihood hazard ratio is "
            + ("0" if coef < 0 else "infinite")
            + ", so it is returned as such with interval (0, inf) and p-value NaN; "
            "these are NOT interpretable"
        )
        return _Estimate(coef, -np.inf, np.inf, np.nan), [note]
    with np.errstate(divide="ignore"):  # log(0) = -inf is meant
        log_a, log_b = np.log(a), np.log(b)
    beta, information, converged = _newton(log_a, log_b, d1)
    notes = [] if converged else [f"Newton-Raphson did not converge in {_MAX_ITERATIONS} steps"]
    return _wald(beta, 1.0 / np.sqrt(information), alpha), notes


# --------------------------------------------------------------------------- lifelines


def _fit_lifelines(fit: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run a lifelines fit; collect its convergence warnings as one note.

    lifelines warns (ConvergenceWarning) on near-separation; we turn those into the
    single SmallSampleWarning of the caller instead of letting several technical
    warnings through. Unrelated warnings are passed on unchanged.
    """
    from lifelines.exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = fit()
    notes = []
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            notes.append(str(w.message).strip().splitlines()[0])
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return model, ["lifelines reported: " + " | ".join(notes)] if notes else []


def _lifelines_estimate(model: Any) -> _Estimate:
    """The first coefficient of a fitted lifelines model as an :class:`_Estimate`."""
    bounds = model.confidence_intervals_.iloc[0].to_numpy(dtype=float)
    return _Estimate(
        float(model.params_.iloc[0]),
        float(bounds[0]),
        float(bounds[1]),
        float(model.summary["p"].iloc[0]),
    )


# --------------------------------------------------------------------------- result


def _hazard_ratio(
    estimate: _Estimate,
    *,
    n: int,
    events_by_level: dict[str, int],
    comparison: str,
    notes: list[str],
    n_parameters: int = 1,
) -> HazardRatioResult:
    n_events = sum(events_by_level.values())
    problems = []
    if n_events < 10 * max(1, n_parameters):
        problems.append(
            f"only {n_events} events for {n_parameters} estimated parameter(s) - fewer than "
            "10 events per parameter - so the hazard ratio and its confidence interval are "
            "very imprecise and the Wald p-value may be unreliable"
        )
    empty = [level for level, k in events_by_level.items() if k == 0]
    if empty:
        problems.append(
            f"no events in {', '.join(map(repr, empty))}: the likelihood is monotone, the "
            "hazard ratio estimate runs off towards 0 or infinity and the returned hazard "
            "ratio, confidence interval and p-value are NOT interpretable; report the events "
            "per group with a log-rank or permutation test (or use Firth-penalised Cox)"
        )
    problems.extend(notes)
    if problems:
        message = f"{comparison}: " + "; ".join(problems) + "."
        warnings.warn(message, SmallSampleWarning, stacklevel=3)
    # Under monotone likelihood a bound can be thousands on the log scale (or infinite);
    # +inf is the honest value of exp() there, so the overflow is expected.
    with np.errstate(over="ignore"):
        hr, lower, upper = np.exp([estimate.coef, estimate.lower, estimate.upper])
    return HazardRatioResult(
        hazard_ratio=float(hr),
        ci_lower=float(lower),
        ci_upper=float(upper),
        p_value=float(estimate.p_value),
        n=int(n),
        n_events=int(n_events),
        comparison=comparison,
    )


def cox_hazard_ratio(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    group: Any,
    reference: Any | None = None,
    alpha: float = 0.05,
) -> HazardRatioResult:
    """Hazard ratio of one group versus a reference group from a Cox model.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event : column names
        As in :func:`kaplan_meier`.
    group : column name
        Exactly two groups.
    reference : optional
        The reference group (matched by ``str`` value); default: the first in
        sorted ``str`` order (``False`` before ``True``, ``0`` before ``1``).
    alpha : float, default 0.05
        Level of the ``1 - alpha`` Wald interval.

    Returns
    -------
    HazardRatioResult
        ``hazard_ratio`` (other vs reference), ``ci_lower``, ``ci_upper``, Wald
        ``p_value``, ``n``, ``n_events`` and ``comparison`` ("<other> vs <reference>").

    Warns
    -----
    SmallSampleWarning
        With fewer than 10 events (10 events per parameter), when one group has no
        events or the likelihood is otherwise monotone, or (not expected) when the
        fit does not converge.

    Notes
    -----
    Maximises Cox's partial likelihood for a 0/1 indicator of the non-reference
    group, with Efron's handling of tied event times (the default of lifelines
    ``CoxPHFitter``, which it reproduces when that is run to full convergence;
    lifelines' default stopping rule can leave it a few 1e-4 short in log
    hazard ratio on tied data): Newton-Raphson from a
    log hazard ratio of 0, halving a step that would lower the likelihood, until
    a step is below 1e-12. The standard error comes from the observed information
    at the estimate; the interval is ``exp(beta +/- z * se)`` and the p-value the
    Wald test of ``beta = 0``.

    When the maximum lies at infinity - one group has **no events**, or more
    generally every event of one group happens when nobody of the other group is
    still at risk - the likelihood is monotone and no finite estimate exists.
    The result is then deterministic: ``hazard_ratio`` 0.0 (the non-reference
    group is the one without events) or ``inf``, interval ``(0.0, inf)`` and
    ``p_value`` NaN, together with the warning; such a "hazard ratio" must not
    be reported. Raises ValueError when there are no events at all.

    References
    ----------
    .. [1] Cox DR. Regression models and life-tables. J R Stat Soc B
       1972;34:187-220.
    .. [2] Efron B. The efficiency of Cox's likelihood function for censored
       data. J Am Stat Assoc 1977;72:557-565.
    .. [3] Peduzzi P, Concato J, Feinstein AR, Holford TR. Importance of events
       per independent variable in proportional hazards regression analysis II.
       J Clin Epidemiol 1995;48:1503-1510.
    .. [4] Heinze G, Schemper M. A solution to the problem of monotone
       likelihood in Cox regression. Biometrics 2001;57:114-119.

    Examples
    --------
    >>> import warnings, pandas as pd
    >>> df = pd.DataFrame({"months": [1, 3, 5, 3, 4, 6, 2, 7], "died": [1, 1, 0, 1, 0, 1, 1, 0],
    ...                    "arm": ["A", "A", "A", "B", "B", "B", "A", "B"]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", SmallSampleWarning)  # only 5 events
    ...     res = cox_hazard_ratio(df, duration="months", event="died", group="arm")
    >>> res.comparison, res.n, res.n_events, round(res.hazard_ratio, 4)
    ('B vs A', 8, 5, 0.2052)

    No deaths in arm B: the likelihood is monotone, the estimate is 0.

    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", SmallSampleWarning)
    ...     res = cox_hazard_ratio(df.assign(died=[1, 1, 0, 0, 0, 0, 1, 0]),
    ...                            duration="months", event="died", group="arm")
    >>> res.hazard_ratio, res.ci_lower, res.ci_upper, res.p_value
    (0.0, 0.0, inf, nan)
    """
    t, e, labels, codes = _prepare(df, duration, event, group)
    _need_groups(labels, group, exactly_two=True)
    alpha = _alpha(alpha)
    ref = labels[0] if reference is None else str(reference)
    if ref not in labels:
        raise ValueError(f"reference {reference!r} is not a group of column {group!r}: {labels!r}")
    other = labels[1 - labels.index(ref)]
    if not e.any():
        raise ValueError(f"event column {event!r} has no events: a hazard ratio is undefined")
    x = (codes == labels.index(other)).astype(float)
    events_by_level = {ref: int(e[x == 0].sum()), other: int(e[x == 1].sum())}
    estimate, notes = _fit_binary_cox(t, e, x, alpha)
    if 0 in events_by_level.values():
        notes = []  # the "no events in ..." problem already says it all
    return _hazard_ratio(
        estimate,
        n=t.size,
        events_by_level=events_by_level,
        comparison=f"{other} vs {ref}",
        notes=notes,
    )
