"""Check-yourself exercises with instant feedback.

Two layers, in two places:

* pure logic, here -- :class:`Exercise`, :func:`parse_number`, :func:`check` and
  :func:`reveal` -- which decides whether a response is right and what to say;
* a thin view -- :func:`helpers.widgets.exercise_widget` -- which puts an input
  box, a *Check* button, a *Show answer* button and a feedback line on screen
  and calls the logic from its button handlers.

The answer of an exercise is always computed by the caller from the helpers
(for example ``days_at_dose(dosing_schedule())``), never typed into a
notebook as a literal, so the exercise and the analysis cannot drift apart.

How typed numbers are read (:func:`parse_number`)
-------------------------------------------------
* Surrounding spaces are ignored; a Unicode minus sign is accepted.
* A dot is the decimal separator. A comma is refused with a clear message
  ("78,8" could be 78.8 or 788), so is any other text.
* A fraction such as ``26/33`` is accepted and divided out.
* A trailing ``%`` marks a percentage.

How a number is checked (:func:`check`)
---------------------------------------
* For a question with ``percent=True`` the answer is on the 0-100 scale:
  ``78.8``, ``78.8%`` and ``78.8 %`` all mean 78.8 %. A fraction (``26/33``)
  is a proportion and is converted to a percentage. A bare proportion such as
  ``0.788`` is *not* silently rescaled: it is marked wrong, with a note that
  the question wants a percentage.
* For a question with ``percent=False`` a ``%`` sign is refused with a
  message: the question asks for a plain number.
* A response counts as correct when it lies within ``tolerance`` of the
  answer (plus a tiny allowance for floating-point rounding).
* A response that cannot be read (empty, text, a comma) gets a message and
  does **not** count as an attempt.

Examples
--------
>>> ex = Exercise(
...     id="full-dose-days",
...     question="How many days of the 14-day course run at the full dose?",
...     kind="number",
...     answer=10,
...     hint="Count the days from the last dose step to day 14.",
...     explanation="Days 5 to 14 inclusive are ten days.",
... )
>>> check(ex, "9").correct
False
>>> check(ex, " 10 ").correct
True
>>> reveal(ex, attempts=1)
'The answer is 10. Days 5 to 14 inclusive are ten days.'
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

__all__ = [
    "EXAMPLE_CANDIDATES",
    "FLOAT_SLACK",
    "TEXTS",
    "Exercise",
    "Feedback",
    "RevealTooEarlyError",
    "check",
    "example_number",
    "format_answer",
    "parse_number",
    "placeholder",
    "reveal",
    "shown_answer",
]

Kind = Literal["number", "choice"]
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


class RevealTooEarlyError(RuntimeError):
    """Raised by :func:`reveal` when no attempt has been made yet."""


@dataclass(frozen=True)
class Exercise:
    """One "Check yourself" question and its computed answer.

    Parameters
    ----------
    id : str
        Short identifier, unique within a notebook (e.g. ``"full-dose-days"``).
    question : str
        The question as shown to the reader (plain text).
    kind : {"number", "choice"}
        A free-text numeric answer or one option out of ``choices``.
    answer : float or str
        For ``"number"``: the value, computed by the caller from the helpers
        (numpy scalars are converted to ``float``). For ``"choice"``: the
        correct option, which must be one of ``choices``.
    tolerance : float, default 0
        Largest accepted absolute difference for a number, in the units of
        the question (percentage points when ``percent`` is true).
    choices : tuple of str, default ()
        The options of a ``"choice"`` exercise; must be empty for numbers.
    percent : bool, default False
        The answer is a percentage on the 0-100 scale (see the module notes
        on how ``%`` signs and fractions are read).
    hint : str, default ""
        Shown after a wrong response.
    explanation : str, default ""
        Shown with the answer by :func:`reveal`.

    Raises
    ------
    ValueError
        If the fields do not describe a valid exercise.

    Examples
    --------
    >>> Exercise(id="q", question="Pick one.", kind="choice",
    ...          answer="b", choices=("a", "b")).choices
    ('a', 'b')
    >>> Exercise(id="q", question="?", kind="choice", answer="c", choices=("a", "b"))
    Traceback (most recent call last):
    ...
    ValueError: answer 'c' is not one of the choices ('a', 'b')
    """

    id: str
    question: str
    kind: Kind
    answer: float | str
    tolerance: float = 0.0
    choices: tuple[str, ...] = field(default=())
    percent: bool = False
    hint: str = ""
    explanation: str = ""

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("id must not be empty")
        if not self.question.strip():
            raise ValueError("question must not be empty")
        if self.kind == "number":
            self._validate_number()
        elif self.kind == "choice":
            self._validate_choice()
        else:
            raise ValueError(f"kind must be 'number' or 'choice', not {self.kind!r}")

    def _validate_number(self) -> None:
        answer = self.answer
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
            raise ValueError(f"a number exercise needs a numeric answer, not {answer!r}")
        if not math.isfinite(float(answer)):
            raise ValueError("the answer must be finite")
        tolerance = self.tolerance
        if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real):
            raise ValueError(f"tolerance must be a number, not {tolerance!r}")
        if not (math.isfinite(float(tolerance)) and tolerance >= 0):
            raise ValueError("tolerance must be finite and >= 0")
        if self.choices:
            raise ValueError("a number exercise takes no choices")
        # Normalise numpy scalars and ints so the dataclass holds plain floats.
        object.__setattr__(self, "answer", float(answer))
        object.__setattr__(self, "tolerance", float(tolerance))

    def _validate_choice(self) -> None:
        choices = tuple(self.choices)
        if len(choices) < 2:
            raise ValueError("a choice exercise needs at least two choices")
        if not all(isinstance(c, str) and c.strip() for c in choices):
            raise ValueError("every choice must be a non-empty string")
        if len({_fold(c) for c in choices}) != len(choices):
            raise ValueError("choices must differ (ignoring case and spaces)")
        if self.answer not in choices:
            raise ValueError(f"answer {self.answer!r} is not one of the choices {choices!r}")
        if self.percent:
            raise ValueError("percent applies to number exercises only")
        object.__setattr__(self, "choices", choices)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one response.

    Attributes
    ----------
    correct : bool
        Whether the response is right.
    message : str
        What to tell the reader (plain text).
    counted : bool
        Whether the response counts as an attempt. Unreadable input (empty,
        text, a comma) does not, so it cannot unlock the answer.
    """

    correct: bool
    message: str
    counted: bool = True


