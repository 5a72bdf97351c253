"""ipywidgets dashboards and explorers for the notebooks.

Each dashboard's logic is a plain function returning a :class:`View`, which a
test or a benchmark can call without a browser; the widget classes only wire
controls to it. Everything a notebook uses is collected here, so
``from helpers.widgets import SurvivalDashboard`` is all it needs:

==========================================  =======================================
what                                        module
==========================================  =======================================
View, render, show, SubgroupFilter,         :mod:`helpers.widgets._base`
select, levels, subgroup_labels, ...
PlotView, PlotlyLibrary (plot.js)           :mod:`helpers.widgets.plot`
RemissionDashboard, remission_summary       :mod:`helpers.widgets.remission`
SurvivalDashboard, survival_summary         :mod:`helpers.widgets.survival`
CohortDashboard, cohort_view                :mod:`helpers.widgets.cohort`
LandmarkDashboard, PowerDashboard           :mod:`helpers.widgets.bridging`
AuditExplorer, audit_view                   :mod:`helpers.widgets.audit`
AdverseEventExplorer, adverse_event_view    :mod:`helpers.widgets.toxicity`
DayExplorer, day_explorer                   :mod:`helpers.widgets.schedule`
ExerciseWidget, exercise_widget             :mod:`helpers.widgets.exercises`
ConsistencyChecker, consistency_view        :mod:`helpers.widgets.consistency`
==========================================  =======================================
"""

from helpers._format import ALL
from helpers.widgets._base import (
    DIMENSIONS,
    MIN_CHILDREN,
    LatestOnly,
    RunToUse,
    SubgroupFilter,
    View,
    count_line,
    levels,
    message_box,
    render,
    select,
    show,
    subgroup_labels,
)
from helpers.widgets.audit import AuditExplorer, audit_view
from helpers.widgets.bridging import (
    POWER_DEFAULTS,
    POWER_SIZES,
    LandmarkDashboard,
    PowerDashboard,
    landmark_view,
    power_view,
)
from helpers.widgets.cohort import CohortDashboard, cohort_view
from helpers.widgets.consistency import ConsistencyChecker, consistency_view
from helpers.widgets.exercises import ExerciseWidget, exercise_widget
from helpers.widgets.plot import PlotlyLibrary, PlotView, figure_spec, plotly_library
from helpers.widgets.remission import WATERFALL_MARGIN, RemissionDashboard, remission_summary
from helpers.widgets.schedule import DayExplorer, day_explorer
from helpers.widgets.survival import (
    COMPARISONS,
    ENDPOINT_NAMES,
    SurvivalDashboard,
    subgroup_survival_frame,
    survival_summary,
)
from helpers.widgets.toxicity import AdverseEventExplorer, adverse_event_view

__all__ = [
    "ALL",
    "COMPARISONS",
    "DIMENSIONS",
    "ENDPOINT_NAMES",
    "MIN_CHILDREN",
    "POWER_DEFAULTS",
    "POWER_SIZES",
    "WATERFALL_MARGIN",
    "AdverseEventExplorer",
    "AuditExplorer",
    "CohortDashboard",
    "ConsistencyChecker",
    "DayExplorer",
    "ExerciseWidget",
    "LandmarkDashboard",
    "LatestOnly",
    "PlotView",
    "PlotlyLibrary",
    "PowerDashboard",
    "RemissionDashboard",
    "RunToUse",
    "SubgroupFilter",
    "SurvivalDashboard",
    "View",
    "adverse_event_view",
    "audit_view",
    "cohort_view",
    "consistency_view",
    "count_line",
    "day_explorer",
    "exercise_widget",
    "figure_spec",
    "landmark_view",
    "levels",
    "message_box",
    "plotly_library",
    "power_view",
    "remission_summary",
    "render",
    "select",
    "show",
    "subgroup_labels",
    "subgroup_survival_frame",
    "survival_summary",
]
