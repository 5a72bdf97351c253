"""Efron partial likelihood of one 0/1 covariate: fit, three tests, profile intervals, Firth.

Private to :mod:`helpers.survival`; :func:`~helpers.survival.cox_hazard_ratio` (one row
per subject) and :func:`~helpers.survival.time_varying_cox` (counting-process rows) both
reduce their data to the risk-set sizes of :func:`efron_terms` and call :func:`fit`, so
the two detect a monotone likelihood and report their tests in the same way.

With ``r = exp(beta)`` Efron's log partial likelihood of a 0/1 covariate is
``beta * D1 - sum(log(A + r * B))``, one term per event: at a time with ``d`` tied
events, ``n0``/``n1`` subjects at risk and ``d0``/``d1`` events with ``x = 0``/``1``, the
``l``-th tied event (``l = 0 .. d-1``) has ``A = n0 - l/d * d0`` and
``B = n1 - l/d * d1``. With ``p = r B / (A + r B)`` the score is ``D1 - sum(p)`` and the
information ``sum(p (1 - p))``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

# Newton-Raphson: stop when the step on the log hazard ratio is below _TOLERANCE;
# give up after _MAX_ITERATIONS steps.
_TOLERANCE = 1e-12
_MAX_ITERATIONS = 100
_MAX_HALVINGS = 60
# Profile limits: the search for a point outside the interval doubles its step from 1
# up to this many times (2**40 on the log scale: an unbounded side).
_MAX_DOUBLINGS = 40


@dataclass(frozen=True)
class Terms:
    """Risk-set sizes of the Efron likelihood, on the log scale (``-inf`` for 0)."""

    log_a: np.ndarray
    log_b: np.ndarray
    d1: float

    @property
    def a_zero(self) -> int:
        """Events at which nobody with ``x = 0`` is at risk (all are ``x = 1`` events)."""
        return int(np.count_nonzero(np.isneginf(self.log_a)))

    @property
    def b_positive(self) -> int:
        """Events at which somebody with ``x = 1`` is at risk."""
        return int(np.count_nonzero(np.isfinite(self.log_b)))


@dataclass(frozen=True)
class Fit:
    """A fitted log hazard ratio with its Wald interval and the three tests.

    ``coef`` is ``-inf``/``inf`` under a monotone likelihood (ordinary fit only);
    intervals are on the log scale, ``-inf``/``inf`` where unbounded.
    """

    coef: float
    se: float
    wald_lower: float
    wald_upper: float
    wald_p: float
    lr_statistic: float
    lr_p: float
    score_statistic: float
    score_p: float
    profile_lower: float
    profile_upper: float
    estimable: bool
    converged: bool
    firth: bool


def efron_terms(
    stop: np.ndarray, event: np.ndarray, x: np.ndarray, start: np.ndarray | None = None
) -> Terms:
    """Risk-set sizes ``A`` and ``B`` of every event (tied events in order ``l``).

    ``start=None``: right-censored data, at risk at ``tau`` when ``stop >= tau``.
    Otherwise counting-process rows ``(start, stop]``, at risk when
    ``start < tau <= stop``, so ``#{stop >= tau} - #{start >= tau}``.
    Sorting and ``searchsorted`` for the risk sets, no loop.
    """
    x = x.astype(bool)
    times, tie_index, d = np.unique(stop[event], return_inverse=True, return_counts=True)
    d1 = np.bincount(tie_index.reshape(-1), weights=x[event], minlength=times.size)

    def at_risk(rows: np.ndarray) -> np.ndarray:
        stops = np.sort(stop[rows])
        n = stops.size - np.searchsorted(stops, times, side="left")
        if start is not None:
            starts = np.sort(start[rows])
            n = n - (starts.size - np.searchsorted(starts, times, side="left"))
        return n

    n1 = at_risk(x)
    n0 = at_risk(~x)
    d0 = d - d1
    first = np.cumsum(d) - d
    share = (np.arange(int(d.sum())) - np.repeat(first, d)) / np.repeat(d, d)  # l / d
    a = np.repeat(n0, d) - share * np.repeat(d0, d)
    b = np.repeat(n1, d) - share * np.repeat(d1, d)
    with np.errstate(divide="ignore"):  # log(0) = -inf is meant
        return Terms(np.log(a), np.log(b), float(d1.sum()))


# --------------------------------------------------------------------------- likelihood


def loglik(beta: float, t: Terms) -> float:
    return beta * t.d1 - float(np.logaddexp(t.log_a, beta + t.log_b).sum())


def _p(beta: float, t: Terms) -> np.ndarray:
    return special.expit(beta + t.log_b - t.log_a)  # r B / (A + r B), exact at A or B = 0


def score_information(beta: float, t: Terms) -> tuple[float, float]:
    p = _p(beta, t)
    return t.d1 - float(p.sum()), float((p * (1.0 - p)).sum())


def monotone(t: Terms) -> int:
    """-1 or +1 when the likelihood rises without bound towards ``beta -> -+inf``, else 0.

    The score tends to ``D1 - #{A = 0}`` as ``beta -> -inf`` and to ``D1 - #{B > 0}``
    as ``beta -> +inf``; the maximum is finite exactly when the first is positive
    and the second negative. ``#{A = 0} <= D1`` always (``A = 0`` only when nobody
    with ``x = 0`` is at risk, so the event is an ``x = 1`` event), so the maximum
    runs off to ``-inf`` when every ``x = 1`` event happens with no ``x = 0`` subject at
    risk (for instance: no ``x = 1`` events), and to ``+inf`` symmetrically.
    """
    if t.d1 == t.a_zero:
        return -1
    if t.d1 == t.b_positive:
        return 1
    return 0


def loglik_limit(t: Terms, side: int) -> float:
    """Limit of the log-likelihood as ``beta -> side * inf`` (``-inf`` if it diverges).

    Towards ``-inf`` the terms behave as ``log A`` (or ``beta + log B`` where ``A = 0``),
    so the limit is finite exactly when every ``x = 1`` event has ``A = 0``; towards
    ``+inf`` symmetrically.
    """
    a_finite, b_finite = np.isfinite(t.log_a), np.isfinite(t.log_b)
    if side < 0:
        if t.d1 != t.a_zero:
            return -np.inf
        return -float(t.log_a[a_finite].sum() + t.log_b[~a_finite].sum())
    if t.d1 != t.b_positive:
        return -np.inf
    return -float(t.log_b[b_finite].sum() + t.log_a[~b_finite].sum())


def penalized_loglik(beta: float, t: Terms) -> float:
    """Firth's ``log L(beta) + 1/2 log I(beta)`` (Heinze & Schemper 2001)."""
    _, information = score_information(beta, t)
    with np.errstate(divide="ignore"):
        return loglik(beta, t) + 0.5 * float(np.log(information))