def _fold(text: str) -> str:
    """Case- and space-insensitive form of a choice."""
    return " ".join(text.split()).casefold()


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


def format_answer(exercise: Exercise) -> str:
    """The answer as a reader would write it.

    Whole numbers lose their ``.0``; other numbers keep four significant
    digits (at least one decimal); percentages get a ``%`` sign.

    Parameters
    ----------
    exercise : Exercise
        The exercise whose answer to format.

    Returns
    -------
    str
        The formatted answer.

    Examples
    --------
    >>> format_answer(Exercise(id="a", question="?", kind="number", answer=26 / 33 * 100,
    ...                        tolerance=0.1, percent=True))
    '78.79%'
    >>> format_answer(Exercise(id="b", question="?", kind="number", answer=180.0))
    '180'
    """
    if exercise.kind == "choice":
        return str(exercise.answer)
    value = float(exercise.answer)
    if value.is_integer():
        text = str(int(value))
    else:
        magnitude = math.floor(math.log10(abs(value)))
        decimals = max(1, 3 - magnitude)
        text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return f"{text}%" if exercise.percent else text


def shown_answer(exercise: Exercise) -> float:
    """The number *Show answer* displays (:func:`format_answer` read back), also accepted.

    Examples
    --------
    >>> shown_answer(Exercise(id="a", question="?", kind="number", answer=2 / 3))
    0.6667
    """
    return float(format_answer(exercise).rstrip("%"))


def example_number(exercise: Exercise) -> str:
    """A number to show how an answer is typed, never near the exercise's answer.

    The first of :data:`EXAMPLE_CANDIDATES` at least 5 units, a quarter of the
    answer and twice the tolerance away from the answer; if none is, the
    farthest of them.

    Examples
    --------
    >>> rate = Exercise(id="cr", question="?", kind="number", answer=26 / 33 * 100,
    ...                 tolerance=0.1, percent=True)
    >>> example_number(rate)
    '12.5'
    >>> example_number(Exercise(id="low", question="?", kind="number", answer=11.0))
    '37.5'
    """
    if exercise.kind != "number":
        return format(EXAMPLE_CANDIDATES[0], "g")
    answer = float(exercise.answer)
    keep_off = max(5.0, abs(answer) / 4, 2 * exercise.tolerance)
    for candidate in EXAMPLE_CANDIDATES:
        if abs(candidate - answer) >= keep_off:
            return format(candidate, "g")
    return format(max(EXAMPLE_CANDIDATES, key=lambda c: abs(c - answer)), "g")


def placeholder(exercise: Exercise) -> str:
    """The grey text in an empty answer box: an example for percentages, never the answer.

    Examples
    --------
    >>> placeholder(Exercise(id="cr", question="?", kind="number", answer=78.79,
    ...                      tolerance=0.1, percent=True))
    'e.g. 12.5 or 12.5%'
    >>> placeholder(Exercise(id="n", question="?", kind="number", answer=15))
    'type a number'
    >>> placeholder(Exercise(id="c", question="?", kind="choice", answer="a", choices=("a", "b")))
    ''
    """
    if exercise.kind != "number":
        return ""
    if exercise.percent:
        return TEXTS["placeholder_percent"].format(example=example_number(exercise))
    return TEXTS["placeholder_number"]


