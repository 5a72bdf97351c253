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
:func:`km_figure`                              :mod:`helpers.figures_km`
:func:`waterfall_figure`                       :mod:`helpers.figures_response`
:func:`paired_mrd_figure`                      :mod:`helpers.figures_response`
:func:`forest_figure`                          :mod:`helpers.figures_forest`
:func:`swimmer_figure`                         :mod:`helpers.figures_course`
:func:`flow_figure`                            :mod:`helpers.figures_course`
:func:`adverse_events_figure`                  :mod:`helpers.figures_toxicity`
:func:`transplant_complications_figure`        :mod:`helpers.figures_toxicity`
:func:`engraftment_figure`                     :mod:`helpers.figures_toxicity`
=============================================  ======================================

Shared colours and formatting (:data:`OKABE_ITO`, :func:`format_p_value`) are in
:mod:`helpers.figures_style`.  Data flow one way: figures import
:mod:`helpers.response` and :mod:`helpers.survival`, never the reverse.
"""

from helpers.figures_course import flow_figure, swimmer_figure
from helpers.figures_forest import forest_figure
from helpers.figures_km import default_risk_times, km_figure
from helpers.figures_response import paired_mrd_figure, waterfall_figure
from helpers.figures_style import OKABE_ITO, SERIES_COLORS, THERAPY_COLORS, format_p_value
from helpers.figures_toxicity import (
    adverse_events_figure,
    engraftment_figure,
    transplant_complications_figure,
)

__all__ = [
    "OKABE_ITO",
    "SERIES_COLORS",
    "THERAPY_COLORS",
    "adverse_events_figure",
    "default_risk_times",
    "engraftment_figure",
    "flow_figure",
    "forest_figure",
    "format_p_value",
    "km_figure",
    "paired_mrd_figure",
    "swimmer_figure",
    "transplant_complications_figure",
    "waterfall_figure",
]
