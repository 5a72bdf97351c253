"""The transcribed tables: loaders, validation errors, and agreement with the paper's prose."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import data
from helpers.schemas import TABLES

PATIENTS_CSV = data.data_dir() / "patients.csv"


def _write(tmp_path: Path, text: str, name: str = "patients.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _patients_text() -> str:
    return PATIENTS_CSV.read_text(encoding="utf-8")


def _replace_cell(text: str, case_id: int, column: str, value: str) -> str:
    lines = text.splitlines()
    header = lines[0].split(",")
    j = header.index(column)
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[0] == str(case_id):
            cells[j] = value
            lines[i] = ",".join(cells)
            return "\n".join(lines) + "\n"
    raise AssertionError(f"case {case_id} not found")


# --- every table loads and matches its specification ---------------------------------------
@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_loads_with_its_columns(name):
    frame = data.load_table(name)
    assert list(frame.columns) == list(TABLES[name].column_names)
    assert len(frame) > 0


def test_default_path_does_not_depend_on_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(data.load_patients()) == 33


def test_loaders_return_fresh_frames():
    first = data.load_patients()
    first.loc[0, "alive"] = False
    first.drop(columns="case_id", inplace=True)
    second = data.load_patients()
    assert bool(second.loc[0, "alive"]) is True
    assert "case_id" in second.columns


def test_loading_never_writes_into_cohort_data():
    from helpers.audit import run_audit

    def digest() -> dict[str, str]:
        folder = data.data_dir()
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() + str(p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())
        }

    before = digest()
    for name in TABLES:
        data.load_table(name)
    run_audit()
    assert digest() == before


def test_types_are_as_documented():
    p = data.load_patients()
    assert p["case_id"].dtype == "int64"
    assert p["complete_remission"].dtype == bool
    assert p["follow_up_months"].dtype == "float64"
    assert p["fusion_gene_pre"].isna().sum() == 26
    t = data.load_transplants()
    assert str(t["days_to_hsct"].dtype) == "Int64"  # number 4's second transplant is undated


# --- the data tie to what the paper says in its prose ----------------------------------------
def test_patients_agree_with_the_papers_prose():
    p = data.load_patients()
    cr = p["complete_remission"]
    therapy = p["follow_up_therapy"]
    assert len(p) == 33
    assert p["case_id"].tolist() == list(range(1, 34))
    assert int(cr.sum()) == 26  # "26 achieved complete remission"
    assert int((~p["alive"]).sum()) == 4  # 29/33 alive (abstract)
    assert int((cr & (therapy == "HSCT")).sum()) == 15  # "15 underwent bridging HSCT"
    assert int((cr & (therapy != "HSCT")).sum()) == 11  # "11 did not receive HSCT"
    assert int((cr & (therapy == "Chemotherapy")).sum()) == 8  # "8 ... continued chemotherapy"
    assert int((cr & (therapy == "Blinatumomab")).sum()) == 2  # "2 ... second cycle"
    assert int((cr & (therapy == "CAR-T")).sum()) == 1  # "1 (relapsed) received CAR-T"
    assert int((~cr & (therapy == "CAR-T")).sum()) == 5  # "five received CAR-T cells"
    assert int((~cr & (therapy == "none")).sum()) == 2  # "two discontinued treatment"
    assert int((cr & p["alive"]).sum()) == 25  # OS in CR 25/26
    assert int((~cr & p["alive"]).sum()) == 4  # OS without CR 4/7
    assert int(p["fusion_marker"].sum()) == 7  # "seven cases were only positive for fusion genes"
    counts = p["prior_therapy"].value_counts()
    assert counts.to_dict() == {
        "Chemotherapy": 27,
        "Chemotherapy + CAR-T": 5,
        "Chemotherapy + CAR-T + HSCT": 1,
    }


def test_fusion_marker_matches_the_named_genes():
    p = data.load_patients()
    assert (p["fusion_marker"] == p["fusion_gene_pre"].notna()).all()
    assert (p["fusion_marker"] == (p["fusion_gene_post"] == "Negative")).all()


def test_transplants_map_onto_bridged_children():
    p = data.load_patients().set_index("case_id")
    t = data.load_transplants()
    first = t[t["transplant_order"] == 1]
    assert first["transplant_number"].tolist() == list(range(1, 16))
    bridged = p.index[p["follow_up_therapy"] == "HSCT"].tolist()
    # The mapping: Table 4's k-th transplant is Table 2's k-th child with HSCT.
    assert first["case_id"].tolist() == bridged
    # Evidence: the only death in Table 4 (number 9) is the only bridged child who died (case 20).
    died = first.loc[first["final_status"] == "death", "case_id"].tolist()
    assert died == p.index[(p["follow_up_therapy"] == "HSCT") & ~p["alive"]].tolist() == [20]
    second = t[t["transplant_order"] == 2]
    assert second["transplant_number"].tolist() == [4]
    assert second["days_to_hsct"].isna().all()


def test_published_tables_add_up_where_the_paper_says():
    ae = data.load_adverse_events()
    assert int(ae["all_grade_n"].sum()) == 163  # "There were 163 adverse events"
    assert int(ae["grade_3_4_n"].sum()) == 79  # "79 (48.5%) were grade 3 or higher"
    tae = data.load_transplant_adverse_events().set_index("adverse_event")
    for parent in ("GVHD", "Infection"):
        children = tae.loc[tae["parent"] == parent, "n"].sum()
        assert children == tae.loc[parent, "n"]


# --- bad input gives a clear error -----------------------------------------------------------
def _error(tmp_path, text, name="patients.csv", table="patients") -> str:
    with pytest.raises(data.CohortDataError) as info:
        data.load_table(table, _write(tmp_path, text, name))
    return str(info.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(data.CohortDataError, match=r"(?s)nowhere\.csv.*file not found"):
        data.load_patients(tmp_path / "nowhere.csv")


def test_empty_file(tmp_path):
    assert "the file is empty" in _error(tmp_path, "")


def test_header_without_rows(tmp_path):
    assert "no data rows" in _error(tmp_path, _patients_text().splitlines()[0] + "\n")


def test_missing_column(tmp_path):
    lines = [",".join(line.split(",")[:-1]) for line in _patients_text().splitlines()]
    message = _error(tmp_path, "\n".join(lines) + "\n")
    assert "patients.csv" in message
    assert "column 'follow_up_months': missing from the header" in message


def test_unknown_category_names_file_column_row_found_expected(tmp_path):
    text = _replace_cell(_patients_text(), 5, "follow_up_therapy", "Surgery")
    message = _error(tmp_path, text)
    assert "patients.csv" in message
    assert "column 'follow_up_therapy', row 5 (line 6): found 'Surgery'" in message
    assert "expected one of 'HSCT'" in message


def test_non_numeric_follow_up(tmp_path):
    text = _replace_cell(_patients_text(), 7, "follow_up_months", "about 15")
    message = _error(tmp_path, text)
    assert "column 'follow_up_months', row 7 (line 8): found 'about 15'" in message
    assert "not a number" in message


def test_negative_follow_up(tmp_path):
    text = _replace_cell(_patients_text(), 7, "follow_up_months", "-1.5")
    message = _error(tmp_path, text)
    assert "column 'follow_up_months', row 7 (line 8): found -1.5" in message
    assert "from 0 to 240 (months)" in message


def test_percentage_out_of_range(tmp_path):
    text = _replace_cell(_patients_text(), 2, "mrd_pre_pct", "140.5")
    message = _error(tmp_path, text)
    assert "column 'mrd_pre_pct', row 2 (line 3): found 140.5" in message
    assert "from 0 to 100 (%)" in message


def test_duplicate_case_id(tmp_path):
    text = _replace_cell(_patients_text(), 3, "case_id", "2")
    message = _error(tmp_path, text)
    assert "column 'case_id', row 2 (line 3): found 2" in message
    assert "column 'case_id', row 3 (line 4): found 2" in message
    assert "not repeated" in message


def test_boolean_must_be_true_or_false(tmp_path):
    text = _replace_cell(_patients_text(), 4, "alive", "N")
    assert "column 'alive', row 4 (line 5): found 'N'" in _error(tmp_path, text)


def test_missing_required_value(tmp_path):
    text = _replace_cell(_patients_text(), 9, "complete_remission", "")
    assert "row 9 (line 10): found '', expected true or false (missing value)" in _error(
        tmp_path, text
    )


def test_whitespace_is_not_trimmed_silently(tmp_path):
    text = _replace_cell(_patients_text(), 1, "prior_therapy", " Chemotherapy")
    assert "leading or trailing spaces" in _error(tmp_path, text)


def test_wrong_delimiter(tmp_path):
    message = _error(tmp_path, _patients_text().replace(",", ";"))
    assert "found delimiter ';', expected comma-separated values" in message


def test_stray_field(tmp_path):
    lines = _patients_text().splitlines()
    lines[3] += ",extra"
    assert "row 3 (line 4): found 14 fields, expected 13" in _error(tmp_path, "\n".join(lines))


def test_wrong_encoding(tmp_path):
    path = tmp_path / "patients.csv"
    path.write_bytes(_patients_text().replace("Chemotherapy", "Chimiothérapie").encode("latin-1"))
    with pytest.raises(data.CohortDataError, match="expected UTF-8 text"):
        data.load_patients(path)


def test_every_problem_is_reported_at_once(tmp_path):
    text = _replace_cell(_patients_text(), 2, "alive", "maybe")
    text = _replace_cell(text, 3, "blasts_pre_pct", "lots")
    with pytest.raises(data.CohortDataError) as error:
        data.load_patients(_write(tmp_path, text))
    assert len(error.value.problems) == 2


def test_transplant_duplicates_of_number_and_order(tmp_path):
    text = (data.data_dir() / "transplants.csv").read_text(encoding="utf-8")
    text = text.replace("\n4,2,10,", "\n4,1,10,")
    message = _error(tmp_path, text, "transplants.csv", "transplants")
    assert "transplant_number" in message
    assert "once" in message


def test_unknown_table():
    with pytest.raises(KeyError, match="unknown table 'table7'"):
        data.load_table("table7")


# --- the dictionary documents every column ---------------------------------------------------
def _dictionary_rows():
    readme = (Path(__file__).resolve().parents[1] / "cohort_data" / "README.md").read_text(
        encoding="utf-8"
    )
    for table in TABLES.values():
        section = readme.split(f"### `{table.filename}`", 1)
        assert len(section) == 2, f"cohort_data/README.md has no section for {table.filename}"
        body = section[1].split("\n### ", 1)[0]
        for col in table.columns:
            row = next((ln for ln in body.splitlines() if ln.startswith(f"| `{col.name}` ")), None)
            assert row is not None, f"{table.filename}: column {col.name} not documented"
            yield table, col, row


def test_data_dictionary_documents_every_column():
    for table, col, row in _dictionary_rows():
        assert f"| {col.kind} |" in row, f"{table.filename}: {col.name} type should be {col.kind}"


def test_data_dictionary_states_every_range():
    for table, col, row in _dictionary_rows():
        if col.kind not in ("int", "float"):
            continue
        assert col.minimum is not None
        assert col.maximum is not None
        low, high = f"{col.minimum:g}", f"{col.maximum:g}"
        stated = f"{low} to {high}" if col.minimum < 0 else f"{low}-{high}"
        allowed = row.strip().strip("|").split("|")[3].strip()
        assert stated in allowed, (
            f"{table.filename}: {col.name} should state the range {stated}, found {allowed!r}"
        )
