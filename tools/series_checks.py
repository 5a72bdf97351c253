"""Checks every notebook of the series passes: skeleton, hidden setup cell, hygiene.

Each check returns a list of readable sentences, one per problem (empty: all
fine); ``python -m tools.series check`` prints them, and the tests require
every committed notebook to pass.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

from tools.series_format import (
    _LEADING,
    _NAME_RE,
    _RESERVED,
    _STAR_IMPORT_RE,
    _TITLE_RE,
    _TRAILING,
    _WIDGET_STATE_MIME,
    MAX_NOTEBOOK_BYTES,
    READER_HIDDEN_TAG,
    RUN_NOTE_MARK,
    SETUP_TAG,
    _is_activity,
    _objectives,
    _read,
    _section_body,
    heading_id,
    headings,
    hides_input,
)
from tools.series_prose import check_prose_numbers

__all__ = [
    "check_hidden_setup",
    "check_hygiene",
    "check_links",
    "check_notebook",
    "check_reader_hidden",
    "check_run_note",
    "check_skeleton",
]

_ANCHOR_LINK = re.compile(r"\]\((\d{2}-[a-z0-9-]+\.ipynb)?#([^)\s]+)\)")


def check_skeleton(path: Path | str) -> list[str]:
    """Problems with a notebook's section structure (empty list: all fine).

    Checks the file name (``NN-name.ipynb``), the title (``# NN · Title``, one
    level-1 heading, first in the notebook, NN matching the file name), the
    ``##`` sections against :data:`SKELETON`, a numbered list of learning
    objectives under Overview, non-empty fixed sections, and at least one
    ``Check yourself`` heading inside the content.

    Parameters
    ----------
    path : path-like
        The notebook file.

    Returns
    -------
    list of str
        One readable sentence per problem.

    Examples
    --------
    >>> check_skeleton("notebooks/00-start-here.ipynb")
    []
    """
    path = Path(path)
    nb = _read(path)
    problems: list[str] = []
    name = _NAME_RE.match(path.name)
    if not name:
        problems.append(f"file name {path.name!r} should look like 'NN-short-name.ipynb'")

    found = headings(nb)
    titles = [h for h in found if h.level == 1]
    if len(titles) != 1:
        problems.append(f"expected exactly one '# NN · Title' heading, found {len(titles)}")
    if titles:
        title = titles[0]
        if found[0] is not title or title.cell != 0:
            problems.append("the '# NN · Title' heading must open the first cell")
        match = _TITLE_RE.match(title.text)
        if not match:
            problems.append(f"title {title.text!r} should read 'NN · Title' (a middle dot)")
        elif name and match["number"] != name["number"]:
            problems.append(
                f"title number {match['number']} does not match file name prefix {name['number']}"
            )

    sections = [h.text for h in found if h.level == 2]
    leading = sections[: len(_LEADING)]
    trailing = sections[-len(_TRAILING) :] if len(sections) >= len(_TRAILING) else []
    content = sections[len(_LEADING) : len(sections) - len(_TRAILING)]
    if tuple(leading) != _LEADING:
        problems.append(f"the first '##' sections should be {list(_LEADING)}, found {leading}")
    if tuple(trailing) != _TRAILING:
        problems.append(
            f"the last '##' sections should be {list(_TRAILING)}, "
            f"found {sections[-len(_TRAILING) :]}"
        )
    for section in _LEADING + _TRAILING:
        if sections.count(section) > 1:
            problems.append(f"'## {section}' appears {sections.count(section)} times")
    misplaced = [s for s in content if s in _RESERVED]
    if misplaced:
        problems.append(f"fixed sections out of order: {misplaced}")
    if not [s for s in content if s not in _RESERVED and not _is_activity(s)]:
        problems.append(
            "add at least one content section ('## ...') between Prerequisites and Summary"
        )

    if "Overview" in sections and not _objectives(_section_body(nb, "Overview")):
        problems.append("'## Overview' needs a numbered list of learning objectives (1. ...)")
    for section in _LEADING + _TRAILING:
        if section in sections and not any(line.strip() for line in _section_body(nb, section)):
            problems.append(f"'## {section}' is empty")

    checks = [h for h in found if h.text.startswith("Check yourself")]
    if not checks:
        problems.append("add at least one 'Check yourself' heading ('##' or '###')")
    for heading in found:
        if _is_activity(heading.text) and heading.level not in (2, 3):
            problems.append(f"'{heading.text}' should be a '##' or '###' heading")
    positions = {h.text: i for i, h in enumerate(found) if h.level == 2}
    start, end = positions.get("Prerequisites"), positions.get("Summary")
    if start is not None and end is not None:
        for i, heading in enumerate(found):
            if _is_activity(heading.text) and not start < i < end:
                problems.append(f"'{heading.text}' should sit between Prerequisites and Summary")
    return problems


def _is_setup_source(source: str) -> bool:
    """True when a cell's code is only imports (comments and blank lines allowed)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return bool(tree.body) and all(
        isinstance(node, ast.Import | ast.ImportFrom) for node in tree.body
    )


