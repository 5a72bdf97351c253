"""Adverse events: Tables 3 and 5 recomputed, children vs events, the grading systems.

The paper reports toxicity in two tables: Table 3 (adverse events during
blinatumomab, 33 children) and Table 5 (complications after transplant, 15
children). Each cell prints a count and a percentage. The tables here
recompute every percentage from its count and say how the printed one relates
to it (:mod:`helpers.rounding`): equal after rounding, equal after
*truncation* (26.67 printed as 26.6), or different (CRS: 15 printed as 54.5 %,
which is 18/33).

They also keep two denominators apart that the paper mixes: children (a child
counts once per event type) and events (Table 3's 163 adverse events, of which
79 were grade 3 or higher). The grading systems the paper names are stored as
data (:data:`GRADING_SYSTEMS`), summarised in our own words.

Functions
---------
adverse_event_table, transplant_event_table
    Table 3 and Table 5 with recomputed percentages.
event_burden
    Events vs children: totals, share of events and what can be said per child.
adverse_event_numbers
    Count, percentage and exact interval for one event, grade and denominator.
engraftment_quartiles
    Median and quartiles of engraftment days (the paper prints mean ± SD).
grading_table
    One grading system as a table.

References
----------
Xie J, et al. Front Pediatr. 2023;11:1187607, Tables 3-5 and Methods 2.4.
Lee DW, et al. Blood. 2014;124:188-95 (CRS grading).
Lee DW, et al. Biol Blood Marrow Transplant. 2019;25:625-38 (ASTCT consensus).
National Cancer Institute. CTCAE version 5.0, 2017.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers._frames import positive_int
from helpers.response import proportion_ci
from helpers.rounding import printed_percent_check

__all__ = [
    "GRADING_SYSTEMS",
    "GradingSystem",
    "adverse_event_numbers",
    "adverse_event_table",
    "engraftment_quartiles",
    "event_burden",
    "grading_table",
    "transplant_event_table",
]

#: Grade from which an adverse event counts as severe in Table 3 ("grade 3-4").
SEVERE_GRADE = 3

#: Denominators the adverse-event explorer offers.
DENOMINATORS = ("children", "events")
#: Grade columns of Table 3.
GRADES = {"all": "all_grade_n", "severe": "grade_3_4_n"}
GRADE_NAMES = {"all": "any grade", "severe": "grade 3–4"}


# --- grading systems ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GradingSystem:
    """A toxicity grading system, summarised in our own words.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"Lee 2014"``.
    applies_to : str
        Which adverse events the paper grades with it.
    reference : str
        The source.
    grades : tuple of (int, str)
        Each grade with a one-line summary (a teaching aid, not a clinical tool).
    """

    name: str
    applies_to: str
    reference: str
    grades: tuple[tuple[int, str], ...]


#: The three systems of Methods 2.4 (the 1994 GVHD consensus is not summarised here).
GRADING_SYSTEMS: dict[str, GradingSystem] = {
    "crs": GradingSystem(
        name="Lee 2014",
        applies_to="Cytokine release syndrome (CRS)",
        reference="Lee DW, et al. Blood. 2014;124:188-95",
        grades=(
            (1, "Fever or mild symptoms; symptomatic treatment is enough"),
            (2, "Needs moderate support: oxygen below 40%, fluids or one low-dose vasopressor"),
            (3, "Needs aggressive support: oxygen 40% or more, high-dose or several vasopressors"),
            (4, "Life-threatening: ventilator support or grade 4 organ toxicity"),
            (5, "Death"),
        ),
    ),
    "icans": GradingSystem(
        name="ASTCT 2019",
        applies_to="Immune effector cell-associated neurotoxicity (ICANS)",
        reference="Lee DW, et al. Biol Blood Marrow Transplant. 2019;25:625-38",
        grades=(
            (1, "Mild encephalopathy (slightly low ICE or CAPD score), wakes on its own"),
            (2, "Moderate encephalopathy; wakes to voice"),
            (3, "Severe encephalopathy, wakes only to touch, a brief seizure or local oedema"),
            (4, "Unrousable, prolonged seizures, deep motor weakness or diffuse cerebral oedema"),
        ),
    ),
    "other": GradingSystem(
        name="CTCAE v5.0",
        applies_to="All other adverse events",
        reference="National Cancer Institute. CTCAE version 5.0, 2017",
        grades=(
            (1, "Mild: no or few symptoms, observation only"),
            (2, "Moderate: minimal, local or non-invasive treatment needed"),
            (3, "Severe or medically significant: hospital admission or its prolongation"),
            (4, "Life-threatening: urgent intervention needed"),
            (5, "Death related to the adverse event"),
        ),
    ),
}


def grading_table(system: str) -> pd.DataFrame:
    """One grading system as a table of grades, with a flag for "severe" (grade >= 3).

    Parameters
    ----------
    system : {"crs", "icans", "other"}
        Key of :data:`GRADING_SYSTEMS`.

    Raises
    ------
    KeyError
        For an unknown system.

    Examples
    --------
    >>> grading_table("icans")["grade"].tolist()
    [1, 2, 3, 4]
    """
    if system not in GRADING_SYSTEMS:
        raise KeyError(
            f"unknown grading system {system!r}; expected one of {list(GRADING_SYSTEMS)}"
        )
    spec = GRADING_SYSTEMS[system]
    return pd.DataFrame(
        {
            "grade": [g for g, _ in spec.grades],
            "in short": [text for _, text in spec.grades],
            "counted as grade 3–4": [g >= SEVERE_GRADE for g, _ in spec.grades],
        }
    )


def adverse_event_table(ae: pd.DataFrame, *, n_patients: int) -> pd.DataFrame:
    """Table 3 with each percentage recomputed from its count, any grade and grade 3-4.

    Returns
    -------
    pandas.DataFrame
        One row per event in Table 3's order: ``adverse_event``, then for each
        grade column (``all``, ``g34``) the count, printed %, recomputed % and
        how the printed one relates (``rounded``, ``truncated``, ``different``).

    Examples
    --------
    >>> ae = pd.DataFrame({"adverse_event": ["CRS"], "all_grade_n": [15],
    ...     "all_grade_pct": [54.5], "grade_3_4_n": [2], "grade_3_4_pct": [6.1]})
    >>> row = adverse_event_table(ae, n_patients=33).iloc[0]
    >>> float(row["all recomputed %"]), row["all printed is"]
    (45.45, 'different')
    """
    parts = []
    for tag, count, printed in (
        ("all", "all_grade_n", "all_grade_pct"),
        ("g34", "grade_3_4_n", "grade_3_4_pct"),
    ):
        check = printed_percent_check(ae, count=count, printed=printed, n=n_patients)
        check = check.drop(columns="adverse_event").add_prefix(f"{tag} ")
        parts.append(check)
    return pd.concat([ae[["adverse_event"]].reset_index(drop=True), *parts], axis=1)


def transplant_event_table(tae: pd.DataFrame, *, n_transplanted: int) -> pd.DataFrame:
    """Table 5 with percentages recomputed over the transplanted children.

    Sub-rows (a ``parent`` such as GVHD or Infection) are indented in the
    label so the hierarchy stays visible.

    Examples
    --------
    >>> tae = pd.DataFrame({"adverse_event": ["CNS"], "parent": [None], "n": [1], "pct": [6.6]})
    >>> transplant_event_table(tae, n_transplanted=15).loc[0, "printed is"]
    'truncated'
    """
    labels = [
        name if pd.isna(parent) or not str(parent).strip() else f"  ↳ {name} ({parent})"
        for name, parent in zip(tae["adverse_event"], tae["parent"], strict=True)
    ]
    shown = tae.assign(adverse_event=labels)
    return printed_percent_check(shown, count="n", printed="pct", n=n_transplanted)


# --- children vs events ------------------------------------------------------------------------
def event_burden(ae: pd.DataFrame, *, n_patients: int) -> pd.DataFrame:
    """Two denominators side by side: adverse events and children.

    Table 3 counts children per event type, so its rows add up to *events*
    (a child with fever and CRS counts twice). The share of severe events is a
    share of events; the number of children with at least one severe event is
    not printed and can only be bounded: at least the largest single row, at
    most the number of severe events or of children, whichever is smaller.

    Returns
    -------
    pandas.DataFrame
        One row per quantity (``quantity``, ``value``).

    Examples
    --------
    >>> ae = pd.DataFrame({"all_grade_n": [3, 2], "grade_3_4_n": [1, 1]})
    >>> event_burden(ae, n_patients=4).set_index("quantity")["value"].tolist()
    [5.0, 2.0, 40.0, 1.25, 1.0, 2.0]
    """
    n_patients = positive_int(n_patients, "n_patients")
    total = int(ae["all_grade_n"].sum())
    severe = int(ae["grade_3_4_n"].sum())
    rows = [
        ("adverse events, any grade (sum of Table 3)", total),
        ("adverse events, grade 3–4", severe),
        ("grade 3–4 as % of events", round(100 * severe / total, 2) if total else float("nan")),
        ("events per child (mean)", round(total / n_patients, 2)),
        ("children with any grade 3–4 event: at least", int(ae["grade_3_4_n"].max())),
        ("children with any grade 3–4 event: at most", min(severe, n_patients)),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"]).astype({"value": float})


def adverse_event_numbers(
    ae: pd.DataFrame,
    event: str,
    *,
    grade: str = "all",
    denominator: str = "children",
    n_patients: int,
) -> dict[str, float | str]:
    """Count, percentage and (for children) exact 95% interval for one event.

    Parameters
    ----------
    ae : pandas.DataFrame
        Table 3 layout.
    event : str
        A value of ``ae["adverse_event"]``.
    grade : {"all", "severe"}, keyword-only
        Any grade or grade 3-4.
    denominator : {"children", "events"}, keyword-only
        Children treated (each child counted once) or all events of that grade
        in Table 3 (no interval: events of one child are not independent).
    n_patients : int, keyword-only
        Children treated.

    Returns
    -------
    dict
        ``event``, ``k``, ``denominator`` (its size), ``percent``, and for
        children ``ci_lower`` / ``ci_upper`` in percent (``nan`` for events).

    Raises
    ------
    KeyError
        For an unknown event.
    ValueError
        For an unknown grade or denominator.

    Examples
    --------
    >>> ae = pd.DataFrame({"adverse_event": ["A", "B"], "all_grade_n": [3, 1],
    ...                    "grade_3_4_n": [1, 0]})
    >>> adverse_event_numbers(ae, "A", denominator="events", n_patients=4)["percent"]
    75.0
    """
    if grade not in GRADES:
        raise ValueError(f"grade must be one of {list(GRADES)}, got {grade!r}")
    if denominator not in DENOMINATORS:
        raise ValueError(f"denominator must be one of {list(DENOMINATORS)}, got {denominator!r}")
    rows = ae.set_index("adverse_event")
    if event not in rows.index:
        raise KeyError(f"unknown adverse event {event!r}; expected one of {list(rows.index)}")
    column = GRADES[grade]
    k = int(rows.loc[event, column])
    if denominator == "children":
        size = positive_int(n_patients, "n_patients")
        ci = proportion_ci(k, size)
        lower, upper = 100 * ci.ci_lower, 100 * ci.ci_upper
    else:
        size = int(rows[column].sum())
        lower = upper = float("nan")
    percent = 100 * k / size if size else float("nan")
    return {
        "event": event,
        "k": k,
        "denominator": size,
        "percent": percent,
        "ci_lower": lower,
        "ci_upper": upper,
    }


# --- engraftment -------------------------------------------------------------------------------
def engraftment_quartiles(transplants: pd.DataFrame) -> pd.DataFrame:
    """Median and quartiles (linear interpolation) of engraftment days, per lineage.

    The paper calls its "13.1 ± 2.7 days" a median; it is a mean ± SD (which
    :func:`helpers.audit.run_audit` recomputes). This gives the medians the
    wording promised. Transplants without a day (a failed graft) are left out.

    Examples
    --------
    >>> tx = pd.DataFrame({"neutrophil_engraftment_day": [10, 12, None, 20],
    ...                    "platelet_engraftment_day": [5, 7, None, 9]})
    >>> engraftment_quartiles(tx)["median"].tolist()
    [12.0, 7.0]
    """
    rows = []
    for lineage, column in (
        ("neutrophils", "neutrophil_engraftment_day"),
        ("platelets", "platelet_engraftment_day"),
    ):
        days = pd.to_numeric(transplants[column], errors="raise").dropna().to_numpy(float)
        if days.size == 0:
            raise ValueError(f"engraftment_quartiles: no engraftment days in {column!r}")
        q1, median, q3 = np.quantile(days, [0.25, 0.5, 0.75])
        rows.append(
            {
                "lineage": lineage,
                "transplants": int(days.size),
                "median": float(median),
                "p25": float(q1),
                "p75": float(q3),
                "min": float(days.min()),
                "max": float(days.max()),
            }
        )
    return pd.DataFrame(rows)
