"""How many patients a two-arm trial would need: Schoenfeld's formula and simulated power.

Public through :mod:`helpers.survival`; see its docstring for the conventions.

References
----------
.. [1] Schoenfeld DA. Sample-size formula for the proportional-hazards regression
   model. Biometrics 1983;39:499-503.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from helpers.survival._base import _alpha

__all__ = [
    "PowerResult",
    "power_curve",
    "schoenfeld_events",
    "simulate_power",
    "smallest_adequate_size",
]

# Largest (trials x patients) block simulated at once in simulate_power.
_CHUNK_ELEMENTS = 2_000_000


def schoenfeld_events(hazard_ratio: float, *, alpha: float = 0.05, power: float = 0.8) -> float:
    """Events needed by a two-sided log-rank test with 1:1 allocation (Schoenfeld 1983).

    ``4 (z_{1-alpha/2} + z_{power})^2 / log(HR)^2``.

    Examples
    --------
    >>> round(schoenfeld_events(0.5), 1)
    65.3
    """
    if not np.isfinite(hazard_ratio) or hazard_ratio <= 0 or hazard_ratio == 1:
        raise ValueError(f"hazard_ratio must be positive and not 1, got {hazard_ratio!r}")
    for name, value in (("alpha", alpha), ("power", power)):
        if not 0 < value < 1:
            raise ValueError(f"{name} must lie strictly between 0 and 1, got {value!r}")
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    return float(4 * z**2 / np.log(hazard_ratio) ** 2)


@dataclass(frozen=True)
class PowerResult:
    """Result of :func:`simulate_power`: estimated power with its 95% Clopper-Pearson
    interval, the number of simulated trials and the mean number of events per trial."""

    power: float
    ci_lower: float
    ci_upper: float
    n_trials: int
    mean_events: float


def _positive(name: str, value: float, *, allow_zero: bool = False) -> float:
    ok = np.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if isinstance(value, bool) or not ok:
        bound = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a finite, {bound} number, got {value!r}")
    return float(value)


def _whole(name: str, value: int) -> int:
    if isinstance(value, bool) or int(value) != value or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    return int(value)


def _simulate_block(
    rng: np.random.Generator,
    trials: int,
    n_per_arm: int,
    rates: np.ndarray,
    accrual: float,
    horizon: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Log-rank chi-square and event count for a block of simulated trials."""
    arm = np.repeat([0.0, 1.0], n_per_arm)  # 0 control, 1 treatment
    event_time = rng.exponential(1.0, (trials, arm.size)) / rates[arm.astype(int)]
    follow = horizon - rng.uniform(0.0, accrual, (trials, arm.size))
    time = np.minimum(event_time, follow)
    died = event_time <= follow
    order = np.argsort(time, axis=1)  # continuous times: ties have probability 0
    g = arm[order]
    d = np.take_along_axis(died, order, axis=1).astype(float)
    at_risk = arm.size - np.arange(arm.size, dtype=float)
    treated_at_risk = n_per_arm - np.cumsum(g, axis=1) + g  # before removing subject i
    share = treated_at_risk / at_risk
    o_minus_e = (d * (g - share)).sum(axis=1)
    variance = (d * share * (1.0 - share)).sum(axis=1)
    chi2 = np.zeros(trials)
    ok = variance > 0
    chi2[ok] = o_minus_e[ok] ** 2 / variance[ok]
    return chi2, d.sum(axis=1)


