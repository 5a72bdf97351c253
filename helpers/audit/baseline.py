"""Table 1 beside Table 2, and remission by disease status, from the audit's output.

The paper describes its 33 children twice: in aggregate (Table 1, the text of
section 3.1, the abstract) and one child per row (Table 2). The functions here
put the two side by side without recomputing anything the audit already
recomputes: they read the table :func:`helpers.audit.run_audit` returns.

Functions
---------
baseline_comparison
    Table 1 as printed, row by row, beside what Table 2 shows.
unrecomputable
    The Table 1 blocks Table 2 cannot check, with the reason.
disease_status_rates
    Remission by refractory vs relapsed disease, from the paper's printed counts,
    under the abstract's and the Results' readings, with exact and Wilson intervals.

References
----------
Xie J, et al. Short-course blinatumomab for refractory/relapse precursor B acute
lymphoblastic leukemia in children. Front Pediatr. 2023;11:1187607.
doi:10.3389/fped.2023.1187607 (Tables 1 and 2; abstract; sections 3.1 and 3.2).
"""

from __future__ import annotations

import pandas as pd

from helpers._format import pct
from helpers._frames import require_frame
from helpers._printed import printed_fraction, table1_claim_stem
from helpers.cohort import SECTION_LABELS, interval_comparison

__all__ = ["NOT_PRINTED", "baseline_comparison", "disease_status_rates", "unrecomputable"]
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
    require_frame(
        patients,
        where="baseline_comparison",
        name="patients",
        columns=["fusion_gene_pre"],
        nonempty="there is no cohort to describe",
    )
    require_frame(
        baseline,
        where="baseline_comparison",
        name="baseline",
        columns=["section", "category", "n", "pct"],
    )
    require_frame(
        audit,
        where="baseline_comparison",
        name="audit",
        columns=["claim_id", "reproduced", "status", "explanation"],
    )
    n_children = len(patients)
    claims = audit.set_index("claim_id")
    listed = patients["fusion_gene_pre"].dropna().value_counts()
    rows = []
    for row in baseline.itertuples(index=False):
        stem = table1_claim_stem(row.section, row.category)
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
        float("nan") if pd.isna(k) else round(pct(int(k), n_children), 1) for k in out["table2_n"]
    ]
    return out[_COMPARISON_COLUMNS]


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
    require_frame(
        comparison,
        where="unrecomputable",
        name="comparison",
        columns=["section", "characteristic", "category", "status", "note"],
    )
    rows = comparison[comparison["status"] == "not_reproducible"]
    out = rows.groupby("section", sort=False).agg(
        characteristic=("characteristic", "first"),
        categories=("category", "; ".join),
        reason=("note", "first"),
    )
    return out


def _published(audit: pd.DataFrame, claim_id: str) -> int:
    value = audit.loc[audit["claim_id"] == claim_id, "published"]
    if value.empty:
        raise KeyError(f"audit has no claim {claim_id!r}")
    return int(value.iloc[0])


def _interval_row(successes: int, n: int) -> dict[str, float]:
    table = interval_comparison(successes, n)
    exact, wilson = table.loc["Clopper-Pearson (exact)"], table.loc["Wilson"]
    return {
        "responders": successes,
        "n": n,
        "rate_pct": float(exact["rate_pct"]),
        "exact_lower_pct": float(exact["lower_pct"]),
        "exact_upper_pct": float(exact["upper_pct"]),
        "wilson_lower_pct": float(wilson["lower_pct"]),
        "wilson_upper_pct": float(wilson["upper_pct"]),
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
    require_frame(
        audit,
        where="disease_status_rates",
        name="audit",
        columns=["claim_id", "printed", "published"],
    )
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
