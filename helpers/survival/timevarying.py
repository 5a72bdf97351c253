"""Landmark analysis and Cox models with a time-varying exposure.

Companion of :mod:`helpers.survival` (same conventions: a DataFrame plus keyword
column names in, a DataFrame or frozen dataclass out). The names defined here are
also available from :mod:`helpers.survival`.

The two analysis tools address *immortal-time bias*: comparing, say, children who
were bridged to transplant with those who were not, from the start of
blinatumomab, credits the transplant group with the days they had to survive in
order to be transplanted. A landmark analysis (:func:`landmark`) or a Cox model
with transplant as a time-varying exposure (:func:`time_varying_cox`) avoids that.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers.survival import _likelihood
from helpers.survival._base import (
    _alpha,
    _check_frame,
    _column,
    _durations,
    _events,
    _nonnegative_column,
)
from helpers.survival.cox import HazardRatioResult, _hazard_ratio

__all__ = ["landmark", "time_varying_cox", "to_counting_process"]

_COUNTING_COLUMNS = ("start", "stop", "exposed", "event")


def _exposure_times(df: pd.DataFrame, name: Any) -> np.ndarray:
    """Exposure times: NaN (never exposed) allowed, negatives rejected."""
    return _nonnegative_column(df, name, "exposure_time", allow_missing=True)


def landmark(
    df: pd.DataFrame, *, duration: Any, event: Any, exposure_time: Any, landmark: float
) -> pd.DataFrame:
    """Landmark data set: patients still at risk at the landmark, classified by
    whether they had been exposed (e.g. transplanted) by then.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject.
    duration, event : column names
        Follow-up time from the time origin (start of blinatumomab) and event
        indicator (0/1 or bool).
    exposure_time : column name
        Time from the origin to the exposure (e.g. HSCT); NaN means never exposed.
    landmark : float
        The landmark time, in the unit of ``duration``.

    Returns
    -------
    pandas.DataFrame
        The rows with ``duration > landmark`` (original index and columns kept)
        plus ``exposed`` (bool: ``exposure_time <= landmark``) and
        ``time_from_landmark`` (``duration - landmark``). Analyse it with
        ``duration="time_from_landmark"`` and ``group="exposed"``.

    Notes
    -----
    Comparing exposed and unexposed patients from the time origin gives the
    exposed group "immortal" time - they had to survive until exposure to be
    classified as exposed - which biases the comparison in favour of the
    exposure (Anderson, Cain & Gelber 1983; Suissa 2008). The landmark method
    fixes the classification at one time: patients who had the event or were
    censored at or before the landmark are dropped, everyone else keeps the group
    they were in at the landmark (exposures after the landmark count as
    unexposed), and follow-up restarts at the landmark. Results depend on the
    landmark chosen; fix it in advance (e.g. the median time to transplant).

    References
    ----------
    .. [1] Anderson JR, Cain KC, Gelber RD. Analysis of survival by tumor
       response. J Clin Oncol 1983;1:710-719.
    .. [2] Suissa S. Immortal time bias in pharmaco-epidemiology. Am J Epidemiol
       2008;167:492-499.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [0.5, 6.0, 9.0], "died": [1, 0, 1],
    ...                    "hsct_month": [None, 0.7, 2.0]})
    >>> lm = landmark(df, duration="months", event="died", exposure_time="hsct_month",
    ...               landmark=1.0)
    >>> lm[["months", "exposed", "time_from_landmark"]].to_numpy().tolist()
    [[6.0, True, 5.0], [9.0, False, 8.0]]
    """
    _check_frame(df)
    t, _ = _durations(df, duration), _events(df, event)
    x = _exposure_times(df, exposure_time)
    if not np.isfinite(landmark) or landmark < 0:
        raise ValueError(f"landmark must be a finite, non-negative time, got {landmark!r}")
    for name in ("exposed", "time_from_landmark"):
        if name in df.columns:
            raise ValueError(f"the DataFrame already has a column {name!r}; rename it first")
    keep = t > landmark
    out = df.loc[keep].copy()
    out["exposed"] = x[keep] <= landmark  # NaN exposure compares False: never exposed
    out["time_from_landmark"] = t[keep] - float(landmark)
    return out


def to_counting_process(
    df: pd.DataFrame, *, duration: Any, event: Any, exposure_time: Any, id_col: Any
) -> pd.DataFrame:
    """Split each subject's follow-up at the exposure time (counting-process form).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject, durations > 0.
    duration, event : column names
        Follow-up time and event indicator (0/1 or bool).
    exposure_time : column name
        Time of exposure (e.g. HSCT); NaN means never exposed.
    id_col : column name
        Unique subject identifier.

    Returns
    -------
    pandas.DataFrame
        Columns ``id_col``, ``start``, ``stop``, ``exposed`` (0/1) and ``event``
        (0/1), one row per interval ``(start, stop]``, in input order.

    Notes
    -----
    A subject exposed at ``0 < exposure_time < duration`` contributes
    ``(0, exposure_time]`` unexposed without event, then
    ``(exposure_time, duration]`` exposed carrying the event. An exposure at time
    0 counts as exposed from 0; an exposure at or after ``duration`` (or NaN) is
    ignored, since it was not observed during follow-up.

    References
    ----------
    .. [1] Andersen PK, Gill RD. Cox's regression model for counting processes:
       a large sample study. Ann Stat 1982;10:1100-1120.
    .. [2] Therneau TM, Grambsch PM. Modeling Survival Data: Extending the Cox
       Model. Springer; 2000.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": [1, 2], "months": [10.0, 4.0], "died": [1, 0],
    ...                    "hsct_month": [1.5, None]})
    >>> to_counting_process(df, duration="months", event="died", exposure_time="hsct_month",
    ...                     id_col="id").to_numpy().tolist()
    [[1.0, 0.0, 1.5, 0.0, 0.0], [1.0, 1.5, 10.0, 1.0, 1.0], [2.0, 0.0, 4.0, 0.0, 0.0]]
    """
    _check_frame(df)
    t, e = _durations(df, duration), _events(df, event)
    x = _exposure_times(df, exposure_time)
    ids = _column(df, id_col, "id")
    if id_col in _COUNTING_COLUMNS:
        raise ValueError(f"id column may not be called {id_col!r} (used in the output)")
    if ids.isna().any() or ids.duplicated().any():
        bad = ids[ids.isna() | ids.duplicated()].iloc[0]
        raise ValueError(
            f"id column {id_col!r} must be unique and non-missing (one row per subject), "
            f"found {bad!r} more than once or missing"
        )
    if (t <= 0).any():
        i = int(np.flatnonzero(t <= 0)[0])
        raise ValueError(
            f"duration column {duration!r} must be > 0 for counting-process data, "
            f"found {t[i]!r} at row index {df.index[i]!r}"
        )
    split = (x > 0) & (x < t)  # NaN exposure compares False: never exposed
    from_start = x == 0
    first = pd.DataFrame(
        {
            id_col: ids.to_numpy(),
            "start": 0.0,
            "stop": np.where(split, x, t),
            "exposed": from_start.astype(np.int64),
            "event": np.where(split, False, e).astype(np.int64),
            "_order": np.arange(t.size),
        }
    )
    second = pd.DataFrame(
        {
            id_col: ids.to_numpy()[split],
            "start": x[split],
            "stop": t[split],
            "exposed": np.ones(int(split.sum()), dtype=np.int64),
            "event": e[split].astype(np.int64),
            "_order": np.flatnonzero(split),
        }
    )
    long = pd.concat([first, second], ignore_index=True)
    long = long.sort_values(["_order", "start"], kind="stable").drop(columns="_order")
    return long.reset_index(drop=True)


def time_varying_cox(
    df: pd.DataFrame,
    *,
    duration: Any,
    event: Any,
    exposure_time: Any,
    id_col: Any,
    alpha: float = 0.05,
    firth: bool = False,
) -> HazardRatioResult:
    """Hazard ratio of a time-varying exposure (e.g. HSCT) from a Cox model.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per subject, durations > 0.
    duration, event, exposure_time, id_col : column names
        As in :func:`to_counting_process`.
    alpha : float, default 0.05
        Level of the ``1 - alpha`` intervals.
    firth : bool, default False
        Maximise Firth's penalised partial likelihood instead, as in
        :func:`helpers.survival.cox_hazard_ratio`.

    Returns
    -------
    HazardRatioResult
        Hazard ratio "exposed vs not exposed" with the fields of
        :func:`helpers.survival.cox_hazard_ratio`: Wald interval and **Wald**
        ``p_value``, ``lr_p_value``, ``score_p_value``, the profile-likelihood
        interval, ``estimable`` and ``firth``; ``n`` counts subjects (not rows).

    Warns
    -----
    SmallSampleWarning
        As in :func:`helpers.survival.cox_hazard_ratio` (fewer than 10 events,
        a monotone likelihood such as no events during exposed or unexposed time,
        or convergence trouble).

    Notes
    -----
    Each subject counts as unexposed until ``exposure_time`` and exposed
    afterwards (:func:`to_counting_process`), so no immortal time is attributed to
    the exposed state. The model is Cox's with Efron ties on the counting-process
    rows ``(start, stop]`` (at risk at ``t`` when ``start < t <= stop``), fitted,
    tested and checked for a monotone likelihood by the same code as
    :func:`~helpers.survival.cox_hazard_ratio`: it equals R's
    ``coxph(Surv(start, stop, event) ~ exposed)`` to 1e-9. With no events during
    exposed (or unexposed) time the likelihood is monotone: no finite hazard
    ratio is returned (0.0 or ``inf``, ``estimable`` False) while the
    likelihood-ratio and score tests and the one-sided profile interval remain;
    ``firth=True`` gives a finite penalised estimate. (lifelines'
    ``CoxTimeVaryingFitter`` returns a finite hazard ratio of about 1e8 there.)

    References
    ----------
    .. [1] Andersen PK, Gill RD. Cox's regression model for counting processes:
       a large sample study. Ann Stat 1982;10:1100-1120.
    .. [2] Suissa S. Immortal time bias in pharmaco-epidemiology. Am J Epidemiol
       2008;167:492-499.
    .. [3] Heinze G, Schemper M. A solution to the problem of monotone
       likelihood in Cox regression. Biometrics 2001;57:114-119.

    Examples
    --------
    >>> import warnings, pandas as pd
    >>> df = pd.DataFrame({"id": range(6), "months": [2.0, 5, 7, 9, 3, 8],
    ...                    "died": [1, 1, 0, 1, 1, 0], "hsct": [1.0, None, 2, 4, None, 1]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 4 events: SmallSampleWarning
    ...     res = time_varying_cox(df, duration="months", event="died", exposure_time="hsct",
    ...                            id_col="id")
    >>> res.comparison, res.n, res.n_events, res.estimable
    ('exposed vs not exposed', 6, 4, True)
    """
    alpha = _alpha(alpha)
    long = to_counting_process(
        df, duration=duration, event=event, exposure_time=exposure_time, id_col=id_col
    )
    if long["event"].sum() == 0:
        raise ValueError(f"event column {event!r} has no events: a hazard ratio is undefined")
    if long["exposed"].nunique() < 2:
        raise ValueError(
            f"exposure_time column {exposure_time!r} gives no contrast: follow-up time is "
            "either all exposed or all unexposed"
        )
    exposed = long["exposed"].to_numpy() == 1
    died = long["event"].to_numpy() == 1
    terms = _likelihood.efron_terms(
        long["stop"].to_numpy(dtype=float),
        died,
        exposed,
        start=long["start"].to_numpy(dtype=float),
    )
    return _hazard_ratio(
        terms,
        alpha=alpha,
        firth=bool(firth),
        n=len(df),
        events_by_level={
            "not exposed": int(died[~exposed].sum()),
            "exposed": int(died[exposed].sum()),
        },
        comparison="exposed vs not exposed",
    )
