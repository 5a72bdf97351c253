"""How many children a trial would need: Schoenfeld's formula and simulated power.

References
----------
.. [1] Schoenfeld DA. Sample-size formula for the proportional-hazards regression
   model. Biometrics 1983;39:499-503.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers import survival

__all__ = [
    "power_curve",
    "schoenfeld_events",
    "smallest_adequate_size",
]


# --------------------------------------------------------------------------- power


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
    """Simulated log-rank power for several sizes per arm (:func:`helpers.survival.simulate_power`).

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
        r = survival.simulate_power(
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