def check_hidden_setup(path: Path | str) -> list[str]:
    """Problems with the hidden setup cell(s) (empty list: all fine).

    The first code cell must contain only imports; every leading import-only
    code cell must be tagged :data:`SETUP_TAG`, be collapsed
    (``metadata.jupyter.source_hidden``) and have no output; no other cell may
    carry the tag.

    Parameters
    ----------
    path : path-like
        The notebook file.

    Returns
    -------
    list of str
        One readable sentence per problem.

    Examples
    --------
    >>> check_hidden_setup("notebooks/00-start-here.ipynb")
    []
    """
    nb = _read(Path(path))
    problems: list[str] = []
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    if not code:
        return ["no code cell: the notebook should start with an import-only setup cell"]
    if not _is_setup_source(code[0][1].source):
        problems.append(
            f"the first code cell (cell {code[0][0]}) should contain only imports, "
            "tagged 'hide-input'"
        )
    leading = True
    for index, cell in code:
        tagged = SETUP_TAG in cell.metadata.get("tags", [])
        leading = leading and _is_setup_source(cell.source)
        if leading:
            if not tagged:
                problems.append(f"setup cell {index} should carry the tag '{SETUP_TAG}'")
            elif not cell.metadata.get("jupyter", {}).get("source_hidden", False):
                problems.append(
                    f"setup cell {index} should be collapsed (jupyter.source_hidden); "
                    "run 'python -m tools.series execute'"
                )
            if cell.get("outputs"):
                problems.append(f"setup cell {index} should produce no output")
        elif tagged:
            problems.append(
                f"cell {index} is tagged '{SETUP_TAG}' but is not a leading import-only "
                "setup cell: do not hide analysis code"
            )
    return problems


def check_reader_hidden(path: Path | str) -> list[str]:
    """Problems with cells whose code readers need not read (empty list: all fine).

    Every exercise cell and every cell starting ``# NBVAL_IGNORE_OUTPUT``
    (:func:`tools.series_format.hides_input`) must carry the tag
    ``remove-input`` (the static site removes its input) and be collapsed
    (``metadata.jupyter.source_hidden``, how JupyterLab stores it), as
    ``python -m tools.series execute`` leaves it.

    Parameters
    ----------
    path : path-like
        The notebook file.

    Returns
    -------
    list of str
        One readable sentence per problem.

    Examples
    --------
    >>> check_reader_hidden("notebooks/00-start-here.ipynb")
    []
    """
    nb = _read(Path(path))
    problems = []
    for index, cell in enumerate(nb.cells):
        if not hides_input(cell):
            continue
        if READER_HIDDEN_TAG not in cell.metadata.get("tags", []):
            problems.append(
                f"cell {index} is an exercise or dashboard cell: tag it '{READER_HIDDEN_TAG}' "
                "(python -m tools.series execute does) so readers see the widget, not its code"
            )
        elif not cell.metadata.get("jupyter", {}).get("source_hidden", False):
            problems.append(
                f"cell {index} is tagged '{READER_HIDDEN_TAG}' but open in the lab: "
                "run 'python -m tools.series execute' to collapse it"
            )
    return problems


