"""Helpers for the short-course blinatumomab teaching notebooks.

The modules form one chain, each using only those before it::

    helpers.data        load and validate the transcribed tables (cohort_data/)
    helpers.endpoints   survival endpoints, with every assumption named
    helpers.response    remission rates and exact intervals
    helpers.survival    Kaplan-Meier, log-rank, Cox and simulation
    helpers.audit       recompute every number the paper prints
    helpers.figures     plotly figures
    helpers.widgets     ipywidgets dashboards for the notebooks

Importing the package has no side effects; import the module you need.
"""

__version__ = "0.1.0"
