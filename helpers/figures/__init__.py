"""Plotly figures for the short-course blinatumomab notebooks.

Every function takes DataFrames (never file paths) and returns a
:class:`plotly.graph_objects.Figure` with a title, axis titles with units,
Okabe-Ito colours and hover text written for clinicians.  The output is
deterministic: the same input gives the same figure JSON.

The functions live in one module per topic and are collected here, so
``from helpers.figures import km_figure`` is all a notebook needs.

=============================================  ======================================
function                                       module
=============================================  ======================================
:func:`km_figure`                              :mod:`helpers.figures.km`
:func:`waterfall_figure`                       :mod:`helpers.figures.response`
:func:`paired_mrd_figure`                      :mod:`helpers.figures.response`
:func:`forest_figure`                          :mod:`helpers.figures.forest`
:func:`swimmer_figure`                         :mod:`helpers.figures.timelines`
:func:`flow_figure`                            :mod:`helpers.figures.flow`
:func:`adverse_events_figure`                  :mod:`helpers.figures.toxicity`
:func:`transplant_complications_figure`        :mod:`helpers.figures.toxicity`
:func:`engraftment_figure`                     :mod:`helpers.figures.toxicity`
:func:`immortal_time_figure`                   :mod:`helpers.figures.bridging`
:func:`landmark_figure`                        :mod:`helpers.figures.bridging`
:func:`power_figure`                           :mod:`helpers.figures.bridging`
:func:`schedule_figure`                        :mod:`helpers.figures.schedule`
:func:`status_figure`                          :mod:`helpers.figures.audit`
=============================================  ======================================

Shared colours and layout (:data:`OKABE_ITO`, :func:`~helpers.figures.style.finish_layout`)
are in :mod:`helpers.figures.style`; :func:`format_p_value` is re-exported from
:mod:`helpers._format`.  Data flow one way: figures import the statistics and
the audit, never the reverse.
"""

from helpers._format import format_p_value
from helpers.figures.audit import STATUS_COLORS, status_figure
from helpers.figures.bridging import immortal_time_figure, landmark_figure, power_figure
from helpers.figures.flow import flow_figure
from helpers.figures.forest import forest_figure
from helpers.figures.km import default_risk_times, km_figure
from helpers.figures.response import paired_mrd_figure, waterfall_figure
from helpers.figures.schedule import schedule_figure
from helpers.figures.style import OKABE_ITO, SERIES_COLORS, THERAPY_COLORS
from helpers.figures.timelines import swimmer_figure
from helpers.figures.toxicity import (
    adverse_events_figure,
    engraftment_figure,
    transplant_complications_figure,
)

__all__ = [
    "OKABE_ITO",
    "SERIES_COLORS",
    "STATUS_COLORS",
    "THERAPY_COLORS",
    "adverse_events_figure",
    "default_risk_times",
    "engraftment_figure",
    "flow_figure",
    "forest_figure",
    "format_p_value",
    "immortal_time_figure",
    "km_figure",
    "landmark_figure",
    "paired_mrd_figure",
    "power_figure",
    "schedule_figure",
    "status_figure",
    "swimmer_figure",
    "transplant_complications_figure",
    "waterfall_figure",
]
