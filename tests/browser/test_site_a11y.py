"""Every page of the static site passes axe-core with no serious or critical violation.

axe-core comes from npm (``package.json`` at the repository root; ``make
browser`` runs ``npm ci``) and is injected into each page opened from
``file://`` after its figures are drawn; it is never part of the site. The
exercise forms and figures also get checks axe cannot make by itself: every
figure carries a text alternative (its title and a sentence), every control
of an exercise has a label.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from notebook_page import REPO, series_notebooks
from site_build import built_site, site_pages, wait_for_figures

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
MISSING_AXE = f"{AXE} is missing: run `npm ci` at the repository root (make browser does)"
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


def _page_names() -> list[str]:
    return [p.name for p in site_pages(Path("."), series_notebooks())]


def _open(page, site: Path, name: str) -> None:
    page.goto((site / name).as_uri())
    wait_for_figures(page)


@pytest.mark.parametrize("name", _page_names())
def test_axe_finds_no_serious_or_critical_violation(site, page, name):
    if not AXE.is_file():
        pytest.fail(MISSING_AXE, pytrace=False)
    _open(page, site, name)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
                count: v.nodes.length,
            }));
        }"""
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], name


@pytest.mark.parametrize("name", _page_names()[1:])
def test_every_figure_has_a_title_and_a_sentence(site, page, name):
    _open(page, site, name)
    figures = page.evaluate(
        """() => Array.from(document.querySelectorAll('.site-plotly')).map((div) => {
            const figure = div.closest('figure');
            const caption = figure && figure.querySelector('figcaption');
            return {id: div.id, caption: caption ? caption.textContent.trim() : ''};
        })"""
    )
    missing = [f["id"] for f in figures if not f["caption"].endswith(".")]
    assert missing == [], name
    assert all(len(f["caption"].split(". ")) >= 2 for f in figures), figures


@pytest.mark.parametrize("name", _page_names()[1:])
def test_every_exercise_control_has_a_label(site, page, name):
    _open(page, site, name)
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                '.site-exercise input, .site-exercise button'))
            .filter((el) => !(el.labels && el.labels.length) && !el.textContent.trim())
            .map((el) => el.id || el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == [], name
    groups = page.locator(".site-exercise fieldset")
    for number in range(groups.count()):
        assert groups.nth(number).locator("legend").inner_text().strip()
