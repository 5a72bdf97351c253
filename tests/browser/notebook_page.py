"""Drive a notebook in JupyterLab from Playwright: open, run all cells, read the results.

Shared by the browser tests and ``benchmarks/bench_browser.py``. Notebooks are
found in ``notebooks/`` at run time, so a notebook added later is covered
without editing the tests. A dashboard class that no notebook uses yet is
exercised through a small stand-in notebook written to a scratch folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

#: Dashboard class name -> CSS class its root widget carries.
DASHBOARDS = {
    "RemissionDashboard": "remission-dashboard",
    "SurvivalDashboard": "survival-dashboard",
}

_STAND_IN_CODE = {
    "RemissionDashboard": (
        "from helpers.data import load_patients\n"
        "from helpers.widgets import RemissionDashboard\n\n"
        "RemissionDashboard(load_patients())"
    ),
    "SurvivalDashboard": (
        "from helpers.data import load_patients, load_transplants\n"
        "from helpers.widgets import SurvivalDashboard\n\n"
        "SurvivalDashboard(load_patients(), load_transplants())"
    ),
}

#: Console errors that are known to be harmless. Each entry: (regex, why).
BENIGN_CONSOLE_ERRORS: list[tuple[str, str]] = []


def series_notebooks() -> list[Path]:
    """The series' notebooks (``NN-*.ipynb``) present now, in order."""
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb") if p.is_file())


def _code(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def dashboard_notebook(class_name: str) -> str:
    """File name of the first series notebook that builds ``class_name``, else its stand-in."""
    pattern = re.compile(rf"\b{class_name}\(")
    for path in series_notebooks():
        if pattern.search(_code(path)):
            return path.name
    return f"zz-stand-in-{DASHBOARDS[class_name]}.ipynb"


def stand_in_notebooks(workdir: Path) -> list[Path]:
    """Write a one-dashboard notebook for every dashboard that no series notebook uses yet."""
    folder = workdir / "stand-ins"
    folder.mkdir(exist_ok=True)
    written = []
    for class_name in DASHBOARDS:
        name = dashboard_notebook(class_name)
        if name.startswith("zz-stand-in-"):
            nb = new_notebook(cells=[new_code_cell(_STAND_IN_CODE[class_name])])
            nb.metadata["kernelspec"] = {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
            nbformat.write(nb, folder / name)
            written.append(folder / name)
    return written


def unexpected_console_errors(messages: list[str]) -> list[str]:
    """Console errors that :data:`BENIGN_CONSOLE_ERRORS` does not explain."""
    return [m for m in messages if not any(re.search(p, m) for p, _ in BENIGN_CONSOLE_ERRORS)]


@dataclass
class RunResult:
    """What running a notebook in the browser produced."""

    outputs: list[dict] = field(default_factory=list)
    kernel_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def tracebacks(self) -> list[str]:
        """Error outputs and stderr text with a traceback, from cells and widget callbacks."""
        found = list(self.kernel_errors)
        for out in self.outputs:
            if out.get("output_type") == "error":
                found.append(f"{out.get('ename')}: {out.get('evalue')}")
            text = out.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            if "Traceback" in text:
                found.append(text[:500])
        return found

    def count(self, mime: str) -> int:
        return sum(1 for out in self.outputs if mime in out.get("data", {}))


_OPENED = """(name) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.context) return false;
  if (panel.context.path !== name) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0;
}"""

_HOOK = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  window.__kernelErrors = [];
  panel.sessionContext.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type;
    if (type === 'error') {
      window.__kernelErrors.push(`${msg.content.ename}: ${msg.content.evalue}`);
    } else if (type === 'stream' && msg.content.text.includes('Traceback')) {
      window.__kernelErrors.push(msg.content.text.slice(0, 500));
    }
  });
}"""

_RUN_ALL = """async () => {
  const t0 = performance.now();
  const ok = await window.jupyterapp.commands.execute('notebook:run-all-cells');
  return [ok, (performance.now() - t0) / 1000];
}"""

_OUTPUTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const outputs = [];
  for (const cell of panel.content.model.cells) {
    const json = cell.toJSON();
    if (json.cell_type === 'code') outputs.push(...json.outputs);
  }
  return outputs;
}"""

_IDLE = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  return kernel.status === 'idle';
}"""


def open_notebook(page: object, url: str, name: str, *, timeout: float = 90) -> None:
    """Open a notebook and wait until its kernel is up and idle."""
    page.goto(url)
    try:
        page.wait_for_function(_OPENED, arg=name, timeout=timeout * 1000, polling=200)
    except Exception as error:  # add what the page shows to Playwright's bare timeout
        raise AssertionError(f"{name} did not open with an idle kernel: {_state(page)}") from error


def _state(page: object) -> str:
    return page.evaluate(
        """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel) return app ? 'no current widget' : 'JupyterLab not loaded';
  const session = panel.sessionContext && panel.sessionContext.session;
  const kernel = session && session.kernel;
  return `path=${panel.context && panel.context.path} kernel=${kernel ? kernel.status : 'none'}`;
}"""
    )


def run_all(page: object, *, timeout: float = 300) -> RunResult:
    """Run every cell of the open notebook; collect outputs and kernel errors."""
    page.evaluate(_HOOK)
    page.set_default_timeout(timeout * 1000)
    ok, seconds = page.evaluate(_RUN_ALL)
    page.wait_for_function(_IDLE, polling=100)
    result = RunResult(page.evaluate(_OUTPUTS), page.evaluate("() => window.__kernelErrors"))
    result.seconds = seconds
    if not ok:
        result.kernel_errors.append("notebook:run-all-cells reported failure")
    return result


def kernel_errors(page: object) -> list[str]:
    """Kernel errors (tracebacks) seen since :func:`run_all`, e.g. from widget callbacks."""
    return page.evaluate("() => window.__kernelErrors")


def shut_down(page: object) -> None:
    """Stop the notebook's kernel so the next test has the cores to itself."""
    page.evaluate(
        "async () => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " if (p && p.sessionContext) await p.sessionContext.shutdown(); }"
    )


#: Text that changes whenever a plotly figure inside ``root`` is redrawn with
#: other content: its title, and per trace its type, name and x/y values.
PLOT_SIGNATURE = """(root) => {
  const plots = root.querySelectorAll('.js-plotly-plot');
  return JSON.stringify(Array.from(plots, (gd) => [
    gd.layout && gd.layout.title ? gd.layout.title.text : null,
    (gd.data || []).map((t) => [
      t.type, t.name, t.x ? Array.from(t.x) : null, t.y ? Array.from(t.y) : null,
    ]),
  ]));
}"""

#: Number of bars drawn by plotly inside ``root``.
BAR_COUNT = "(root) => root.querySelectorAll('.js-plotly-plot .barlayer .point').length"
