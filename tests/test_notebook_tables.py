"""Tables shown to readers use words (issue 13, point 9).

Every table in a notebook's saved HTML outputs (what JupyterLab shows before
and after a run, and what the static site shows) is read back: no column header
may contain "_" (a machine name such as ``exact_lower_pct``), and no cell may
read True, False, NaN, None or <NA>. Notebooks show tables through
:func:`helpers.tables.reader_table`, which gives labels, "yes"/"no" and "—".

A notebook may keep such a table only if it says why: :data:`ALLOWED` names
the notebook, the text and the reason. It is empty: no table needs an exception.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))

#: Cells no reader should see in a table.
MACHINE_CELLS = frozenset({"True", "False", "NaN", "nan", "None", "<NA>", "NaT"})

#: (notebook file name, header or cell text) -> why the notebook keeps it.
ALLOWED: dict[tuple[str, str], str] = {}


class _Tables(HTMLParser):
    """Headers (in <thead>) and cells (everything else) of every <table> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list[str]]] = []
        self._in_head = False
        self._cell: list[str] | None = None
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append({"headers": [], "cells": []})
        elif tag == "thead":
            self._in_head = True
        elif tag in ("th", "td") and self.tables:
            self._cell, self._tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell).strip()
            kind = "headers" if self._in_head else "cells"
            self.tables[-1][kind].append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> list[dict[str, list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def saved_tables(path: Path) -> list[tuple[int, dict[str, list[str]]]]:
    """``(cell index, table)`` for every table in the notebook's saved HTML outputs."""
    found = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            if isinstance(html, list):
                html = "".join(html)
            found += [(index, table) for table in tables_of(html)]
    return found


def problems_in(path: Path) -> list[str]:
    problems = []
    for index, table in saved_tables(path):
        for header in table["headers"]:
            if "_" in header and (path.name, header) not in ALLOWED:
                problems.append(f"cell {index}: column header {header!r}")
        for cell in table["cells"]:
            if cell in MACHINE_CELLS and (path.name, cell) not in ALLOWED:
                problems.append(f"cell {index}: a cell reads {cell!r}")
    return sorted(set(problems))


def test_the_parser_finds_what_pandas_would_show():
    import pandas as pd

    raw = pd.DataFrame({"exact_lower_pct": [61.1], "bridged": [True], "hr": [float("nan")]})
    (table,) = tables_of(raw.to_html())
    assert "exact_lower_pct" in table["headers"]
    assert {"True", "NaN"} <= set(table["cells"])


def test_the_check_fails_a_raw_table_and_passes_a_reader_table(tmp_path):
    import pandas as pd
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from helpers.tables import reader_table

    raw = pd.DataFrame({"exact_lower_pct": [61.1], "bridged": [True], "hr": [float("nan")]})
    cells = [
        new_code_cell(
            "raw", outputs=[new_output("display_data", data={"text/html": raw.to_html()})]
        ),
        new_code_cell(
            "words",
            outputs=[
                new_output("display_data", data={"text/html": reader_table(raw)._repr_html_()})
            ],
        ),
    ]
    path = tmp_path / "01-demo.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    assert problems_in(path) == [
        "cell 0: a cell reads 'NaN'",
        "cell 0: a cell reads 'True'",
        "cell 0: column header 'exact_lower_pct'",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_tables_shown_to_readers_use_words(path):
    assert problems_in(path) == []


def test_every_exception_names_a_notebook_and_a_reason():
    names = {p.name for p in NOTEBOOKS}
    for (notebook, text), reason in ALLOWED.items():
        assert notebook in names, notebook
        assert text.strip(), notebook
        assert len(reason.split()) >= 5, (notebook, text)
