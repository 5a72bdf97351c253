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

How typed numbers are read: :func:`parse_number` (the rules are listed in
:mod:`helpers.exercises._reading`, shared with the static site).

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

from helpers.exercises._checking import (
    check,
    example_number,
    format_answer,
    placeholder,
    reveal,
    shown_answer,
)
from helpers.exercises._model import Exercise, Feedback, RevealTooEarlyError
from helpers.exercises._reading import (
    EXAMPLE_CANDIDATES,
    FLOAT_SLACK,
    TEXTS,
    parse_number,
)

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
