"""The on-screen form of a check-yourself exercise: input, *Check*, *Show answer*, feedback.

The judging is :func:`helpers.exercises.check` and :func:`helpers.exercises.reveal`;
this module only wires buttons to them.

Displayed, the widget also saves :func:`exercise_data` in its output, as
:data:`EXERCISE_MIME` beside the widget view: the static site
(``tools/site_exercises.py``) reads it to draw the same exercise as an HTML
form, without executing anything. nbval compares it like any other output:
it is plain JSON and the same on every run.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers.exercises import (
    FLOAT_SLACK,
    TEXTS,
    Exercise,
    Feedback,
    RevealTooEarlyError,
    check,
    format_answer,
    placeholder,
    reveal,
    shown_answer,
)
from helpers.widgets._base import RunToUse

__all__ = ["EXERCISE_MIME", "EXPORT_FORMAT", "ExerciseWidget", "exercise_data", "exercise_widget"]

#: MIME type of the saved output that describes an exercise for the static site.
EXERCISE_MIME = "application/vnd.blinatumomab.exercise+json"
#: Layout version of :func:`exercise_data`; the site builder refuses another one.
EXPORT_FORMAT = 1


def _placeholder(exercise: Exercise) -> str:
    return placeholder(exercise)


def exercise_data(exercise: Exercise) -> dict:
    """Everything a page needs to run the exercise without Python, as plain JSON.

    The exercise's fields, the answer as displayed (``answer_text``,
    ``answer_shown``), the texts for a right answer and for *Show answer*
    as :func:`~helpers.exercises.check` and :func:`~helpers.exercises.reveal`
    word them, and every feedback template (:data:`helpers.exercises.TEXTS`).

    Parameters
    ----------
    exercise : Exercise
        The exercise to describe.

    Returns
    -------
    dict
        JSON-ready (numbers are finite floats, choices a list).

    Examples
    --------
    >>> data = exercise_data(Exercise(id="d", question="Day?", kind="number", answer=15))
    >>> data["right"], data["reveal"], data["placeholder"]
    ('Correct: 15.', 'The answer is 15.', 'type a number')
    """
    number = exercise.kind == "number"
    right = check(exercise, exercise.answer)
    if not right.correct:  # pragma: no cover - check() accepts its own answer
        raise AssertionError(f"exercise {exercise.id!r} rejects its own answer")
    return {
        "format": EXPORT_FORMAT,
        "id": exercise.id,
        "question": exercise.question,
        "kind": exercise.kind,
        "answer": exercise.answer,
        "tolerance": exercise.tolerance,
        "choices": list(exercise.choices),
        "percent": exercise.percent,
        "hint": exercise.hint,
        "explanation": exercise.explanation,
        "answer_text": format_answer(exercise),
        "answer_shown": shown_answer(exercise) if number else None,
        "float_slack": FLOAT_SLACK,
        "placeholder": _placeholder(exercise),
        "right": right.message,
        "reveal": reveal(exercise, attempts=1),
        "texts": dict(TEXTS),
    }


_STYLES = {
    "right": "color:#1b5e20",
    "wrong": "color:#b71c1c",
    "info": "color:#37474f",
}


def _feedback_html(kind: str, text: str) -> str:
    symbol = {"right": "\u2714 ", "wrong": "\u2718 ", "info": ""}[kind]
    return f'<span style="{_STYLES[kind]}">{symbol}{html.escape(text)}</span>'


class ExerciseWidget(RunToUse, widgets.VBox):
    """The on-screen form of an :class:`Exercise` (see :func:`exercise_widget`).

    Attributes
    ----------
    exercise : Exercise
        The exercise shown.
    response : ipywidgets.Text or ipywidgets.RadioButtons
        Where the reader answers.
    check_button, reveal_button : ipywidgets.Button
        *Check* and *Show answer*; the latter is disabled until one attempt.
    feedback : ipywidgets.HTML
        The feedback line.
    attempts : int
        Counted attempts so far.
    """

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.attempts = 0
        if exercise.kind == "number":
            self.response = widgets.Text(
                placeholder=_placeholder(exercise), layout=widgets.Layout(width="16em")
            )
        else:
            self.response = widgets.RadioButtons(
                options=list(exercise.choices), value=None, layout=widgets.Layout(width="auto")
            )
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.reveal_button = widgets.Button(
            description="Show answer",
            disabled=True,
            tooltip=TEXTS["reveal_locked"],
        )
        self.feedback = widgets.HTML(value="")
        self.check_button.on_click(self.on_check)
        self.reveal_button.on_click(self.on_reveal)
        question = widgets.HTML(value=f"<b>{html.escape(exercise.question)}</b>")
        super().__init__(
            children=[
                question,
                self.response,
                widgets.HBox([self.check_button, self.reveal_button]),
                self.feedback,
            ]
        )

    def on_check(self, _button: widgets.Button | None = None) -> Feedback:
        """Judge the current response and show the verdict (the *Check* handler)."""
        verdict = check(self.exercise, self.response.value)
        if verdict.counted:
            self.attempts += 1
            self.reveal_button.disabled = False
            self.reveal_button.tooltip = ""
            kind = "right" if verdict.correct else "wrong"
        else:
            kind = "info"
        self.feedback.value = _feedback_html(kind, verdict.message)
        return verdict

    def on_reveal(self, _button: widgets.Button | None = None) -> str:
        """Show the answer (the *Show answer* handler); refuses before an attempt."""
        try:
            text = reveal(self.exercise, attempts=self.attempts)
        except RevealTooEarlyError as error:
            self.feedback.value = _feedback_html("info", str(error))
            return str(error)
        self.feedback.value = _feedback_html("info", text)
        return text

    run_note = "to answer this question"

    def saved_heading(self) -> str:
        """The question, above the note of the saved text (see :class:`RunToUse`)."""
        return f"Check yourself: {self.exercise.question}"

    def _repr_mimebundle_(self, **kwargs: object) -> dict | None:
        """The widget view, its saved text (see :class:`RunToUse`) and :func:`exercise_data`."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle[EXERCISE_MIME] = exercise_data(self.exercise)
        return bundle

    def __repr__(self) -> str:
        # Shown as the text/plain fallback where widgets are not rendered
        # (a static copy) and compared by nbval; keep it short and stable.
        return f"Check yourself [{self.exercise.id}]: {self.exercise.question}"


def exercise_widget(exercise: Exercise) -> ExerciseWidget:
    """An input, a *Check* button, a *Show answer* button and feedback.

    *Show answer* stays disabled until the reader has made one counted
    attempt. The handlers are ordinary methods, so the whole flow can be
    exercised without a browser.

    Parameters
    ----------
    exercise : Exercise
        The exercise to show.

    Returns
    -------
    ExerciseWidget
        An :class:`ipywidgets.VBox`; display it as a cell's last expression.

    Examples
    --------
    >>> w = exercise_widget(Exercise(id="d", question="Day?", kind="number", answer=15))
    >>> w.reveal_button.disabled
    True
    >>> w.response.value = "15"
    >>> w.check_button.click()
    >>> w.attempts, w.reveal_button.disabled
    (1, False)
    """
    return ExerciseWidget(exercise)
