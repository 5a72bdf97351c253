"""Figures carry the project's own small plotly template, never one of plotly's.

A figure's JSON holds its whole template. Naming one of plotly's templates
("simple_white", "plotly_white") wrote plotly's copy of it (about 8 kB) into every
saved figure, and that copy changes with plotly's version, so the committed
notebook outputs did too. :data:`helpers.figures.style.TEMPLATE` is written out in
the package instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.figures.style import TEMPLATE, template_json

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _saved_figures() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            for output in cell.get("outputs", []):
                if PLOTLY_MIME in output.get("data", {}):
                    found.append((f"{path.name} cell {i}", output["data"][PLOTLY_MIME]))
    return found


def test_template_as_plotly_writes_it_is_the_project_template():
    assert template_json() == json.loads(json.dumps(TEMPLATE))
    assert template_json() is not template_json()  # a fresh copy for every figure
    assert len(json.dumps(template_json())) < 2_000


def test_every_saved_figure_in_the_notebooks_carries_the_project_template():
    figures = _saved_figures()
    assert len(figures) >= 10, "the notebooks should hold their static figures"
    wrong = [where for where, fig in figures if fig["layout"].get("template") != template_json()]
    assert wrong == [], f"figures without the project's template: {wrong}"


@pytest.mark.slow
def test_every_gallery_figure_carries_the_project_template():
    from tools.gallery import build_gallery

    items = build_gallery()
    assert items
    for item in items:
        assert item.figure.to_dict()["layout"]["template"] == template_json(), item.slug


def test_importing_the_package_changes_no_global_plotly_state():
    code = (
        "import plotly.io as pio\n"
        "before = (pio.templates.default, sorted(pio.templates))\n"
        "import helpers.figures, helpers.widgets\n"
        "from helpers.figures import km_figure\n"
        "print(before == (pio.templates.default, sorted(pio.templates)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
