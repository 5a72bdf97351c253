"""Whether a response is right, what to say, and how the answer is shown."""

from __future__ import annotations

import math
import numbers

from helpers.exercises._model import Exercise, Feedback, RevealTooEarlyError
from helpers.exercises._reading import (
    EXAMPLE_CANDIDATES,
    FLOAT_SLACK,
    TEXTS,
    fold_choice,
    parse_number,
)


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
    folded = fold_choice(str(response))
    if folded not in {fold_choice(c) for c in exercise.choices}:
        message = TEXTS["not_an_option"].format(response=repr(response))
        return Feedback(False, message, counted=False)
    if folded == fold_choice(str(exercise.answer)):
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
