"""The static dashboards' states: the same controls, every combination, correct deduplication.

The reference is the live dashboard itself: each test builds the ipywidgets
class the notebook builds, sets its controls, and reads what it displays
(count line, HTML, the figure its PlotView sends to the browser). The static
twin must offer the same controls and, for a sample of combinations that
always includes the default, every value of every control, the assumption
toggles, a 0-child and a 1-child selection, show exactly that.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import itertools
import json
import math

import ipywidgets as widgets
import pytest

from helpers.audit import run_audit
from helpers.data import load_adverse_events, load_patients, load_transplants
from helpers.endpoints import survival_frame
from helpers.widgets import (
    AdverseEventExplorer,
    AuditExplorer,
    CohortDashboard,
    LandmarkDashboard,
    PowerDashboard,
    RemissionDashboard,
    SurvivalDashboard,
    day_explorer,
    select,
)
from tools.series_format import list_notebooks
from tools.site_dashboards import (
    DASHBOARDS_CSS,
    DASHBOARDS_JS,
    DATA_DIR,
    Shown,
    build_dashboards,
    combination_number,
    dashboard_for_cell,
    data_script,
    decode,
    encode,
    encode_shown,
    enumerate_states,
    present,
    read_payload,
    sample_states,
    twin_html,
)
from tools.site_states import by_key, combinations, dashboards
from tools.site_states.bridging import LIVE_POWER_GRID
from tools.site_states.filters import SURVIVAL_DIMENSIONS, Filter
from tools.site_states.filters import _remission as _remission_filter

KEYS = [
    "00-days",
    "01-cohort",
    "02-remission",
    "03-survival",
    "04-landmark",
    "04-power",
    "05-adverse-events",
    "06-audit",
]


# --- the live dashboards, as the notebooks build them ---------------------------------------------
def _live(key: str):
    """The live widget of ``key`` and its controls by the twin's control names."""
    if key == "00-days":
        w = day_explorer()
        return w, {"day": w.slider}
    if key == "01-cohort":
        w = CohortDashboard(survival_frame(load_patients(), load_transplants()))
        return w, dict(w.filter.dropdowns)
    if key == "02-remission":
        w = RemissionDashboard(load_patients())
        return w, {**w.filter.dropdowns, "measure": w.measure}
    if key == "03-survival":
        w = SurvivalDashboard(load_patients(), load_transplants())
        named = ("endpoint", "compare", "relapses", "non_responders")
        return w, {**w.filter.dropdowns, **{n: getattr(w, n) for n in named}}
    if key == "04-landmark":
        w = LandmarkDashboard(survival_frame(load_patients(), load_transplants()))
        return w, {"landmark": w.landmark, "endpoint": w.endpoint}
    if key == "04-power":
        w = PowerDashboard()
        return w, {n: getattr(w, n) for n in LIVE_POWER_GRID}
    if key == "05-adverse-events":
        w = AdverseEventExplorer(load_adverse_events(), n_patients=len(load_patients()))
        return w, {"event": w.event, "grade": w.grade, "denominator": w.denominator}
    w = AuditExplorer(run_audit(), status="discrepant")
    return w, {"status": w.status, "location": w.location, "relapses": w.relapses}


@functools.cache
def live(key: str):
    return _live(key)


def displayed(key: str) -> Shown:
    """What the live widget of ``key`` displays now: count, HTML, figure sent to the browser."""
    w, _ = live(key)
    if key == "00-days":
        return Shown("", html.escape(w.label.value))
    count, body = {
        "01-cohort": ("filter.count", "summary"),
        "02-remission": ("filter.count", "rate"),
        "03-survival": ("filter.count", "stats"),
        "05-adverse-events": ("count", "text"),
        "06-audit": ("count", "table"),
    }.get(key, ("count", "stats"))
    count, body = (functools.reduce(getattr, name.split("."), w) for name in (count, body))
    plot = getattr(w, "plot", None)
    figure = plot.figure if plot is not None and plot.figure else None
    return Shown(count.value, body.value, json.loads(json.dumps(figure)) if figure else None)


