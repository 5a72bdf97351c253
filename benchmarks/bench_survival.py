"""Benchmarks for helpers.survival: vectorised permutation log-rank and power simulation.

``run()`` returns one dict per figure (name, value, unit, target, passed); running the
module prints them. By default it uses a seeded synthetic cohort shaped like Xie et al.
(33 children, 26 vs 7, follow-up 5-20 months, 4 deaths); pass ``cohort=`` (and the column
names) to benchmark the real data instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.survival import logrank_statistics, permutation_logrank, simulate_power

N_PERMUTATIONS = 10_000
N_LIFELINES = 300  # lifelines is looped over this many permutations, then scaled to 10,000


def synthetic_cohort(seed: int = 2023) -> pd.DataFrame:
    """33 children: 26 "CR" and 7 "no CR", follow-up U(5, 20) months, 4 deaths (1 vs 3)."""
    rng = np.random.default_rng(seed)
    months = rng.uniform(5.0, 20.0, 33).round(1)
    group = np.array(["CR"] * 26 + ["no CR"] * 7)
    died = np.zeros(33, dtype=int)
    deaths = [3, 27, 29, 31]  # one death in CR, three without CR
    died[deaths] = 1
    months[deaths] = rng.uniform(2.0, 9.0, len(deaths)).round(1)
    return pd.DataFrame({"months": months, "died": died, "cr": group})


def _best_of(func: Callable[[], object], repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _row(name: str, value: float, unit: str, target: str, passed: bool) -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "passed": bool(passed)}


def real_cohort() -> pd.DataFrame:
    """The 33 children of Table 2: OS (follow-up months, death) by remission."""
    from helpers.data import load_patients, load_transplants
    from helpers.endpoints import survival_frame

    frame = survival_frame(load_patients(), load_transplants())
    return frame.rename(
        columns={"os_time": "months", "os_event": "died", "complete_remission": "cr"}
    )[["months", "died", "cr"]]


def run(
    cohort: pd.DataFrame | None = None,
    *,
    duration: str = "months",
    event: str = "died",
    group: str = "cr",
    repeats: int = 5,
) -> list[dict]:
    """Time the permutation log-rank test (vs a lifelines loop) and the power simulation.

    By default on the real cohort (:func:`real_cohort`); pass ``cohort`` (e.g.
    :func:`synthetic_cohort`) to time another.
    """
    from lifelines.statistics import logrank_test

    df = real_cohort() if cohort is None else cohort
    cols = {"duration": duration, "event": event}

    def permutation() -> object:
        return permutation_logrank(df, **cols, group=group, n_permutations=N_PERMUTATIONS)

    permutation()  # warm-up
    ours = _best_of(permutation, repeats)

    # Identical permutations for both implementations: one seeded label matrix.
    t = df[duration].to_numpy(dtype=float)
    e = df[event].to_numpy(dtype=int)
    member = (df[group].astype(str) == sorted(df[group].astype(str).unique())[1]).to_numpy()
    labels = np.random.default_rng(7).permuted(np.tile(member, (N_PERMUTATIONS, 1)), axis=1)
    vectorised = logrank_statistics(df, **cols, labels=labels)
    start = time.perf_counter()
    reference = np.array(
        [logrank_test(t[m], t[~m], e[m], e[~m]).test_statistic for m in labels[:N_LIFELINES]]
    )
    lifelines_scaled = (time.perf_counter() - start) * N_PERMUTATIONS / N_LIFELINES
    max_diff = float(np.max(np.abs(vectorised[:N_LIFELINES] - reference)))
    speedup = lifelines_scaled / ours

    def power() -> object:
        return simulate_power(
            hazard_ratio=0.6,
            n_per_arm=100,
            accrual=12,
            follow_up=12,
            control_median=12,
            n_trials=1000,
            seed=0,
        )

    power()  # warm-up
    power_time = _best_of(power, max(1, repeats // 2 + 1))

    return [
        _row(
            f"permutation_logrank, {N_PERMUTATIONS:,} permutations, n={len(df)} (best of "
            f"{repeats})",
            ours,
            "s",
            "< 0.1",
            ours < 0.1,
        ),
        _row(
            f"lifelines logrank_test loop, {N_LIFELINES} permutations scaled to {N_PERMUTATIONS:,}",
            lifelines_scaled,
            "s",
            "reference",
            True,
        ),
        _row(
            f"max |statistic difference| vs lifelines on {N_LIFELINES} identical permutations",
            max_diff,
            "chi2",
            "<= 1e-9",
            max_diff <= 1e-9,
        ),
        _row(
            "speed-up of permutation_logrank over the lifelines loop",
            speedup,
            "x",
            ">= 1000",
            speedup >= 1000,
        ),
        _row(
            "simulate_power, 1,000 trials x 200 patients (100 per arm)",
            power_time,
            "s",
            "< 0.5",
            power_time < 0.5,
        ),
    ]


if __name__ == "__main__":
    for r in run():
        status = "PASS" if r["passed"] else "FAIL"
        print(f"{status}  {r['name']}: {r['value']:.6g} {r['unit']} (target {r['target']})")
