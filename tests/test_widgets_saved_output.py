"""What a dashboard or an exercise leaves in the saved notebook, before anyone runs it.

A displayed widget is saved as its widget view (``application/vnd.jupyter.widget-view+json``,
useless once the kernel is gone: the notebooks are saved without widget state)
and a text fallback. The fallback used to be the widget's raw repr,
``SurvivalDashboard(children=(SubgroupFilter(children=(GridBox(...``, which is
what a reader saw before running the cells (issue 13, point 5). It now says
in words what to do. The bundle is taken from IPython's display formatter,
exactly what ``display()`` and a cell's last expression save.
"""

from __future__ import annotations

import pytest
from IPython.core.formatters import DisplayFormatter

from helpers.audit import run_audit
from helpers.data import load_adverse_events, load_patients, load_transplants
from helpers.endpoints import survival_frame
from helpers.exercises import Exercise
from helpers.widgets import (
    AdverseEventExplorer,
    AuditExplorer,
    CohortDashboard,
    LandmarkDashboard,
    PowerDashboard,
    RemissionDashboard,
    SurvivalDashboard,
    day_explorer,
    exercise_widget,
)

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RUN_ALL = "Run the notebook (Run ▸ Run All Cells)"


def _dashboards():
    patients, transplants = load_patients(), load_transplants()
    frame = survival_frame(patients, transplants)
    return {
        "RemissionDashboard": lambda: RemissionDashboard(patients),
        "SurvivalDashboard": lambda: SurvivalDashboard(patients, transplants),
        "CohortDashboard": lambda: CohortDashboard(frame),
        "LandmarkDashboard": lambda: LandmarkDashboard(frame),
        "PowerDashboard": lambda: PowerDashboard(n_trials=20),
        "AuditExplorer": lambda: AuditExplorer(run_audit()),
        "AdverseEventExplorer": lambda: AdverseEventExplorer(
            load_adverse_events(), n_patients=len(patients)
        ),
    }


DASHBOARDS = _dashboards()


def saved(widget) -> dict:
    data, _metadata = DisplayFormatter().format(widget)
    return data


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_saved_dashboard_says_run_the_notebook(name):
    data = saved(DASHBOARDS[name]())
    assert WIDGET_MIME in data  # the live view is still there for a running kernel
    for mime in ("text/plain", "text/html"):
        text = data[mime]
        assert f"{RUN_ALL} to use this dashboard" in text, mime
        assert "children=" not in text, mime
        assert name not in text, mime


def test_saved_day_explorer_says_run_the_notebook():
    data = saved(day_explorer())
    assert WIDGET_MIME in data
    for mime in ("text/plain", "text/html"):
        assert "a slider over days 1-28" in data[mime], mime
        assert f"{RUN_ALL} to use this slider" in data[mime], mime


def test_saved_exercise_says_run_the_notebook_and_keeps_its_question():
    exercise = Exercise(id="cr", question="What share reached CR?", kind="number", answer=78.8)
    data = saved(exercise_widget(exercise))
    assert WIDGET_MIME in data
    assert data["application/vnd.blinatumomab.exercise+json"]["id"] == "cr"
    for mime in ("text/plain", "text/html"):
        assert "What share reached CR?" in data[mime], mime
        assert f"{RUN_ALL} to answer this question" in data[mime], mime


def test_saved_note_is_escaped_html():
    exercise = Exercise(
        id="lt", question="Is 2 < 3?", kind="choice", answer="yes", choices=("yes", "no")
    )
    html = saved(exercise_widget(exercise))["text/html"]
    assert "Is 2 &lt; 3?" in html
