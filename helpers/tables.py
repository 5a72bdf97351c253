"""Tables as a reader sees them: words for column names, "yes"/"no", a dash for nothing.

The helpers name their columns for code (``exact_lower_pct``, ``os_event``) and
keep booleans and missing values as Python has them. A clinician reading a
notebook or the static site should see none of that. :func:`reader_table`
turns any table into its reader's form, once, from one mapping
(:data:`LABELS`): column names become labels ("Lower 95 % limit (exact)"),
``True``/``False`` become "yes"/"no" (or the caller's words for a group:
"Bridged"/"Not bridged"), ``NaN``/``None``/``<NA>`` become "—", and the
machine tokens some columns hold (``not_reproducible``) become words
(:data:`VALUE_WORDS`). Identifier columns a reader cannot use (claim ids,
section keys: :data:`IDENTIFIERS`) are left out unless asked for.

The result, a :class:`ReaderTable`, displays itself in a notebook (HTML whose
headers wrap, so a table fits the page) and keeps the displayed table as a
plain DataFrame of text in ``.frame``. The machine names stay what code uses:
select, filter and compute on the original table, then show it.

Examples
--------
>>> import pandas as pd
>>> table = pd.DataFrame({"case_id": [1, 2], "complete_remission": [True, False],
...                       "hsct_time": [1.15, float("nan")]})
>>> reader_table(table).frame.to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
{'Case': ['1', '2'], 'Complete remission': ['yes', 'no'],
 'Time to HSCT (months)': ['1.15', '—']}
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from helpers._labels import LABELS, VALUE_WORDS

__all__ = [
    "IDENTIFIERS",
    "LABELS",
    "MISSING",
    "VALUE_WORDS",
    "ReaderTable",
    "label",
    "reader_table",
    "worded",
]

#: What a reader sees in a cell that holds nothing (NaN, None, <NA>).
MISSING = "—"

#: Columns that identify rows for code only; :func:`reader_table` leaves them out
#: unless they are listed in ``columns``. A claim is shown by where it is printed
#: and what it says, never by its id.
IDENTIFIERS: tuple[str, ...] = ("claim_id", "section")

_YES_NO = MappingProxyType({True: "yes", False: "no"})
_BOOL_TEXT = MappingProxyType({"True": True, "False": False})


def label(name: Hashable) -> str:
    """The reader's label of a column: from :data:`LABELS`, else the name in words.

    A name :data:`LABELS` does not know is shown with its underscores as
    spaces and a capital first letter (a single letter, such as ``n``, stays
    as it is), so no machine name reaches a reader even before it gets a label.

    Examples
    --------
    >>> label("exact_lower_pct"), label("n"), label("new_column"), label("printed %")
    ('Lower 95 % limit (exact)', 'n', 'New column', 'Printed %')
    """
    text = str(name)
    if text in LABELS:
        return LABELS[text]
    words = text.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if len(words) > 1 else words


def worded(values: Iterable[Any]) -> list[tuple[str, Any]]:
    """``(words, value)`` pairs for a menu: a reader sees the words, code gets the value.

    Machine tokens read as :data:`VALUE_WORDS` says (``table2_numbering`` ->
    "patients 2 and 5 as Table 2 cases"); other values as they are.

    Examples
    --------
    >>> worded(["All", "not_reproducible", "death_only"])
    [('All', 'All'), ('not reproducible', 'not_reproducible'), ('only death counts', 'death_only')]
    """
    return [(VALUE_WORDS.get(str(v), str(v)), v) for v in values]


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _cell(value: object, words: Mapping[object, str], decimals: int | None, missing: str) -> str:
    """One cell in words; ``words`` maps raw values (booleans, tokens) first."""
    if _is_missing(value):
        return missing
    if isinstance(value, bool | np.bool_):
        value = bool(value)
        return words.get(value, _YES_NO[value])
    if isinstance(value, Hashable) and value in words:
        return words[value]
    if isinstance(value, str) and value in _BOOL_TEXT:  # a boolean written out ("True")
        return words.get(_BOOL_TEXT[value], _YES_NO[_BOOL_TEXT[value]])
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return "infinite" if number > 0 else "minus infinity"
        if decimals is not None:
            return f"{number:.{decimals}f}"
        return np.format_float_positional(number, precision=6, trim="-")
    text = str(value)
    return VALUE_WORDS.get(text, text)


@dataclass(frozen=True)
class ReaderTable:
    """A table in its reader's form; displays itself in a notebook.

    Attributes
    ----------
    frame : pandas.DataFrame
        What is shown: labelled columns, every cell as text.
    align_left : tuple of str
        Displayed columns of text (aligned left); numbers align right.
    """

    frame: pd.DataFrame
    align_left: tuple[str, ...] = ()

    def _repr_html_(self) -> str:
        def cell(tag: str, text: object, column: str) -> str:
            side = "left" if column in self.align_left else "right"
            return f'<{tag} style="text-align:{side}">{html.escape(str(text))}</{tag}>'

        head = "".join(cell("th", c, c) for c in self.frame.columns)
        columns = list(self.frame.columns)
        rows = "\n".join(
            "<tr>" + "".join(cell("td", v, c) for c, v in zip(columns, row, strict=True)) + "</tr>"
            for row in self.frame.itertuples(index=False)
        )
        return (
            '<table class="reader-table">\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
        )

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def _default_index(frame: pd.DataFrame) -> bool:
    index = frame.index
    return (
        isinstance(index, pd.RangeIndex)
        or (index.name is None and index.nlevels == 1 and pd.api.types.is_integer_dtype(index))
    ) and all(name is None for name in index.names)


def reader_table(
    frame: pd.DataFrame | pd.Series,
    *,
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[object, str]] | None = None,
    decimals: int | Mapping[str, int] | None = None,
    missing: str = MISSING,
    transpose: bool = False,
) -> ReaderTable:
    """A table in words, ready to display: labels, "yes"/"no", "—" for nothing.

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.Series
        The table as the helpers return it. A named or non-numeric index
        becomes the first column; a plain row number is dropped.
    columns : sequence of str, optional
        The machine names of the columns to show, in order. By default all
        of them except :data:`IDENTIFIERS`.
    labels : mapping, optional
        Labels for this table only, over :data:`LABELS`.
    values : mapping, optional
        Per column, words for its raw values, e.g.
        ``{"group": {True: "Bridged", False: "Not bridged"}}``. Booleans not
        mapped read "yes"/"no"; tokens of :data:`VALUE_WORDS` read as words.
    decimals : int or mapping, optional
        Decimals of every number, or per column; by default a number is shown
        with the digits it has (at most six decimals, no trailing zeros).
    missing : str, default "—"
        What a missing value reads, e.g. ``"not estimable"``.
    transpose : bool, default False
        Show each row as a column (a wide table of few rows fits the page
        this way); the first shown column's values head the columns.

    Returns
    -------
    ReaderTable

    Raises
    ------
    KeyError
        If ``columns`` names a column the table does not have.

    Examples
    --------
    >>> import pandas as pd
    >>> logrank = pd.DataFrame({"group": [False, True], "n": [11, 15], "observed": [0, 1]})
    >>> print(reader_table(logrank, values={"group": {True: "Bridged", False: "Not bridged"}}))
          Group  n Deaths observed
    Not bridged 11               0
        Bridged 15               1
    >>> claims = pd.DataFrame({"claim_id": ["r32-os-cr-p"], "status": ["not_reproducible"]})
    >>> reader_table(claims).frame.to_dict("list")
    {'Status': ['not reproducible']}
    """
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame
    if not _default_index(table):
        table = table.reset_index()
    if columns is None:
        shown = [c for c in table.columns if c not in IDENTIFIERS]
    else:
        unknown = [c for c in columns if c not in table.columns]
        if unknown:
            raise KeyError(
                f"reader_table: no column {unknown}; the table has {list(table.columns)}"
            )
        shown = list(columns)
    names = {**LABELS, **(labels or {})}
    words = values or {}
    out: dict[str, list[str]] = {}
    left: list[str] = []
    for column in shown:
        places = decimals.get(column) if isinstance(decimals, Mapping) else decimals
        heading = names.get(column, label(column))
        cells = [_cell(v, words.get(column, {}), places, missing) for v in table[column]]
        out[heading] = cells
        raw = table[column]
        if not (pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw)):
            left.append(heading)
    shown_frame = pd.DataFrame(out, columns=list(out))
    if transpose:
        first = shown_frame.columns[0]
        body = shown_frame.set_index(first).T
        body.columns = [str(c) for c in body.columns]
        shown_frame = body.reset_index().rename(columns={"index": first})
        left = [first]
    return ReaderTable(shown_frame, tuple(left))