def penalized_score(beta: float, t: Terms) -> float:
    """Derivative of :func:`penalized_loglik`: ``U + I' / (2 I)``."""
    p = _p(beta, t)
    q = p * (1.0 - p)
    return t.d1 - float(p.sum()) + 0.5 * float((q * (1.0 - 2.0 * p)).sum()) / float(q.sum())


# --------------------------------------------------------------------------- maximisers


def newton(t: Terms) -> tuple[float, bool]:
    """Maximise the log partial likelihood (finite maximum assumed); (beta, converged).

    Newton-Raphson from 0 with step halving whenever the log-likelihood would
    decrease; the likelihood is concave, so with a finite maximum this converges.
    """
    beta = 0.0
    ll = loglik(beta, t)
    for _ in range(_MAX_ITERATIONS):
        score, information = score_information(beta, t)
        step = score / information if information > 0 else np.nan
        if not np.isfinite(step):
            return beta, False
        if abs(step) < _TOLERANCE:
            return beta, True
        for _ in range(_MAX_HALVINGS):
            new_ll = loglik(beta + step, t)
            # a last step of 1e-9 changes L by 1e-16: compare up to rounding, not exactly
            if new_ll >= ll - 1e-12 * (1.0 + abs(ll)):
                break
            step /= 2.0
        else:  # no ascent along the Newton direction: we are at the numerical maximum
            return beta, True
        beta, ll = beta + step, new_ll
    return beta, False


def _bracket_root(f: Callable[[float], float], x0: float) -> tuple[float, float] | None:
    """An interval around ``x0`` on whose ends ``f`` changes sign, by doubling steps."""
    f0 = f(x0)
    if f0 == 0:
        return x0, x0
    direction = 1.0 if f0 > 0 else -1.0  # f is decreasing: a positive f lies left of the root
    inner, step = x0, 1.0
    for _ in range(_MAX_DOUBLINGS):
        outer = inner + direction * step
        if np.sign(f(outer)) != np.sign(f0):
            return (inner, outer) if inner < outer else (outer, inner)
        inner, step = outer, step * 2.0
    return None


def firth_maximum(t: Terms) -> tuple[float, bool]:
    """Root of the penalised score (the penalised likelihood's maximum); (beta, converged)."""
    bracket = _bracket_root(lambda b: penalized_score(b, t), 0.0)
    if bracket is None:
        return np.nan, False
    lo, hi = bracket
    if lo == hi:
        return lo, True
    beta = optimize.brentq(lambda b: penalized_score(b, t), lo, hi, xtol=1e-14, maxiter=500)
    return float(beta), True


