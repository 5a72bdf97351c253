"""Tables loaded together: cross-table rules and the COHORT_DATA_DIR data directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import data
from helpers.schemas import TABLES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped tables to break."""
    copy = tmp_path / "cohort"
    copy.mkdir()
    for table in TABLES.values():
        shutil.copy(data.data_dir() / table.filename, copy / table.filename)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(data.CohortDataError) as info:
        data.load_cohort(folder)
    assert str(folder) in str(info.value)
    return info.value.problems


# --- cross-table rules -------------------------------------------------------------------------
def test_the_shipped_tables_load_together():
    tables = data.load_cohort()
    assert len(tables.patients) == 33
    assert len(tables.transplants) == 16
    assert len(tables.claims) == len(data.load_published_claims())


def test_a_transplant_of_a_child_not_in_patients(folder):
    _edit(folder / "transplants.csv", "\n15,1,30,", "\n15,1,99,")
    problems = _problems(folder)
    assert problems[0].startswith(
        "transplants.csv, column 'case_id', row 16 (line 17): found 99, "
        "expected a case_id of patients.csv"
    )


def test_a_transplant_of_a_child_whose_next_therapy_was_not_hsct(folder):
    _edit(folder / "transplants.csv", "\n2,1,5,", "\n2,1,2,")
    problems = _problems(folder)
    assert (
        "transplants.csv, column 'case_id', row 2 (line 3): found 2, expected a child whose "
        "follow_up_therapy is 'HSCT' (case 2 in patients.csv has 'CAR-T')"
    ) in problems


def test_one_first_transplant_per_child(folder):
    # Transplant 3 is moved onto case 5, who already has transplant 2.
    _edit(folder / "transplants.csv", "\n3,1,6,", "\n3,1,5,")
    problems = _problems(folder)
    assert any(
        p.startswith(
            "transplants.csv, column 'transplant_order', row 3 (line 4): found 1, expected one "
            "first transplant per child (case 5 has one in row 2)"
        )
        for p in problems
    ), problems


def test_a_second_transplant_needs_a_first(folder):
    path = folder / "transplants.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(ln for ln in lines if not ln.startswith("4,1,10,")) + "\n")
    problems = _problems(folder)
    assert (
        "transplants.csv, column 'transplant_order', row 4 (line 5): found 2, expected a "
        "second transplant only after a first (case 10 has no row with transplant_order 1)"
    ) in problems


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        pytest.param(
            "Mother,5/10,PT,,13,6,CR",
            "Mother,5/10,PT,20,13,6,CR",
            "transplants.csv, column 'days_to_hsct', row 5 (line 6): found 20, expected more "
            "than 21, the days to case 10's first transplant (row 4)",
            id="dated-before-the-first",
        ),
        pytest.param(
            "\n4,2,10,",
            "\n16,2,10,",
            "transplants.csv, column 'transplant_number', row 5 (line 6): found 16, expected 4, "
            "the number of case 10's first transplant (row 4)",
            id="under-another-number",
        ),
    ],
)
def test_a_second_transplant_must_follow_the_first(folder, old, new, problem):
    _edit(folder / "transplants.csv", old, new)
    assert _problems(folder) == [problem]


def test_a_bridged_child_without_a_dated_first_transplant(folder):
    _edit(folder / "transplants.csv", "BM + PT,38,15,18,CR", "BM + PT,,15,18,CR")
    case_3 = "\n3,false,Chemotherapy,30,27,,3,0.01,,true,"
    _edit(folder / "patients.csv", case_3 + "Chemotherapy,", case_3 + "HSCT,")
    problems = _problems(folder)
    assert (
        "transplants.csv, column 'days_to_hsct', row 1 (line 2): found '', expected the days "
        "to case 1's first transplant (only a second transplant may be undated)"
    ) in problems
    assert (
        "patients.csv, column 'follow_up_therapy', row 3 (line 4): found 'HSCT', expected a "
        "first transplant of case 3 in transplants.csv (there is none)"
    ) in problems


def test_every_problem_of_every_table_is_reported_at_once(folder):
    _edit(folder / "transplants.csv", "\n15,1,30,", "\n15,1,99,")
    _edit(folder / "transplants.csv", "\n2,1,5,", "\n2,1,2,")
    _edit(folder / "transplants.csv", "\n3,1,6,", "\n3,1,1,")
    _edit(folder / "transplants.csv", "\n4,2,10,", "\n16,2,10,")
    problems = _problems(folder)
    assert len(problems) >= 4
    assert {p.split(",")[1] for p in problems} >= {
        " column 'case_id'",
        " column 'transplant_order'",
    }
    assert all(" found " in p and ", expected " in p for p in problems)

    _edit(folder / "adverse_events.csv", "Fever,30,", "Fever,thirty,")
    _edit(folder / "patients.csv", "\n2,false,", "\n2,maybe,")
    problems = _problems(folder)
    assert [p.split(",")[0] for p in problems] == ["patients.csv", "adverse_events.csv"]


def test_cohort_errors_name_a_missing_folder(tmp_path):
    problems = _problems(tmp_path / "nowhere")
    assert problems == [
        "found no folder, expected a folder holding "
        + ", ".join(t.filename for t in TABLES.values())
    ]


# --- COHORT_DATA_DIR ---------------------------------------------------------------------------
def test_cohort_data_dir_points_every_loader_at_another_copy(folder, monkeypatch):
    _edit(folder / "patients.csv", "HSCT,true,19.3", "HSCT,true,19.4")
    monkeypatch.setenv("COHORT_DATA_DIR", str(folder))
    assert data.data_dir() == folder
    assert data.load_patients().loc[0, "follow_up_months"] == 19.4
    assert data.load_cohort().patients.loc[0, "follow_up_months"] == 19.4
    monkeypatch.delenv("COHORT_DATA_DIR")
    assert data.load_patients().loc[0, "follow_up_months"] == 19.3


def test_cohort_data_dir_relative_to_the_working_directory(folder, monkeypatch):
    monkeypatch.chdir(folder.parent)
    monkeypatch.setenv("COHORT_DATA_DIR", folder.name)
    assert data.data_dir() == folder


def test_an_empty_cohort_data_dir_means_the_shipped_tables(monkeypatch):
    shipped = data.data_dir()
    monkeypatch.setenv("COHORT_DATA_DIR", "")
    assert data.data_dir() == shipped


def _dir_error(monkeypatch, value: str) -> str:
    monkeypatch.setenv("COHORT_DATA_DIR", value)
    with pytest.raises(data.CohortDataError) as info:
        data.data_dir()
    message = str(info.value)
    assert "COHORT_DATA_DIR" in message
    assert value in message
    return message


def test_cohort_data_dir_that_does_not_exist(tmp_path, monkeypatch):
    message = _dir_error(monkeypatch, str(tmp_path / "nowhere"))
    assert "found no folder, expected a folder holding patients.csv" in message


def test_cohort_data_dir_that_is_a_file(folder, monkeypatch):
    message = _dir_error(monkeypatch, str(folder / "patients.csv"))
    assert "found a file, expected a folder holding patients.csv" in message


def test_cohort_data_dir_without_every_table(folder, monkeypatch):
    (folder / "transplants.csv").unlink()
    (folder / "humoral_immunity.csv").unlink()
    message = _dir_error(monkeypatch, str(folder))
    assert "found no transplants.csv, humoral_immunity.csv, expected every table" in message
