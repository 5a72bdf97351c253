"""Load and validate the tables transcribed from Xie et al. (2023).

Every loader reads one CSV file of ``cohort_data/`` as text, parses each cell by
the column's declared kind (:mod:`helpers.schemas`), validates the typed frame
with a pandera schema, and returns a fresh :class:`pandas.DataFrame`. Nothing is
coerced or dropped silently: any cell that does not fit raises
:class:`CohortDataError`, whose message names the file, the column, the row, the
value found and what was expected.

Loaders never write. Each call reads the file again, so callers may change the
frame they get freely.

References
----------
Xie J, et al. Short-course blinatumomab for refractory/relapse precursor B acute
lymphoblastic leukemia in children. Front Pediatr. 2023;11:1187607.
doi:10.3389/fped.2023.1187607 (CC BY 4.0).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from helpers.schemas import TABLES, Column, Table

__all__ = [
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

_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_MAX_LISTED = 10


class CohortDataError(ValueError):
    """A cohort CSV file that does not match its specification.

    Attributes
    ----------
    path : pathlib.Path
        The file.
    problems : list of str
        One sentence per problem, each naming column, row, found and expected.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        shown = self.problems[:_MAX_LISTED]
        more = len(self.problems) - len(shown)
        lines = [f"{self.path}: {len(self.problems)} problem(s)"]
        lines += [f"  - {p}" for p in shown]
        if more:
            lines.append(f"  ... and {more} more")
        super().__init__("\n".join(lines))


def data_dir() -> Path:
    """Return the folder holding the transcribed CSV files.

    An installed wheel carries them inside the package (``helpers/_cohort_data``);
    a source checkout or editable install reads ``cohort_data/`` beside
    ``helpers/``. The answer does not depend on the working directory.

    Examples
    --------
    >>> (data_dir() / "patients.csv").is_file()
    True
    """
    packaged = resources.files("helpers") / "_cohort_data"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parent.parent / "cohort_data"
    if source.is_dir():
        return source
    raise FileNotFoundError(
        f"cohort data not found: looked for {packaged} (installed wheel) and {source} (source tree)"
    )


def _row_label(index: int) -> str:
    """Data row ``index`` (0-based) as a person counts it in the file."""
    return f"row {index + 1} (line {index + 2})"


def _parse_cell(col: Column, text: str, index: int, problems: list[str]) -> object:
    """Parse one cell; record a problem and return None when it does not fit."""

    def bad(why: str) -> None:
        problems.append(
            f"column {col.name!r}, {_row_label(index)}: found {text!r}, "
            f"expected {col.expectation()} ({why})"
        )

    if text == "":
        if not col.nullable:
            bad("missing value")
        return None
    if text != text.strip():
        bad("leading or trailing spaces")
        return None
    if col.kind == "int":
        if not _INT.fullmatch(text):
            bad("not a whole number")
            return None
        return int(text)
    if col.kind == "float":
        if not _FLOAT.fullmatch(text):
            bad("not a number")
            return None
        return float(text)
    if col.kind == "bool":
        if text not in ("true", "false"):
            bad("booleans are written true or false")
            return None
        return text == "true"
    return text


def _read_rows(path: Path, table: Table) -> list[list[str]]:
    if not path.is_file():
        raise CohortDataError(
            path, [f"file not found (expected the transcription of {table.source})"]
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CohortDataError(
            path,
            [
                f"byte {exc.start}: found {raw[exc.start : exc.start + 4]!r}, "
                "expected UTF-8 text (save the file as UTF-8)"
            ],
        ) from None
    if not text.strip():
        raise CohortDataError(path, ["the file is empty: expected a header and data rows"])
    rows = list(csv.reader(text.splitlines()))
    header, body = rows[0], rows[1:]
    expected = list(table.column_names)
    if len(header) == 1 and len(expected) > 1:
        found_delim = next((d for d in (";", "\t", "|") if d in header[0]), None)
        if found_delim is not None:
            raise CohortDataError(
                path,
                [f"header: found delimiter {found_delim!r}, expected comma-separated values"],
            )
    problems = []
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems += [f"column {c!r}: missing from the header, expected {expected}" for c in missing]
    problems += [f"column {c!r}: not in the specification, expected {expected}" for c in extra]
    if not problems and header != expected:
        problems.append(f"header: found columns in order {header}, expected {expected}")
    if problems:
        raise CohortDataError(path, problems)
    if not body:
        raise CohortDataError(path, ["no data rows below the header"])
    for i, row in enumerate(body):
        if len(row) != len(header):
            problems.append(
                f"{_row_label(i)}: found {len(row)} fields, expected {len(header)} "
                "(a stray comma or a wrong delimiter?)"
            )
    if problems:
        raise CohortDataError(path, problems)
    return body


def _schema(table: Table) -> pa.DataFrameSchema:
    columns = {}
    for col in table.columns:
        checks = []
        if col.allowed is not None:
            checks.append(pa.Check.isin(col.allowed))
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum))
        if col.pattern is not None:
            checks.append(pa.Check.str_matches(f"^(?:{col.pattern})$"))
        columns[col.name] = pa.Column(nullable=col.nullable, unique=col.unique, checks=checks)
    return pa.DataFrameSchema(
        columns,
        strict=True,
        ordered=True,
        unique=list(table.unique_together) or None,
    )


