"""Describe the cohort: Table 1's blocks, interval readings, MRD readings.

The paper describes its 33 children twice: in aggregate (Table 1, the text of
section 3.1, the abstract) and one child per row (Table 2). The comparisons of
the two that read the audit's output (Table 1 beside Table 2, remission by
disease status) are in :mod:`helpers.audit.baseline`; what needs no audit is here.

Functions
---------
section_totals
    Whether each block of Table 1 adds up to the children it should cover.
interval_comparison
    One proportion with its Clopper-Pearson and Wilson intervals, in percent.
mrd_negative_counts
    Children MRD-negative before and after, under the inclusive and the literal
    reading of the 0.01 % threshold.

References
----------
Xie J, et al. Short-course blinatumomab for refractory/relapse precursor B acute
lymphoblastic leukemia in children. Front Pediatr. 2023;11:1187607.
doi:10.3389/fped.2023.1187607 (Tables 1 and 2; abstract; sections 3.1 and 3.2).
"""

from __future__ import annotations

import pandas as pd

from helpers._frames import require_frame
from helpers.marrow import mrd_negative
from helpers.response import proportion_ci

__all__ = [
    "SECTION_LABELS",
    "interval_comparison",
    "mrd_negative_counts",
    "section_totals",
]

#: Plain-language names for the blocks of Table 1 (its printed headings are garbled:
#: "Pro-juvenile cell ratio" is the marrow blast band, "Replace site" the relapse site).
SECTION_LABELS: dict[str, str] = {
    "sex": "Sex",
    "age": "Age (years)",
    "blasts_pre": "Marrow blasts before blinatumomab (%)",
    "disease_status": "Refractory or relapsed",
    "relapse_site": "Relapse site",
    "prior_therapy": "Therapy before blinatumomab",
    "fusion_gene": "Fusion gene",
}


def section_totals(baseline: pd.DataFrame, *, cohort_size: int) -> pd.DataFrame:
    """Whether each block of Table 1 adds up to the children it should cover.

    A block of mutually exclusive categories (sex, age band, blast band, disease
    status, prior therapy) should cover every child. The relapse site applies only to
    relapsed children, so it should add up to Table 1's own relapse count. Fusion genes
    are not exclusive categories covering everyone (a child may carry none), so there
    is no expected total.

    Parameters
    ----------
    baseline : pandas.DataFrame
        Table 1 as printed (:func:`helpers.data.load_baseline_published`).
    cohort_size : int, keyword-only
        Number of children enrolled (33).

    Returns
    -------
    pandas.DataFrame
        One row per block, in Table 1's order: ``section``, ``characteristic``,
        ``printed_n_total``, ``printed_pct_total`` (rounded to 0.1), ``expected_n``
        (``<NA>`` where no total is expected) and ``adds_up`` (``<NA>`` likewise).

    Raises
    ------
    ValueError
        If ``cohort_size`` is not a positive integer or a column is missing.

    Examples
    --------
    >>> t1 = pd.DataFrame({"section": ["sex", "sex"], "category": ["Male", "Female"],
    ...                    "n": [21, 11], "pct": [63.7, 33.3]})
    >>> section_totals(t1, cohort_size=33)[["printed_n_total", "expected_n", "adds_up"]]
       printed_n_total  expected_n  adds_up
    0               32          33    False
    """
    require_frame(
        baseline,
        where="section_totals",
        name="baseline",
        columns=["section", "category", "n", "pct"],
    )
    if isinstance(cohort_size, bool) or not isinstance(cohort_size, int) or cohort_size < 1:
        raise ValueError(f"cohort_size must be a positive integer, got {cohort_size!r}")
    relapsed = baseline.loc[
        (baseline["section"] == "disease_status") & (baseline["category"] == "Relapse"), "n"
    ]
    expected: dict[str, object] = {
        "relapse_site": int(relapsed.iloc[0]) if len(relapsed) else pd.NA,
        "fusion_gene": pd.NA,
    }
    rows = []
    for section, block in baseline.groupby("section", sort=False):
        want = expected.get(section, cohort_size)
        total = int(block["n"].sum())
        rows.append(
            {
                "section": section,
                "characteristic": SECTION_LABELS.get(section, section),
                "printed_n_total": total,
                "printed_pct_total": round(float(block["pct"].sum()), 1),
                "expected_n": want,
                "adds_up": pd.NA if pd.isna(want) else total == want,
            }
        )
    out = pd.DataFrame(rows)
    out["expected_n"] = out["expected_n"].astype("Int64")
    out["adds_up"] = out["adds_up"].astype("boolean")
    return out


