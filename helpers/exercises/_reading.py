"""How a typed answer is read, and every text a reader can get back.

Shared internals of :mod:`helpers.exercises`: the live widget and the static
site (which receives :data:`TEXTS` through ``helpers.widgets.exercise_data``)
read numbers by the same rules and say the same things.

How typed numbers are read (:func:`parse_number`)
-------------------------------------------------
* Surrounding spaces are ignored; a Unicode minus sign is accepted.
* A dot is the decimal separator. A comma is refused with a clear message
  ("78,8" could be 78.8 or 788), so is any other text.
* A fraction such as ``26/33`` is accepted and divided out.
* A trailing ``%`` marks a percentage.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

__all__ = ["EXAMPLE_CANDIDATES", "FLOAT_SLACK", "TEXTS", "Form", "fold_choice", "parse_number"]

Form = Literal["plain", "percent", "fraction"]

#: Relative allowance for binary floating-point error, added to every tolerance.
FLOAT_SLACK = 1e-9

#: Every text a reader can get back, in one place: the live widget and the
#: static site (which receives them through ``helpers.widgets.exercise_data``)
#: say the same. ``{text}`` and ``{response}`` are filled with Python's
#: ``repr`` of what was typed, ``{value}`` with ``format(value, "g")``.
TEXTS: Mapping[str, str] = MappingProxyType(
    {
        "empty": "Type a number first.",
        "comma": "Please use a dot, not a comma, for decimals, and no thousands separators.",
        "not_a_number": "{text} is not a number. Type digits, e.g. 12 or 12.5.",
        "zero_denominator": "A fraction cannot have 0 below the line.",
        "not_finite": "Type an ordinary, finite number.",
        "not_bool": "Type a number, not True or False.",
        "percent_refused": "This question asks for a plain number, without a % sign.",
        "proportion": (
            "{value} looks like a proportion; this question wants a percentage (multiply by 100)."
        ),
        "not_quite": "Not quite.",
        "hint": "Hint: {hint}",
        "no_hint": "Try again, or click Show answer.",
        "correct": "Correct: {answer}.",
        "pick_first": "Pick one of the options first.",
        "not_an_option": "{response} is not one of the options.",
        "reveal": "The answer is {answer}.",
        "too_early": "Have a go first: the answer is shown after one attempt.",
        "reveal_locked": "Available after your first attempt",
        "placeholder_number": "type a number",
        "placeholder_percent": "e.g. {example} or {example}%",
    }
)

#: Numbers the answer box of a percentage question may show as an example of
#: what to type. :func:`example_number` takes the first one far from the answer,
#: so the example never gives the answer away.
EXAMPLE_CANDIDATES: tuple[float, ...] = (12.5, 37.5, 62.5, 87.5)

# ASCII digits only: a reader types 0-9, and the static site's script reads the same.
_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMBER_RE = re.compile(rf"^(?P<value>{_NUMBER})\s*(?P<percent>%?)$")
_FRACTION_RE = re.compile(rf"^(?P<num>{_NUMBER})\s*/\s*(?P<den>{_NUMBER})$")


def parse_number(text: str) -> tuple[float, Form]:
    """Read a number typed by a person.

    Parameters
    ----------
    text : str
        What was typed, e.g. ``"78.8"``, ``" 78.8 % "``, ``"26/33"``.

    Returns
    -------
    value : float
        The number; a fraction is divided out.
    form : {"plain", "percent", "fraction"}
        ``"percent"`` if the text ended with a ``%`` sign, ``"fraction"`` for
        ``a/b``, else ``"plain"``.

    Raises
    ------
    ValueError
        With a message meant for the reader if the text is not a number.

    Examples
    --------
    >>> parse_number(" 78.8% ")
    (78.8, 'percent')
    >>> parse_number("26/33")[0] == 26 / 33
    True
    >>> parse_number("78,8")
    Traceback (most recent call last):
    ...
    ValueError: Please use a dot, not a comma, for decimals, and no thousands separators.
    """
    cleaned = text.strip().replace("\u2212", "-")
    if not cleaned:
        raise ValueError(TEXTS["empty"])
    if "," in cleaned:
        raise ValueError(TEXTS["comma"])
    match = _NUMBER_RE.match(cleaned)
    if match:
        value = float(match["value"])
        form: Form = "percent" if match["percent"] else "plain"
    else:
        match = _FRACTION_RE.match(cleaned)
        if not match:
            raise ValueError(TEXTS["not_a_number"].format(text=repr(text.strip())))
        denominator = float(match["den"])
        if denominator == 0:
            raise ValueError(TEXTS["zero_denominator"])
        value = float(match["num"]) / denominator
        form = "fraction"
    if not math.isfinite(value):
        raise ValueError(TEXTS["not_finite"])
    return value, form


def fold_choice(text: str) -> str:
    """Case- and space-insensitive form of a choice."""
    return " ".join(text.split()).casefold()
