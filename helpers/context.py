"""This cohort beside the studies the paper cites.

``cohort_data/comparator_studies.csv`` holds, for each cited study, only what
this paper prints about it. Some rows give a count with its denominator
("63% (69/110)"), most give a percentage alone. Only the former support a
confidence interval; the functions here keep the two apart rather than
inventing denominators.

Functions
---------
printed_fractions
    Every "x% (k/n)" in the printed outcomes, with the exact percentage.
forest_rows
    The rows with a printed remission count and denominator, ready for
    :func:`helpers.figures.forest_figure`.
comparator_table
    Every study with its printed outcomes and why it has (or has no) interval.
design_table
    Design, population, schedule and follow-up side by side.
os_snapshot
    This cohort's crude proportion alive beside Kaplan-Meier OS at fixed times.

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607, Introduction and Discussion.
Clopper CJ, Pearson ES. Biometrika. 1934;26:404-13.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from helpers._frames import require_frame
from helpers._printed import PrintedFraction, fractions
from helpers.response import proportion_ci
from helpers.rounding import rounding_kind
from helpers.survival import survival_at

__all__ = [
    "comparator_table",
    "design_table",
    "forest_rows",
    "forest_table",
    "os_snapshot",
    "printed_fractions",
]

_FOLLOW_UP = re.compile(
    r"median (?:follow-up )?(?:of )?(?P<fu>[\d.]+(?:\s*\([^)]*\))?\s*(?:months|years))"
)
_REQUIRED = (
    "study",
    "reference",
    "design",
    "population",
    "blinatumomab_schedule",
    "n",
    "responders",
    "outcome_printed",
)


def _percent_fractions(text: object) -> list[PrintedFraction]:
    """The "x% (k/n)" of a printed outcome: fractions printed with their percentage."""
    return [f for f in fractions(str(text)) if f.percent is not None]


def printed_fractions(studies: pd.DataFrame) -> pd.DataFrame:
    """Every "x% (k/n)" printed in the outcomes, with k/n recomputed.

    Returns
    -------
    pandas.DataFrame
        ``study``, ``printed``, ``printed %``, ``k``, ``n``, ``exact %`` (two
        decimals) and ``printed is`` (see :func:`helpers.rounding.rounding_kind`).

    Examples
    --------
    >>> s = pd.DataFrame({"study": ["R"], "outcome_printed": ["CR 63% (69/110)"]})
    >>> printed_fractions(s)[["exact %", "printed is"]].values.tolist()
    [[62.73, 'rounded']]
    """
    rows = []
    for study, text in zip(studies["study"], studies["outcome_printed"], strict=True):
        for f in _percent_fractions(text):
            printed, k, n = str(f.percent), f.k, f.n
            if n == 0:
                raise ValueError(f"printed_fractions: {study!r} prints a denominator of 0")
            decimals = len(printed.split(".")[1]) if "." in printed else 0
            exact = 100 * k / n
            rows.append(
                {
                    "study": study,
                    "printed": f.text,
                    "printed %": float(printed),
                    "k": k,
                    "n": n,
                    "exact %": round(exact, 2),
                    "printed is": rounding_kind(float(printed), exact, decimals=decimals),
                }
            )
    columns = ["study", "printed", "printed %", "k", "n", "exact %", "printed is"]
    return pd.DataFrame(rows, columns=columns)


def _has_printed_fraction(row: pd.Series) -> bool:
    if pd.isna(row["n"]) or pd.isna(row["responders"]):
        return False
    wanted = (int(row["responders"]), int(row["n"]))
    return any((f.k, f.n) == wanted for f in _percent_fractions(row["outcome_printed"]))


def forest_rows(studies: pd.DataFrame) -> pd.DataFrame:
    """Studies whose remission count and denominator the paper prints as "(k/n)".

    A row qualifies only when ``responders`` and ``n`` are both given *and*
    the printed outcome shows that very fraction; a study with counts but no
    printed remission fraction (e.g. children selected because they were in
    remission) stays out.

    Returns
    -------
    pandas.DataFrame
        ``label``, ``events``, ``n``: the columns :func:`helpers.figures.forest_figure` reads.

    Examples
    --------
    >>> s = pd.DataFrame({"study": ["A", "B"], "reference": [0, 1], "design": "", "population": "",
    ...     "blinatumomab_schedule": "", "n": [33, 11], "responders": [26, 11],
    ...     "outcome_printed": ["CR 78.8% (26/33)", "All 11 disease-free"]})
    >>> forest_rows(s)["label"].tolist()
    ['A']
    """
    require_frame(studies, where="forest_rows", columns=_REQUIRED)
    keep = studies.apply(_has_printed_fraction, axis=1).astype(bool)
    chosen = studies[keep]
    return pd.DataFrame(
        {
            "label": chosen["study"].to_numpy(),
            "events": chosen["responders"].astype(int).to_numpy(),
            "n": chosen["n"].astype(int).to_numpy(),
        }
    )


def forest_table(rows: pd.DataFrame, *, method: str = "clopper-pearson") -> pd.DataFrame:
    """The numbers behind the forest plot: rate and 95% interval per row, in percent.

    Parameters
    ----------
    rows : pandas.DataFrame
        From :func:`forest_rows` (``label``, ``events``, ``n``).
    method : {"clopper-pearson", "wilson"}, keyword-only
        Interval method, via :func:`helpers.response.proportion_ci`.

    Examples
    --------
    >>> rows = pd.DataFrame({"label": ["A"], "events": [0], "n": [10]})
    >>> forest_table(rows)[["percent", "ci_lower", "ci_upper"]].iloc[0].tolist()
    [0.0, 0.0, 30.8]
    """
    out = []
    for r in rows.itertuples(index=False):
        ci = proportion_ci(int(r.events), int(r.n), method=method)
        out.append(
            {
                "study": r.label,
                "responders/n": f"{ci.successes}/{ci.n}",
                "percent": round(100 * ci.proportion, 1),
                "ci_lower": round(100 * ci.ci_lower, 1),
                "ci_upper": round(100 * ci.ci_upper, 1),
                "method": ci.method,
            }
        )
    return pd.DataFrame(out)


def _interval_note(row: pd.Series) -> str:
    if _has_printed_fraction(row):
        return "count and denominator printed: exact interval in the forest plot"
    if pd.isna(row["n"]):
        return "no denominator given"
    if pd.isna(row["responders"]):
        return f"n = {int(row['n'])} given, but no count of responders"
    return "counts given, but no remission fraction printed"


def comparator_table(studies: pd.DataFrame) -> pd.DataFrame:
    """Every study with its printed outcomes and whether an interval can be drawn.

    Examples
    --------
    >>> s = pd.DataFrame({"study": ["H"], "reference": [9], "design": "", "population": "",
    ...     "blinatumomab_schedule": "", "n": [None], "responders": [None],
    ...     "outcome_printed": ["about 60%"]})
    >>> comparator_table(s)["interval"].tolist()
    ['no denominator given']
    """
    require_frame(studies, where="comparator_table", columns=_REQUIRED)
    return pd.DataFrame(
        {
            "study": studies["study"].to_numpy(),
            "ref.": studies["reference"].astype(int).to_numpy(),
            "n": studies["n"].astype("Int64").array,
            "outcomes as printed": studies["outcome_printed"].to_numpy(),
            "interval": studies.apply(_interval_note, axis=1).to_numpy(),
        }
    )


def _follow_up(text: str) -> str:
    m = _FOLLOW_UP.search(str(text))
    return m["fu"] if m else "not stated in this paper"


def design_table(studies: pd.DataFrame) -> pd.DataFrame:
    """Design, population, blinatumomab schedule and median follow-up per study.

    The follow-up is read from the printed outcomes ("median follow-up 19.5
    months"); where the paper gives none it says so.

    Examples
    --------
    >>> s = pd.DataFrame({"study": ["A"], "reference": [1], "design": ["RCT"],
    ...     "population": ["children"], "blinatumomab_schedule": ["28 days"], "n": [10],
    ...     "responders": [None], "outcome_printed": ["OS 80%; median follow-up 2.9 years"]})
    >>> design_table(s)["median follow-up"].tolist()
    ['2.9 years']
    """
    require_frame(studies, where="design_table", columns=_REQUIRED)
    return pd.DataFrame(
        {
            "study": studies["study"].to_numpy(),
            "design": studies["design"].to_numpy(),
            "population": studies["population"].to_numpy(),
            "blinatumomab": studies["blinatumomab_schedule"].to_numpy(),
            "n": studies["n"].astype("Int64").array,
            "median follow-up": [_follow_up(t) for t in studies["outcome_printed"]],
        }
    )


def os_snapshot(frame: pd.DataFrame, *, times: Sequence[float] = (6.0, 12.0)) -> pd.DataFrame:
    """Crude proportion alive and Kaplan-Meier OS at fixed times, for this cohort.

    "29/33 alive" mixes children followed for 5 months with children followed
    for 19; it is not a 1-year or 2-year survival. The Kaplan-Meier estimate
    at a fixed time is what the randomised trials report.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`helpers.endpoints.survival_frame` (``os_time``, ``os_event``).
    times : sequence of float, keyword-only
        Months from the start of blinatumomab.

    Returns
    -------
    pandas.DataFrame
        ``measure``, ``percent``, ``ci_lower``, ``ci_upper`` (percent, one
        decimal) and ``at risk``.

    Examples
    --------
    >>> f = pd.DataFrame({"os_time": [1.0, 2.0, 3.0, 4.0], "os_event": [False, True, False, False]})
    >>> os_snapshot(f, times=(3.0,))["percent"].tolist()
    [75.0, 66.7]
    """
    for column in ("os_time", "os_event"):
        if column not in frame.columns:
            raise ValueError(f"os_snapshot: missing column {column!r}")
    if len(frame) < 2:
        raise ValueError(f"os_snapshot: need at least 2 children, got {len(frame)}")
    events = frame["os_event"].astype(bool)
    alive = int((~events).sum())
    rows = [
        {
            "measure": f"alive at last follow-up ({alive}/{len(frame)}, any follow-up)",
            "percent": round(100 * alive / len(frame), 1),
            "ci_lower": float("nan"),
            "ci_upper": float("nan"),
            "at risk": len(frame),
        }
    ]
    km = survival_at(
        frame.assign(os_event=events), duration="os_time", event="os_event", times=list(times)
    )
    for r in km.itertuples(index=False):
        rows.append(
            {
                "measure": f"Kaplan-Meier OS at {r.time:g} months",
                "percent": round(100 * r.survival, 1),
                "ci_lower": round(100 * r.ci_lower, 1),
                "ci_upper": round(100 * r.ci_upper, 1),
                "at risk": int(r.at_risk),
            }
        )
    return pd.DataFrame(rows)