def set_live(key: str, state: dict) -> Shown:
    _, controls = live(key)
    for name, value in state.items():
        controls[name].value = value
    return displayed(key)


def _options(control: widgets.Widget) -> tuple[tuple, tuple]:
    return tuple(control._options_labels), tuple(control._options_values)


# --- enumerations, computed once per module -------------------------------------------
def _small_power():
    """The power twin on two values per slider (the full grid takes a minute to simulate)."""
    full = by_key("04-power")
    controls = tuple(
        dataclasses.replace(
            c,
            values=(c.default, c.values[-1]),
            labels=(c.readout(c.default), c.readout(c.values[-1])),
        )
        for c in full.controls
    )
    return dataclasses.replace(full, controls=controls)


@functools.cache
def table(key: str):
    return enumerate_states(_small_power() if key == "04-power" else by_key(key))


@pytest.fixture(scope="module", params=KEYS)
def key(request) -> str:
    return request.param


# --- the same controls -----------------------------------------------------------------
def test_registry_lists_every_dashboard_once():
    assert [d.key for d in dashboards()] == KEYS


def test_controls_match_the_live_widget(key):
    twin = by_key(key)
    _, controls = live(key)
    assert [c.name for c in twin.controls] == list(controls)
    for c in twin.controls:
        w = controls[c.name]
        assert c.label == w.description, c.name
        if c.kind == "range":
            assert isinstance(w, widgets.FloatSlider | widgets.IntSlider)
            assert c.default == w.value, c.name
            if key == "04-power":  # a coarser grid of positions the live slider offers
                low, high, step = LIVE_POWER_GRID[c.name]
                assert (low, high, step) == (w.min, w.max, w.step)
                for v in c.values:
                    assert w.min <= v <= w.max
                    assert math.isclose((v - w.min) / w.step, round((v - w.min) / w.step))
            else:
                assert (c.values[0], c.values[-1]) == (w.min, w.max)
                assert math.isclose(c.step, w.step)
                assert len(c.values) == round((w.max - w.min) / w.step) + 1
            digits = 2 if isinstance(w, widgets.FloatSlider) else 0
            assert c.digits == digits
        else:
            kind = "radio" if isinstance(w, widgets.ToggleButtons) else "select"
            assert c.kind == kind, c.name
            assert (c.labels, c.values) == _options(w), c.name
            assert c.default == w.value, c.name


# --- every combination, deduplicated correctly ----------------------------------------------------
def test_every_combination_has_a_state(key):
    t = table(key)
    payload = encode(t)
    expected = math.prod(len(c.values) for c in t.dashboard.controls)
    assert len(t.index) == len(payload["index"]) == expected
    assert payload["radix"] == [len(c.values) for c in t.dashboard.controls]
    assert set(t.index) == set(range(len(t.shown)))  # every selection computed is used
    assert all(0 <= s < len(payload["states"]) for s in payload["index"])
    assert len(payload["states"]) <= payload["selections"] == len(t.shown)
    for number, state in enumerate(combinations(t.dashboard.controls)):
        assert combination_number(t.dashboard.controls, state) == number
        if number > 50:
            break


def test_state_counts_of_the_full_dashboards():
    counts = {d.key: d.n_states for d in dashboards()}
    assert counts == {
        "00-days": 28,
        "01-cohort": 4 * 5 * 5 * 6 * 3 * 6 * 3,
        "02-remission": 4 * 5 * 5 * 6 * 3 * 6 * 3 * 2,
        "03-survival": 4 * 5 * 5 * 6 * 2 * 2 * 3 * 3,
        "04-landmark": 61 * 2,
        "04-power": 9 * 3 * 3 * 3,
        "05-adverse-events": len(load_adverse_events()) * 2 * 2,
        "06-audit": 4 * (1 + run_audit()["location"].nunique()) * 3,
    }


