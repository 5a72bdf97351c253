"""An exercise and the feedback it gives (the data, no logic)."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Literal

from helpers.exercises._reading import fold_choice

__all__ = ["Exercise", "Feedback", "Kind", "RevealTooEarlyError"]

Kind = Literal["number", "choice"]


class RevealTooEarlyError(RuntimeError):
    """Raised by :func:`reveal` when no attempt has been made yet."""

    __module__ = "helpers.exercises"  # where readers import it from


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
        if len({fold_choice(c) for c in choices}) != len(choices):
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
