"""The one check of every table a helper receives: a DataFrame, with these columns.

(And the one check of a count argument, :func:`positive_int`.)

Every public function that takes a :class:`pandas.DataFrame` validates it here
before computing, so all of them fail the same way: a ``TypeError`` for
something that is not a DataFrame, a ``ValueError`` naming the function, the
argument, the missing column(s) and the columns that are there. Nothing here
copies or changes the caller's frame.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["boolean_column", "column", "numeric_column", "positive_int", "require_frame"]


def _prefix(where: str) -> str:
    return f"{where}: " if where else ""


def require_frame(
    df: Any,
    *,
    where: str = "",
    name: str = "",
    columns: Iterable[Hashable | None] = (),
    nonempty: str | None = None,
) -> pd.DataFrame:
    """Return ``df`` if it is a DataFrame holding ``columns``, else raise a clear error.

    Parameters
    ----------
    df : object
        What the caller passed.
    where : str, keyword-only
        The function checking (starts every message).
    name : str, keyword-only
        The argument's name, when a function takes several tables.
    columns : iterable, keyword-only
        Columns that must be present; ``None`` entries (optional columns the
        caller did not use) are skipped.
    nonempty : str, keyword-only
        If given, an empty frame is an error too, and this says why
        (e.g. ``"there is nothing to plot"``).

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If a column is missing or (with ``nonempty``) there are no rows.

    Examples
    --------
    >>> require_frame(pd.DataFrame({"a": [1]}), where="f", columns=["b"])
    Traceback (most recent call last):
    ...
    ValueError: f: column(s) ['b'] not in the DataFrame; available: ['a']
    >>> require_frame(pd.DataFrame({"a": []}), where="g", columns=["a"], nonempty="nothing to do")
    Traceback (most recent call last):
    ...
    ValueError: g: the DataFrame is empty; nothing to do
    """
    prefix = _prefix(where)
    if not isinstance(df, pd.DataFrame):
        subject = name or "the table"
        raise TypeError(f"{prefix}{subject} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        owner = f"{name}: " if name else ""
        raise ValueError(
            f"{prefix}{owner}column(s) {missing} not in the DataFrame; "
            f"available: {list(df.columns)}"
        )
    if nonempty is not None and df.empty:
        subject = name or "the DataFrame"
        raise ValueError(f"{prefix}{subject} is empty; {nonempty}")
    return df


def column(df: pd.DataFrame, name: Any, *, role: str, where: str = "") -> pd.Series:
    """``df[name]``, or an error naming the column's role (``"duration column 'time'"``)."""
    if name not in df.columns:
        raise ValueError(
            f"{_prefix(where)}{role} column {name!r} is not in the DataFrame; "
            f"available: {list(df.columns)}"
        )
    return df[name]


def boolean_column(df: pd.DataFrame, name: str, *, where: str = "") -> pd.Series:
    """``df[name]`` as plain bool, or raise naming the column (wrong dtype, missing values)."""
    s = df[name]
    if not pd.api.types.is_bool_dtype(s.dtype):
        raise ValueError(f"{_prefix(where)}column {name!r} must be boolean, got dtype {s.dtype}")
    if s.isna().any():
        raise ValueError(
            f"{_prefix(where)}column {name!r} has {int(s.isna().sum())} missing value(s)"
        )
    return s.astype(bool)


def numeric_column(df: pd.DataFrame, name: str, *, where: str = "") -> pd.Series:
    """``df[name]`` as float (NaN kept), or raise naming the column."""
    s = df[name]
    if pd.api.types.is_bool_dtype(s.dtype) or not pd.api.types.is_numeric_dtype(s.dtype):
        raise ValueError(f"{_prefix(where)}column {name!r} must be numeric, got dtype {s.dtype}")
    return s.astype(float)


def positive_int(value: object, name: str) -> int:
    """``value`` as an int if it is a whole number >= 1 (not a bool), else a ``ValueError``.

    Examples
    --------
    >>> positive_int(33, "n")
    33
    >>> positive_int(0, "n")
    Traceback (most recent call last):
    ...
    ValueError: n must be a positive whole number, got 0
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value <= 0:
        raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    return int(value)