@pytest.mark.slow
def test_sampled_states_equal_what_the_live_dashboard_shows(key):
    t = table(key)
    payload = encode(t)
    samples = sample_states(t)
    for state in samples:
        expected = set_live(key, state)
        got = decode(payload, combination_number(t.dashboard.controls, state))
        assert got == expected, state


def test_samples_cover_defaults_zero_and_one_child():
    t = table("01-cohort")
    samples = sample_states(t)
    counts = [t.shown[t.index[combination_number(t.dashboard.controls, s)]].count for s in samples]
    assert samples[0] == t.dashboard.default_state
    assert any(c.startswith("<b>0</b> of 33") for c in counts)
    assert any(c.startswith("<b>1</b> of 33") for c in counts)


def test_filter_masks_equal_select_on_every_survival_combination(patients):
    f = Filter(patients, SURVIVAL_DIMENSIONS)
    options = [f.options(k) for k in SURVIVAL_DIMENSIONS]
    for values in itertools.product(*options):
        state = dict(zip(SURVIVAL_DIMENSIONS, values, strict=True))
        chosen = select(patients, state)
        rows = [i for i in range(len(patients)) if f.mask(state) >> i & 1]
        assert list(patients.index[rows]) == list(chosen.index), state


def test_one_selection_per_distinct_set_of_children(patients):
    f = Filter(patients, SURVIVAL_DIMENSIONS)
    states = [
        dict(zip(SURVIVAL_DIMENSIONS, v, strict=True))
        for v in itertools.product(*(f.options(k) for k in SURVIVAL_DIMENSIONS))
    ]
    sets = {tuple(select(patients, s)["case_id"]) for s in states}
    assert len({f.mask(s) for s in states}) == len(sets)
    remission = table("02-remission")
    masks = {
        (_remission_filter().mask(s), s["measure"])
        for s in combinations(remission.dashboard.controls)
    }
    assert len(remission.shown) == len(masks)


def test_dfs_assumptions_share_the_os_states():
    t = table("03-survival")
    controls = t.dashboard.controls
    base = t.dashboard.default_state
    os_states = {
        t.index[combination_number(controls, {**base, "relapses": r, "non_responders": n})]
        for r in controls[-2].values
        for n in controls[-1].values
    }
    dfs_states = {
        t.index[
            combination_number(
                controls, {**base, "endpoint": "dfs", "relapses": r, "non_responders": n}
            )
        ]
        for r in controls[-2].values
        for n in controls[-1].values
    }
    assert len(os_states) == 1
    assert len(dfs_states) > 1


def test_small_selections_show_the_live_message_and_no_figure():
    t = table("03-survival")
    payload = encode(t)
    small = [
        decode(payload, n)
        for n in range(len(t.index))
        if decode(payload, n).count.startswith(("<b>0</b>", "<b>1</b>"))
    ]
    assert small
    assert all(s.figure is None and "widen the filter" in s.html for s in small)


# --- the encoding -------------------------------------------------------------------------------
def test_encoding_shares_values_and_round_trips():
    figure = {"data": [{"type": "bar", "y": [1, 2]}], "layout": {"title": {"text": "T"}}}
    other = {"data": [{"type": "bar", "y": [3]}], "layout": {"title": {"text": "T"}}}
    views = [Shown("a", "<b>x</b>", figure), Shown("a", "m", None), Shown("b", "<i>y</i>", other)]
    payload = encode_shown(views, index=[0, 1, 2, 0], radix=[4])
    assert [decode(payload, n) for n in range(4)] == [*views, views[0]]
    assert payload["leaves"].count({"text": "T"}) == 1
    assert payload["leaves"].count("a") == 1
    assert len(payload["states"]) == 3


