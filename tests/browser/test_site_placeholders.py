"""No page of the static site still sends the reader to JupyterLab for a widget.

Every exercise and every dashboard has a static twin (issue 15); the old note
"Interactive widget: open this notebook in JupyterLab" must be gone from every
page. The test reads what chromium shows, not the HTML source.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from notebook_page import series_notebooks
from site_build import built_site, site_pages

PLACEHOLDER = "open this notebook in JupyterLab"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


@pytest.mark.parametrize("name", [p.name for p in site_pages(Path("."), series_notebooks())])
def test_no_page_shows_the_jupyterlab_placeholder(site, page, name):
    page.goto((site / name).as_uri())
    page.wait_for_load_state("load")
    shown = page.locator("body").inner_text()
    count = shown.count(PLACEHOLDER)
    assert count == 0, f"{name} still shows {count} placeholder(s): {PLACEHOLDER!r}"
