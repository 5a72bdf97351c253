"""Static twins of the dashboards: every state computed at build time, looked up in the page.

For each dashboard of :func:`tools.site_states.dashboards`, :func:`enumerate_states`
walks every combination of the live widget's control values, maps it to its
*distinct selection* (``Dashboard.key_of``) and computes the view of each
distinct selection once, with the live dashboard's own plain function. The
views are written, deduplicated, to ``data/NN-name.js`` (:func:`encode`), a
script that sets ``window.SITE_DASHBOARDS["NN-name"]``: pages open from
``file://``, where chromium refuses ``fetch``. ``dashboards.js`` (in
``tools/assets``, copied beside the pages) only computes which combination
the controls show, looks its state up and draws it.

The data format, its encoding and decoding are in :mod:`tools.site_states._data`.
"""

from __future__ import annotations

import contextlib
import html
import json
import multiprocessing
import os
import random
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.site_states import (
    Control,
    Dashboard,
    Shown,
    StateTable,
    by_key,
    combinations,
    dashboards,
)
from tools.site_states._data import (
    FORMAT,
    combination_number,
    data_script,
    decode,
    encode,
    encode_shown,
    read_payload,
    table_from_payload,
)

__all__ = [
    "DASHBOARDS_CSS",
    "DASHBOARDS_JS",
    "DATA_DIR",
    "FORMAT",
    "Built",
    "StateTable",
    "build_dashboards",
    "building",
    "combination_number",
    "copy_assets",
    "dashboard_for_cell",
    "decode",
    "encode",
    "encode_shown",
    "enumerate_states",
    "head_html",
    "present",
    "read_payload",
    "sample_states",
    "table_from_payload",
    "twin_html",
]

ASSETS = Path(__file__).with_name("assets")
DASHBOARDS_JS = "dashboards.js"
DASHBOARDS_CSS = "dashboards.css"
#: Folder of the state scripts inside the site.
DATA_DIR = "data"


# --- enumeration ------------------------------------------------------------------------------
def _views(key: str, states: list[dict]) -> list[Shown]:
    """Views of some states of dashboard ``key`` (run in a worker process too)."""
    dashboard = by_key(key)
    context = dashboard.context()
    return [dashboard.view_of(context, state) for state in states]


def _plan(dashboard: Dashboard) -> tuple[list[int], list[dict]]:
    """Each combination's distinct-selection number, and one combination per selection."""
    context = dashboard.context()
    ids: dict[Any, int] = {}
    representatives: list[dict] = []
    index = []
    for state in combinations(dashboard.controls):
        key = dashboard.key_of(context, state)
        number = ids.get(key)
        if number is None:
            number = ids[key] = len(representatives)
            representatives.append(state)
        index.append(number)
    return index, representatives


def _pool(workers: int) -> ProcessPoolExecutor:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))


def _submit(pool: ProcessPoolExecutor, key: str, states: list[dict]) -> list[Future]:
    """Views of ``states`` in chunks of :data:`CHUNK`, computed by the pool."""
    return [pool.submit(_views, key, states[i : i + CHUNK]) for i in range(0, len(states), CHUNK)]


#: States per task sent to a worker process (small: the last tasks finish together).
CHUNK = 8


def enumerate_states(dashboard: Dashboard, *, workers: int = 1) -> StateTable:
    """Map every combination to its distinct selection and compute each selection's view once.

    Parameters
    ----------
    dashboard : Dashboard
        The twin to enumerate.
    workers : int, default 1
        Processes computing the views (1: this one).
    """
    start = time.perf_counter()
    index, representatives = _plan(dashboard)
    if workers <= 1:
        shown = _views(dashboard.key, representatives)
    else:
        with _pool(workers) as pool:
            futures = _submit(pool, dashboard.key, representatives)
            shown = [view for future in futures for view in future.result()]
    return StateTable(dashboard, index, shown, time.perf_counter() - start)


def sample_states(table: StateTable, *, n_random: int = 6, seed: int = 0) -> list[dict]:
    """States a test or benchmark should visit, without repeats.

    The default; every value of every control, the others at their default;
    the dashboard's own ``samples``; the first combinations showing 0 and 1
    child (or claim), when there are such; and ``n_random`` random ones.
    """
    dashboard = table.dashboard
    default = dashboard.default_state
    states = [default]
    states += [{**default, c.name: v} for c in dashboard.controls for v in c.values]
    states += [{**default, **partial} for partial in dashboard.samples]
    every = list(combinations(dashboard.controls))
    for n in (0, 1):
        for number, state in enumerate(every):
            if table.shown[table.index[number]].count.startswith(f"<b>{n}</b> of "):
                states.append(state)
                break
    rng = random.Random(seed)
    states += rng.sample(every, min(n_random, len(every)))
    unique = {tuple(s.items()): s for s in states}
    return list(unique.values())