def check_run_note(path: Path | str) -> list[str]:
    """Whether the notebook says, before its first code cell, how to run it.

    The Markdown before the first code cell must contain
    :data:`~tools.series_format.RUN_NOTE_MARK` ("Run ▸ Run All Cells"): a
    reader who opens any notebook of the series, not only 00, learns there
    how to bring its dashboards and exercises to life.

    Examples
    --------
    >>> check_run_note("notebooks/00-start-here.ipynb")
    []
    """
    nb = _read(Path(path))
    top = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            break
        top.append(cell.source)
    if RUN_NOTE_MARK in "\n".join(top):
        return []
    return [f"say how to run the notebook before its first code cell (mention '{RUN_NOTE_MARK}')"]


def check_links(path: Path | str) -> list[str]:
    """Links to a heading that lead nowhere.

    A link to a heading of the same notebook (``](#Try-it)``) or of another
    notebook beside it (``](00-start-here.ipynb#Person-months)``, the glossary)
    must name a heading there, as :func:`~tools.series_format.heading_id`
    writes it.

    Examples
    --------
    >>> check_links("notebooks/00-start-here.ipynb")
    []
    """
    path = Path(path)
    nb = _read(path)
    ids: dict[str, set[str]] = {}

    def ids_of(name: str) -> set[str]:
        if name not in ids:
            other = path.parent / name
            found = headings(nb if name == path.name else other) if other.exists() else []
            ids[name] = {heading_id(h.text) for h in found}
        return ids[name]

    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for target, anchor in _ANCHOR_LINK.findall(cell.source):
            if anchor not in ids_of(target or path.name):
                where = f"{target}#{anchor}" if target else f"#{anchor}"
                problems.append(f"cell {index}: the link to {where} matches no heading")
    return problems


def check_hygiene(path: Path | str) -> list[str]:
    """Problems that would make a committed notebook heavy or fragile.

    Flags: size of at least :data:`MAX_NOTEBOOK_BYTES`; the text ``sys.path``;
    star imports; ``FigureWidget`` in code; saved widget state
    (``metadata.widgets`` or the widget-state MIME type); a kernel other than
    ``python3``.

    Parameters
    ----------
    path : path-like
        The notebook file.

    Returns
    -------
    list of str
        One readable sentence per problem.

    Examples
    --------
    >>> check_hygiene("notebooks/00-start-here.ipynb")
    []
    """
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    problems = []
    size = len(raw.encode("utf-8"))
    if size >= MAX_NOTEBOOK_BYTES:
        problems.append(f"{size:,} bytes: keep notebooks under {MAX_NOTEBOOK_BYTES:,} bytes")
    if "sys.path" in raw:
        problems.append("mentions sys.path: import the installed helpers package instead")
    if _WIDGET_STATE_MIME in raw or "widgets" in nb.metadata:
        problems.append("contains saved widget state: re-run with 'python -m tools.series execute'")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if _STAR_IMPORT_RE.search(cell.source):
            problems.append(f"cell {index} uses a star import: name what you import")
        if "FigureWidget" in cell.source:
            problems.append(f"cell {index} uses FigureWidget: return a plain go.Figure")
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"kernelspec should be 'python3', found {kernel!r}")
    return problems


def check_notebook(path: Path | str) -> list[str]:
    """All checks: skeleton, run note, hidden cells, links, hygiene, numbers in the prose.

    :func:`check_skeleton`, :func:`check_run_note`, :func:`check_hidden_setup`,
    :func:`check_reader_hidden`, :func:`check_links`, :func:`check_hygiene` and
    :func:`tools.series_prose.check_prose_numbers`.

    Parameters
    ----------
    path : path-like
        The notebook file.

    Returns
    -------
    list of str
        One readable sentence per problem.

    Examples
    --------
    >>> check_notebook("notebooks/00-start-here.ipynb")
    []
    """
    return [
        *check_skeleton(path),
        *check_run_note(path),
        *check_hidden_setup(path),
        *check_reader_hidden(path),
        *check_links(path),
        *check_hygiene(path),
        *check_prose_numbers(path),
    ]
