"""A static HTML copy of the notebook series that opens from disk, without a network.

``python -m tools.site OUTDIR`` (or ``make site``, which writes ``build/site``)
writes:

* ``index.html``: the notebooks in series order, each with its title and its
  learning objectives, read from the notebooks (:func:`tools.series_format.notebook_info`);
* one page per notebook, converted by nbconvert from the saved outputs
  (nothing is executed), with the input of setup cells tagged ``hide-input``
  and of cells tagged ``remove-input`` (exercises, dashboards: code readers
  need not read, :data:`tools.series_format.READER_HIDDEN_TAG`) removed
  (``TagRemovePreprocessor.remove_input_tags``), and cells tagged
  ``remove-cell`` (the saved picture of a dashboard's opening view, for copies
  that cannot run it: here the dashboard itself works) left out;
* ``plotly.min.js``, copied once from the installed plotly package; every page
  loads it by a relative path;
* beside the folder, ``OUTDIR.zip`` (:func:`zip_site`): the same site as one
  file, for an instructor to unpack on any web server or upload to a learning
  platform.

nbconvert cannot draw plotly's ``application/vnd.plotly.v1+json`` outputs, so
:class:`PlotlyToHTML` turns each into a ``<div>`` and a ``Plotly.newPlot``
call: the figures stay interactive (hover, zoom) in the static copy; plotly.js
is loaded with ``defer``, so a page is painted before it is parsed. Widget
outputs have no saved state, so each becomes a short note pointing to the live
notebook. Nothing is loaded from a CDN (no require.js, MathJax or mermaid), so
the pages work from ``file://``. Links between notebooks (``NN-name.ipynb``)
point to the matching pages.

Examples
--------
>>> page_name("notebooks/00-start-here.ipynb")
'00-start-here.html'
>>> rewrite_links('<a href="01-the-cohort.ipynb#Overview">next</a>')
'<a href="01-the-cohort.html#Overview">next</a>'
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode

from tools import site_a11y, site_consistency, site_dashboards, site_exercises
from tools.series_format import (
    DEFAULT_NOTEBOOKS_DIR,
    READER_HIDDEN_TAG,
    SAVED_PICTURE_TAG,
    SETUP_TAG,
    list_notebooks,
    notebook_info,
)

__all__ = [
    "PLOTLY_JS",
    "PLOTLY_MIME",
    "WIDGET_MIME",
    "PlotlyToHTML",
    "build_site",
    "export_page",
    "index_html",
    "main",
    "page_name",
    "plotly_js_source",
    "rewrite_links",
    "zip_site",
]

#: File name of plotly.js inside the site.
PLOTLY_JS = "plotly.min.js"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = site_dashboards.WIDGET_MIME

SERIES_TITLE = "Short-course blinatumomab in children: teaching notebooks"
PAPER = (
    "Xie et al., Short-course blinatumomab for refractory/relapse precursor B acute "
    "lymphoblastic leukemia in children. Front. Pediatr. 2023;11:1187607 "
    '(<a href="https://doi.org/10.3389/fped.2023.1187607">doi:10.3389/fped.2023.1187607</a>'
    ", CC BY 4.0)"
)

_WIDGET_NOTE = (
    '<div class="site-widget-note" style="padding:0.5em;border-left:4px solid #56B4E9;'
    'background:#eef7fc">Interactive widget: open this notebook in JupyterLab '
    "(<code>make lab</code>) to use it. The static copy shows the saved outputs only.</div>"
)

_NOTEBOOK_LINK = re.compile(r'href="(?:\./)?(\d{2}-[a-z0-9][a-z0-9-]*)\.ipynb(#[^"]*)?"')
_INDEX_LINK = re.compile(r'href="(?:\./)?(?:notebooks/)?README\.md(#[^"]*)?"')

# A page template that loads plotly.js from the site folder and nothing from a CDN.
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
{#- deferred: painted before plotly.js (5 MB) is parsed; figures draw on DOMContentLoaded -#}
<script src="{{ resources.site_plotly_js }}" defer></script>
{{ resources.site_dashboards_head }}
{%- endblock html_head_js -%}
{#- after nbconvert's own style sheets, so that site-a11y.css can override them -#}
{%- block html_head_css -%}
{{ resources.site_exercises_head }}
{%- endblock html_head_css -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
<nav class="site-nav" style="padding:0.5em 1em;border-bottom:1px solid #ddd">
{{ resources.site_nav }}
</nav>
{%- endblock body_header -%}
"""


def page_name(path: Path | str) -> str:
    """The site's file name for a notebook: ``NN-name.html``."""
    return Path(path).with_suffix(".html").name