# --- HTML -------------------------------------------------------------------------------------
def head_html() -> str:
    """The tags a page's ``<head>`` needs for its dashboards."""
    return (
        f'<link rel="stylesheet" href="{DASHBOARDS_CSS}">\n'
        f'<script src="{DASHBOARDS_JS}" defer></script>'
    )


def _number(value: Any) -> str:
    return json.dumps(value)


def _control_html(dashboard: Dashboard, position: int, control: Control) -> str:
    base = f"dash-{dashboard.key}-{control.name}"
    label = html.escape(control.label)
    attrs = f'class="site-dashboard-control" data-control="{position}"'
    if control.kind == "select":
        options = "".join(
            f'<option value="{i}"{" selected" if i == control.default_index else ""}>'
            f"{html.escape(text)}</option>"
            for i, text in enumerate(control.labels)
        )
        select = f'<select id="{base}">{options}</select>'
        return f'<div {attrs}><label for="{base}">{label}</label>{select}</div>'
    if control.kind == "radio":
        radios = "".join(
            f'<label><input type="radio" name="{base}" value="{i}"'
            f"{' checked' if i == control.default_index else ''}> {html.escape(text)}</label>"
            for i, text in enumerate(control.labels)
        )
        return f"<fieldset {attrs}><legend>{label}</legend>{radios}</fieldset>"
    low, high = control.values[0], control.values[-1]
    return (
        f'<div {attrs}><label for="{base}">{label}</label>'
        f'<input type="range" id="{base}" min="{_number(low)}" max="{_number(high)}" '
        f'step="{_number(round(control.step, 10))}" value="{_number(control.default)}" '
        f'data-digits="{control.digits}">'
        f'<output for="{base}">{html.escape(control.readout(control.default))}</output></div>'
    )


def _missing_text(dashboard: Dashboard) -> str:
    return (
        f"The precomputed states of this dashboard ({DATA_DIR}/{dashboard.key}.js) could not "
        "be loaded, so it cannot show results here. Rebuild the site (make site), or use the "
        "live notebook (make lab)."
    )


def twin_html(dashboard: Dashboard) -> str:
    """The dashboard's section: its controls, places for its results, and its data script."""
    key = dashboard.key
    root = f"dash-{key}"
    controls = "\n".join(_control_html(dashboard, i, c) for i, c in enumerate(dashboard.controls))
    note = f'<p class="site-dashboard-note">{dashboard.note}</p>' if dashboard.note else ""
    parts = {
        "count": '<div class="site-dashboard-count" aria-live="polite"></div>',
        "html": '<div class="site-dashboard-html"></div>',
        "plot": (
            '<figure class="site-dashboard-figure" hidden>'
            '<div class="site-dashboard-plot"></div>'
            '<figcaption class="site-visually-hidden"></figcaption></figure>'
        ),
    }
    results = "\n".join(parts[name] for name in dashboard.order)
    missing = html.escape(_missing_text(dashboard), quote=True)
    on_error = (
        f"var s=document.querySelector('#{root} .site-dashboard-status');"
        "if(s){s.textContent=s.dataset.missing;s.hidden=false;}"
    )
    return f"""<section class="site-dashboard" id="{root}" data-dashboard="{key}" \
aria-label="{html.escape(dashboard.title)}" data-figure-text="{html.escape(dashboard.figure_text)}">
<p class="site-dashboard-title">{html.escape(dashboard.title)} \
<span class="site-dashboard-kind">(every state computed in advance by the notebook's functions; \
no Python needed)</span></p>
{note}
<form class="site-dashboard-controls" autocomplete="off">
{controls}
</form>
<p class="site-dashboard-status" role="status" data-missing="{missing}">The dashboard is \
loading its precomputed states (this needs JavaScript and the site's {DATA_DIR} folder).</p>
{results}
</section>
<script src="{DATA_DIR}/{key}.js" defer onerror="{html.escape(on_error, quote=True)}"></script>"""


