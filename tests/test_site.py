"""Tests for tools.site, the static HTML copy of the series (no browser needed).

Small synthetic notebooks built with nbformat in tmp_path check the builder's
promises one by one; one test builds the real series and checks it stays
offline. tests/browser/test_site_pages.py opens the real pages in chromium.
"""

from __future__ import annotations

import re
import zipfile

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.series import list_notebooks
from tools.site import (
    PLOTLY_JS,
    PLOTLY_MIME,
    WIDGET_MIME,
    build_site,
    index_html,
    main,
    page_name,
    rewrite_links,
    zip_site,
)
from tools.site_a11y import A11Y_CSS
from tools.site_dashboards import DATA_DIR
from tools.site_exercises import EXERCISES_CSS, EXERCISES_JS

FIGURE = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {"height": 321}}


def _notebook(folder, name, title, *, objectives=("Read a table.",), figures=1, widget=False):
    cells = [
        new_markdown_cell(
            f"# {title}\n\n## Overview\n\n"
            + "\n".join(f"{i}. {o}" for i, o in enumerate(objectives, 1))
        ),
        new_code_cell("import secret_setup_module", metadata={"tags": ["hide-input"]}),
        new_markdown_cell("Next: [the next one](01-second.ipynb) and [all](README.md)."),
    ]
    for k in range(figures):
        out = new_output("display_data", data={PLOTLY_MIME: FIGURE, "text/plain": "Figure"})
        cells.append(new_code_cell(f"figure_{k}()", outputs=[out]))
    cells.append(
        new_code_cell(
            "exercise_widget(secret_answer_formula)",
            metadata={"tags": ["remove-input"]},
            outputs=[new_output("stream", name="stdout", text="the question, for readers\n")],
        )
    )
    cells.append(new_markdown_cell("The saved picture below", metadata={"tags": ["remove-cell"]}))
    cells.append(
        new_code_cell(
            "show(view)",
            metadata={"tags": ["remove-cell", "remove-input"]},
            outputs=[new_output("stream", name="stdout", text="saved opening view\n")],
        )
    )
    if widget:
        out = new_output(
            "execute_result",
            data={WIDGET_MIME: {"model_id": "abc", "version_major": 2}, "text/plain": "VBox()"},
            execution_count=1,
        )
        cells.append(new_code_cell("dashboard()", outputs=[out]))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def series(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder, "00-first.ipynb", "00 · First", objectives=("Use `code`.", "Two."))
    _notebook(folder, "01-second.ipynb", "01 · Second", figures=2, widget=True)
    (folder / "notes.ipynb").write_text("not part of the series")  # ignored: no NN- prefix
    return folder


def test_page_name_and_link_rewriting():
    assert page_name("a/b/03-survival.ipynb") == "03-survival.html"
    assert rewrite_links('href="02-remission.ipynb"') == 'href="02-remission.html"'
    assert rewrite_links('href="./02-remission.ipynb#Try-it"') == 'href="02-remission.html#Try-it"'
    assert rewrite_links('href="notebooks/README.md"') == 'href="index.html"'
    # Anything else is left alone.
    assert rewrite_links('href="https://x.org/a.ipynb"') == 'href="https://x.org/a.ipynb"'
    assert rewrite_links('href="data.csv"') == 'href="data.csv"'


def test_build_site_writes_index_pages_and_one_plotly(series, tmp_path):
    out = tmp_path / "site"
    pages = build_site(out, notebooks_dir=series)
    assert [p.name for p in pages] == ["index.html", "00-first.html", "01-second.html"]
    written = {p.name for p in out.iterdir()}
    assert {"00-first.html", "01-second.html", "index.html", PLOTLY_JS} <= written
    assert {EXERCISES_JS, EXERCISES_CSS, A11Y_CSS} <= written  # the site's own assets
    assert not {p.name for p in out.iterdir() if p.suffix == ".html"} - {
        "00-first.html",
        "01-second.html",
        "index.html",
    }
    assert (out / PLOTLY_JS).stat().st_size > 1_000_000  # the real bundle, not a stub


def test_each_plotly_output_becomes_a_div_and_a_newplot_call(series, tmp_path):
    build_site(tmp_path / "site", notebooks_dir=series)
    first = (tmp_path / "site" / "00-first.html").read_text()
    second = (tmp_path / "site" / "01-second.html").read_text()
    assert first.count("Plotly.newPlot(") == 1
    assert second.count("Plotly.newPlot(") == 2
    ids = re.findall(r'<div class="site-plotly" id="(plotly-[0-9]+-[0-9]+)"', second)
    assert len(ids) == len(set(ids)) == 2
    for div_id in ids:
        assert f'Plotly.newPlot("{div_id}", ' in second
    assert "height:321px" in second  # the figure's own height is kept
    assert '"x": ["a", "b"]' in second  # the data travel with the page
    assert PLOTLY_MIME not in second