def rewrite_links(body: str) -> str:
    """Point links to ``NN-name.ipynb`` at ``NN-name.html`` and the index README at index.html.

    Examples
    --------
    >>> rewrite_links('<a href="README.md">all notebooks</a>')
    '<a href="index.html">all notebooks</a>'
    """
    body = _NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', body)
    return _INDEX_LINK.sub(lambda m: f'href="index.html{m[1] or ""}"', body)


def _figure_html(figure: dict, div_id: str) -> str:
    """A div and the script that draws ``figure`` (plotly JSON) into it.

    The script runs while the page is parsed and draws on DOMContentLoaded,
    which fires after plotly.js (loaded with ``defer``) has run.
    """
    data = json.dumps(figure.get("data", []))
    layout = json.dumps(figure.get("layout", {}))
    config = json.dumps({"responsive": True, "displaylogo": False})
    draw = f'Plotly.newPlot("{div_id}", {data}, {layout}, {config});'
    script = f'document.addEventListener("DOMContentLoaded", function () {{{draw}}});'
    script = script.replace("</", "<\\/")  # a string inside the JSON cannot end the script
    height = figure.get("layout", {}).get("height")
    style = f"width:100%;height:{int(height)}px" if height else "width:100%"
    return (
        f'<div id="{div_id}" class="site-plotly" style="{style}"></div>\n'
        f'<script type="text/javascript">{script}</script>'
    )


class PlotlyToHTML(Preprocessor):
    """Give each plotly output an HTML form that draws it with ``Plotly.newPlot``.

    The plotly JSON itself is dropped from the output (nbconvert would
    otherwise fall back to its text form), and a widget view, which has no
    saved state, becomes a short note. Ids are ``plotly-<cell>-<output>``,
    stable from one build to the next.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> fig = {"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {}}
    >>> out = new_output("display_data", data={PLOTLY_MIME: fig, "text/plain": "Figure"})
    >>> nb = new_notebook(cells=[new_code_cell("fig", outputs=[out])])
    >>> nb, _ = PlotlyToHTML().preprocess(nb, {})
    >>> sorted(nb.cells[0].outputs[0].data)
    ['text/html']
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict, index: int
    ) -> tuple[NotebookNode, dict]:
        for number, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if PLOTLY_MIME in data:
                figure = data[PLOTLY_MIME]
                figure_html = _figure_html(figure, f"plotly-{index}-{number}")
                output["data"] = {"text/html": site_a11y.wrap_figure(figure_html, figure)}
            elif site_exercises.EXERCISE_MIME in data:  # an exercise's form (site_exercises.py)
                form = site_exercises.exercise_html(data[site_exercises.EXERCISE_MIME])
                output["data"] = {"text/html": form}
            elif site_consistency.CONSISTENCY_MIME in data:  # "Check a paper yourself"
                form = site_consistency.form_html(data[site_consistency.CONSISTENCY_MIME])
                output["data"] = {"text/html": form}
            elif WIDGET_MIME in data:
                # a dashboard's static twin (tools/site_dashboards.py), else the note
                notebook = resources.get("site_notebook", "")
                twin = site_dashboards.dashboard_for_cell(notebook, cell.get("source", ""))
                html_out = site_dashboards.twin_html(twin) if twin else _WIDGET_NOTE
                output["data"] = {"text/html": html_out}
        return cell, resources


def plotly_js_source() -> Path:
    """The ``plotly.min.js`` bundled with the installed plotly package.

    Raises
    ------
    FileNotFoundError
        If the plotly package does not carry it.
    """
    import plotly  # imported here: only building the site needs the file

    source = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    if not source.is_file():
        raise FileNotFoundError(f"{source} is missing: reinstall plotly (pip install plotly)")
    return source


def _nav(paths: Sequence[Path], position: int) -> str:
    links = ['<a href="index.html">All notebooks</a>']
    if position > 0:
        previous = paths[position - 1]
        links.append(f'<a href="{page_name(previous)}">&larr; {html.escape(previous.stem)}</a>')
    if position < len(paths) - 1:
        following = paths[position + 1]
        links.append(f'<a href="{page_name(following)}">{html.escape(following.stem)} &rarr;</a>')
    return " · ".join(links)


def export_page(path: Path | str, output_dir: Path | str, *, nav: str = "") -> Path:
    """Convert one notebook to a page of the site (saved outputs, setup input hidden).

    Parameters
    ----------
    path : path-like
        The notebook.
    output_dir : path-like
        The site folder (created if needed); ``plotly.min.js`` is expected there.
    nav : str, optional
        HTML for the navigation bar at the top of the page.

    Returns
    -------
    pathlib.Path
        The page written.
    """
    import jinja2  # imported here: only building the site needs these
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {SETUP_TAG, READER_HIDDEN_TAG}
    config.TagRemovePreprocessor.remove_cell_tags = {SAVED_PICTURE_TAG}  # the twin shows it
    exporter = HTMLExporter(
        config=config,
        extra_loaders=[jinja2.DictLoader({"site.html.j2": _TEMPLATE})],
        template_file="site.html.j2",
    )
    exporter.register_preprocessor(PlotlyToHTML, enabled=True)
    path = Path(path)
    resources = {
        "site_plotly_js": PLOTLY_JS,
        "site_nav": nav,
        "site_notebook": path.stem,
        "site_dashboards_head": site_dashboards.head_html(),
        "site_exercises_head": f"{site_a11y.head_html()}\n{site_exercises.head_html()}\n"
        f"{site_consistency.head_html()}",
    }
    body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4), resources=resources)
    target = Path(output_dir) / page_name(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rewrite_links(body), encoding="utf-8")
    return target


def index_html(paths: Sequence[Path]) -> str:
    """The site's front page: every notebook in order with its title and objectives.

    Objectives are Markdown in the notebooks and are rendered as such.

    Examples
    --------
    >>> page = index_html(list_notebooks("notebooks")[:1])
    >>> '<a href="00-start-here.html">00 · Start here</a>' in page
    True
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    def inline(text: str) -> str:
        rendered = markdown2html_mistune(text).strip()
        return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)

    items = []
    for path in paths:
        info = notebook_info(path)
        objectives = "\n".join(f"<li>{rewrite_links(inline(o))}</li>" for o in info.objectives)
        items.append(
            f'<li><h2><a href="{page_name(path)}">{html.escape(info.number)} · '
            f"{html.escape(info.title)}</a></h2>\n<ol>\n{objectives}\n</ol></li>"
        )
    entries = "\n".join(items)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(SERIES_TITLE)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #222; }}