def _frame(table: Table, values: dict[str, list[object]]) -> pd.DataFrame:
    data = {}
    for col in table.columns:
        cells = values[col.name]
        has_missing = any(v is None for v in cells)
        if col.kind == "int":
            data[col.name] = pd.array(cells, dtype="Int64" if has_missing else "int64")
        elif col.kind == "float":
            data[col.name] = pd.array(
                [math.nan if v is None else v for v in cells], dtype="float64"
            )
        elif col.kind == "bool":
            data[col.name] = pd.array(cells, dtype="boolean" if has_missing else "bool")
        else:
            data[col.name] = pd.Series(cells, dtype="object")
    return pd.DataFrame(data)


def _describe_failures(table: Table, err: pa.errors.SchemaErrors) -> list[str]:
    by_name = {c.name: c for c in table.columns}
    problems = []
    for case in err.failure_cases.itertuples(index=False):
        col = by_name.get(case.column)
        index = case.index
        where = _row_label(int(index)) if index is not None and not pd.isna(index) else "table"
        expected = col.expectation() if col is not None else str(case.check)
        if str(case.check) == "field_uniqueness":
            expected = "a value not repeated in another row"
        elif str(case.check) == "multiple_fields_uniqueness":
            expected = f"each combination of {list(table.unique_together)} once"
        problems.append(
            f"column {case.column!r}, {where}: found {case.failure_case!r}, "
            f"expected {expected} (check {case.check})"
        )
    return problems


def load_table(name: str, path: str | Path | None = None) -> pd.DataFrame:
    """Load one table of ``cohort_data/`` by name, parsed and validated.

    Parameters
    ----------
    name : str
        A key of :data:`helpers.schemas.TABLES`, e.g. ``"patients"``.
    path : str or path-like, optional
        Read this file instead of the packaged one (for a fellow's own data, or
        for tests). It must follow the same specification.

    Returns
    -------
    pandas.DataFrame
        A fresh frame: integers as ``int64`` (``Int64`` when a column has
        missing cells), numbers as ``float64`` (``NaN`` when missing), booleans
        as ``bool`` and text as Python strings (``None`` when missing).

    Raises
    ------
    CohortDataError
        If the file is missing, empty, not UTF-8, not comma-separated, or any
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
    body = _read_rows(file, table)
    problems: list[str] = []
    values = {
        col.name: [_parse_cell(col, row[j], i, problems) for i, row in enumerate(body)]
        for j, col in enumerate(table.columns)
    }
    if problems:
        raise CohortDataError(file, problems)
    frame = _frame(table, values)
    try:
        _schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise CohortDataError(file, _describe_failures(table, err)) from None
    return frame


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


def load_cohort(directory: str | Path | None = None) -> CohortTables:
    """Load every table of one data directory together.

    Parameters
    ----------
    directory : str or path-like, optional
        A folder holding the files named in :data:`helpers.schemas.TABLES`;
        the shipped tables by default.

    Returns
    -------
    CohortTables

    Examples
    --------
    >>> tables = load_cohort()
    >>> len(tables.patients), len(tables.transplants)
    (33, 16)
    """
    folder = Path(directory) if directory is not None else data_dir()

    def read(name: str) -> pd.DataFrame:
        return load_table(name, folder / TABLES[name].filename)

    return CohortTables(
        patients=read("patients"),
        transplants=read("transplants"),
        adverse_events=read("adverse_events"),
        transplant_adverse_events=read("transplant_adverse_events"),
        baseline=read("baseline_published"),
        humoral=read("humoral_immunity"),
        claims=read("published_claims"),
        comparators=read("comparator_studies"),
    )
