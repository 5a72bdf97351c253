"""Helpers for the short-course blinatumomab teaching notebooks.

The map: every subpackage and module, in the order data flows through them.
Each imports only from its own layer or those above it in this list
(``tests/test_layers.py`` checks it)::

    helpers._frames          (base) the one check of a table argument: a DataFrame, these columns
    helpers._format          (base) p-values, percentages, slugs, "children" in words
    helpers._printed         (base) the paper's printed "(k/n)" fractions and claim ids
    helpers.tables           (base) tables in words for readers: labels, yes/no, "—" for nothing
    helpers._labels          (base) the words for machine names: column labels, token words
    helpers.schemas          (base) what each table of cohort_data/ must hold
    helpers.data             load and validate the transcribed tables (cohort_data/)
    helpers._csvfile         (data) read and check one CSV file, for helpers.data
    helpers.endpoints        survival endpoints, with every assumption named
    helpers.survival         Kaplan-Meier, log-rank, Cox, time-varying and landmark, power
    helpers.bridging         survival by remission and by bridging to transplant
    helpers.response         remission rates and their exact intervals
    helpers.marrow           blasts and MRD before and after, MRD negativity
    helpers.response_difference  difference of two rates (Newcombe, Fisher)
    helpers.rounding         printed percentages against their counts (rounded, truncated?)
    helpers.toxicity         adverse events, Tables 3 and 5, grading systems
    helpers.cohort           Table 1's blocks, interval and MRD readings
    helpers.context          this cohort beside the studies the paper cites
    helpers.consistency      are the printed numbers consistent with each other (GRIM...)
    helpers.exercises        check-yourself exercises: the judging
    helpers.schedule         the planned dosing schedule, day by day
    helpers.audit            recompute every number the paper prints, and read the result
    helpers.figures          plotly figures
    helpers.widgets          ipywidgets dashboards, explorers and exercise forms

Importing the package has no side effects; import the module you need. The build
tooling (notebook execution, the static site, the figure gallery) is not here:
it lives in ``tools/`` beside the package.
"""

__version__ = "0.1.0"
