"""A Cox fit's convergence trouble is reported in words on its result, not as warnings.

Notebook 04 showed a wall of Newton-Raphson text (issue 13, point 9): lifelines'
``ConvergenceWarning`` from the time-varying Cox fit, turned into a note and
printed. :func:`helpers.bridging.checked_cox` and
:func:`~helpers.bridging.checked_time_varying_cox` now catch a fit's
convergence and numerical warnings (``RuntimeWarning``, of which lifelines'
``ConvergenceWarning`` is one) as well as its
:class:`~helpers.survival.SmallSampleWarning`, keep the original text for
maintainers in ``technical``, and say what it means in ``reading``. Warnings
of any other kind still pass through: they are not ours to silence.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from lifelines.exceptions import ConvergenceWarning

from helpers import survival
from helpers.bridging import (
    checked_cox,
    checked_time_varying_cox,
    cox_tests_table,
    endpoint_frame,
    hazard_ratio_table,
)

LIFELINES_TEXT = (
    "Newton-Raphson convergence completed but norm(delta) is still high, 0.468. This may imply "
    "non-unique solutions to the maximum likelihood."
)


@pytest.fixture
def two_arms() -> pd.DataFrame:
    # 13 events (7 and 6): an ordinary, finite estimate.
    return pd.DataFrame(
        {
            "t": [1.0, 2, 3, 4, 5, 6, 7, 8, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5],
            "d": [1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1],
            "arm": ["A"] * 8 + ["B"] * 8,
        }
    )


def _no_warning_escapes(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def test_lifelines_convergence_warning_becomes_words(monkeypatch, two_arms):
    real = survival.cox_hazard_ratio

    def fit_that_struggles(*args, **kwargs):
        for _ in range(3):  # a wall: the same warning several times
            warnings.warn(LIFELINES_TEXT, ConvergenceWarning, stacklevel=2)
        return real(*args, **kwargs)

    monkeypatch.setattr(survival, "cox_hazard_ratio", fit_that_struggles)
    checked = _no_warning_escapes(
        lambda: checked_cox(two_arms, duration="t", event="d", group="arm")
    )
    assert checked.converged is False
    assert checked.reading.startswith("The model did not converge")
    assert "Newton" not in checked.reading
    assert "Newton" not in " ".join(checked.notes)
    assert checked.technical == (LIFELINES_TEXT,)  # once, for maintainers


def test_other_warnings_still_pass_through(monkeypatch, two_arms):
    real = survival.cox_hazard_ratio

    def fit_with_a_deprecation(*args, **kwargs):
        warnings.warn("old argument", DeprecationWarning, stacklevel=2)
        return real(*args, **kwargs)

    monkeypatch.setattr(survival, "cox_hazard_ratio", fit_with_a_deprecation)
    with pytest.warns(DeprecationWarning, match="old argument"):
        checked = checked_cox(two_arms, duration="t", event="d", group="arm")
    assert checked.converged is True


def test_a_well_behaved_fit_reads_plainly(two_arms):
    checked = _no_warning_escapes(
        lambda: checked_cox(two_arms, duration="t", event="d", group="arm")
    )
    assert checked.converged is True
    assert checked.technical == ()
    assert checked.reading == "13 events; the fit raised no warning."


def test_few_events_read_as_imprecise():
    df = pd.DataFrame(
        {"t": [1.0, 3, 5, 3, 4, 6], "d": [1, 1, 0, 1, 0, 1], "arm": ["A", "A", "A", "B", "B", "B"]}
    )
    checked = _no_warning_escapes(lambda: checked_cox(df, duration="t", event="d", group="arm"))
    assert checked.notes  # the SmallSampleWarning, kept as before
    assert checked.reading == (
        "Only 4 events: the hazard ratio and its confidence interval are very imprecise."
    )


def test_notebook_04_time_varying_cox_reads_in_words(frame):
    # The fit of notebook 04: overall survival in CR, transplant as a time-varying exposure.
    in_cr = endpoint_frame(frame, endpoint="os", cr_only=True)
    checked = _no_warning_escapes(
        lambda: checked_time_varying_cox(
            in_cr, duration="os_time", event="os_event", id_col="case_id", exposure_time="hsct_time"
        )
    )
    assert checked.reading.startswith("No hazard ratio can be estimated")
    assert "1 event" in checked.reading
    for word in ("Newton", "norm(delta)", "firth=True", "lifelines"):
        assert word not in checked.reading
    # one death, after transplant: the best-fitting ratio (after vs before) is infinitely large
    assert checked.result.hazard_ratio == float("inf")
    assert "best-fitting hazard ratio is infinitely large" in checked.reading


def test_tables_keep_small_numbers_significant():
    # 60 per arm, arm B dying much later: the Wald p-value is far below 0.001.
    times = [float(t) for t in range(1, 61)]
    df = pd.DataFrame(
        {
            "t": times + [t + 50 for t in times],
            "d": [1] * 120,
            "arm": ["A"] * 60 + ["B"] * 60,
        }
    )
    checked = _no_warning_escapes(lambda: checked_cox(df, duration="t", event="d", group="arm"))
    p = checked.result.p_value
    assert 0 < p < 0.0005  # three decimals would print it as 0
    assert hazard_ratio_table(checked).loc[0, "wald_p"] == float(f"{p:.3g}") > 0
    assert cox_tests_table(checked).loc[0, "p_value"] == float(f"{p:.3g}")