def interval_comparison(successes: int, n: int) -> pd.DataFrame:
    """One proportion with its Clopper-Pearson and Wilson 95 % intervals, in percent.

    Returns
    -------
    pandas.DataFrame
        Indexed by method (``"Clopper-Pearson (exact)"``, ``"Wilson"``):
        ``rate_pct``, ``lower_pct``, ``upper_pct``, ``width_pct`` (rounded to 0.1)
        and ``children_lower``, ``children_upper``: the bounds as numbers of children
        out of ``n`` (rounded to 0.1).

    References
    ----------
    .. [1] Clopper CJ, Pearson ES. Biometrika 1934;26:404-13.
    .. [2] Wilson EB. J Am Stat Assoc 1927;22:209-12.
    .. [3] Brown LD, Cai TT, DasGupta A. Interval estimation for a binomial
       proportion. Stat Sci 2001;16:101-33.

    Examples
    --------
    >>> interval_comparison(26, 33)[["rate_pct", "lower_pct", "upper_pct"]]
                             rate_pct  lower_pct  upper_pct
    method
    Clopper-Pearson (exact)      78.8       61.1       91.0
    Wilson                       78.8       62.2       89.3
    """
    rows = {}
    for label, method in (("Clopper-Pearson (exact)", "clopper-pearson"), ("Wilson", "wilson")):
        ci = proportion_ci(successes, n, method=method)
        rows[label] = {
            "rate_pct": round(100 * ci.proportion, 1),
            "lower_pct": round(100 * ci.ci_lower, 1),
            "upper_pct": round(100 * ci.ci_upper, 1),
            "width_pct": round(100 * (ci.ci_upper - ci.ci_lower), 1),
            "children_lower": round(ci.n * ci.ci_lower, 1),
            "children_upper": round(ci.n * ci.ci_upper, 1),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "method"
    return out


def mrd_negative_counts(patients: pd.DataFrame, *, threshold: float = 0.01) -> pd.DataFrame:
    """Children MRD-negative before and after, under both readings of the threshold.

    Parameters
    ----------
    patients : pandas.DataFrame
        Table 2 (``mrd_pre_pct``, ``mrd_post_pct``, ``complete_remission``).
    threshold : float, keyword-only
        Negativity threshold in percent (the paper's 1 x 10^-4 is 0.01).

    Returns
    -------
    pandas.DataFrame
        Indexed by reading: ``"inclusive (≤ threshold)"``, the floor read as negative
        (:func:`helpers.marrow.mrd_negative` with ``inclusive=True``), and
        ``"literal (< threshold)"``, the Methods' wording. Integer columns: children
        negative before, after, and after among those in complete remission.

    Examples
    --------
    >>> df = pd.DataFrame({"mrd_pre_pct": [40.0, 0.01, 5.0], "mrd_post_pct": [0.01, 0.01, 3.0],
    ...                    "complete_remission": [True, True, False]})
    >>> mrd_negative_counts(df)["after, all children"].to_dict()
    {'inclusive (≤ 0.01 %)': 2, 'literal (< 0.01 %)': 0}
    """
    require_frame(
        patients,
        where="mrd_negative_counts",
        name="patients",
        columns=["mrd_pre_pct", "mrd_post_pct", "complete_remission"],
    )
    groups = {
        "before, all children": ("mrd_pre_pct", "all"),
        "after, all children": ("mrd_post_pct", "all"),
        "after, children in CR": ("mrd_post_pct", "cr"),
    }
    cr = patients["complete_remission"].astype(bool)
    rows = {}
    for inclusive, reading in ((True, "inclusive (≤ {t:g} %)"), (False, "literal (< {t:g} %)")):
        row = {}
        for label, (column, who) in groups.items():
            values = patients[column] if who == "all" else patients.loc[cr, column]
            row[label] = int(mrd_negative(values, threshold=threshold, inclusive=inclusive).sum())
        rows[reading.format(t=threshold)] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "reading"
    return out
