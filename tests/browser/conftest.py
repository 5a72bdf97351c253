"""Fixtures for the browser tests: one JupyterLab server and one chromium per session.

Playwright drives Debian's chromium (``/usr/bin/chromium``) and never downloads
a browser. Where chromium is missing the tests fail (not skip) and say how to
install it. Screenshots go to ``test-output/browser/``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The notebook driver lives beside this file; tests/ is not a package.
sys.path.insert(0, str(Path(__file__).parent))

import notebook_page
from lab import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, Lab, running_lab

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in tests/browser is a slow browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian chromium; fails with the install command when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 serving copies of the notebooks and the dashboard stand-ins."""
    workdir = tmp_path_factory.mktemp("jupyterlab")
    sources = [*notebook_page.series_notebooks(), *notebook_page.stand_in_notebooks(workdir)]
    with running_lab(sources, workdir) as server:
        yield server


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page (own context) that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    yield page
    context.close()
