"""The static site's dashboards work from ``file://`` and show what the Python functions return.

For each dashboard, a sample of states (always the default, every value of
every control with the others at their default, the assumption toggles, a
0-child and a 1-child selection, and a few random combinations) is set in the
page through its controls. The count line and the numbers shown must equal
the HTML of the live dashboard's plain function for that state, and the
figure's data read from the plot element (``div.data``, what plotly drew)
must equal the figure that function returns. A state without a figure must
show its message and no plot. The page must say so in words when its state
data cannot be loaded, and the keyboard alone must drive the controls.
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest
from notebook_page import unexpected_console_errors
from site_build import built_site

from tools.site import PLOTLY_JS, page_name
from tools.site_dashboards import (
    DASHBOARDS_CSS,
    DASHBOARDS_JS,
    DATA_DIR,
    combination_number,
    read_payload,
    sample_states,
    table_from_payload,
)
from tools.site_states import by_key, combinations, dashboards

KEYS = [d.key for d in dashboards()]

# Runs in the page: set each control to a value index, firing the events a
# reader's change fires, and resolve once the dashboard has drawn the
# combination (dashboards.js sets data-drawn after Plotly.react is done).
_SET = """async ([root, indices, number]) => {
  const controls = root.querySelectorAll('[data-control]');
  indices.forEach((index, i) => {
    const control = controls[i];
    const select = control.querySelector('select');
    const range = control.querySelector('input[type=range]');
    const fire = (el) => {
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    };
    if (select) {
      if (select.selectedIndex !== index) { select.selectedIndex = index; fire(select); }
    } else if (range) {
      const value = String(Number(range.min) + index * Number(range.step));
      if (Math.round((Number(range.value) - Number(range.min)) / Number(range.step)) !== index) {
        range.value = value; fire(range);
      }
    } else {
      const radio = control.querySelectorAll('input[type=radio]')[index];
      if (!radio.checked) { radio.checked = true; fire(radio); }
    }
  });
  const deadline = performance.now() + 10000;
  while (root.dataset.drawn !== String(number)) {
    if (performance.now() > deadline) throw new Error('state ' + number + ' not drawn');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}"""

# Runs in the page: what the dashboard shows now.
_READ = """(root) => {
  const pick = (selector) => {
    const el = root.querySelector(selector);
    return el ? el.innerHTML : null;
  };
  const figure = root.querySelector('.site-dashboard-figure');
  const plot = root.querySelector('.site-dashboard-plot');
  return {
    count: pick('.site-dashboard-count'),
    html: pick('.site-dashboard-html'),
    text: root.querySelector('.site-dashboard-html').textContent,
    figureHidden: figure ? figure.hidden : true,
    data: plot && plot.data ? JSON.parse(JSON.stringify(plot.data)) : null,
    caption: figure ? figure.querySelector('figcaption').textContent : null,
    readouts: Array.from(root.querySelectorAll('output')).map((o) => o.textContent),
  };
}"""

# Runs in the page: HTML as the browser serialises it once parsed.
_NORMALISE = """(html) => {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d.innerHTML;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


@functools.cache
def _payload(folder: Path, key: str) -> dict:
    return read_payload(folder / DATA_DIR / f"{key}.js")


def _open(page, site: Path, key: str):
    dashboard = by_key(key)
    page.goto((site / page_name(f"{dashboard.notebook}.ipynb")).as_uri())
    root = page.locator(f"#dash-{key}")
    root.wait_for()
    page.wait_for_function(
        "(root) => root.dataset.drawn !== undefined", arg=root.element_handle(), timeout=30_000
    )
    return root


def _set(page, root, key: str, state: dict) -> dict:
    controls = by_key(key).controls
    indices = [c.values.index(state[c.name]) for c in controls]
    number = combination_number(controls, state)
    page.evaluate(_SET, [root.element_handle(), indices, number])
    return page.evaluate(_READ, root.element_handle())


@pytest.mark.parametrize("key", KEYS)
def test_sampled_states_show_what_python_returns(site, page, key):
    dashboard = by_key(key)
    context = dashboard.context()
    samples = sample_states(table_from_payload(dashboard, _payload(site, key)))
    root = _open(page, site, key)
    for state in samples:
        shown = _set(page, root, key, state)
        expected = dashboard.view_of(context, state)
        if "count" in dashboard.order:
            assert shown["count"] == page.evaluate(_NORMALISE, expected.count), state
        else:
            assert expected.count == "", state
        assert shown["html"] == page.evaluate(_NORMALISE, expected.html), state
        if expected.figure is None:
            assert shown["figureHidden"], state
            assert shown["data"] is None, state
        else:
            assert not shown["figureHidden"], state
            assert shown["data"] == json.loads(json.dumps(expected.figure["data"])), state
            assert shown["caption"].endswith(dashboard.figure_text), state
        ranges = [c for c in dashboard.controls if c.kind == "range"]
        assert shown["readouts"] == [c.readout(state[c.name]) for c in ranges], state
    assert unexpected_console_errors(page.console_errors) == []


def test_small_selections_show_the_message_not_a_plot(site, page):
    key = "01-cohort"
    table = table_from_payload(by_key(key), _payload(site, key))
    root = _open(page, site, key)
    tried = 0
    for state in sample_states(table):
        expected = by_key(key).view_of(by_key(key).context(), state)
        if expected.figure is None:
            shown = _set(page, root, key, state)
            assert "widen the filter" in shown["text"]
            assert shown["figureHidden"]
            assert shown["data"] is None
            assert root.locator(".site-dashboard-figure").is_hidden()
            tried += 1
    assert tried >= 2  # the 0-child and the 1-child selections at least


def test_missing_state_data_is_said_in_words(site, page, tmp_path):
    key = "03-survival"
    name = page_name(f"{by_key(key).notebook}.ipynb")
    for file in (name, PLOTLY_JS, DASHBOARDS_JS, DASHBOARDS_CSS):
        shutil.copyfile(site / file, tmp_path / file)
    page.goto((tmp_path / name).as_uri())
    page.wait_for_load_state("load")
    status = page.locator(f"#dash-{key} .site-dashboard-status")
    status.wait_for(state="visible")
    assert "could not be loaded" in status.inner_text()
    assert f"{DATA_DIR}/{key}.js" in status.inner_text()
    assert page.locator(f"#dash-{key} .site-dashboard-figure").is_hidden()


def test_keyboard_alone_drives_the_controls(site, page):
    key = "04-landmark"
    root = _open(page, site, key)
    dashboard = by_key(key)
    start = int(root.get_attribute("data-drawn"))
    slider = page.locator(f"#dash-{key}-landmark")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([root, n]) => root.dataset.drawn !== String(n)", arg=[root.element_handle(), start]
    )
    landmark = dashboard.controls[0]
    moved = {**dashboard.default_state, "landmark": landmark.values[landmark.default_index + 1]}
    assert int(root.get_attribute("data-drawn")) == combination_number(dashboard.controls, moved)
    page.keyboard.press("Tab")  # to the endpoint radio group
    page.keyboard.press("ArrowRight")  # OS -> DFS
    both = {**moved, "endpoint": "dfs"}
    page.wait_for_function(
        "([root, n]) => root.dataset.drawn === String(n)",
        arg=[root.element_handle(), combination_number(dashboard.controls, both)],
    )
    expected = dashboard.view_of(dashboard.context(), both)
    assert root.locator(".site-dashboard-count").inner_html() == page.evaluate(
        _NORMALISE, expected.count
    )
    assert unexpected_console_errors(page.console_errors) == []


def test_every_dashboard_page_loads_its_data_without_errors(site, page):
    for notebook in dict.fromkeys(d.notebook for d in dashboards()):
        page.goto((site / page_name(f"{notebook}.ipynb")).as_uri())
        page.wait_for_load_state("load")
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.site-dashboard'))"
            ".every((root) => root.dataset.drawn !== undefined)",
            timeout=30_000,
        )
        states = page.locator(".site-dashboard").evaluate_all(
            "(roots) => roots.map((r) => r.dataset.state)"
        )
        assert states, notebook
        assert set(states) == {"ready"}, notebook
    assert unexpected_console_errors(page.console_errors) == []