def test_data_script_registers_the_payload():
    payload = {"key": "99-x", "index": [0], "states": [[0, 0, -1]], "leaves": ["é</script>"]}
    text = data_script(payload)
    assert 'window.SITE_DASHBOARDS["99-x"] = ' in text
    body = text.split(" = ", 2)[-1].rstrip(";\n")
    assert json.loads(body) == payload


# --- the twin in the page -----------------------------------------------------------------------
def test_every_control_has_a_label(key):
    page = twin_html(by_key(key))
    for c in by_key(key).controls:
        dom_id = f"dash-{key}-{c.name}"
        if c.kind == "radio":
            assert f"<legend>{html.escape(c.label)}</legend>" in page
            assert page.count(f'name="{dom_id}"') == len(c.values)
        else:
            assert f'<label for="{dom_id}">{html.escape(c.label)}</label>' in page
            assert f'id="{dom_id}"' in page
    assert f'src="data/{key}.js"' in page


def test_every_option_reads_in_words_live_and_static(key):
    """No machine name (``table2_numbering``, ``death_only``) in a menu, live or static."""
    _, controls = live(key)
    live_labels = [t for w in controls.values() if hasattr(w, "options") for t in _options(w)[0]]
    twin = by_key(key)
    static = [t for c in twin.controls if c.kind != "range" for t in c.labels]
    page = html.unescape(twin_html(twin))
    assert static == live_labels  # the twin copies the live widget's labels
    assert [t for t in static if "_" in t] == []
    for c in twin.controls:
        if c.kind == "radio":
            assert [f"> {t}</label>" in page for t in c.labels] == [True] * len(c.labels)
        elif c.kind == "select":
            assert [f">{t}</option>" in page for t in c.labels] == [True] * len(c.labels)


def test_range_inputs_carry_the_live_step():
    page = twin_html(by_key("04-landmark"))
    assert 'min="0.0" max="3.0" step="0.05" value="1.15"' in page
    page = twin_html(by_key("00-days"))
    assert 'min="1" max="28" step="1" value="1"' in page


def test_widget_cells_find_their_twins():
    assert dashboard_for_cell("01-the-cohort", "# NBVAL_IGNORE_OUTPUT\nCohortDashboard(frame)")
    assert dashboard_for_cell("01-the-cohort", "exercise_widget(\n    Exercise(id='x')\n)") is None
    with pytest.raises(ValueError, match="no static dashboard stands for"):
        dashboard_for_cell("01-the-cohort", "CohortDashboard(frame, extra=1)")
    for d in dashboards():  # every call is recognised as a dashboard's
        assert dashboard_for_cell(d.notebook, f"# a comment\n{d.call}\n") == d


def test_only_the_dashboards_of_the_notebooks_given_need_states(tmp_path):
    notebooks = list_notebooks()
    assert present(notebooks) == list(dashboards())
    (bridging,) = [p for p in notebooks if p.stem == "04-hsct-bridging"]
    assert [d.key for d in present([bridging])] == ["04-landmark", "04-power"]
    assert present([p for p in notebooks if p.stem == "07-in-context"]) == []
    copy = tmp_path / "09-copy.ipynb"  # its dashboards have no twin on another page
    copy.write_text(bridging.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValueError, match="09-copy: a widget cell ends with"):
        present([copy])


def test_an_empty_selection_builds_no_state(tmp_path):
    assert build_dashboards(tmp_path, []) == []
    assert list((tmp_path / DATA_DIR).iterdir()) == []


def test_build_writes_one_data_script_per_dashboard(tmp_path):
    chosen = [by_key("00-days"), by_key("05-adverse-events")]
    built = build_dashboards(tmp_path, chosen)
    assert [b.key for b in built] == ["00-days", "05-adverse-events"]
    for b in built:
        assert b.path == tmp_path / DATA_DIR / f"{b.key}.js"
        assert read_payload(b.path) == encode(table(b.key))
        assert b.states == by_key(b.key).n_states
    assert (tmp_path / DASHBOARDS_JS).is_file()
    assert (tmp_path / DASHBOARDS_CSS).is_file()
