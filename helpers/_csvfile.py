"""Reading and checking one CSV file of the data directory (:func:`load_file`).

Private to :mod:`helpers.data`, which documents the behaviour: a file is read
whole only when it is a readable file of at most :data:`MAX_FILE_BYTES`; it is
split into CSV records (a quoted line break stays in its cell, and each record
keeps the lines it spans for the messages); each cell is parsed by its column's
kind, with ASCII digits only and no number too large for its type; the typed
frame is validated by a pandera schema built from :mod:`helpers.schemas`.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from helpers.schemas import Column, Table

#: The largest file a loader reads; the shipped tables are a few kilobytes each.
MAX_FILE_BYTES = 1_000_000

# ASCII digits only: ``\d`` alone would read "１９" or "١٩" as numbers.
_INT = re.compile(r"-?\d+", re.ASCII)
_FLOAT = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
_INT_DIGITS = 18  # every whole number of up to 18 digits fits in an int64
_MAX_LISTED = 10


class CohortDataError(ValueError):
    """A cohort CSV file that does not match its specification.

    Attributes
    ----------
    path : pathlib.Path
        The file (or, for a whole data directory, the folder).
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


CohortDataError.__module__ = "helpers.data"  # where users import it from


def _row_label(index: int, first: int, last: int) -> str:
    """Data row ``index`` (0-based), which spans lines ``first``-``last`` of the file."""
    lines = f"line {first}" if last == first else f"lines {first}-{last}"
    return f"row {index + 1} ({lines})"


def _shown(text: str) -> str:
    """A cell as quoted in a message; a very long one is cut short."""
    return repr(text) if len(text) <= 40 else f"{text[:30]!r}... ({len(text)} characters)"


def _parse_cell(col: Column, text: str, where: str, problems: list[str]) -> object:
    """Parse one cell; record a problem and return None when it does not fit."""

    def bad(why: str) -> None:
        problems.append(
            f"column {col.name!r}, {where}: found {_shown(text)}, "
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
        if len(text.lstrip("-").lstrip("0")) > _INT_DIGITS:
            bad("too many digits")
            return None
        return int(text)
    if col.kind == "float":
        if not _FLOAT.fullmatch(text):
            bad("not a number")
            return None
        value = float(text)
        if not math.isfinite(value):
            bad("too large to store as a number")
            return None
        return value
    if col.kind == "bool":
        if text not in ("true", "false"):
            bad("booleans are written true or false")
            return None
        return text == "true"
    return text


def _read_text(path: Path, table: Table) -> str:
    """The file's text, refused when it is no readable, UTF-8 file of sensible size."""
    try:
        if path.is_dir():
            raise CohortDataError(
                path,
                [f"found a directory, expected a CSV file (the transcription of {table.source})"],
            )
        if not path.exists():
            raise CohortDataError(
                path, [f"file not found (expected the transcription of {table.source})"]
            )
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            raw = file.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise CohortDataError(
            path, ["cannot be read (permission denied): expected a file this user may read"]
        ) from None
    except OSError as exc:
        raise CohortDataError(
            path, [f"cannot be read ({exc.strerror or exc}): expected a readable CSV file"]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise CohortDataError(
            path,
            [
                f"found {max(size, len(raw)):,} bytes, expected at most {MAX_FILE_BYTES:,} bytes "
                "(the tables are a few kilobytes: is this the right file?)"
            ],
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CohortDataError(
            path,
            [
                f"byte {exc.start}: found {raw[exc.start : exc.start + 4]!r}, "
                "expected UTF-8 text (save the file as UTF-8)"
            ],
        ) from None


def _read_rows(path: Path, table: Table) -> tuple[list[list[str]], list[str]]:
    """The data records of a CSV file and a label (row and lines) for each."""
    text = _read_text(path, table)
    if not text.strip():
        raise CohortDataError(path, ["the file is empty: expected a header and data rows"])
    # CSV records, not text lines: a quoted line break stays in its cell, and only
    # \n, \r\n and \r end a record (str.splitlines would also split at U+2028, U+0085...).
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, int, list[str]]] = []
    try:
        for cells in reader:
            first = records[-1][1] + 1 if records else 1
            records.append((first, reader.line_num, cells))
    except csv.Error as exc:
        raise CohortDataError(
            path,
            [
                f"line {reader.line_num}: found what the csv reader refuses ({exc}), "
                "expected comma-separated values"
            ],
        ) from None
    header, body = records[0][2], records[1:]
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
    labels = [_row_label(i, first, last) for i, (first, last, _) in enumerate(body)]
    for (first, last, cells), label in zip(body, labels, strict=True):
        if not cells:
            problems.append(
                f"line {first}: found a blank line, expected a data row (delete the empty line)"
            )
        elif len(cells) != len(header):
            hint = "a quote left open?" if last > first else "a stray comma or a wrong delimiter?"
            problems.append(f"{label}: found {len(cells)} fields, expected {len(header)} ({hint})")
    if problems:
        raise CohortDataError(path, problems)
    return [cells for _, _, cells in body], labels


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


def _describe_failures(table: Table, err: pa.errors.SchemaErrors, labels: list[str]) -> list[str]:
    by_name = {c.name: c for c in table.columns}
    problems = []
    for case in err.failure_cases.itertuples(index=False):
        col = by_name.get(case.column)
        index = case.index
        where = labels[int(index)] if index is not None and not pd.isna(index) else "table"
        expected = col.expectation() if col is not None else str(case.check)
        if str(case.check) == "field_uniqueness":
            expected = "a value not repeated in another row"
        elif str(case.check) == "multiple_fields_uniqueness":
            expected = f"each combination of {list(table.unique_together)} once"
        found = case.failure_case
        found = found.item() if hasattr(found, "item") else found  # -3, not np.int64(-3)
        problems.append(
            f"column {case.column!r}, {where}: found {found!r}, "
            f"expected {expected} (check {case.check})"
        )
    return problems


def load_file(table: Table, file: Path) -> tuple[pd.DataFrame, list[str]]:
    """One table, parsed and validated, and the label of each of its rows."""
    body, labels = _read_rows(file, table)
    problems: list[str] = []
    values = {
        col.name: [_parse_cell(col, row[j], labels[i], problems) for i, row in enumerate(body)]
        for j, col in enumerate(table.columns)
    }
    if problems:
        raise CohortDataError(file, problems)
    frame = _frame(table, values)
    try:
        _schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise CohortDataError(file, _describe_failures(table, err, labels)) from None
    return frame, labels