def profile_limits(
    f: Callable[[float], float],
    center: float,
    f_max: float,
    limits: tuple[float, float],
    level: float,
) -> tuple[float, float]:
    """Both ends of ``{beta : f(beta) >= f_max - chi2_1(level) / 2}``.

    ``f`` is concave (or at least unimodal) with its supremum ``f_max`` at ``center``
    (``+-inf`` for a monotone likelihood); ``limits`` are its limits at ``-inf`` and
    ``+inf``. A side whose limit stays above the cut-off is unbounded (``-+inf``).
    """
    cut = f_max - special.chdtri(1.0, 1.0 - level) / 2.0

    def g(b: float) -> float:
        return f(b) - cut

    # a finite point inside the interval
    inside = center
    if not np.isfinite(center):  # monotone: g -> chi2 / 2 > 0 towards center
        inside, step = 0.0, 1.0
        for _ in range(_MAX_DOUBLINGS):
            if g(inside) > 0:
                break
            inside, step = inside + float(np.sign(center)) * step, step * 2.0
    bounds = []
    for side, limit in ((-1.0, limits[0]), (1.0, limits[1])):
        if side * center == np.inf or limit >= cut:
            bounds.append(side * np.inf)
            continue
        inner, step = inside, 1.0
        for _ in range(_MAX_DOUBLINGS):
            outer = inner + side * step
            if g(outer) < 0:
                break
            inner, step = outer, step * 2.0
        else:
            bounds.append(side * np.inf)
            continue
        lo, hi = (inner, outer) if inner < outer else (outer, inner)
        bounds.append(float(optimize.brentq(g, lo, hi, xtol=1e-14, maxiter=500)))
    return bounds[0], bounds[1]


# --------------------------------------------------------------------------- the fit


def _chi2_p(statistic: float) -> float:
    return float(special.chdtrc(1.0, statistic)) if np.isfinite(statistic) else np.nan


def fit(t: Terms, *, alpha: float, firth: bool = False) -> Fit:
    """Fit, Wald interval and p, likelihood-ratio and score tests, profile interval.

    The score test (at ``beta = 0``) is that of the ordinary partial likelihood in
    both cases. With ``firth=True`` the estimate maximises the penalised likelihood,
    the likelihood-ratio test and the profile interval use the penalised likelihood,
    and the Wald standard error is ``1 / sqrt(I)`` at the penalised estimate.
    """
    level = 1.0 - alpha
    score0, information0 = score_information(0.0, t)
    score_stat = score0**2 / information0 if information0 > 0 else np.nan

    def f(beta: float) -> float:
        return penalized_loglik(beta, t) if firth else loglik(beta, t)

    coef: float
    if firth:
        limits = (-np.inf, -np.inf)  # the penalty sends log I to -inf at both ends
        if information0 <= 0:  # no contrast at any event time: nothing to penalise with
            coef, converged = np.nan, False
        else:
            coef, converged = firth_maximum(t)
    else:
        limits = (loglik_limit(t, -1), loglik_limit(t, 1))
        direction = monotone(t)
        if direction:
            coef, converged = direction * np.inf, True
        else:
            coef, converged = newton(t)
    if np.isnan(coef):
        undefined = dict.fromkeys(
            ("coef", "se", "wald_lower", "wald_upper", "wald_p", "lr_statistic", "lr_p"), np.nan
        )
        return Fit(
            **undefined,
            score_statistic=float(score_stat),
            score_p=_chi2_p(score_stat),
            profile_lower=np.nan,
            profile_upper=np.nan,
            estimable=False,
            converged=False,
            firth=firth,
        )
    f_max = f(coef) if np.isfinite(coef) else limits[0 if coef < 0 else 1]
    lr_stat = max(0.0, 2.0 * (f_max - f(0.0)))
    if np.isfinite(coef):
        _, information = score_information(coef, t)
        se = 1.0 / np.sqrt(information)
        z = special.ndtri(1.0 - alpha / 2.0)
        wald = (coef - z * se, coef + z * se, _chi2_p((coef / se) ** 2))
    else:
        se, wald = np.inf, (-np.inf, np.inf, np.nan)
    lower, upper = profile_limits(f, coef, f_max, limits, level)
    return Fit(
        coef=float(coef),
        se=float(se),
        wald_lower=float(wald[0]),
        wald_upper=float(wald[1]),
        wald_p=float(wald[2]),
        lr_statistic=float(lr_stat),
        lr_p=_chi2_p(lr_stat),
        score_statistic=float(score_stat),
        score_p=_chi2_p(score_stat),
        profile_lower=lower,
        profile_upper=upper,
        estimable=bool(np.isfinite(coef) and converged),
        converged=bool(converged),
        firth=firth,
    )
