"""Accessibility of the static site: text alternatives for figures, a page-wide style sheet.

Every plotly figure of a page is wrapped in a ``<figure>`` whose
``<figcaption>`` -- hidden on screen, read by screen readers -- gives the
figure's title and one sentence describing it, written from the figure's own
data by :func:`figure_description` (kind of chart, axes, series), so the text
cannot drift from the picture.

``site-a11y.css`` (copied into the site by :func:`copy_assets`) fixes what
axe-core finds in nbconvert's JupyterLab style: prompt and code colours below
a 4.5:1 contrast, links told from text by colour alone.

Examples
--------
>>> fig = {"data": [{"type": "bar", "name": "Grade 1-2"}, {"type": "bar", "name": "Grade 3-4"}],
...        "layout": {"title": {"text": "Adverse events"},
...                   "xaxis": {"title": {"text": "Children"}},
...                   "yaxis": {"title": {"text": "Event"}}}}
>>> figure_caption(fig)
'Adverse events. Bar chart of Event against Children, with 2 series: Grade 1-2 and Grade 3-4.'
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = [
    "A11Y_CSS",
    "copy_assets",
    "figure_caption",
    "figure_description",
    "figure_title",
    "head_html",
    "wrap_figure",
]

#: The page-wide style sheet inside the site.
A11Y_CSS = "site-a11y.css"
_ASSETS = Path(__file__).with_name("assets")
_MAX_NAMES = 6

_KINDS = {
    "bar": "bar",
    "box": "box plot",
    "histogram": "histogram",
    "heatmap": "heat map",
    "sankey": "flow diagram",
    "pie": "pie chart",
}


def head_html() -> str:
    """The ``<link>`` every page needs for the style sheet."""
    return f'<link rel="stylesheet" href="{A11Y_CSS}">'


def copy_assets(output_dir: Path | str) -> Path:
    """Copy ``site-a11y.css`` into the site folder."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(_ASSETS / A11Y_CSS, out / A11Y_CSS))


def _plain(value: object) -> str:
    """Text of a plotly title (a string or ``{"text": ...}``), without HTML tags."""
    if isinstance(value, Mapping):
        value = value.get("text", "")
    text = re.sub(r"<br\s*/?>", " ", str(value or ""), flags=re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split()).rstrip(".")


def figure_title(figure: Mapping) -> str:
    """The figure's title as plain text ("" when it has none)."""
    return _plain(figure.get("layout", {}).get("title"))


def _trace_kind(trace: Mapping) -> str:
    kind = trace.get("type", "scatter")
    if kind in ("scatter", "scattergl"):
        mode = trace.get("mode", "lines+markers")
        return "line" if "lines" in mode else "dot"
    return _KINDS.get(kind, kind)


def _chart_words(kinds: Sequence[str]) -> str:
    distinct = list(dict.fromkeys(kinds))
    if distinct == ["box plot"]:
        return "Box plot"
    if len(distinct) == 1 and distinct[0] in ("flow diagram", "pie chart", "heat map", "histogram"):
        return distinct[0].capitalize()
    words = [k.removesuffix(" plot") for k in distinct]
    return f"{' and '.join(words).capitalize()} chart"


def _join(names: Sequence[str]) -> str:
    if len(names) > _MAX_NAMES:
        shown = [*names[:_MAX_NAMES], f"{len(names) - _MAX_NAMES} more"]
    else:
        shown = list(names)
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def figure_description(figure: Mapping) -> str:
    """One sentence saying what the figure draws: its kind, axes and named series.

    Parameters
    ----------
    figure : mapping
        Plotly figure JSON (``data`` and ``layout``).

    Returns
    -------
    str
        A sentence ending with a full stop.

    Examples
    --------
    >>> figure_description({"data": [{"type": "sankey"}], "layout": {}})
    'Flow diagram.'
    >>> figure_description({"data": [{"type": "scatter", "mode": "lines", "name": "CR"}],
    ...                     "layout": {"xaxis": {"title": "Months"}}})
    'Line chart along Months, with 1 series: CR.'
    """
    traces = [t for t in figure.get("data", []) if t.get("visible", True) is not False]
    if not traces:
        return "An empty figure."
    layout = figure.get("layout", {})
    sentence = _chart_words([_trace_kind(t) for t in traces])
    x_title = _plain(layout.get("xaxis", {}).get("title"))
    y_title = _plain(layout.get("yaxis", {}).get("title"))
    if x_title and y_title:
        sentence += f" of {y_title} against {x_title}"
    elif x_title or y_title:
        sentence += f" along {x_title or y_title}"
    names = list(
        dict.fromkeys(
            _plain(t.get("name"))
            for t in traces
            if t.get("name") and t.get("showlegend", True) is not False
        )
    )
    names = [n for n in names if n]
    if names:
        sentence += f", with {len(names)} series: {_join(names)}"
    return f"{sentence}."


def figure_caption(figure: Mapping) -> str:
    """The figure's text alternative: its title, then :func:`figure_description`."""
    title = figure_title(figure)
    description = figure_description(figure)
    return f"{title}. {description}" if title else description


def wrap_figure(figure_html: str, figure: Mapping) -> str:
    """Put a figure's HTML in a ``<figure>`` with a caption for screen readers only.

    Examples
    --------
    >>> print(wrap_figure("<div></div>", {"data": [], "layout": {"title": "T"}}))
    <figure class="site-figure"><div></div>
    <figcaption class="site-visually-hidden">T. An empty figure.</figcaption></figure>
    """
    caption = html.escape(figure_caption(figure))
    return (
        f'<figure class="site-figure">{figure_html}\n'
        f'<figcaption class="site-visually-hidden">{caption}</figcaption></figure>'
    )
