"""Reading an audit: claims by status and location, two audits compared, discrepancies sorted.

Plain functions over the table :func:`helpers.audit.run_audit` returns (the
audit explorer of :mod:`helpers.widgets.audit` and the figure of
:mod:`helpers.figures.audit` are built on them), and
:func:`quantile_conventions`, which shows why printed quartiles can disagree
with a recomputation by a few days.

References
----------
Hyndman RJ, Fan Y. Sample quantiles in statistical packages. Am Stat. 1996;50:361-5.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from helpers._format import ALL
from helpers.audit._rules import STATUSES

__all__ = [
    "QUANTILE_METHODS",
    "SHOWN_COLUMNS",
    "claims",
    "compare_audits",
    "counts_by",
    "discrepancy_kinds",
    "filter_audit",
    "locations",
    "quantile_conventions",
]
#: Sample-quantile conventions (numpy ``method`` names) and the software that uses them.
QUANTILE_METHODS: dict[str, str] = {
    "linear": "R type 7, numpy and Excel's default",
    "weibull": "R type 6, SPSS and Minitab",
    "hazen": "R type 5",
    "median_unbiased": "R type 8",
    "lower": "lower order statistic",
    "higher": "upper order statistic",
}


#: The columns of an audit a reader is shown.
SHOWN_COLUMNS = ["claim_id", "location", "printed", "published", "reproduced", "status"]


def locations(audit: pd.DataFrame) -> list[str]:
    """Locations in the order they first appear (the paper's order)."""
    return list(dict.fromkeys(audit["location"]))


def counts_by(audit: pd.DataFrame, *, by: str = "location") -> pd.DataFrame:
    """Claims per ``by`` value and status, with a total column and a total row.

    Examples
    --------
    >>> audit = pd.DataFrame({"location": ["A", "A", "B"],
    ...                       "status": ["reproduced", "discrepant", "reproduced"]})
    >>> counts_by(audit).loc["total"].tolist()
    [2, 1, 0, 3]
    """
    if by not in audit.columns:
        raise KeyError(f"counts_by: no column {by!r}; expected one of {list(audit.columns)}")
    order = locations(audit) if by == "location" else sorted(audit[by].unique())
    table = pd.crosstab(audit[by], audit["status"]).reindex(
        index=order, columns=list(STATUSES), fill_value=0
    )
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.columns.name = None
    return table.astype(int)


def filter_audit(audit: pd.DataFrame, *, status: str = ALL, location: str = ALL) -> pd.DataFrame:
    """The claims with the chosen status and location (``"All"`` keeps every value).

    Raises
    ------
    ValueError
        For a status or location that the audit does not contain.

    Examples
    --------
    >>> audit = pd.DataFrame({"location": ["A", "B"], "status": ["reproduced", "discrepant"]})
    >>> len(filter_audit(audit, status="discrepant"))
    1
    """
    if status != ALL and status not in STATUSES:
        raise ValueError(f"status must be 'All' or one of {list(STATUSES)}, got {status!r}")
    if location != ALL and location not in set(audit["location"]):
        raise ValueError(
            f"location {location!r} not in the audit; expected one of {locations(audit)}"
        )
    keep = pd.Series(True, index=audit.index)
    if status != ALL:
        keep &= audit["status"] == status
    if location != ALL:
        keep &= audit["location"] == location
    return audit[keep]


def _naming(audit: pd.DataFrame) -> list[str]:
    """The columns by which a reader knows a claim (where printed, what it says), if present."""
    return [c for c in ("location", "description") if c in audit.columns]


def claims(audit: pd.DataFrame, claim_ids: Sequence[str]) -> pd.DataFrame:
    """Selected claims in the given order, numbers rounded to 4 decimals for display.

    The columns are :data:`SHOWN_COLUMNS`, with the claim's ``description``
    after its location when the audit has one (a reader knows a claim by where
    it is printed and what it says; the id is for code).

    Raises
    ------
    KeyError
        For a claim id the audit does not have.

    Examples
    --------
    >>> audit = pd.DataFrame({"claim_id": ["a", "b"], "location": ["X", "Y"],
    ...     "printed": ["1", "2"], "published": [1.0, 2.0], "reproduced": [1.0, 2.5],
    ...     "status": ["reproduced", "discrepant"]})
    >>> claims(audit, ["b"])["reproduced"].tolist()
    [2.5]
    """
    indexed = audit.set_index("claim_id")
    unknown = [c for c in claim_ids if c not in indexed.index]
    if unknown:
        raise KeyError(f"unknown claim id(s) {unknown}")
    columns = ["claim_id", *_naming(indexed), *SHOWN_COLUMNS[2:]]
    shown = indexed.loc[list(claim_ids)].reset_index()[columns]
    return shown.assign(reproduced=shown["reproduced"].round(4))


def compare_audits(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Claims whose status or recomputed value differs between two audit runs.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Two results of :func:`helpers.audit.run_audit` (e.g. under different
        :class:`~helpers.endpoints.Assumptions`).

    Returns
    -------
    pandas.DataFrame
        ``claim_id`` (then ``location`` and ``description`` when the audits
        have them), ``printed``, ``reproduced before``, ``reproduced after``,
        ``status before``, ``status after``; empty if nothing moved.

    Examples
    --------
    >>> a = pd.DataFrame({"claim_id": ["x", "y"], "printed": ["1", "2"],
    ...     "reproduced": [1.0, 2.0], "status": ["reproduced", "reproduced"]})
    >>> b = a.assign(reproduced=[1.0, 3.0], status=["reproduced", "discrepant"])
    >>> compare_audits(a, b)["claim_id"].tolist()
    ['y']
    """
    if list(before["claim_id"]) != list(after["claim_id"]):
        raise ValueError("compare_audits: the two audits must list the same claims in order")
    old = before["reproduced"].to_numpy(float)
    new = after["reproduced"].to_numpy(float)
    same_value = np.isclose(old, new, rtol=0, atol=1e-9) | (np.isnan(old) & np.isnan(new))
    moved = ~same_value | (before["status"].to_numpy() != after["status"].to_numpy())
    return pd.DataFrame(
        {
            "claim_id": before["claim_id"].to_numpy()[moved],
            **{c: before[c].to_numpy()[moved] for c in _naming(before)},
            "printed": before["printed"].to_numpy()[moved],
            "reproduced before": np.round(old[moved], 4),
            "reproduced after": np.round(new[moved], 4),
            "status before": before["status"].to_numpy()[moved],
            "status after": after["status"].to_numpy()[moved],
        }
    )


def discrepancy_kinds(audit: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Split the discrepant claims into last-digit slips and substantive differences.

    A discrepancy is ``"last digit"`` when the printed number is less than one
    unit of its last printed digit away from the recomputed value (25/26 =
    96.15 % printed as 96.1 %: cut off rather than rounded), and
    ``"substantive"`` otherwise (CRS printed as 18 when Table 3 counts 15).

    Parameters
    ----------
    audit : pandas.DataFrame
        From :func:`helpers.audit.run_audit`.
    published : pandas.DataFrame
        From :func:`helpers.data.load_published_claims` (for ``decimals``).

    Returns
    -------
    pandas.DataFrame
        The discrepant claims (``claim_id``, then ``location`` and
        ``description`` when the audit has them, ``printed``, ``published``,
        ``reproduced``, ``kind``), in audit order.

    Examples
    --------
    >>> audit = pd.DataFrame({"claim_id": ["a", "b"], "printed": ["96.1%", "18"],
    ...     "published": [96.1, 18.0], "reproduced": [96.1538, 15.0],
    ...     "status": ["discrepant", "discrepant"]})
    >>> claims_table = pd.DataFrame({"claim_id": ["a", "b"], "decimals": [1, 0]})
    >>> discrepancy_kinds(audit, claims_table)["kind"].tolist()
    ['last digit', 'substantive']
    """
    decimals = published.set_index("claim_id")["decimals"]
    wrong = audit[audit["status"] == "discrepant"]
    unknown = sorted(set(wrong["claim_id"]) - set(decimals.index))
    if unknown:
        raise KeyError(f"discrepancy_kinds: no printed precision for {unknown}")
    unit = 10.0 ** -wrong["claim_id"].map(decimals).astype(float)
    gap = (wrong["published"] - wrong["reproduced"]).abs()
    kind = np.where(gap < unit - 1e-9, "last digit", "substantive")
    named = ["claim_id", *_naming(wrong), "printed", "published", "reproduced"]
    out = wrong[named].assign(kind=kind)
    return out.assign(reproduced=out["reproduced"].round(4)).reset_index(drop=True)


def quantile_conventions(
    values: Sequence[float], *, q: Sequence[float] = (0.25, 0.5, 0.75)
) -> pd.DataFrame:
    """The same quantiles under each convention of :data:`QUANTILE_METHODS`.

    Statistical packages disagree on how to interpolate between order
    statistics; with 15 values the quartiles can differ by days.

    Examples
    --------
    >>> t = quantile_conventions([1, 2, 3, 4], q=(0.25,))
    >>> float(t.loc["linear", "p25"]), float(t.loc["weibull", "p25"])
    (1.75, 1.25)
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0 or np.isnan(x).any():
        raise ValueError("quantile_conventions: need at least one value and no missing values")
    columns = {f"p{round(100 * p)}": p for p in q}
    # numpy types ``method`` as a Literal of its names; these are some of them.
    methods: dict[Any, str] = QUANTILE_METHODS
    rows = {
        method: {
            name: round(float(np.quantile(x, p, method=method)), 3) for name, p in columns.items()
        }
        for method in methods
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.insert(0, "used by", [QUANTILE_METHODS[m] for m in table.index])
    table.index.name = "method"
    return table