def _is_close(value: float, exercise: Exercise) -> bool:
    """Within the tolerance of the answer, or exactly the answer as Show answer displays it."""
    answer = float(exercise.answer)
    slack = FLOAT_SLACK * max(1.0, abs(answer))
    if abs(value - answer) <= exercise.tolerance + slack:
        return True
    return abs(value - shown_answer(exercise)) <= slack


def _wrong(exercise: Exercise, note: str = "") -> Feedback:
    parts = [TEXTS["not_quite"]]
    if note:
        parts.append(note)
    if exercise.hint:
        parts.append(TEXTS["hint"].format(hint=exercise.hint))
    else:
        parts.append(TEXTS["no_hint"])
    return Feedback(correct=False, message=" ".join(parts))


def _right(exercise: Exercise) -> Feedback:
    message = TEXTS["correct"].format(answer=format_answer(exercise))
    if exercise.explanation:
        message = f"{message} {exercise.explanation}"
    return Feedback(correct=True, message=message)


def _check_number(exercise: Exercise, response: object) -> Feedback:
    if isinstance(response, bool):
        return Feedback(False, TEXTS["not_bool"], counted=False)
    if isinstance(response, numbers.Real):
        value, form = float(response), "plain"
        if not math.isfinite(value):
            return Feedback(False, TEXTS["not_finite"], counted=False)
    else:
        try:
            value, form = parse_number(str(response))
        except ValueError as error:
            return Feedback(correct=False, message=str(error), counted=False)
        if not exercise.percent and form == "percent":
            return Feedback(correct=False, message=TEXTS["percent_refused"], counted=False)
        if exercise.percent and form == "fraction":
            value *= 100  # a fraction is a proportion: 26/33 -> 78.79 %
    if _is_close(value, exercise):
        return _right(exercise)
    if exercise.percent and form == "plain" and _is_close(value * 100, exercise):
        return _wrong(exercise, TEXTS["proportion"].format(value=f"{value:g}"))
    return _wrong(exercise)


def _check_choice(exercise: Exercise, response: object) -> Feedback:
    if response is None or not str(response).strip():
        return Feedback(False, TEXTS["pick_first"], counted=False)
    folded = _fold(str(response))
    if folded not in {_fold(c) for c in exercise.choices}:
        message = TEXTS["not_an_option"].format(response=repr(response))
        return Feedback(False, message, counted=False)
    if folded == _fold(str(exercise.answer)):
        return _right(exercise)
    return _wrong(exercise)


def check(exercise: Exercise, response: object) -> Feedback:
    """Judge a response to an exercise.

    Never raises for bad input: unreadable responses get a message and
    ``counted=False``.

    Parameters
    ----------
    exercise : Exercise
        The exercise being answered.
    response : str, float or None
        What the reader typed or picked. Numbers may be given as numbers.

    Returns
    -------
    Feedback
        ``correct``, a ``message`` for the reader (a hint when wrong) and
        whether the response ``counted`` as an attempt.

    Examples
    --------
    >>> cr = Exercise(id="cr", question="CR rate in %?", kind="number",
    ...               answer=26 / 33 * 100, tolerance=0.1, percent=True)
    >>> [check(cr, text).correct for text in ("78.8", "78.8%", "26/33", "0.788")]
    [True, True, True, False]
    >>> check(cr, "0.788").message
    'Not quite. 0.788 looks like a proportion; this question wants a percentage (multiply by 100). Try again, or click Show answer.'
    >>> check(cr, "about eighty")
    Feedback(correct=False, message="'about eighty' is not a number. Type digits, e.g. 12 or 12.5.", counted=False)
    """  # noqa: E501
    if exercise.kind == "number":
        return _check_number(exercise, response)
    return _check_choice(exercise, response)


def reveal(exercise: Exercise, *, attempts: int) -> str:
    """The full answer and its explanation, once the reader has tried.

    Parameters
    ----------
    exercise : Exercise
        The exercise to reveal.
    attempts : int
        How many counted attempts the reader has made.

    Returns
    -------
    str
        ``"The answer is ...`` followed by the explanation.

    Raises
    ------
    RevealTooEarlyError
        If ``attempts`` is less than one.

    Examples
    --------
    >>> ex = Exercise(id="d", question="Day?", kind="number", answer=15)
    >>> reveal(ex, attempts=0)
    Traceback (most recent call last):
    ...
    helpers.exercises.RevealTooEarlyError: Have a go first: the answer is shown after one attempt.
    >>> reveal(ex, attempts=2)
    'The answer is 15.'
    """
    if attempts < 1:
        raise RevealTooEarlyError(TEXTS["too_early"])
    text = TEXTS["reveal"].format(answer=format_answer(exercise))
    if exercise.explanation:
        text = f"{text} {exercise.explanation}"
    return text
