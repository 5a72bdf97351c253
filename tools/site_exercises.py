"""The "Check yourself" exercises of the static site: one HTML form each.

When a notebook runs, every exercise widget saves, beside the widget view, an
output of type :data:`helpers.widgets.exercises.EXERCISE_MIME`: the exercise as
:func:`helpers.widgets.exercises.exercise_data` describes it (question, answer,
tolerance, choices, hint, explanation and every feedback text). The site
builder (:mod:`tools.site`) reads that saved output -- nothing is executed --
and :func:`exercise_html` turns it into a form that ``exercises.js`` (copied
beside the pages by :func:`copy_assets`) drives exactly like the live widget:

* an input box, or a group of radio buttons inside a ``fieldset`` whose
  ``legend`` is the question;
* *Check* (the form's submit button, so Enter in the box checks too);
* *Show answer*, disabled until one counted attempt, as in the live widget;
* a feedback line announced to screen readers (``role="status"``).

Examples
--------
>>> from helpers.exercises import Exercise
>>> from helpers.widgets.exercises import exercise_data
>>> data = exercise_data(Exercise(id="d", question="Day?", kind="number", answer=15))
>>> page = exercise_html(data)
>>> '<label class="site-exercise-question" id="ex-d-question" for="ex-d-input">Day?</label>' in page
True
>>> exercise_html({**data, "format": 0})
Traceback (most recent call last):
...
ValueError: exercise 'd': saved with export format 0, this builder reads format 1; ...
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from helpers.widgets.exercises import EXERCISE_MIME, EXPORT_FORMAT

__all__ = [
    "ASSETS",
    "EXERCISES_CSS",
    "EXERCISES_JS",
    "EXERCISE_MIME",
    "copy_assets",
    "exercise_html",
    "head_html",
]

#: Folder of the files copied into the site.
ASSETS = Path(__file__).with_name("assets")
#: The script that drives the forms, and their style sheet, inside the site.
EXERCISES_JS = "exercises.js"
EXERCISES_CSS = "exercises.css"

_REQUIRED = (
    "format",
    "id",
    "question",
    "kind",
    "answer",
    "choices",
    "percent",
    "placeholder",
    "right",
    "reveal",
    "texts",
)


def head_html() -> str:
    """The tags every page's ``<head>`` needs for the exercises."""
    return (
        f'<link rel="stylesheet" href="{EXERCISES_CSS}">\n'
        f'<script src="{EXERCISES_JS}" defer></script>'
    )


def copy_assets(output_dir: Path | str) -> list[Path]:
    """Copy ``exercises.js`` and ``exercises.css`` into the site folder."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [
        Path(shutil.copyfile(ASSETS / name, out / name)) for name in (EXERCISES_JS, EXERCISES_CSS)
    ]


def _dom_id(exercise_id: str) -> str:
    """An HTML id made from an exercise id: ``ex-`` and letters, digits, ``-``."""
    return "ex-" + re.sub(r"[^A-Za-z0-9_-]+", "-", exercise_id)


def _script_json(data: Mapping) -> str:
    """JSON that cannot end or comment out the ``<script>`` holding it."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _validate(data: Mapping) -> None:
    exercise_id = data.get("id", "?")
    if data.get("format") != EXPORT_FORMAT:
        raise ValueError(
            f"exercise {exercise_id!r}: saved with export format {data.get('format')}, "
            f"this builder reads format {EXPORT_FORMAT}; re-execute the notebook "
            "(python -m tools.series execute NOTEBOOK)"
        )
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise ValueError(f"exercise {exercise_id!r}: saved data lacks {', '.join(missing)}")
    if data["kind"] not in ("number", "choice"):
        raise ValueError(f"exercise {exercise_id!r}: kind {data['kind']!r} is not number or choice")


def _response_html(data: Mapping, base: str) -> str:
    question = html.escape(data["question"])
    if data["kind"] == "number":
        placeholder = html.escape(data["placeholder"])
        return (
            f'<label class="site-exercise-question" id="{base}-question" for="{base}-input">'
            f"{question}</label>\n"
            f'<input type="text" id="{base}-input" name="response" class="site-exercise-input" '
            f'autocomplete="off" spellcheck="false" placeholder="{placeholder}">'
        )
    options = "\n".join(
        f'<div class="site-exercise-choice"><input type="radio" name="{base}-choice" '
        f'id="{base}-choice-{number}" value="{html.escape(choice)}">'
        f'<label for="{base}-choice-{number}">{html.escape(choice)}</label></div>'
        for number, choice in enumerate(data["choices"])
    )
    return (
        f'<fieldset class="site-exercise-choices">\n'
        f'<legend class="site-exercise-question" id="{base}-question">{question}</legend>\n'
        f"{options}\n</fieldset>"
    )


def exercise_html(data: Mapping, *, dom_id: str | None = None) -> str:
    """The form of one exercise, from its saved :data:`EXERCISE_MIME` output.

    Parameters
    ----------
    data : mapping
        What :func:`helpers.widgets.exercises.exercise_data` exported.
    dom_id : str, optional
        Prefix of the HTML ids; ``ex-<exercise id>`` by default (exercise ids
        are unique within a notebook, so within a page).

    Returns
    -------
    str
        A ``<section class="site-exercise">`` holding the form and the data.

    Raises
    ------
    ValueError
        If the data was exported in another format or lacks a field.
    """
    _validate(data)
    base = dom_id or _dom_id(str(data["id"]))
    exercise_id = html.escape(str(data["id"]))
    locked = html.escape(data["texts"]["reveal_locked"])
    return "\n".join(
        [
            f'<section class="site-exercise" id="{base}" data-exercise-id="{exercise_id}"'
            f' aria-labelledby="{base}-title {base}-question">',
            f'<p class="site-exercise-title" id="{base}-title">Check yourself</p>',
            '<form class="site-exercise-form" novalidate>',
            _response_html(data, base),
            '<div class="site-exercise-buttons">',
            '<button type="submit" class="site-exercise-check">Check</button>',
            f'<button type="button" class="site-exercise-reveal" disabled title="{locked}"'
            f' aria-describedby="{base}-locked">Show answer</button>',
            f'<span class="site-visually-hidden" id="{base}-locked">{locked}</span>',
            "</div>",
            '<p class="site-exercise-feedback" role="status" aria-live="polite"></p>',
            "</form>",
            "<noscript><p>This exercise needs JavaScript, which is turned off in this"
            " browser.</p></noscript>",
            '<script type="application/json" class="site-exercise-data">'
            f"{_script_json(data)}</script>",
            "</section>",
        ]
    )
