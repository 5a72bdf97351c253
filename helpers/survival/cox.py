"""Cox proportional-hazards hazard ratio for a binary comparison, with small-sample care.

Public through :mod:`helpers.survival`; see its docstring for the conventions.

:func:`cox_hazard_ratio` and :func:`~helpers.survival.time_varying_cox` fit their
one-covariate model themselves (Efron's partial likelihood, vectorised in NumPy in
:mod:`helpers.survival._likelihood`: a fraction of a millisecond instead of the
20-50 ms of a lifelines fit, which the live survival dashboard cannot afford). Both
report the Wald, likelihood-ratio and score tests, the Wald and the profile-likelihood
intervals, detect a monotone likelihood in the same way and offer Firth's penalised
fit. The tests check them against R's ``survival`` package (``tests/reference/``)
and lifelines ``CoxPHFitter``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.survival import _likelihood
from helpers.survival._base import (
    _alpha,
    _need_groups,
    _prepare,
    _reference_label,
)

__all__ = ["HazardRatioResult", "SmallSampleWarning", "cox_hazard_ratio"]


class SmallSampleWarning(UserWarning):
    """A Cox model was fitted to too few events to be trusted.

    Emitted when there are fewer than 10 events (or fewer than 10 events per
    estimated parameter), when the partial likelihood is monotone (one
    comparison group has no events at all, or more generally the estimate is
    infinite), or when the fit did not converge.
    """


@dataclass(frozen=True)
class HazardRatioResult:
    """Hazard ratio of a binary comparison from a Cox model.

    Attributes
    ----------
    hazard_ratio : float
        ``exp(beta)``, "<level> vs <reference>" (see ``comparison``). Under a
        monotone likelihood (ordinary fit) the limit 0.0 or ``inf``, never a
        finite number the optimiser happened to stop at.
    ci_lower, ci_upper : float
        Wald ``1 - alpha`` interval ``exp(beta -/+ z se)``; (0.0, ``inf``) under a
        monotone likelihood.
    p_value : float
        The **Wald** test of ``beta = 0`` (NaN under a monotone likelihood).
    n, n_events : int
        Subjects and events.
    comparison : str
        ``"<level> vs <reference>"``.
    lr_p_value : float
        Likelihood-ratio test of ``beta = 0`` (penalised likelihood with Firth).
    score_p_value : float
        Score (log-rank-like) test of ``beta = 0``; the ordinary one with Firth too.
    profile_ci_lower, profile_ci_upper : float
        Profile-likelihood ``1 - alpha`` interval (penalised likelihood with
        Firth); 0.0 or ``inf`` on a side where the likelihood never drops far enough.
    estimable : bool
        A finite, converged estimate exists; False under a monotone likelihood
        (ordinary fit), when only ``lr_p_value``, ``score_p_value`` and the
        profile interval mean something.
    firth : bool
        Fitted by Firth's penalised partial likelihood.
    """

    hazard_ratio: float
    ci_lower: float
    ci_upper: float
    p_value: float
    n: int
    n_events: int
    comparison: str
    lr_p_value: float
    score_p_value: float
    profile_ci_lower: float
    profile_ci_upper: float
    estimable: bool
    firth: bool


def _problems(
    fit: _likelihood.Fit,
    *,
    direction: int,
    events_by_level: dict[str, int],
    n_parameters: int,
) -> list[str]:
    """The small-sample problems of a fit, in words."""
    n_events = sum(events_by_level.values())
    problems = []
    if n_events < 10 * max(1, n_parameters):
        problems.append(
            f"only {n_events} event{'' if n_events == 1 else 's'} for {n_parameters} "
            f"estimated parameter{'' if n_parameters == 1 else 's'} (fewer than 10 events per "
            "parameter), so the hazard ratio and its confidence interval are "
            "very imprecise and the Wald p-value may be unreliable (the likelihood-ratio "
            "test and the profile-likelihood interval hold up better)"
        )
    empty = [level for level, k in events_by_level.items() if k == 0]
    cause = ""
    if direction and empty:
        cause = f"no events in the group {' or '.join(empty)}: the likelihood is monotone"
    elif direction:
        cause = (
            "the partial likelihood is monotone (every event of one group happens when "
            "nobody of the other group is at risk)"
        )
    if direction and fit.firth:
        problems.append(
            f"{cause}, so the ordinary estimate would be "
            + ("0" if direction < 0 else "infinite")
            + "; Firth's penalised estimate is finite, but only through the penalty: "
            "read it with its profile penalised-likelihood interval"
        )
    elif direction:
        problems.append(
            f"{cause}, the maximum-likelihood hazard ratio is "
            + ("0" if direction < 0 else "infinite")
            + " and its Wald interval and p-value cannot be read; the likelihood-ratio and score "
            "tests and the profile-likelihood interval (open at one end) still can, and so can "
            "Firth's penalised estimate"
        )
    elif not fit.converged:
        problems.append(
            "Firth's penalised likelihood has no maximum that could be found"
            if fit.firth
            else f"Newton-Raphson did not converge in {_likelihood._MAX_ITERATIONS} steps"
        )
    return problems


def _hazard_ratio(
    terms: _likelihood.Terms,
    *,
    alpha: float,
    firth: bool,
    n: int,
    events_by_level: dict[str, int],
    comparison: str,
    n_parameters: int = 1,
) -> HazardRatioResult:
    """Fit, warn about small-sample problems, and collect the result."""
    fit = _likelihood.fit(terms, alpha=alpha, firth=firth)
    problems = _problems(
        fit,
        direction=_likelihood.monotone(terms),
        events_by_level=events_by_level,
        n_parameters=n_parameters,
    )
    if problems:
        message = f"{comparison}: " + "; ".join(problems) + "."
        warnings.warn(message, SmallSampleWarning, stacklevel=3)
    # Under monotone likelihood a bound is infinite on the log scale; exp() gives the
    # honest 0 or inf there.
    with np.errstate(over="ignore"):
        hr, lower, upper, p_lower, p_upper = np.exp(
            [fit.coef, fit.wald_lower, fit.wald_upper, fit.profile_lower, fit.profile_upper]
        )
    return HazardRatioResult(
        hazard_ratio=float(hr),
        ci_lower=float(lower),
        ci_upper=float(upper),
        p_value=fit.wald_p,
        n=int(n),
        n_events=int(sum(events_by_level.values())),
        comparison=comparison,
        lr_p_value=fit.lr_p,
        score_p_value=fit.score_p,
        profile_ci_lower=float(p_lower),
        profile_ci_upper=float(p_upper),
        estimable=fit.estimable,
        firth=fit.firth,
    )


def cox_hazard_ratio(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    group: Any,
    reference: Any | None = None,
    alpha: float = 0.05,
    firth: bool = False,
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
        The reference group, matched by ``str`` value or, for numeric labels, by
        number (``9`` matches ``"9.0"``); default: the first group in the order of
        :func:`kaplan_meier` (numeric labels by number, others by ``str``: ``False``
        before ``True``, ``0`` before ``1``, ``9`` before ``10``), R's default too.
    alpha : float, default 0.05
        Level of the ``1 - alpha`` intervals.
    firth : bool, default False
        Maximise Firth's penalised partial likelihood instead (see Notes).

    Returns
    -------
    HazardRatioResult
        ``hazard_ratio`` (other vs reference), Wald interval ``ci_lower`` /
        ``ci_upper``, **Wald** ``p_value``, ``lr_p_value``, ``score_p_value``,
        profile-likelihood interval ``profile_ci_lower`` / ``profile_ci_upper``,
        ``estimable``, ``firth``, ``n``, ``n_events`` and ``comparison``
        ("<other> vs <reference>").

    Warns
    -----
    SmallSampleWarning
        With fewer than 10 events (10 events per parameter), when the likelihood is
        monotone (e.g. one group has no events), or (not expected) when the fit does
        not converge.

    Notes
    -----
    Maximises Cox's partial likelihood for a 0/1 indicator of the non-reference
    group with Efron's handling of tied event times (the default of R's ``coxph``
    and lifelines' ``CoxPHFitter``): Newton-Raphson from 0, halving a step that
    would lower the likelihood, until a step is below 1e-12. It equals R's
    ``coxph`` to 1e-9, and lifelines run to full convergence (lifelines' default
    stopping rule can leave it a few 1e-4 short in log hazard ratio on tied data).

    **Three tests.** As R's ``summary(coxph)``: the Wald test ``(beta / se)^2``
    with ``se`` from the observed information at the estimate (``p_value``), the
    likelihood-ratio test ``2 (log L(beta) - log L(0))`` and the score test
    ``U(0)^2 / I(0)`` (equal to the log-rank test without tied deaths), each on
    1 degree of freedom. They agree with many events and can differ a lot with
    few. lifelines reports the Wald p per coefficient and the likelihood-ratio
    test for the model; neither it nor R's ``coxph`` reports the profile interval.

    **Profile-likelihood interval.** ``{beta : 2 (log L(beta_hat) - log L(beta))
    <= chi2_1(1 - alpha)}``, found by root finding; unlike the Wald interval it
    does not assume a quadratic log-likelihood, and it stays valid on its finite
    side under a monotone likelihood.

    **Monotone likelihood.** When one group has **no events**, or more generally
    every event of one group happens when nobody of the other group is still at
    risk, the likelihood rises for ever as the hazard ratio goes to 0 (or
    infinity): no finite estimate exists. The result is then ``hazard_ratio``
    0.0 (or ``inf``), Wald interval (0.0, ``inf``), ``p_value`` NaN and
    ``estimable`` False, with a warning; the likelihood-ratio test (against the
    supremum), the score test and the one-sided profile interval remain valid.
    R's ``coxph`` instead stops at a huge coefficient with a warning and prints
    a meaningless Wald test; lifelines warns about convergence.

    **Firth** (``firth=True``; Heinze & Schemper 2001) maximises the penalised
    log-likelihood ``log L(beta) + 1/2 log I(beta)``, with ``I`` the Efron
    information. The penalty removes the estimate's first-order small-sample bias
    and keeps it finite even under a monotone likelihood, where it pulls the
    estimate in from 0 or infinity. ``lr_p_value`` and the profile
    interval then use the penalised likelihood (Heinze and Schemper's
    recommendation), the Wald interval and ``p_value`` use ``1 / sqrt(I)`` at the
    penalised estimate, and the score test is the ordinary one. R's ``coxphf``
    package does the same with Breslow's ties; lifelines has no Firth option.

    Raises ValueError when there are no events at all.

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
    .. [5] Therneau TM, Grambsch PM. Modeling Survival Data: Extending the Cox
       Model. Springer; 2000 (section 3.4: the three tests).

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
    >>> [round(p, 3) for p in (res.p_value, res.lr_p_value, res.score_p_value)]
    [0.175, 0.139, 0.135]

    No deaths in arm B: the likelihood is monotone, there is no estimate; the
    likelihood-ratio test and the profile interval's upper end remain.

    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", SmallSampleWarning)
    ...     res = cox_hazard_ratio(df.assign(died=[1, 1, 0, 0, 0, 0, 1, 0]),
    ...                            duration="months", event="died", group="arm")
    ...     firth = cox_hazard_ratio(df.assign(died=[1, 1, 0, 0, 0, 0, 1, 0]),
    ...                              duration="months", event="died", group="arm", firth=True)
    >>> res.hazard_ratio, res.ci_lower, res.ci_upper, res.p_value, res.estimable
    (0.0, 0.0, inf, nan, False)
    >>> round(res.lr_p_value, 3), res.profile_ci_lower, round(res.profile_ci_upper, 3)
    (0.022, 0.0, 0.633)
    >>> round(firth.hazard_ratio, 3), firth.estimable
    (0.098, True)
    """
    t, e, labels, codes = _prepare(df, duration, event, group)
    _need_groups(labels, group, exactly_two=True)
    alpha = _alpha(alpha)
    ref = labels[0] if reference is None else _reference_label(labels, reference, group)
    other = labels[1 - labels.index(ref)]
    if not e.any():
        raise ValueError(f"event column {event!r} has no events: a hazard ratio is undefined")
    x = codes == labels.index(other)
    return _hazard_ratio(
        _likelihood.efron_terms(t, e, x),
        alpha=alpha,
        firth=bool(firth),
        n=t.size,
        events_by_level={ref: int(e[~x].sum()), other: int(e[x].sum())},
        comparison=f"{other} vs {ref}",
    )
