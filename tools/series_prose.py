"""Numbers typed in notebook prose: a decimal must be one the paper prints.

The project's first rule is that a notebook never types a number the
helpers can compute; prose may quote the paper's printed value beside the
recomputed one. Computed values that slip into Markdown are usually decimals
(a p-value, a percentage, a median), so this module checks those: every
decimal number in a notebook's prose must be a value printed somewhere in
``cohort_data/`` (the transcribed tables and ``published_claims.csv``, which
hold everything the paper prints about its cohort) or one of a few constants
and definitions (:data:`PROSE_CONSTANTS`). Whole numbers are not checked:
counts, days, doses, years and section numbers are too common to tell apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

from helpers.data import data_dir

__all__ = ["PROSE_CONSTANTS", "check_prose_numbers", "printed_decimals", "prose_decimals"]

#: Decimals the prose may use although no table prints them.
PROSE_CONSTANTS = frozenset(
    {
        "1.5",  # neutrophils >= 1.5 x 10^9/L in the paper's definition of complete remission
        "1.96",  # the normal quantile of a 95 % Wald interval
        "5.0",  # CTCAE version 5.0
        "365.25",  # days in an average year, for the months assumption
    }
)

_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?!\w)")
# Left out of the prose: inline code, link targets, bare URLs and DOIs.
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+|doi:\S+")


def prose_decimals(path: Path | str) -> list[tuple[int, str]]:
    """``(cell index, number)`` for each decimal in the Markdown prose of a notebook.

    The References section, inline code, link targets and DOIs are left out.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> import tempfile
    >>> nb = new_notebook(cells=[
    ...     new_markdown_cell("The paper prints p = 0.002; `p = 0.016` is in code."),
    ...     new_markdown_cell("## References\\n1. Biometrika 1934;26.4."),
    ... ])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "01-x.ipynb"
    ...     nbformat.write(nb, path)
    ...     prose_decimals(path)
    [(0, '0.002')]
    """
    nb = nbformat.read(Path(path), as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or cell.source.lstrip().startswith("## References"):
            continue
        text = _NOT_PROSE.sub(" ", cell.source)
        found += [(index, match.group(0)) for match in _DECIMAL.finditer(text)]
    return found


def printed_decimals(folder: Path | str | None = None) -> frozenset[str]:
    """Every decimal written in the CSV files of ``cohort_data/`` (as text, e.g. ``'78.8'``).

    Examples
    --------
    >>> {"78.8", "0.002", "10.7"} <= printed_decimals()
    True
    """
    folder = data_dir() if folder is None else Path(folder)
    numbers: set[str] = set()
    for csv in sorted(folder.glob("*.csv")):
        numbers.update(_DECIMAL.findall(csv.read_text(encoding="utf-8")))
    return frozenset(numbers)


def check_prose_numbers(path: Path | str, *, printed: Iterable[str] | None = None) -> list[str]:
    """Decimals in a notebook's prose that the paper does not print (empty: all fine).

    Parameters
    ----------
    path : path-like
        The notebook file.
    printed : iterable of str, optional
        The allowed printed values; :func:`printed_decimals` by default.

    Returns
    -------
    list of str
        One readable sentence per number found.

    Examples
    --------
    >>> check_prose_numbers("notebooks/04-hsct-bridging.ipynb")
    []
    """
    allowed = (printed_decimals() if printed is None else frozenset(printed)) | PROSE_CONSTANTS
    return [
        f"cell {index}: {number} is typed in the prose but is not a value the paper prints; "
        "print it from code, or quote the paper's own figure"
        for index, number in prose_decimals(path)
        if number not in allowed
    ]
