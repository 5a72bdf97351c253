"""Tests for tools.series and for every notebook committed in notebooks/.

The first block runs on the real notebooks (parametrised over the files
present); the rest tests the checker, the index, execution and export on
small synthetic notebooks built with nbformat in tmp_path.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbval.plugin import get_sanitize_patterns

from tools.series import (
    INDEX_BANNER,
    MAX_NOTEBOOK_BYTES,
    READER_HIDDEN_TAG,
    SETUP_TAG,
    SKELETON,
    build_index,
    check_hidden_setup,
    check_hygiene,
    check_notebook,
    check_reader_hidden,
    check_skeleton,
    execute_notebook,
    headings,
    list_notebooks,
    main,
    normalise,
    notebook_info,
    write_index,
)
from tools.series_checks import check_links, check_run_note
from tools.series_prose import check_prose_numbers, printed_decimals

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO / "notebooks"
NOTEBOOKS = list_notebooks(NOTEBOOKS_DIR)
SANITIZE_CFG = REPO / "tests" / "nbval_sanitize.cfg"

on_every_notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])


# ============================================================ the committed notebooks


def test_the_series_has_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no NN-*.ipynb"
    assert NOTEBOOKS[0].name == "00-start-here.ipynb"


@on_every_notebook
def test_skeleton(path):
    assert check_skeleton(path) == []


@on_every_notebook
def test_hidden_setup(path):
    assert check_hidden_setup(path) == []


@on_every_notebook
def test_says_how_to_run_it_near_the_top(path):
    assert check_run_note(path) == []


@on_every_notebook
def test_exercise_and_dashboard_code_is_hidden_from_readers(path):
    assert check_reader_hidden(path) == []


@on_every_notebook
def test_links_within_the_notebook_lead_to_a_heading(path):
    assert check_links(path) == []


@on_every_notebook
def test_notebook_is_small(path):
    assert path.stat().st_size < MAX_NOTEBOOK_BYTES


@on_every_notebook
def test_no_forbidden_content(path):
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "sys.path" not in raw
    assert not re.search(r"^\s*from\s+\S+\s+import\s+\*", code, re.MULTILINE)
    assert "FigureWidget" not in code
    assert "application/vnd.jupyter.widget-state+json" not in raw
    assert "widgets" not in nb.metadata
    assert check_hygiene(path) == []


@on_every_notebook
def test_no_volatile_cell_metadata(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert "execution" not in cell.metadata
        assert "ExecuteTime" not in cell.metadata


@on_every_notebook
def test_notebook_was_executed_in_order(path):
    nb = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run 'python -m tools.series execute'"


def test_index_is_up_to_date():
    committed = (NOTEBOOKS_DIR / "README.md").read_text(encoding="utf-8")
    assert committed == build_index(NOTEBOOKS_DIR), "run 'python -m tools.series index'"


# ============================================================ synthetic notebooks

GOOD_CELLS = [
    ("md", "# 01 · Demo notebook\n\nIntro."),
    ("md", "## Overview\n\nYou will:\n\n1. Learn one thing.\n2. Learn another\n   thing."),
    ("md", "## Prerequisites\n\nNotebook 00. Then choose Run ▸ Run All Cells."),
    ("setup", "from math import sqrt  # setup\nimport statistics"),
    ("md", "## Content\n\nSome text."),
    ("code", "sqrt(4)"),
    ("md", "### Try it\n\nMove it."),
    ("md", "### Check yourself\n\nAnswer it."),
    ("md", "## Summary\n\n- Done."),
    ("md", "## What next\n\nNotebook 02."),
    ("md", "## References\n\n1. A paper."),
]


def build(cells=None):
    """A notebook from (kind, source) pairs; kind is md, code or setup."""
    nb_cells = []
    for kind, source in GOOD_CELLS if cells is None else cells:
        if kind == "md":
            nb_cells.append(new_markdown_cell(source))
        elif kind == "code":
            nb_cells.append(new_code_cell(source))
        else:
            meta = {"tags": [SETUP_TAG], "jupyter": {"source_hidden": True}}
            nb_cells.append(new_code_cell(source, metadata=meta))
    nb = new_notebook(cells=nb_cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def save(nb, folder: Path, name: str = "01-demo.ipynb") -> Path:
    path = folder / name
    nbformat.write(nb, path)
    return path


def replace_cell(index, kind, source):
    cells = list(GOOD_CELLS)
    cells[index] = (kind, source)
    return cells


def without_cell(index):
    return [cell for i, cell in enumerate(GOOD_CELLS) if i != index]


def test_skeleton_constant_describes_the_order():
    assert SKELETON[0].startswith("# NN · ")
    assert SKELETON[1:3] == ("## Overview", "## Prerequisites")
    assert SKELETON[-3:] == ("## Summary", "## What next", "## References")


def test_good_synthetic_notebook_passes(tmp_path):
    path = save(build(), tmp_path)
    assert check_notebook(path) == []


def test_headings_ignore_fenced_code():
    nb = build([("md", "# 01 · T\n\n```python\n# not a heading\n```\n## Overview")])
    assert [(h.level, h.text) for h in headings(nb)] == [(1, "01 · T"), (2, "Overview")]


BAD_SKELETONS = {
    "missing-overview": (without_cell(1), "first '##' sections should be"),
    "swapped-leading": (
        [GOOD_CELLS[0], GOOD_CELLS[2], GOOD_CELLS[1], *GOOD_CELLS[3:]],
        "first '##' sections should be",
    ),
    "missing-references": (without_cell(10), "last '##' sections should be"),
    "trailing-out-of-order": (
        [*GOOD_CELLS[:8], GOOD_CELLS[9], GOOD_CELLS[8], GOOD_CELLS[10]],
        "last '##' sections should be",
    ),
    "no-objectives": (replace_cell(1, "md", "## Overview\n\nJust prose."), "numbered list"),
    "empty-summary": (replace_cell(8, "md", "## Summary"), "'## Summary' is empty"),
    "no-check-yourself": (without_cell(7), "'Check yourself' heading"),
    "check-yourself-after-summary": (
        [*without_cell(7), ("md", "### Check yourself\n\nLate.")],
        "between Prerequisites and Summary",
    ),
    "check-yourself-too-deep": (
        replace_cell(7, "md", "#### Check yourself\n\nToo deep."),
        "should be a '##' or '###' heading",
    ),
    "no-content-section": (
        [*GOOD_CELLS[:4], ("md", "## Check yourself\n\nOnly this."), *GOOD_CELLS[8:]],
        "at least one content section",
    ),
    "duplicate-summary": (
        [*GOOD_CELLS[:5], ("md", "## Summary\n\nEarly."), *GOOD_CELLS[5:]],
        "'## Summary' appears 2 times",
    ),
    "title-without-number": (replace_cell(0, "md", "# Demo notebook"), "should read 'NN · Title'"),
    "title-number-mismatch": (
        replace_cell(0, "md", "# 02 · Demo notebook"),
        "does not match file name prefix 01",
    ),
    "two-titles": ([*GOOD_CELLS, ("md", "# 01 · Again")], "exactly one '# NN · Title'"),
    "title-not-first": ([("md", "Preface."), *GOOD_CELLS], "must open the first cell"),
}


@pytest.mark.parametrize(("cells", "expected"), BAD_SKELETONS.values(), ids=BAD_SKELETONS.keys())
def test_bad_skeletons_are_reported(tmp_path, cells, expected):
    problems = check_skeleton(save(build(cells), tmp_path))
    assert any(expected in problem for problem in problems), problems


def test_bad_file_name_is_reported(tmp_path):
    problems = check_skeleton(save(build(), tmp_path, "Demo Notebook.ipynb"))
    assert any("NN-short-name.ipynb" in problem for problem in problems)


def test_check_yourself_may_be_a_level_two_section(tmp_path):
    cells = replace_cell(7, "md", "## Check yourself: dosing\n\nQuestions.")
    assert check_skeleton(save(build(cells), tmp_path)) == []


BAD_SETUPS = {
    "untagged-setup": (replace_cell(3, "code", "import math"), "should carry the tag"),
    "setup-not-imports": (
        replace_cell(3, "setup", "import math\nx = 1"),
        "first code cell (cell 3) should contain only imports",
    ),
    "hidden-analysis": (replace_cell(5, "setup", "sqrt(4)"), "do not hide analysis code"),
    "no-code": ([c for c in GOOD_CELLS if c[0] == "md"], "no code cell"),
}


@pytest.mark.parametrize(("cells", "expected"), BAD_SETUPS.values(), ids=BAD_SETUPS.keys())
def test_bad_setup_cells_are_reported(tmp_path, cells, expected):
    problems = check_hidden_setup(save(build(cells), tmp_path))
    assert any(expected in problem for problem in problems), problems


def test_setup_cell_must_be_collapsed_and_silent(tmp_path):
    nb = build()
    setup = nb.cells[3]
    del setup.metadata["jupyter"]
    setup.outputs = [new_output("stream", name="stdout", text="hello\n")]
    problems = check_hidden_setup(save(nb, tmp_path))
    assert any("should be collapsed" in problem for problem in problems)
    assert any("should produce no output" in problem for problem in problems)


def test_two_leading_setup_cells_both_need_the_tag(tmp_path):
    cells = [*GOOD_CELLS[:4], ("code", "import os"), *GOOD_CELLS[4:]]
    problems = check_hidden_setup(save(build(cells), tmp_path))
    assert problems == ["setup cell 4 should carry the tag 'hide-input'"]


def test_a_notebook_must_say_how_to_run_it_before_its_code(tmp_path):
    silent = replace_cell(2, "md", "## Prerequisites\n\nNotebook 00.")
    assert check_run_note(save(build(silent), tmp_path)) != []
    late = [*silent, ("md", "Choose Run ▸ Run All Cells.")]  # after the first code cell
    assert check_run_note(save(build(late), tmp_path)) != []


EXERCISE_CELL = 'exercise_widget(Exercise(id="q", question="?", kind="number", answer=1))'
DASHBOARD_CELL = "# NBVAL_IGNORE_OUTPUT\nSurvivalDashboard(frame)"


@pytest.mark.parametrize("source", [EXERCISE_CELL, DASHBOARD_CELL], ids=["exercise", "dashboard"])
def test_exercise_and_dashboard_cells_must_be_hidden(tmp_path, source):
    cells = [*GOOD_CELLS[:6], ("code", source), *GOOD_CELLS[6:]]
    problems = check_reader_hidden(save(build(cells), tmp_path))
    assert problems == [
        f"cell 6 is an exercise or dashboard cell: tag it '{READER_HIDDEN_TAG}' "
        "(python -m tools.series execute does) so readers see the widget, not its code"
    ]
    assert any("cell 6 is an exercise" in p for p in check_notebook(save(build(cells), tmp_path)))
    fixed = normalise(build(cells))
    assert fixed.cells[6].metadata["tags"] == [READER_HIDDEN_TAG]
    assert fixed.cells[6].metadata["jupyter"]["source_hidden"] is True
    assert check_reader_hidden(save(fixed, tmp_path)) == []
    assert fixed.cells[5].metadata.get("tags") is None  # analysis code stays visible


def test_a_tagged_cell_must_also_be_collapsed(tmp_path):
    nb = build()
    nb.cells[5].metadata["tags"] = [READER_HIDDEN_TAG]
    problems = check_reader_hidden(save(nb, tmp_path))
    assert problems == [
        f"cell 5 is tagged '{READER_HIDDEN_TAG}' but open in the lab: "
        "run 'python -m tools.series execute' to collapse it"
    ]
    assert check_reader_hidden(save(normalise(nb), tmp_path)) == []


def test_links_to_headings_must_resolve(tmp_path):
    save(build(), tmp_path, "00-start.ipynb")
    cells = [
        *GOOD_CELLS,
        ("md", "Back to [Try it](#Try-it) or [the quiz](#Quiz)."),
        ("md", "See [it](00-start.ipynb#Content), [this](00-start.ipynb#Nope), [x](09-x.ipynb#A)."),
    ]
    assert check_links(save(build(cells), tmp_path)) == [
        "cell 11: the link to #Quiz matches no heading",
        "cell 12: the link to 00-start.ipynb#Nope matches no heading",
        "cell 12: the link to 09-x.ipynb#A matches no heading",
    ]


def test_hygiene_flags(tmp_path):
    nb = build(
        [
            *GOOD_CELLS,
            ("code", "import sys\nsys.path.insert(0, '..')"),
            ("code", "from math import *"),
            ("code", "import plotly.graph_objects as go\ngo.FigureWidget()"),
        ]
    )
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["kernelspec"]["name"] = "other"
    problems = check_hygiene(save(nb, tmp_path))
    for expected in ("sys.path", "star import", "FigureWidget", "widget state", "kernelspec"):
        assert any(expected in problem for problem in problems), (expected, problems)


def test_hygiene_flags_a_large_notebook(tmp_path):
    nb = build()
    nb.cells[5].outputs = [
        new_output(
            "execute_result", data={"text/plain": "x" * MAX_NOTEBOOK_BYTES}, execution_count=1
        )
    ]
    problems = check_hygiene(save(nb, tmp_path))
    assert any("keep notebooks under" in problem for problem in problems)


# ============================================================ index


def test_notebook_info_reads_title_and_objectives(tmp_path):
    info = notebook_info(save(build(), tmp_path))
    assert (info.number, info.title) == ("01", "Demo notebook")
    assert info.objectives == ("Learn one thing.", "Learn another thing.")


def test_notebook_info_needs_a_title(tmp_path):
    with pytest.raises(ValueError, match="no '# NN · Title' heading"):
        notebook_info(save(build(replace_cell(0, "md", "# Untitled")), tmp_path))


def test_build_index_orders_by_number(tmp_path):
    second = build(replace_cell(0, "md", "# 02 · Second"))
    save(second, tmp_path, "02-second.ipynb")
    save(build(), tmp_path, "01-demo.ipynb")
    save(build(), tmp_path, "scratch.ipynb")  # not part of the series
    index = build_index(tmp_path)
    assert index.startswith(INDEX_BANNER + "\n")
    assert "do not edit" in index
    assert index.index("## 01 · [Demo notebook](01-demo.ipynb)") < index.index(
        "## 02 · [Second](02-second.ipynb)"
    )
    assert "1. Learn one thing.\n2. Learn another thing." in index
    assert "scratch" not in index
    assert index.endswith("\n")


def test_index_command_writes_and_checks(tmp_path, capsys):
    save(build(), tmp_path)
    folder = str(tmp_path)
    assert main(["index", "--notebooks-dir", folder, "--check"]) == 1
    assert "is stale" in capsys.readouterr().err
    assert main(["index", "--notebooks-dir", folder]) == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == build_index(tmp_path)
    assert main(["index", "--notebooks-dir", folder, "--check"]) == 0
    assert write_index(tmp_path) == tmp_path / "README.md"


def test_check_command_exit_status(tmp_path, capsys):
    good = save(build(), tmp_path)
    bad = save(build(without_cell(7)), tmp_path, "02-bad.ipynb")
    assert main(["check", str(good)]) == 0
    assert main(["check", str(good), str(bad)]) == 1
    assert "02-bad.ipynb: add at least one 'Check yourself'" in capsys.readouterr().err


def test_module_runs_as_a_command():
    result = subprocess.run(
        [sys.executable, "-m", "tools.series", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


# ============================================================ normalise, execute, export


def test_normalise_strips_volatile_metadata():
    nb = build()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nb.cells[5].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.cells[5].metadata["ExecuteTime"] = {"end_time": "2026-01-01T00:00:00Z"}
    del nb.cells[3].metadata["jupyter"]
    before = copy.deepcopy(nb.cells[5].source)
    assert normalise(nb) is nb
    assert "widgets" not in nb.metadata
    assert "execution" not in nb.cells[5].metadata
    assert "ExecuteTime" not in nb.cells[5].metadata
    assert nb.cells[3].metadata["jupyter"]["source_hidden"] is True
    assert nb.cells[5].source == before


def test_normalise_gives_widget_views_stable_model_ids():
    def run_once():
        nb = build()
        nb.cells[5].id = "fixed-id"
        view = {"model_id": uuid.uuid4().hex, "version_major": 2, "version_minor": 0}
        nb.cells[5].outputs = [
            new_output(
                "display_data",
                data={"application/vnd.jupyter.widget-view+json": view, "text/plain": "w"},
            )
        ]
        return normalise(nb).cells[5].outputs[0]["data"]

    first, second = run_once(), run_once()
    assert first == second
    assert re.fullmatch(
        r"[0-9a-f]{32}", first["application/vnd.jupyter.widget-view+json"]["model_id"]
    )
    assert first["text/plain"] == "w"


def test_execute_notebook_in_place(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = [
        ("setup", "import os\nimport ipywidgets"),
        ("code", "print(os.path.basename(os.getcwd()))"),
        ("code", "ipywidgets.IntSlider(value=3)"),
    ]
    path = save(build(cells), folder)
    execute_notebook(path, timeout=120)
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata
    assert [c.execution_count for c in nb.cells] == [1, 2, 3]
    assert nb.cells[1].outputs[0]["text"] == "notebooks\n"
    slider = nb.cells[2].outputs[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in slider
    assert "IntSlider" in slider["text/plain"]
    assert all("execution" not in c.metadata for c in nb.cells)
    assert "application/vnd.jupyter.widget-state+json" not in path.read_text(encoding="utf-8")
    first_run = path.read_bytes()
    assert main(["execute", str(path), "--timeout", "120"]) == 0
    assert path.read_bytes() == first_run, "re-running an unchanged notebook changed the file"


# ============================================================ nbval sanitize patterns


def sanitize(text: str) -> str:
    for regex, replacement in get_sanitize_patterns(SANITIZE_CFG.read_text(encoding="utf-8")):
        text = re.sub(regex, replacement, text)
    return text


@pytest.mark.parametrize(
    ("volatile", "other_run"),
    [
        ("<Figure at 0x7f3a2b1c9d90>", "<Figure at 0x7f00deadbeef>"),
        ("id 123e4567-e89b-12d3-a456-426614174000", "id 00000000-1111-2222-3333-444444444444"),
        ("model_id a477a24a543b474f8d910408d55183c2", "model_id 2c55b861162f4c4b975db44abaac9277"),
        (
            "time fit was run = 2026-11-23 20:01:02 UTC",
            "time fit was run = 2027-01-02 03:04:05 UTC",
        ),
        (
            "<th>time fit was run</th><td>2026-11-23 20:01:02 UTC</td>",
            "<th>time fit was run</th><td>2025-01-01 00:00:00 UTC</td>",
        ),
        ("File /tmp/ipykernel_1234/5678.py:3", "File /tmp/ipykernel_99/1.py:3"),
        ("saved to /var/folders/ab/xyz/T/tmpq1w2e3", "saved to /var/folders/cd/uvw/T/tmp9"),
        (r"C:\Users\ana\AppData\Local\Temp\tmpab12", r"C:\Users\bo\AppData\Local\Temp\tmpcd34"),
    ],
)
def test_sanitize_patterns_hide_volatile_text(volatile, other_run):
    assert sanitize(volatile) != volatile
    assert sanitize(volatile) == sanitize(other_run)


def test_sanitize_patterns_keep_clinical_numbers():
    text = "CR 26/33 = 78.8%; day 15; 1.5 x 10^9/L; p = 0.002"
    assert sanitize(text) == text
    assert len(get_sanitize_patterns(SANITIZE_CFG.read_text(encoding="utf-8"))) == 6


# ============================================================ numbers typed in the prose


def test_prose_decimals_are_values_the_paper_prints(tmp_path):
    nb = new_notebook(
        cells=[
            new_markdown_cell("The paper prints p = 0.40; we get p = 0.38 here."),
            new_markdown_cell("In code it is fine: `p = 0.38`, and so is 1.96 (a constant)."),
            new_markdown_cell("## References\n1. Stat Med 1998;17.8."),
        ]
    )
    path = tmp_path / "01-demo.ipynb"
    nbformat.write(nb, path)
    problems = check_prose_numbers(path, printed={"0.40"})
    assert len(problems) == 1
    assert problems[0].startswith("cell 0: 0.38 is typed in the prose")


def test_printed_decimals_come_from_the_data_files(tmp_path):
    (tmp_path / "claims.csv").write_text("claim,value\na,78.8\nb,26\n", encoding="utf-8")
    assert printed_decimals(tmp_path) == {"78.8"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_computed_decimal_is_typed_in_the_prose(path):
    assert check_prose_numbers(path) == []
