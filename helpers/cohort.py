"""Describe the cohort: Table 1 beside Table 2, printed subgroup counts, MRD readings.

The paper describes its 33 children twice: in aggregate (Table 1, the text of
section 3.1, the abstract) and one child per row (Table 2). This module puts the
two side by side without recomputing anything :mod:`helpers.audit` already
recomputes: the audit's Table 1 claims give the recomputed counts and their
status, and this module arranges them into one tidy table per question.

Functions
---------
baseline_comparison
    Table 1 as printed, row by row, beside what Table 2 shows.
section_totals
    Whether each block of Table 1 adds up to the children it should cover.
unrecomputable
    The Table 1 blocks Table 2 cannot check, with the reason.
printed_fraction
    The ``(k/n)`` printed inside a claim, as two integers.
disease_status_rates
    Remission by refractory vs relapsed disease, from the paper's printed counts,
    under the abstract's and the Results' readings, with exact and Wilson intervals.
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

import re

import pandas as pd

from helpers.response import mrd_negative, proportion_ci

__all__ = [
    "SECTION_LABELS",
    "baseline_comparison",
    "disease_status_rates",
    "interval_comparison",
    "mrd_negative_counts",
    "printed_fraction",
    "section_totals",
    "unrecomputable",
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

#: Status of a Table 2 finding that Table 1 does not print at all.
NOT_PRINTED = "not_printed"

_COMPARISON_COLUMNS = [
    "section",
    "characteristic",
    "category",
    "printed_n",
    "printed_pct",
    "printed_pct_check",
    "table2_n",
    "table2_pct",
    "status",
    "note",
]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _claim_stem(section: str, category: str) -> str:
    """The ``published_claims.csv`` id stem of a Table 1 row (``t1-age-le10``)."""
    category = category.replace("≤ ", "le").replace("> ", "gt").replace("< ", "lt")
    return f"t1-{_slug(section)}-{_slug(category)}"


def _require(df: pd.DataFrame, name: str, columns: list[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: column(s) {missing} missing; found {list(df.columns)}")


def _pct(k: float, n: int) -> float:
    return round(100.0 * k / n, 1)


def baseline_comparison(
    patients: pd.DataFrame, baseline: pd.DataFrame, audit: pd.DataFrame
) -> pd.DataFrame:
    """Table 1 as printed, row by row, beside what Table 2 shows.

    Parameters
    ----------
    patients : pandas.DataFrame
        Table 2 (:func:`helpers.data.load_patients`); gives the denominator and the
        fusion genes Table 2 names.
    baseline : pandas.DataFrame
        Table 1 as printed (:func:`helpers.data.load_baseline_published`).
    audit : pandas.DataFrame
        :func:`helpers.audit.run_audit` output. Its ``t1-...-n`` claims supply the
        recomputed counts, their status and explanation; its ``t1-...-pct`` claims say
        whether each printed percentage matches its own printed count.

    Returns
    -------
    pandas.DataFrame
        One row per Table 1 row, then one per fusion gene that Table 2 names but
        Table 1 does not print. Columns: ``section`` (key), ``characteristic`` (plain
        label), ``category``, ``printed_n``, ``printed_pct``, ``printed_pct_check``
        (the audit's status of printed n / cohort vs printed %), ``table2_n`` and
        ``table2_pct`` (``<NA>`` where Table 2 cannot say; for fusion genes, the
        children Table 2 names the gene for), ``status`` (the audit's status, or
        ``"not_printed"``) and ``note`` (the audit's explanation).

    Raises
    ------
    ValueError
        If a column is missing, or a Table 1 row has no claim in ``audit``.

    Examples
    --------
    >>> from helpers.audit import run_audit
    >>> from helpers.data import load_baseline_published, load_patients
    >>> table = baseline_comparison(load_patients(), load_baseline_published(), run_audit())
    >>> blasts = table[table["section"] == "blasts_pre"]
    >>> blasts.set_index("category")["table2_n"].to_dict()
    {'> 50': 14, '26–50': 5, '5–25': 4, '< 5': 10}
    """
    _require(patients, "patients", ["fusion_gene_pre"])
    _require(baseline, "baseline", ["section", "category", "n", "pct"])
    _require(audit, "audit", ["claim_id", "reproduced", "status", "explanation"])
    n_children = len(patients)
    if n_children == 0:
        raise ValueError("patients is empty: there is no cohort to describe")
    claims = audit.set_index("claim_id")
    listed = patients["fusion_gene_pre"].dropna().value_counts()
    rows = []
    for row in baseline.itertuples(index=False):
        stem = _claim_stem(row.section, row.category)
        missing = [c for c in (f"{stem}-n", f"{stem}-pct") if c not in claims.index]
        if missing:
            raise ValueError(f"audit has no claim {missing} for Table 1 row {row.category!r}")
        count, share = claims.loc[f"{stem}-n"], claims.loc[f"{stem}-pct"]
        if row.section == "fusion_gene":
            table2_n = int(listed.get(row.category, 0))
        elif pd.isna(count["reproduced"]):
            table2_n = pd.NA
        else:
            table2_n = int(count["reproduced"])
        rows.append(
            {
                "section": row.section,
                "characteristic": SECTION_LABELS.get(row.section, row.section),
                "category": row.category,
                "printed_n": int(row.n),
                "printed_pct": float(row.pct),
                "printed_pct_check": share["status"],
                "table2_n": table2_n,
                "status": count["status"],
                "note": count["explanation"],
            }
        )
    printed_genes = set(baseline.loc[baseline["section"] == "fusion_gene", "category"])
    for gene in sorted(set(listed.index) - printed_genes):
        rows.append(
            {
                "section": "fusion_gene",
                "characteristic": SECTION_LABELS["fusion_gene"],
                "category": gene,
                "printed_n": pd.NA,
                "printed_pct": float("nan"),
                "printed_pct_check": NOT_PRINTED,
                "table2_n": int(listed[gene]),
                "status": NOT_PRINTED,
                "note": f"Table 2 names {gene} for {int(listed[gene])} child(ren); "
                "Table 1 does not list it.",
            }
        )
    out = pd.DataFrame(rows)
    out["printed_n"] = out["printed_n"].astype("Int64")
    out["table2_n"] = out["table2_n"].astype("Int64")
    out["table2_pct"] = [
        float("nan") if pd.isna(k) else _pct(int(k), n_children) for k in out["table2_n"]
    ]
    return out[_COMPARISON_COLUMNS]


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
    _require(baseline, "baseline", ["section", "category", "n", "pct"])
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


def unrecomputable(comparison: pd.DataFrame) -> pd.DataFrame:
    """The blocks of Table 1 that Table 2 cannot check, with the reason.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`baseline_comparison` output.

    Returns
    -------
    pandas.DataFrame
        One row per block with at least one ``not_reproducible`` row, indexed by
        ``section``: ``characteristic``, ``categories`` (joined with "; ") and
        ``reason`` (the note of its first such row).

    Examples
    --------
    >>> comparison = pd.DataFrame({"section": ["age", "age", "sex"],
    ...     "characteristic": ["Age (years)", "Age (years)", "Sex"],
    ...     "category": ["≤ 10", "> 10", "Male"],
    ...     "status": ["not_reproducible", "not_reproducible", "reproduced"],
    ...     "note": ["no age in Table 2", "no age in Table 2", ""]})
    >>> unrecomputable(comparison).loc["age", ["categories", "reason"]].tolist()
    ['≤ 10; > 10', 'no age in Table 2']
    """
    _require(comparison, "comparison", ["section", "characteristic", "category", "status", "note"])
    rows = comparison[comparison["status"] == "not_reproducible"]
    out = rows.groupby("section", sort=False).agg(
        characteristic=("characteristic", "first"),
        categories=("category", "; ".join),
        reason=("note", "first"),
    )
    return out


# --- remission from the paper's printed counts ------------------------------------------------
_FRACTION = re.compile(r"\((\d+)\s*/\s*(\d+)\)")


def printed_fraction(claims: pd.DataFrame, claim_id: str) -> tuple[int, int]:
    """The ``(k/n)`` printed inside a claim, as ``(k, n)``.

    Parameters
    ----------
    claims : pandas.DataFrame
        :func:`helpers.data.load_published_claims` (or audit) output with columns
        ``claim_id`` and ``printed``.
    claim_id : str
        The claim, e.g. ``"abs-refractory-cr-rate"``.

    Raises
    ------
    KeyError
        If there is no such claim.
    ValueError
        If its printed text holds no ``(k/n)``.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["a"], "printed": ["90.9% (10/11)"]})
    >>> printed_fraction(claims, "a")
    (10, 11)
    """
    _require(claims, "claims", ["claim_id", "printed"])
    match = claims.loc[claims["claim_id"] == claim_id, "printed"]
    if match.empty:
        raise KeyError(f"no claim {claim_id!r}")
    found = _FRACTION.search(str(match.iloc[0]))
    if found is None:
        raise ValueError(f"claim {claim_id!r} prints no '(k/n)': {match.iloc[0]!r}")
    return int(found.group(1)), int(found.group(2))


def _published(audit: pd.DataFrame, claim_id: str) -> int:
    value = audit.loc[audit["claim_id"] == claim_id, "published"]
    if value.empty:
        raise KeyError(f"audit has no claim {claim_id!r}")
    return int(value.iloc[0])


def _interval_row(successes: int, n: int) -> dict[str, float]:
    exact = proportion_ci(successes, n, method="clopper-pearson")
    wilson = proportion_ci(successes, n, method="wilson")
    return {
        "responders": successes,
        "n": n,
        "rate_pct": round(100 * exact.proportion, 1),
        "exact_lower_pct": round(100 * exact.ci_lower, 1),
        "exact_upper_pct": round(100 * exact.ci_upper, 1),
        "wilson_lower_pct": round(100 * wilson.ci_lower, 1),
        "wilson_upper_pct": round(100 * wilson.ci_upper, 1),
    }


def disease_status_rates(audit: pd.DataFrame) -> pd.DataFrame:
    """Remission by refractory vs relapsed disease, from the paper's printed counts only.

    Table 2 does not say which child was refractory, so nothing here can be checked
    against it. The paper gives two incompatible splits of its 26 responders:

    * the abstract prints 10/11 refractory and 16/22 relapsed;
    * section 3.2 breaks the responders down by next therapy (refractory 5 HSCT +
      5 chemotherapy + 1 blinatumomab = 11), which leaves 26 - 11 = 15 relapsed
      responders of 22.

    Parameters
    ----------
    audit : pandas.DataFrame
        :func:`helpers.audit.run_audit` output (``claim_id``, ``printed``,
        ``published``): the abstract's ``abs-refractory-cr-rate`` and
        ``abs-relapse-cr-rate`` fractions, ``abs-cr-n`` (26) and the Results' sum
        ``r32-refractory-cr-sum`` (11).

    Returns
    -------
    pandas.DataFrame
        Four rows (reading x group): ``reading``, ``group``, ``responders``, ``n``,
        ``rate_pct`` and the exact (Clopper-Pearson) and Wilson 95 % bounds, in
        percent rounded to 0.1.

    Raises
    ------
    KeyError
        If a needed claim is missing.
    ValueError
        If the printed counts are inconsistent (a group with more responders than
        children).

    References
    ----------
    .. [1] Xie J, et al. Front Pediatr 2023;11:1187607, abstract and section 3.2.

    Examples
    --------
    >>> audit = pd.DataFrame({
    ...     "claim_id": ["abs-refractory-cr-rate", "abs-relapse-cr-rate", "abs-cr-n",
    ...                  "r32-refractory-cr-sum"],
    ...     "printed": ["90.9% (10/11)", "72.7% (16/22)", "26", "5 + 5 + 1"],
    ...     "published": [90.9, 72.7, 26, 11]})
    >>> disease_status_rates(audit)[["reading", "group", "responders", "n"]]
                  reading       group  responders   n
    0            Abstract  Refractory          10  11
    1            Abstract    Relapsed          16  22
    2  Results breakdown  Refractory          11  11
    3  Results breakdown    Relapsed          15  22
    """
    _require(audit, "audit", ["claim_id", "printed", "published"])
    refractory = printed_fraction(audit, "abs-refractory-cr-rate")
    relapsed = printed_fraction(audit, "abs-relapse-cr-rate")
    responders = _published(audit, "abs-cr-n")
    refractory_results = _published(audit, "r32-refractory-cr-sum")
    readings = {
        "Abstract": {"Refractory": refractory, "Relapsed": relapsed},
        "Results breakdown": {
            "Refractory": (refractory_results, refractory[1]),
            "Relapsed": (responders - refractory_results, relapsed[1]),
        },
    }
    rows = []
    for reading, groups in readings.items():
        for group, (k, n) in groups.items():
            if not 0 <= k <= n:
                raise ValueError(f"{reading}, {group}: {k} responders of {n} is impossible")
            rows.append({"reading": reading, "group": group, **_interval_row(k, n)})
    return pd.DataFrame(rows)


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
        (:func:`helpers.response.mrd_negative` with ``inclusive=True``), and
        ``"literal (< threshold)"``, the Methods' wording. Integer columns: children
        negative before, after, and after among those in complete remission.

    Examples
    --------
    >>> df = pd.DataFrame({"mrd_pre_pct": [40.0, 0.01, 5.0], "mrd_post_pct": [0.01, 0.01, 3.0],
    ...                    "complete_remission": [True, True, False]})
    >>> mrd_negative_counts(df)["after, all children"].to_dict()
    {'inclusive (≤ 0.01 %)': 2, 'literal (< 0.01 %)': 0}
    """
    _require(patients, "patients", ["mrd_pre_pct", "mrd_post_pct", "complete_remission"])
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
