"""Build tooling for the notebook series; not part of the installed ``helpers`` package.

    tools.series          python -m tools.series check|index|execute: the notebooks' skeleton,
                          index (notebooks/README.md) and in-place execution
    tools.series_format   what a series notebook looks like (the skeleton, its sections)
    tools.series_checks   the checks behind ``python -m tools.series check``
    tools.series_prose    numbers typed in notebook prose must be ones the paper prints
    tools.site            python -m tools.site OUTDIR: the static HTML copy (make site)
    tools.gallery         python -m tools.gallery OUTDIR: every figure on one page (make figures)

Needs the ``tools`` extra (``pip install -e '.[test,tools]'``, which ``make venv`` does).
"""
