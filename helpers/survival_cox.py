"""Cox proportional-hazards hazard ratio for a binary comparison, with small-sample care.

Public through :mod:`helpers.survival`; see its docstring for the conventions.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.survival_base import (
    _alpha,
    _need_groups,
    _prepare,
)

__all__ = ["HazardRatioResult", "SmallSampleWarning", "cox_hazard_ratio"]


class SmallSampleWarning(UserWarning):
    """A Cox model was fitted to too few events to be trusted.

    Emitted when there are fewer than 10 events (or fewer than 10 events per
    estimated parameter), when one comparison group has no events at all
    (monotone likelihood), or when lifelines reports convergence trouble.
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


def _fit_lifelines(fit: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run a lifelines fit; collect its convergence warnings as plain notes.

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
    return model, notes


def _hazard_ratio(
    model: Any,
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
    if notes:
        problems.append("lifelines reported: " + " | ".join(notes))
    if problems:
        message = f"{comparison}: " + "; ".join(problems) + "."
        warnings.warn(message, SmallSampleWarning, stacklevel=3)
    coef = float(model.params_.iloc[0])
    bounds = model.confidence_intervals_.iloc[0].to_numpy(dtype=float)
    # Under monotone likelihood a bound can be thousands on the log scale; +inf is the
    # honest value of exp() there, so the overflow is expected and not an error.
    with np.errstate(over="ignore"):
        hr, lower, upper = np.exp([coef, bounds[0], bounds[1]])
    return HazardRatioResult(
        hazard_ratio=float(hr),
        ci_lower=float(lower),
        ci_upper=float(upper),
        p_value=float(model.summary["p"].iloc[0]),
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
        events, or when lifelines reports convergence problems.

    Notes
    -----
    Fits lifelines ``CoxPHFitter`` (ties by Efron's method, the lifelines default) on
    a 0/1 indicator of the non-reference group. When one group has **no events**
    the partial likelihood is monotone: the estimate drifts to 0 or infinity and
    the optimiser stops somewhere arbitrary. This function then still returns
    the lifelines estimate (e.g. a hazard ratio near 0 with interval (0, inf)),
    together with the warning; those numbers are not interpretable and must not
    be reported. Raises ValueError when there are no events at all.

    References
    ----------
    .. [1] Cox DR. Regression models and life-tables. J R Stat Soc B
       1972;34:187-220.
    .. [2] Peduzzi P, Concato J, Feinstein AR, Holford TR. Importance of events
       per independent variable in proportional hazards regression analysis II.
       J Clin Epidemiol 1995;48:1503-1510.
    .. [3] Heinze G, Schemper M. A solution to the problem of monotone
       likelihood in Cox regression. Biometrics 2001;57:114-119.

    Examples
    --------
    >>> import warnings, pandas as pd
    >>> df = pd.DataFrame({"months": [1, 3, 5, 3, 4, 6, 2, 7], "died": [1, 1, 0, 1, 0, 1, 1, 0],
    ...                    "arm": ["A", "A", "A", "B", "B", "B", "A", "B"]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", SmallSampleWarning)  # only 5 events
    ...     res = cox_hazard_ratio(df, duration="months", event="died", group="arm")
    >>> res.comparison, res.n, res.n_events, res.hazard_ratio < 1
    ('B vs A', 8, 5, True)
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
    data = pd.DataFrame({"duration": t, "event": e.astype(int), "x": x})

    def fit() -> Any:
        from lifelines import CoxPHFitter

        return CoxPHFitter(alpha=alpha).fit(data, duration_col="duration", event_col="event")

    model, notes = _fit_lifelines(fit)
    return _hazard_ratio(
        model,
        n=t.size,
        events_by_level={ref: int(e[x == 0].sum()), other: int(e[x == 1].sum())},
        comparison=f"{other} vs {ref}",
        notes=notes,
    )