def test_plotly_is_deferred_and_figures_draw_once_it_has_run(series, tmp_path):
    """The page is painted before plotly.js is parsed; no script calls Plotly while parsing."""
    build_site(tmp_path / "site", notebooks_dir=series)
    text = (tmp_path / "site" / "01-second.html").read_text()
    tags = re.findall(rf'<script[^>]*src="{re.escape(PLOTLY_JS)}"[^>]*>', text)
    assert len(tags) == 1
    assert re.search(r"\sdefer[\s>=]", tags[0])
    inline = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", text, flags=re.DOTALL)
    drawing = [s for s in inline if "Plotly." in s]
    assert len(drawing) == 2
    for script in drawing:
        assert script.startswith('document.addEventListener("DOMContentLoaded", function () {')
        assert script.index("Plotly.newPlot(") > script.index("DOMContentLoaded")


def _local_sources(page) -> list[str]:
    """Scripts and style sheets of a page that are not files of the site (should be none)."""
    text = page.read_text()
    sources = re.findall(r'<script[^>]*\ssrc="([^"]*)"', text)
    sources += re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]*)"', text)
    return [s for s in sources if re.match(r"[a-z]+:|//", s) or not (page.parent / s).is_file()]


def test_pages_load_nothing_from_the_network(series, tmp_path):
    build_site(tmp_path / "site", notebooks_dir=series)
    for page in (tmp_path / "site").glob("*.html"):
        text = page.read_text()
        assert _local_sources(page) == [], page.name
        assert PLOTLY_JS in text or page.name == "index.html"
        assert not re.search(r'<link[^>]*href="https?:', text), page.name
        assert "require.js" not in text
        assert "mathjax" not in text.lower()


def test_setup_input_is_hidden_and_links_point_to_pages(series, tmp_path):
    build_site(tmp_path / "site", notebooks_dir=series)
    text = (tmp_path / "site" / "00-first.html").read_text()
    assert "secret_setup_module" not in text
    assert "figure_0" in text  # analysis code is shown
    assert 'href="01-second.html"' in text
    assert 'href="index.html"' in text
    assert ".ipynb" not in re.sub(r"<title>.*?</title>", "", text)


def test_reader_hidden_input_is_removed_and_its_output_kept(series, tmp_path):
    build_site(tmp_path / "site", notebooks_dir=series)
    text = (tmp_path / "site" / "00-first.html").read_text()
    assert "secret_answer_formula" not in text
    assert "the question, for readers" in text


def test_the_saved_picture_of_a_dashboard_is_left_out(series, tmp_path):
    build_site(tmp_path / "site", notebooks_dir=series)
    text = (tmp_path / "site" / "00-first.html").read_text()
    assert "The saved picture below" not in text
    assert "saved opening view" not in text


def test_notebooks_without_dashboards_compute_no_dashboard_state(series, tmp_path):
    build_site(tmp_path / "site", notebooks_dir=series)
    assert list((tmp_path / "site" / DATA_DIR).iterdir()) == []


def test_widget_output_becomes_a_note(series, tmp_path):
    build_site(tmp_path / "site", notebooks_dir=series)
    text = (tmp_path / "site" / "01-second.html").read_text()
    assert text.count("site-widget-note") == 1
    assert "make lab" in text
    assert WIDGET_MIME not in text


def test_index_lists_titles_and_objectives_in_order(series):
    text = index_html(list_notebooks(series))
    first, second = text.index("00 · First"), text.index("01 · Second")
    assert first < second
    assert '<a href="00-first.html">00 · First</a>' in text
    assert "<li>Use <code>code</code>.</li>" in text  # objectives are Markdown
    assert text.count("<li>Read a table.</li>") == 1
    assert "notes" not in text


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no NN-"):
        build_site(tmp_path / "site", notebooks_dir=tmp_path)


def test_command_line(series, tmp_path, capsys):
    assert main([str(tmp_path / "site"), "--notebooks-dir", str(series)]) == 0
    out = capsys.readouterr().out
    assert "3 pages" in out
    assert str(tmp_path / "site.zip") in out


def test_the_site_is_also_one_zip_file_that_unpacks_to_the_same_pages(series, tmp_path):
    site = tmp_path / "site"
    assert main([str(site), "--notebooks-dir", str(series)]) == 0
    archive = tmp_path / "site.zip"
    files = sorted(p.relative_to(tmp_path).as_posix() for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive) as packed:
        assert packed.testzip() is None
        assert sorted(packed.namelist()) == files
        assert "site/index.html" in files
        for name in files:
            assert packed.read(name) == (tmp_path / name).read_bytes(), name
        packed.extractall(tmp_path / "unpacked")
    assert (tmp_path / "unpacked" / "site" / "00-first.html").is_file()
    first = archive.read_bytes()
    assert zip_site(site) == archive
    assert archive.read_bytes() == first  # the same site gives the same bytes


@pytest.mark.slow
def test_real_series_builds_offline(tmp_path):
    pages = build_site(tmp_path)
    assert len(pages) == len(list_notebooks()) + 1
    for page in pages:
        assert _local_sources(page) == [], page.name
