"""Load and validate the tables transcribed from Xie et al. (2023).

Every loader reads one CSV file of the data directory (:func:`data_dir`: the
shipped ``cohort_data/``, or the folder named by the ``COHORT_DATA_DIR``
environment variable), splits it into CSV records, parses each cell by the
column's declared kind and range (:mod:`helpers.schemas`), validates the typed
frame with a pandera schema, and returns a fresh :class:`pandas.DataFrame`.
Nothing is coerced or dropped silently: any cell that does not fit raises
:class:`CohortDataError`, whose message names the file, the column, the row,
the value found and what was expected. :func:`load_cohort` loads every table
together and also checks the rules that join them (Table 4's transplants to
Table 2's children).

Loaders never write. Each call reads the file again, so callers may change the
frame they get freely.

References
----------
Xie J, et al. Short-course blinatumomab for refractory/relapse precursor B acute
lymphoblastic leukemia in children. Front Pediatr. 2023;11:1187607.
doi:10.3389/fped.2023.1187607 (CC BY 4.0).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from helpers._csvfile import MAX_FILE_BYTES, CohortDataError, load_file
from helpers.schemas import TABLES

__all__ = [
    "DATA_DIR_VARIABLE",
    "MAX_FILE_BYTES",
    "CohortDataError",
    "CohortTables",
    "data_dir",
    "load_adverse_events",
    "load_baseline_published",
    "load_cohort",
    "load_comparator_studies",
    "load_humoral_immunity",
    "load_patients",
    "load_published_claims",
    "load_table",
    "load_transplant_adverse_events",
    "load_transplants",
]

#: The environment variable that points every loader at another data directory.
DATA_DIR_VARIABLE = "COHORT_DATA_DIR"


def data_dir() -> Path:
    """Return the folder holding the transcribed CSV files.

    When the environment variable ``COHORT_DATA_DIR`` is set (and not empty),
    its folder is used; a relative path is taken from the working directory.
    Otherwise an installed wheel reads the copy inside the package
    (``helpers/_cohort_data``) and a source checkout or editable install reads
    ``cohort_data/`` beside ``helpers/``, whatever the working directory.

    Raises
    ------
    CohortDataError
        If ``COHORT_DATA_DIR`` names no folder, or a folder without every file
        of :data:`helpers.schemas.TABLES`.

    Examples
    --------
    >>> (data_dir() / "patients.csv").is_file()
    True
    """
    configured = os.environ.get(DATA_DIR_VARIABLE, "")
    if configured:
        folder = Path(configured).expanduser().absolute()
        label = f"{DATA_DIR_VARIABLE}={configured}"
        problem = _folder_problem(folder)
        if problem is not None:
            raise CohortDataError(folder, [f"{label}: {problem}"])
        missing = [t.filename for t in TABLES.values() if not (folder / t.filename).is_file()]
        if missing:
            raise CohortDataError(
                folder,
                [
                    f"{label}: found no {', '.join(missing)}, expected every table of the "
                    "data dictionary (cohort_data/README.md)"
                ],
            )
        return folder
    packaged = resources.files("helpers") / "_cohort_data"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parent.parent / "cohort_data"
    if source.is_dir():
        return source
    raise FileNotFoundError(
        f"cohort data not found: looked for {packaged} (installed wheel) and {source} (source "
        f"tree); set {DATA_DIR_VARIABLE} to a folder holding the tables"
    )


def _folder_problem(folder: Path) -> str | None:
    """What is wrong with ``folder`` as a data directory, or None."""
    if folder.is_dir():
        return None
    expected = "expected a folder holding " + ", ".join(t.filename for t in TABLES.values())
    return f"found a file, {expected}" if folder.exists() else f"found no folder, {expected}"


def load_table(name: str, path: str | Path | None = None) -> pd.DataFrame:
    """Load one table of the data directory by name, parsed and validated.

    Parameters
    ----------
    name : str
        A key of :data:`helpers.schemas.TABLES`, e.g. ``"patients"``.
    path : str or path-like, optional
        Read this file instead of the one in :func:`data_dir` (for a fellow's
        own data, or for tests). It must follow the same specification.

    Returns
    -------
    pandas.DataFrame
        A fresh frame: integers as ``int64`` (``Int64`` when a column has
        missing cells), numbers as ``float64`` (``NaN`` when missing), booleans
        as ``bool`` and text as Python strings (``None`` when missing).

    Raises
    ------
    CohortDataError
        If the file is missing, a directory, unreadable, larger than
        :data:`MAX_FILE_BYTES`, empty, not UTF-8, not comma-separated, or any
        cell does not fit its column.

    Examples
    --------
    >>> load_table("humoral_immunity")["marker"].tolist()
    ['IgG', 'IgM', 'IgA', 'C3', 'C4']
    """
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; expected one of {sorted(TABLES)}")
    table = TABLES[name]
    file = Path(path) if path is not None else data_dir() / table.filename
    return load_file(table, file)[0]


def load_patients(path: str | Path | None = None) -> pd.DataFrame:
    """Table 2: one row per child (33), before and after blinatumomab.

    Examples
    --------
    >>> patients = load_patients()
    >>> len(patients), int(patients["complete_remission"].sum())
    (33, 26)
    """
    return load_table("patients", path)


def load_transplants(path: str | Path | None = None) -> pd.DataFrame:
    """Table 4: one row per transplant (16 rows; Table 4 number 4 had two).

    Examples
    --------
    >>> load_transplants()["transplant_number"].nunique()
    15
    """
    return load_table("transplants", path)


def load_adverse_events(path: str | Path | None = None) -> pd.DataFrame:
    """Table 3: adverse events during blinatumomab, all grades and grade 3-4."""
    return load_table("adverse_events", path)


def load_transplant_adverse_events(path: str | Path | None = None) -> pd.DataFrame:
    """Table 5: complications among the 15 transplanted children."""
    return load_table("transplant_adverse_events", path)


def load_baseline_published(path: str | Path | None = None) -> pd.DataFrame:
    """Table 1 exactly as printed (counts and percentages)."""
    return load_table("baseline_published", path)


def load_humoral_immunity(path: str | Path | None = None) -> pd.DataFrame:
    """Table 6: Z statistics and p-values for immunoglobulins and complement."""
    return load_table("humoral_immunity", path)


def load_published_claims(path: str | Path | None = None) -> pd.DataFrame:
    """Every quantitative statement the paper makes about its cohort."""
    return load_table("published_claims", path)


def load_comparator_studies(path: str | Path | None = None) -> pd.DataFrame:
    """The other studies the paper cites, with the numbers it prints for them."""
    return load_table("comparator_studies", path)


@dataclass(frozen=True)
class CohortTables:
    """The paper's tables, loaded together (see :func:`load_cohort`).

    Attributes
    ----------
    patients, transplants, adverse_events, transplant_adverse_events,
    baseline, humoral, claims, comparators : pandas.DataFrame
        Tables 2, 4, 3, 5, 1 and 6, the published claims and the cited studies.
    """

    patients: pd.DataFrame
    transplants: pd.DataFrame
    adverse_events: pd.DataFrame
    transplant_adverse_events: pd.DataFrame
    baseline: pd.DataFrame
    humoral: pd.DataFrame
    claims: pd.DataFrame
    comparators: pd.DataFrame


def _transplant_problems(
    patients: pd.DataFrame, p_rows: list[str], transplants: pd.DataFrame, t_rows: list[str]
) -> list[str]:
    """Table 4's rows against Table 2's children (decisions 6 and 7 of the dictionary)."""
    therapy = dict(zip(patients["case_id"].tolist(), patients["follow_up_therapy"], strict=True))
    cases = transplants["case_id"].tolist()
    orders = transplants["transplant_order"].tolist()
    numbers = transplants["transplant_number"].tolist()
    days = [None if pd.isna(d) else int(d) for d in transplants["days_to_hsct"]]
    first: dict[int, int] = {}  # case_id -> index of its first transplant's row
    for i, (case, order) in enumerate(zip(cases, orders, strict=True)):
        if order == 1:
            first.setdefault(case, i)
    problems = []
    for i, (case, order) in enumerate(zip(cases, orders, strict=True)):

        def bad(column: str, found: object, expected: str, i: int = i) -> None:
            problems.append(
                f"transplants.csv, column {column!r}, {t_rows[i]}: found {found!r}, "
                f"expected {expected}"
            )

        if case not in therapy:
            bad("case_id", case, "a case_id of patients.csv (the transplanted child)")
        elif therapy[case] != "HSCT":
            bad(
                "case_id",
                case,
                f"a child whose follow_up_therapy is 'HSCT' "
                f"(case {case} in patients.csv has {therapy[case]!r})",
            )
        j = first.get(case)  # None only for a second transplant (order 2)
        if j is None:
            bad(
                "transplant_order",
                order,
                f"a second transplant only after a first (case {case} has no row with "
                "transplant_order 1)",
            )
        elif order == 1 and j != i:
            bad(
                "transplant_order",
                1,
                f"one first transplant per child (case {case} has one in row {j + 1})",
            )
        elif order == 1 and days[i] is None:
            bad(
                "days_to_hsct",
                "",
                f"the days to case {case}'s first transplant (only a second transplant may be "
                "undated)",
            )
        elif order == 2:
            if numbers[i] != numbers[j]:
                bad(
                    "transplant_number",
                    numbers[i],
                    f"{numbers[j]}, the number of case {case}'s first transplant (row {j + 1})",
                )
            own, earlier = days[i], days[j]
            if own is not None and earlier is not None and own <= earlier:
                bad(
                    "days_to_hsct",
                    own,
                    f"more than {earlier}, the days to case {case}'s first transplant "
                    f"(row {j + 1})",
                )
    for k, (case, next_therapy) in enumerate(therapy.items()):
        if next_therapy == "HSCT" and case not in first:
            problems.append(
                f"patients.csv, column 'follow_up_therapy', {p_rows[k]}: found 'HSCT', expected "
                f"a first transplant of case {case} in transplants.csv (there is none)"
            )
    return problems


def load_cohort(directory: str | Path | None = None) -> CohortTables:
    """Load every table of one data directory together, with the rules that join them.

    Beyond each file's own checks (:func:`load_table`), Table 4 must fit Table 2:
    every transplant belongs to a child of ``patients.csv`` whose follow-up
    therapy was HSCT; each such child has exactly one first transplant, dated
    (``days_to_hsct``); a second transplant follows a first of the same child,
    under the same transplant number and, when dated, later.

    Parameters
    ----------
    directory : str or path-like, optional
        A folder holding the files named in :data:`helpers.schemas.TABLES`;
        :func:`data_dir` by default.

    Returns
    -------
    CohortTables

    Raises
    ------
    CohortDataError
        Listing every problem of every file and every broken rule at once, each
        naming file, column, row, the value found and the value expected.

    Examples
    --------
    >>> tables = load_cohort()
    >>> len(tables.patients), len(tables.transplants)
    (33, 16)
    """
    folder = Path(directory) if directory is not None else data_dir()
    problem = _folder_problem(folder)
    if problem is not None:
        raise CohortDataError(folder, [problem])
    frames: dict[str, pd.DataFrame] = {}
    rows: dict[str, list[str]] = {}
    problems: list[str] = []
    for name, table in TABLES.items():
        try:
            frames[name], rows[name] = load_file(table, folder / table.filename)
        except CohortDataError as err:
            problems += [f"{table.filename}, {p}" for p in err.problems]
    if "patients" in frames and "transplants" in frames:
        problems += _transplant_problems(
            frames["patients"], rows["patients"], frames["transplants"], rows["transplants"]
        )
    if problems:
        raise CohortDataError(folder, problems)
    return CohortTables(
        patients=frames["patients"],
        transplants=frames["transplants"],
        adverse_events=frames["adverse_events"],
        transplant_adverse_events=frames["transplant_adverse_events"],
        baseline=frames["baseline_published"],
        humoral=frames["humoral_immunity"],
        claims=frames["published_claims"],
        comparators=frames["comparator_studies"],
    )
