"""The "Check a paper yourself" form: paste a printed result, get a verdict and why.

:func:`consistency_view` reads the text with :func:`helpers.consistency.check_text`
and returns what the form shows as a :class:`~helpers.widgets.View`: the verdict
line (``count``) and the one-paragraph explanation, or, for text it cannot
read, what went wrong and :data:`~helpers.consistency.EXAMPLES` of what it can
read (``html``). :class:`ConsistencyChecker` only wires a text box and a
*Check* button to it.

Displayed, the widget also saves :func:`consistency_data` beside its view, as
:data:`CONSISTENCY_MIME`: the static site (``tools/site_consistency.py``) puts
its own form in that place, which reads and checks the text in the browser
with the same templates (:data:`helpers.consistency.TEXTS`).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers.consistency import (
    EXAMPLES,
    TEXTS,
    ConsistencyInputError,
    UnreadableTextError,
    check_text,
    verdict,
)
from helpers.consistency._texts import fill
from helpers.widgets._base import RunToUse, View, message_box

__all__ = [
    "CONSISTENCY_MIME",
    "EXPORT_FORMAT",
    "ConsistencyChecker",
    "consistency_data",
    "consistency_view",
]

#: MIME type of the saved output that places the static site's form.
CONSISTENCY_MIME = "application/vnd.blinatumomab.consistency+json"
#: Layout version of :func:`consistency_data`; the site builder refuses another one.
EXPORT_FORMAT = 1

#: Colour of each verdict (contrast at least 4.5:1 on white).
_COLOURS = {
    TEXTS["verdict.possible"]: "#1b5e20",
    TEXTS["verdict.truncation"]: "#8a4b00",
    TEXTS["verdict.impossible"]: "#b71c1c",
}


def _examples_html() -> str:
    items = "".join(f"<li><code>{html.escape(example)}</code></li>" for example in EXAMPLES)
    return f"{html.escape(TEXTS['form.examples'])}<ul>{items}</ul>"


def consistency_view(text: str) -> View:
    """What the form shows for ``text``: the verdict line and the explanation.

    Parameters
    ----------
    text : str
        One printed result, as pasted (``"21 (63.7%) of 33"``).

    Returns
    -------
    View
        ``count`` is the verdict line (HTML), ``html`` the explanation (HTML);
        ``numbers`` holds ``check``, ``verdict``, ``consistent``, ``message``
        and ``decision_error`` (None unless the check is of a p-value), or
        ``error`` (``"unreadable"`` or ``"invalid"``) when there is no verdict.

    Examples
    --------
    >>> view = consistency_view("21 (63.7%) of 33")
    >>> view.numbers["verdict"], view.numbers["message"]
    ('impossible', 'percent.impossible')
    >>> consistency_view("the children did well").numbers["error"]
    'unreadable'
    """
    try:
        checked = check_text(text)
    except UnreadableTextError as error:
        words = fill("form.unreadable", reason=error.reason)
        box = message_box(f"{html.escape(words)}<br>{_examples_html()}")
        return View("", box, numbers={"error": "unreadable"})
    except ConsistencyInputError as error:
        words = fill("form.invalid", reason=str(error))
        box = message_box(f"{html.escape(words)}<br>{_examples_html()}")
        return View("", box, numbers={"error": "invalid"})
    result = checked.result
    said = verdict(result)
    colour = _COLOURS.get(said, _COLOURS[TEXTS["verdict.impossible"]])
    line = fill(
        "line",
        verdict=f'<b style="color:{colour}">{html.escape(said[:1].upper() + said[1:])}</b>',
        check=html.escape(result.check),
        read_as=html.escape(checked.read_as),
    )
    numbers = {
        "check": checked.check,
        "verdict": said,
        "consistent": result.consistent,
        "message": result.message,
        "decision_error": getattr(result, "decision_error", None),
    }
    return View(line, f"<p>{html.escape(result.explanation)}</p>", numbers=numbers)


def consistency_data(text: str = "") -> dict:
    """What the static site needs to place its form: the starting text (plain JSON).

    Examples
    --------
    >>> consistency_data("7.6 ± 3.7, n = 33")
    {'format': 1, 'text': '7.6 ± 3.7, n = 33'}
    """
    return {"format": EXPORT_FORMAT, "text": text}


class ConsistencyChecker(RunToUse, widgets.VBox):
    """A text box, a *Check* button, the verdict and its explanation.

    Parameters
    ----------
    text : str, optional
        Text to start with, checked at once (empty: nothing shown yet).

    Attributes
    ----------
    text : ipywidgets.Textarea
        Where the reader pastes a printed result.
    check_button : ipywidgets.Button
    verdict, explanation : ipywidgets.HTML
        The verdict line and the paragraph (or the examples of what can be read).

    Examples
    --------
    >>> form = ConsistencyChecker()
    >>> form.text.value = "Z = 1.672, p = 0.095"
    >>> form.check_button.click()
    >>> "Possible" in form.verdict.value
    True
    """

    run_note = TEXTS["form.run_note"]

    def __init__(self, text: str = "") -> None:
        self.label = widgets.HTML(f"<b>{html.escape(TEXTS['form.label'])}</b>")
        self.text = widgets.Textarea(
            value=text,
            placeholder=fill("form.placeholder", example=EXAMPLES[0]),
            rows=2,
            layout=widgets.Layout(width="min(100%, 40em)"),
        )
        self.check_button = widgets.Button(description=TEXTS["form.check"], button_style="primary")
        self.verdict = widgets.HTML(value="")
        self.explanation = widgets.HTML(value="")
        self.check_button.on_click(self.on_check)
        super().__init__(
            children=[self.label, self.text, self.check_button, self.verdict, self.explanation]
        )
        self.add_class("consistency-checker")
        if text:
            self.on_check()

    def on_check(self, _button: widgets.Button | None = None) -> View:
        """Check the text in the box and show the verdict (the *Check* handler)."""
        view = consistency_view(self.text.value)
        self.verdict.value = view.count
        self.explanation.value = view.html
        return view

    def saved_heading(self) -> str:
        """The form's title, above the note of the saved text (see :class:`RunToUse`)."""
        return TEXTS["form.title"]

    def _repr_mimebundle_(self, **kwargs: object) -> dict | None:
        """The widget view, its saved text and :func:`consistency_data` for the static site."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle[CONSISTENCY_MIME] = consistency_data(self.text.value)
        return bundle

    def __repr__(self) -> str:
        return f"{TEXTS['form.title']}: {self.text.value!r}"