def test_a_state_showing_the_same_figure_changes_the_texts_only(site, page):
    """Filters that keep other claims but the same counts share a figure: no redraw."""
    key = "06-audit"
    dashboard = by_key(key)
    payload = _payload(site, key)
    by_figure: dict[int, dict[tuple, dict]] = {}  # figure -> texts -> a state showing them
    for state in combinations(dashboard.controls):
        count, body, figure = payload["states"][
            payload["index"][combination_number(dashboard.controls, state)]
        ]
        by_figure.setdefault(figure, {}).setdefault((count, body), state)
    shared = next(f for f, texts in by_figure.items() if f >= 0 and len(texts) > 1)
    first, second = list(by_figure[shared].values())[:2]
    other = next(next(iter(t.values())) for f, t in by_figure.items() if f not in (-1, shared))
    root = _open(page, site, key)
    _set(page, root, key, first)
    page.evaluate(
        "() => { window.reacts = 0; const react = Plotly.react; Plotly.react = function () "
        "{ window.reacts += 1; return react.apply(Plotly, arguments); }; }"
    )
    shown = _set(page, root, key, second)
    expected = dashboard.view_of(dashboard.context(), second)
    assert page.evaluate("() => window.reacts") == 0
    assert shown["count"] == page.evaluate(_NORMALISE, expected.count)
    assert shown["html"] == page.evaluate(_NORMALISE, expected.html)
    assert shown["data"] == json.loads(json.dumps(expected.figure["data"]))
    shown = _set(page, root, key, other)  # another figure: drawn
    assert page.evaluate("() => window.reacts") >= 1
    expected = dashboard.view_of(dashboard.context(), other)
    assert shown["data"] == json.loads(json.dumps(expected.figure["data"]))