_CALL = re.compile(r"\b\w*(?:Dashboard|Explorer|_explorer)\(")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def dashboard_for_cell(notebook: str, source: str) -> Dashboard | None:
    """The static twin of the dashboard a widget cell builds, or None for other widgets.

    The cell's last line of code must be the twin's ``call`` exactly (every
    call names a ``...Dashboard(``, ``...Explorer(`` or ``..._explorer(``, so
    a cell calling none of them is no dashboard, and no twin is loaded for it).

    Raises
    ------
    ValueError
        If the cell builds a dashboard or explorer that no twin stands for
        (a new dashboard, or a changed call).
    """
    code = [line.strip() for line in source.splitlines() if line.strip()]
    code = [line for line in code if not line.startswith("#")]
    last = code[-1] if code else ""
    if not _CALL.search(last):
        return None
    for dashboard in dashboards():
        if dashboard.notebook == notebook and dashboard.call == last:
            return dashboard
    if _CALL.search(last):
        expected = [d.call for d in dashboards() if d.notebook == notebook]
        raise ValueError(
            f"{notebook}: a widget cell ends with {last!r}, which no static dashboard stands "
            f"for; expected one of {expected} (add or update its twin in tools/site_states)"
        )
    return None


def present(notebooks: Sequence[Path | str]) -> list[Dashboard]:
    """The dashboards whose widget cells are in ``notebooks`` (only they need states)."""
    keys = set()
    for path in map(Path, notebooks):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            outputs = cell.get("outputs", [])
            if any(WIDGET_MIME in out.get("data", {}) for out in outputs):
                twin = dashboard_for_cell(path.stem, "".join(cell["source"]))
                keys |= {twin.key} if twin else set()
    return [d for d in dashboards() if d.key in keys] if keys else []


# --- build ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Built:
    """One dashboard's data file and what it took."""

    key: str
    path: Path
    states: int  # combinations of control values
    selections: int  # distinct selections, each computed once
    distinct: int  # distinct states after deduplicating identical views
    figures: int
    bytes: int
    seconds: float


def copy_assets(output_dir: Path | str) -> list[Path]:
    """Copy ``dashboards.js`` and ``dashboards.css`` into the site folder."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(ASSETS / n, out / n)) for n in (DASHBOARDS_JS, DASHBOARDS_CSS)]


def _write(out: Path, table: StateTable) -> Built:
    payload = encode(table)
    path = out / DATA_DIR / f"{table.dashboard.key}.js"
    path.write_text(data_script(payload), encoding="utf-8")
    return Built(
        table.dashboard.key,
        path,
        len(table.index),
        len(table.shown),
        len(payload["states"]),
        len(payload["figures"]),
        path.stat().st_size,
        table.seconds,
    )


@contextlib.contextmanager
def building(
    output_dir: Path | str,
    selected: Sequence[Dashboard] | None = None,
    *,
    workers: int | None = None,
) -> Iterator[list[Built]]:
    """Build the dashboards' data while the body of a ``with`` block runs.

    On entry the slow dashboards (``Dashboard.workers`` > 1) are handed to
    ``workers`` processes (default: 2, no more than the CPUs), so that the
    body (e.g. converting the notebooks) runs meanwhile; on exit this process
    computes the other dashboards, collects the slow ones and writes every
    ``data/NN-name.js`` and the assets. The list yielded is filled on exit
    with one :class:`Built` per dashboard, in the order given (``seconds``:
    from entry to its data being written).
    """
    out = Path(output_dir)
    (out / DATA_DIR).mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    chosen = list(dashboards() if selected is None else selected)
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    start = time.perf_counter()
    slow = [d for d in chosen if d.workers > 1 and workers > 1]
    built: list[Built] = []
    pool = _pool(workers) if slow else None
    try:
        pending = {}
        for dashboard in slow:
            index, representatives = _plan(dashboard)
            pending[dashboard.key] = (index, _submit(pool, dashboard.key, representatives))
        yield built
        done: dict[str, Built] = {}
        for dashboard in chosen:
            if dashboard.key not in pending:
                table = enumerate_states(dashboard)
                table.seconds = time.perf_counter() - start
                done[dashboard.key] = _write(out, table)
        for dashboard in slow:
            index, futures = pending[dashboard.key]
            shown = [view for future in futures for view in future.result()]
            table = StateTable(dashboard, index, shown, time.perf_counter() - start)
            done[dashboard.key] = _write(out, table)
        built.extend(done[d.key] for d in chosen)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def build_dashboards(
    output_dir: Path | str,
    selected: Sequence[Dashboard] | None = None,
    *,
    workers: int | None = None,
) -> list[Built]:
    """Write ``data/NN-name.js`` for every dashboard (or ``selected``) and copy the assets.

    See :func:`building`, which this runs with nothing else to do meanwhile.
    """
    with building(output_dir, selected, workers=workers) as built:
        pass
    return built
