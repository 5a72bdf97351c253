"""Input validation shared by the survival modules (:mod:`helpers.survival`).

Each checker raises a ``ValueError`` naming the column and the offending value;
none of them copies or changes the caller's frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from helpers._frames import column, require_frame


def _check_frame(df: Any) -> None:
    require_frame(df, nonempty="there are no rows to estimate from")


def _column(df: pd.DataFrame, name: Any, role: str) -> pd.Series:
    return column(df, name, role=role)


def _nonnegative_column(
    df: pd.DataFrame, name: Any, role: str, *, allow_missing: bool = False
) -> np.ndarray:
    """Float array of a numeric column; rejects negatives and (unless allowed) NaN/inf."""
    s = _column(df, name, role)
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise ValueError(f"{role} column {name!r} must be numeric, got dtype {s.dtype}")
    values = s.to_numpy(dtype=float, na_value=np.nan)
    checks = [(values < 0, "negative")]
    if not allow_missing:
        checks += [(np.isnan(values), "missing (NaN)"), (np.isinf(values), "infinite")]
    for bad, what in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{role} column {name!r} has {what} values, e.g. {values[i]!r} "
                f"at row index {s.index[i]!r}"
            )
    return values


def _durations(df: pd.DataFrame, name: Any) -> np.ndarray:
    return _nonnegative_column(df, name, "duration")


def _events(df: pd.DataFrame, name: Any) -> np.ndarray:
    """Boolean array of an event column holding only 0/1 or False/True."""
    s = _column(df, name, "event")
    if s.isna().any():
        i = int(np.flatnonzero(s.isna().to_numpy())[0])
        raise ValueError(f"event column {name!r} has a missing value at row index {s.index[i]!r}")
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=bool)
    numeric = (bool, int, float, np.bool_, np.integer, np.floating)
    for value in pd.unique(s.to_numpy()):
        if isinstance(value, str) or not isinstance(value, numeric) or value not in (0, 1):
            raise ValueError(
                f"event column {name!r} must hold only 0/1 or False/True, found {value!r}"
            )
    return s.to_numpy(dtype=float) == 1.0


def _groups(df: pd.DataFrame, name: Any | None) -> tuple[list[str], np.ndarray]:
    """Sorted group labels (as str) and the code of each row; one group "All" if None.

    Numeric (not boolean) columns sort by number, so 9 comes before 10 as in R;
    everything else sorts by its ``str`` value (``False`` before ``True``).
    """
    if name is None:
        return ["All"], np.zeros(len(df), dtype=np.intp)
    s = _column(df, name, "group")
    if s.isna().any():
        i = int(np.flatnonzero(s.isna().to_numpy())[0])
        raise ValueError(f"group column {name!r} has a missing value at row index {s.index[i]!r}")
    if isinstance(s.dtype, pd.CategoricalDtype):
        counts = s.value_counts()
        if (counts < 1).any():
            raise ValueError(
                f"group {counts.index[counts < 1][0]!r} in column {name!r} has fewer than 1 "
                "member (an unused category); drop it with .cat.remove_unused_categories()"
            )
    text = s.astype(str).to_numpy(dtype=object)
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        _, first, codes = np.unique(s.to_numpy(dtype=float), return_index=True, return_inverse=True)
        return [str(text[i]) for i in first], codes.reshape(-1)
    labels, codes = np.unique(text, return_inverse=True)
    return [str(label) for label in labels], codes.reshape(-1)


def _reference_label(labels: list[str], reference: Any, name: Any) -> str:
    """The label ``reference`` names: by ``str`` value, else by number (9 is "9.0")."""
    if str(reference) in labels:
        return str(reference)
    try:
        target = float(reference)
    except (TypeError, ValueError):
        target = np.nan
    for label in labels:
        try:
            if float(label) == target:
                return label
        except ValueError:
            continue
    raise ValueError(f"reference {reference!r} is not a group of column {name!r}: {labels!r}")


def _reference_first(
    labels: list[str], codes: np.ndarray, reference: Any | None, name: Any
) -> tuple[list[str], np.ndarray]:
    """Labels and codes reordered so that the reference group comes first."""
    if reference is None:
        return labels, codes
    k = labels.index(_reference_label(labels, reference, name))
    order = [k, *(i for i in range(len(labels)) if i != k)]
    position = np.argsort(order)  # old code -> new code
    return [labels[i] for i in order], position[codes]


def _need_groups(labels: list[str], name: Any, *, exactly_two: bool = False) -> None:
    if len(labels) < 2:
        raise ValueError(
            f"a comparison needs at least 2 groups; column {name!r} has only {labels!r}"
        )
    if exactly_two and len(labels) != 2:
        raise ValueError(f"this comparison needs exactly 2 groups; column {name!r} has {labels!r}")


def _alpha(alpha: float) -> float:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    return float(alpha)


def _times(times: Sequence[float] | np.ndarray | float) -> np.ndarray:
    values = np.atleast_1d(np.asarray(times, dtype=float))
    if values.ndim != 1 or values.size == 0:
        raise ValueError("times must be a non-empty 1-D sequence of numbers")
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(f"times must be finite and non-negative, got {values.tolist()!r}")
    return values


def _prepare(
    df: pd.DataFrame, duration: Any, event: Any, group: Any | None
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    _check_frame(df)
    return (_durations(df, duration), _events(df, event), *_groups(df, group))