def simulate_power(
    *,
    hazard_ratio: float,
    n_per_arm: int,
    accrual: float,
    follow_up: float,
    control_median: float,
    alpha: float = 0.05,
    n_trials: int = 1000,
    seed: int | None = 0,
) -> PowerResult:
    """Power of a two-arm log-rank test by simulation of exponential survival.

    Parameters
    ----------
    hazard_ratio : float
        Treatment vs control hazard ratio (1 = no effect).
    n_per_arm : int
        Patients per arm.
    accrual : float
        Length of uniform accrual (0: everyone enters at time 0).
    follow_up : float
        Extra follow-up after accrual ends; everyone is censored at
        ``accrual + follow_up`` from the first entry (administrative censoring).
    control_median : float
        Median survival in the control arm; hazard ``log(2) / control_median``.
    alpha : float, default 0.05
        Two-sided significance level.
    n_trials : int, default 1000
        Number of simulated trials.
    seed : int or None, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    PowerResult
        ``power`` (share of trials with log-rank p < alpha), its 95%
        Clopper-Pearson (exact binomial) interval ``ci_lower``/``ci_upper``,
        ``n_trials`` and ``mean_events`` (events per trial, both arms).

    Notes
    -----
    Times are in whatever unit the caller uses (months in the notebooks). All
    trials are simulated and tested together: patients are sorted by time within
    each trial (``argsort`` along axis 1) and the log-rank ``O - E`` and variance
    are cumulative sums, so there is no loop over trials (large runs are split
    into blocks only to bound memory). Event times are continuous, so ties have
    probability 0 and the untied log-rank formulas are exact. The Monte Carlo
    standard error of the power is ``sqrt(p (1 - p) / n_trials)``. Schoenfeld's
    formula (about ``4 (z_{1-a/2} + z_{power})^2 / log(HR)^2`` events) is a good
    cross-check.

    References
    ----------
    .. [1] Schoenfeld DA. Sample-size formula for the proportional-hazards
       regression model. Biometrics 1983;39:499-503.
    .. [2] Clopper CJ, Pearson ES. The use of confidence or fiducial limits
       illustrated in the case of the binomial. Biometrika 1934;26:404-413.
    .. [3] Morris TP, White IR, Crowther MJ. Using simulation studies to evaluate
       statistical methods. Stat Med 2019;38:2074-2102.

    Examples
    --------
    >>> res = simulate_power(hazard_ratio=0.5, n_per_arm=100, accrual=12, follow_up=12,
    ...                      control_median=12, n_trials=500, seed=1)
    >>> 0.8 < res.power < 1.0, res.n_trials
    (True, 500)
    """
    hazard_ratio = _positive("hazard_ratio", hazard_ratio)
    n_per_arm = _whole("n_per_arm", n_per_arm)
    accrual = _positive("accrual", accrual, allow_zero=True)
    follow_up = _positive("follow_up", follow_up, allow_zero=True)
    control_median = _positive("control_median", control_median)
    alpha = _alpha(alpha)
    n_trials = _whole("n_trials", n_trials)
    if accrual + follow_up <= 0:
        raise ValueError("accrual + follow_up must be positive: nobody would be followed")
    control_rate = np.log(2.0) / control_median
    rates = np.array([control_rate, control_rate * hazard_ratio])
    rng = np.random.default_rng(seed)
    critical = stats.chi2.isf(alpha, 1)
    block = max(1, _CHUNK_ELEMENTS // (2 * n_per_arm))
    rejected, events = 0, 0.0
    for start in range(0, n_trials, block):
        size = min(block, n_trials - start)
        chi2, n_events = _simulate_block(rng, size, n_per_arm, rates, accrual, accrual + follow_up)
        rejected += int(np.count_nonzero(chi2 > critical))
        events += float(n_events.sum())
    interval = stats.binomtest(rejected, n_trials).proportion_ci(0.95, method="exact")
    return PowerResult(
        power=rejected / n_trials,
        ci_lower=float(interval.low),
        ci_upper=float(interval.high),
        n_trials=n_trials,
        mean_events=events / n_trials,
    )


def power_curve(
    *,
    hazard_ratio: float,
    control_median: float,
    accrual: float,
    follow_up: float,
    sizes: Sequence[int],
    n_trials: int = 500,
    seed: int = 0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Simulated log-rank power for several sizes per arm (:func:`simulate_power`).

    Every size uses the same seed, so the curve is reproducible.

    Returns
    -------
    pandas.DataFrame
        ``n_per_arm``, ``power``, ``ci_lower``, ``ci_upper`` (95 % Clopper-Pearson)
        and ``mean_events`` (both arms).
    """
    if len(sizes) == 0:
        raise ValueError("sizes must list at least one size per arm")
    rows = []
    for n in sorted(int(s) for s in sizes):
        r = simulate_power(
            hazard_ratio=hazard_ratio,
            n_per_arm=n,
            accrual=accrual,
            follow_up=follow_up,
            control_median=control_median,
            alpha=alpha,
            n_trials=n_trials,
            seed=seed,
        )
        rows.append(
            {
                "n_per_arm": n,
                "power": r.power,
                "ci_lower": r.ci_lower,
                "ci_upper": r.ci_upper,
                "mean_events": r.mean_events,
            }
        )
    return pd.DataFrame(rows)


def smallest_adequate_size(curve: pd.DataFrame, *, target: float = 0.8) -> int | None:
    """The smallest ``n_per_arm`` of a power curve whose power reaches ``target`` (or None).

    Examples
    --------
    >>> curve = pd.DataFrame({"n_per_arm": [10, 20, 40], "power": [0.3, 0.81, 0.95]})
    >>> smallest_adequate_size(curve), smallest_adequate_size(curve, target=0.99)
    (20, None)
    """
    ok = curve.loc[curve["power"] >= target, "n_per_arm"]
    return int(ok.min()) if len(ok) else None
