"""Malformed input files: every one a CohortDataError naming file, column, row, found, expected.

Each test here failed on the loader before it read CSV through a file object,
bounded every number and guarded sizes and unreadable paths (issue 12).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from helpers import data
from helpers.schemas import TABLES


def _text(name: str) -> str:
    return (data.data_dir() / TABLES[name].filename).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_text(name), newline="")))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _with_cell(name: str, row: int, column: str, value: str) -> str:
    """The shipped table with data row ``row`` (1-based) of ``column`` set to ``value``."""
    rows = _rows(name)
    rows[row][rows[0].index(column)] = value
    return _csv(rows)


def _load(tmp_path: Path, name: str, text: str):
    path = tmp_path / TABLES[name].filename
    path.write_text(text, encoding="utf-8")
    return data.load_table(name, path)


def _error(tmp_path: Path, name: str, text: str) -> data.CohortDataError:
    with pytest.raises(data.CohortDataError) as info:
        _load(tmp_path, name, text)
    assert TABLES[name].filename in str(info.value)
    return info.value


# --- 1. every number has a sensible range; only finite numbers --------------------------------
NUMERIC = [
    (table.name, col)
    for table in TABLES.values()
    for col in table.columns
    if col.kind in ("int", "float")
]


@pytest.mark.parametrize(("table", "col"), NUMERIC, ids=[f"{t}.{c.name}" for t, c in NUMERIC])
def test_every_numeric_column_has_both_bounds(table, col):
    assert col.minimum is not None, f"{table}.{col.name} has no lower bound"
    assert col.maximum is not None, f"{table}.{col.name} has no upper bound"
    assert col.minimum < col.maximum


@pytest.mark.parametrize(("table", "col"), NUMERIC, ids=[f"{t}.{c.name}" for t, c in NUMERIC])
def test_a_value_just_above_the_bound_is_rejected(tmp_path, table, col):
    above = col.maximum + 1
    text = _with_cell(table, 1, col.name, f"{above:g}" if col.kind == "int" else f"{above!r}")
    message = str(_error(tmp_path, table, text))
    assert f"column {col.name!r}, row 1 (line 2): found {above:g}" in message
    assert f"to {col.maximum:g}" in message


def test_absurd_follow_up_is_rejected_before_any_analysis(tmp_path):
    text = _with_cell("patients", 7, "follow_up_months", "1e9")
    message = str(_error(tmp_path, "patients", text))
    assert "column 'follow_up_months', row 7 (line 8): found 1000000000.0" in message
    assert "from 0 to 240 (months)" in message


@pytest.mark.parametrize("value", ["1e309", "-1e309", "9" * 400 + ".5"])
def test_a_number_too_large_for_a_float_is_not_infinity(tmp_path, value):
    text = _with_cell("patients", 3, "follow_up_months", value)
    message = str(_error(tmp_path, "patients", text))
    assert f"column 'follow_up_months', row 3 (line 4): found {value[:20]!r}"[:-1] in message
    assert "too large to store as a number" in message


# --- 2. huge whole numbers ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("patients", "case_id", "1" + "0" * 20),
        ("transplants", "days_to_hsct", "1" + "0" * 20),
        ("transplants", "days_to_hsct", "-" + "9" * 30),
        ("patients", "case_id", "7" * 5000),  # beyond int()'s default digit limit
    ],
    ids=["case_id 1e20", "days 1e20", "days -1e30", "5000 digits"],
)
def test_huge_whole_number_is_a_cohort_data_error(tmp_path, table, column, value):
    err = _error(tmp_path, table, _with_cell(table, 2, column, value))
    (problem,) = err.problems
    assert problem.startswith(f"column {column!r}, row 2 (line 3): found '{value[:12]}")
    assert len(problem) < 200  # a 5000-digit cell is shown cut short
    assert "expected a whole number from" in problem
    assert "too many digits" in problem


# --- 3. CSV records, not text lines ------------------------------------------------------------
def test_a_quoted_line_break_is_kept_and_later_rows_keep_their_line_numbers(tmp_path):
    rows = _rows("published_claims")
    rows[1][rows[0].index("description")] = "first line\nsecond line"
    rows[3][rows[0].index("kind")] = "guess"
    with pytest.raises(data.CohortDataError) as info:
        _load(tmp_path, "published_claims", _csv(rows))
    # Data row 3 starts on line 5 of the file: row 1 takes lines 2 and 3.
    (problem,) = info.value.problems
    assert problem.startswith("column 'kind', row 3 (line 5): found 'guess'")
    rows[3][rows[0].index("kind")] = "count"
    frame = _load(tmp_path, "published_claims", _csv(rows))
    assert frame.loc[0, "description"] == "first line\nsecond line"
    assert len(frame) == len(rows) - 1


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1e"])
def test_unicode_line_separators_inside_a_cell_do_not_split_the_row(tmp_path, separator):
    text = _with_cell("published_claims", 2, "description", f"one{separator}two")
    frame = _load(tmp_path, "published_claims", text)
    assert len(frame) == len(_rows("published_claims")) - 1
    assert frame.loc[1, "description"] == f"one{separator}two"


def test_an_open_quote_is_pointed_at(tmp_path):
    lines = _text("patients").splitlines(keepends=True)
    lines[5] = lines[5].replace(",", ',"', 1)  # row 5: 5,"false,... and no closing quote
    message = str(_error(tmp_path, "patients", "".join(lines)))
    assert "row 5 (lines 6-34)" in message
    assert "a quote left open?" in message


def test_a_cell_the_csv_reader_refuses_is_a_cohort_data_error(tmp_path):
    text = _with_cell("published_claims", 1, "description", "x" * 200_000)
    (problem,) = _error(tmp_path, "published_claims", text).problems
    assert problem.startswith("line 2: found what the csv reader refuses (field larger than")


def test_crlf_line_endings_load_as_the_same_rows(tmp_path):
    frame = _load(tmp_path, "patients", _text("patients").replace("\n", "\r\n"))
    assert frame.equals(data.load_patients())


# --- 4. ASCII digits only ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("follow_up_months", "１９.３", "not a number"),  # fullwidth digits
        ("follow_up_months", "١٩.٣", "not a number"),  # Arabic-Indic digits
        ("case_id", "١", "not a whole number"),
        ("case_id", "²", "not a whole number"),
    ],
)
def test_only_ascii_digits_are_numbers(tmp_path, column, value, why):
    message = str(_error(tmp_path, "patients", _with_cell("patients", 1, column, value)))
    assert f"column {column!r}, row 1 (line 2): found {value!r}" in message
    assert why in message


# --- 6. the file itself ------------------------------------------------------------------------
def test_a_trailing_blank_line_is_named_as_such(tmp_path):
    text = _text("patients") + "\n"
    (problem,) = _error(tmp_path, "patients", text).problems
    assert problem.startswith("line 35: found a blank line, expected a data row")
    assert "stray comma" not in problem


def test_a_directory_is_not_reported_as_missing(tmp_path):
    folder = tmp_path / "patients.csv"
    folder.mkdir()
    with pytest.raises(data.CohortDataError) as info:
        data.load_patients(folder)
    (problem,) = info.value.problems
    assert problem.startswith("found a directory, expected a CSV file")
    assert "not found" not in problem


def test_an_unreadable_file_is_a_cohort_data_error(tmp_path, monkeypatch):
    path = tmp_path / "patients.csv"
    path.write_text(_text("patients"), encoding="utf-8")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(data.CohortDataError) as info:
        data.load_patients(path)
    (problem,) = info.value.problems
    assert problem.startswith("cannot be read (permission denied)")
    assert str(path) in str(info.value)


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path):
    rows = _rows("published_claims")
    body = rows[1:]
    text = _csv(rows)
    while len(text.encode("utf-8")) <= data.MAX_FILE_BYTES:
        text += _csv(body)
    size = len(text.encode("utf-8"))
    (problem,) = _error(tmp_path, "published_claims", text).problems
    assert problem.startswith(f"found {size:,} bytes, expected at most 1,000,000 bytes")


@pytest.mark.parametrize(
    ("table", "column", "value", "shown"),
    [
        ("transplants", "days_to_hsct", "-3", "-3"),  # a column with missing cells (Int64)
        ("comparator_studies", "n", "0", "0"),
        ("patients", "case_id", "-3", "-3"),
        ("patients", "mrd_pre_pct", "101", "101.0"),
    ],
)
def test_numbers_in_messages_read_as_numbers(tmp_path, table, column, value, shown):
    message = str(_error(tmp_path, table, _with_cell(table, 1, column, value)))
    assert f"column {column!r}, row 1 (line 2): found {shown}," in message
    assert "np." not in message