ul.notebooks {{ list-style: none; padding: 0; }}
ul.notebooks h2 {{ font-size: 1.2em; margin: 1.2em 0 0.3em; }}
</style>
{site_a11y.head_html()}
</head>
<body>
<main class="site-index">
<h1>{html.escape(SERIES_TITLE)}</h1>
<p>A static copy of the notebooks, to use without installing anything: the figures, the
dashboards and the "Check yourself" exercises all work here, in the browser, with no Python
and no network. The live notebooks (<code>make lab</code>) also let you change the code.
Work through the notebooks in order; each lists what you will be able to do by its end.
They re-analyse {PAPER}.</p>
<ul class="notebooks">
{entries}
</ul>
</main>
</body>
</html>
"""


def build_site(
    output_dir: Path | str, *, notebooks_dir: Path | str = DEFAULT_NOTEBOOKS_DIR
) -> list[Path]:
    """Write the whole static site: index, one page per notebook, plotly.js.

    Parameters
    ----------
    output_dir : path-like
        Folder to write into (created if needed; existing pages are overwritten).
    notebooks_dir : path-like, default ``notebooks``
        Where the series' ``NN-*.ipynb`` notebooks are.

    Returns
    -------
    list of pathlib.Path
        The HTML pages written, index first.

    Raises
    ------
    FileNotFoundError
        If ``notebooks_dir`` holds no ``NN-*.ipynb`` notebook.
    """
    paths = list_notebooks(notebooks_dir)
    if not paths:
        raise FileNotFoundError(f"no NN-*.ipynb notebook in {notebooks_dir}")
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_source(), out / PLOTLY_JS)
    site_exercises.copy_assets(out)  # exercises.js/.css: the forms of the exercises
    site_a11y.copy_assets(out)  # site-a11y.css: contrast and link fixes
    site_consistency.copy_assets(out)  # consistency.js/.css: "Check a paper yourself"
    index = out / "index.html"
    index.write_text(index_html(paths), encoding="utf-8")
    # data/NN-name.js: every state of the notebooks' dashboards, the slow ones meanwhile
    with site_dashboards.building(out, site_dashboards.present(paths)):
        pages = [export_page(p, out, nav=_nav(paths, i)) for i, p in enumerate(paths)]
    return [index, *pages]


def zip_site(site_dir: Path | str) -> Path:
    """Pack a built site into ``<site_dir>.zip``, its files under the folder's name.

    Entries are sorted and dated 1980-01-01, so the same site gives the same
    bytes. Unpacked anywhere (a web server, a learning platform), the folder's
    ``index.html`` opens the series.

    Returns
    -------
    pathlib.Path
        The zip file written.
    """
    folder = Path(site_dir)
    target = folder.with_name(folder.name + ".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}")
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m tools.site OUTDIR``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.site", description="Build the static HTML copy of the series."
    )
    parser.add_argument("output_dir", help="folder to write, e.g. build/site")
    parser.add_argument("--notebooks-dir", default=str(DEFAULT_NOTEBOOKS_DIR))
    args = parser.parse_args(argv)
    pages = build_site(args.output_dir, notebooks_dir=args.notebooks_dir)
    print(f"{len(pages)} pages in {args.output_dir} (open {pages[0]})")
    print(f"the same site as one file: {zip_site(args.output_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
