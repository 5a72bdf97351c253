"""The "Check a paper yourself" form of the static site: read and check pasted text in the page.

Free text cannot be precomputed, so the static twin of
:class:`helpers.widgets.ConsistencyChecker` does the work in the browser:
``consistency.js`` (copied beside the pages by :func:`copy_assets`) reads the
text and runs GRIM, GRIMMER, DEBIT, the percentage check and the p-value check
as :mod:`helpers.consistency` does, with exact (BigInt) fractions where Python
uses :class:`fractions.Fraction`. What it must not write twice comes from
Python when the site is built, inside the form (:func:`form_data`):

* every sentence, as the templates of :data:`helpers.consistency.TEXTS`;
* the patterns :func:`helpers.consistency.check_text` reads with
  (:func:`helpers.consistency.text.text_patterns`), turned into JavaScript
  regular expressions by :func:`js_pattern`;
* the examples shown for text that cannot be read, and the reasons.

The widget's saved output (:data:`helpers.widgets.consistency.CONSISTENCY_MIME`)
marks its place in the page; :func:`form_html` puts the form there, starting
from the text the notebook's widget was given. ``tests/consistency_cases.json``
is run through both (``tests/test_consistency_cases.py`` and
``tests/browser/test_site_consistency.py``).

Examples
--------
>>> js_pattern(r"(?P<n>\\d+)")
'(?<n>\\\\d+)'
>>> page = form_html({"format": 1, "text": "21 (63.7%) of 33"})
>>> '<textarea id="consistency-form-text"' in page
True
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Mapping
from pathlib import Path

from helpers.consistency import CONVENTIONS, EXAMPLES, NEAREST, TEXTS
from helpers.consistency._texts import fill
from helpers.consistency.text import REASONS, text_patterns
from helpers.widgets.consistency import CONSISTENCY_MIME, EXPORT_FORMAT

__all__ = [
    "ASSETS",
    "CONSISTENCY_CSS",
    "CONSISTENCY_JS",
    "CONSISTENCY_MIME",
    "copy_assets",
    "form_data",
    "form_html",
    "head_html",
    "js_pattern",
]

#: Folder of the files copied into the site.
ASSETS = Path(__file__).with_name("assets")
#: The script that reads and checks the text, and the form's style sheet, in the site.
CONSISTENCY_JS = "consistency.js"
CONSISTENCY_CSS = "consistency.css"


def head_html() -> str:
    """The tags a page's ``<head>`` needs for the form."""
    return (
        f'<link rel="stylesheet" href="{CONSISTENCY_CSS}">\n'
        f'<script src="{CONSISTENCY_JS}" defer></script>'
    )


def copy_assets(output_dir: Path | str) -> list[Path]:
    """Copy ``consistency.js`` and ``consistency.css`` into the site folder."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [
        Path(shutil.copyfile(ASSETS / name, out / name))
        for name in (CONSISTENCY_JS, CONSISTENCY_CSS)
    ]


def js_pattern(source: str) -> str:
    """A Python regular expression as JavaScript writes it (named groups ``(?<name>``).

    The patterns of :func:`~helpers.consistency.text.text_patterns` use nothing
    else that the two languages write differently.
    """
    return source.replace("(?P<", "(?<")


def _pattern(pair: tuple[str, bool]) -> dict[str, str]:
    source, ignore_case = pair
    return {"source": js_pattern(source), "flags": "i" if ignore_case else ""}


def form_data() -> dict:
    """What ``consistency.js`` reads: templates, patterns, examples, reasons, conventions."""
    patterns = text_patterns()
    return {
        "format": EXPORT_FORMAT,
        "texts": dict(TEXTS),
        "reasons": dict(REASONS),
        "examples": list(EXAMPLES),
        "conventions": list(CONVENTIONS),
        "nearest": list(NEAREST),
        "replace": patterns["replace"],
        "patterns": {
            "statistic": _pattern(patterns["statistic"]),
            "percent": [_pattern(p) for p in patterns["percent"]],
            "n": _pattern(patterns["n"]),
            "mean_sd": [_pattern(p) for p in patterns["mean_sd"]],
            "binary": _pattern(patterns["binary"]),
            "mean": _pattern(patterns["mean"]),
        },
    }


def _script_json(data: Mapping) -> str:
    """JSON that cannot end or comment out the ``<script>`` holding it."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def form_html(saved: Mapping, *, dom_id: str = "consistency-form") -> str:
    """The form, in place of the widget whose saved output is ``saved``.

    Parameters
    ----------
    saved : mapping
        What :func:`helpers.widgets.consistency.consistency_data` saved: the
        starting text, checked as soon as the page has loaded.
    dom_id : str, optional
        Prefix of the HTML ids (one form per page by default).

    Raises
    ------
    ValueError
        If the output was saved in another format (re-execute the notebook).
    """
    if saved.get("format") != EXPORT_FORMAT:
        raise ValueError(
            f"consistency form saved with export format {saved.get('format')}, this builder "
            f"reads format {EXPORT_FORMAT}; re-execute the notebook "
            "(python -m tools.series execute NOTEBOOK)"
        )
    text = html.escape(str(saved.get("text", "")))
    placeholder = html.escape(fill("form.placeholder", example=EXAMPLES[0]))
    return "\n".join(
        [
            f'<section class="site-consistency" id="{dom_id}" aria-labelledby="{dom_id}-title">',
            f'<p class="site-consistency-title" id="{dom_id}-title">'
            f"{html.escape(TEXTS['form.title'])}</p>",
            '<form class="site-consistency-form" novalidate>',
            f'<label class="site-consistency-label" for="{dom_id}-text">'
            f"{html.escape(TEXTS['form.label'])}</label>",
            f'<textarea id="{dom_id}-text" name="text" class="site-consistency-text" rows="2" '
            f'autocomplete="off" spellcheck="false" placeholder="{placeholder}">{text}</textarea>',
            '<div class="site-consistency-buttons">',
            f'<button type="submit" class="site-consistency-check">'
            f"{html.escape(TEXTS['form.check'])}</button>",
            "</div>",
            '<div class="site-consistency-result" role="status" aria-live="polite">',
            '<p class="site-consistency-verdict"></p>',
            '<div class="site-consistency-explanation"></div>',
            "</div>",
            "</form>",
            "<noscript><p>This form needs JavaScript, which is turned off in this"
            " browser.</p></noscript>",
            '<script type="application/json" class="site-consistency-data">'
            f"{_script_json(form_data())}</script>",
            "</section>",
        ]
    )
