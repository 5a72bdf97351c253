"""Property-based tests (hypothesis) for helpers.survival on small random cohorts."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.survival import (
    at_risk_table,
    kaplan_meier,
    logrank,
    logrank_statistics,
    permutation_logrank,
)

# Moderate budget: the whole file runs in a few seconds.
SETTINGS = settings(max_examples=60, deadline=None)

times = st.integers(min_value=0, max_value=20).map(float)  # integer times: many ties, some 0
subject = st.tuples(times, st.booleans(), st.sampled_from(["a", "b"]))


@st.composite
def cohorts(draw: st.DrawFn, *, both_groups: bool = False) -> pd.DataFrame:
    rows = draw(st.lists(subject, min_size=1, max_size=30))
    if both_groups:  # guarantee two non-empty groups
        rows += [(draw(times), draw(st.booleans()), g) for g in ("a", "b")]
    return pd.DataFrame(rows, columns=["t", "e", "g"])


@SETTINGS
@given(cohorts())
def test_km_is_a_survival_curve_inside_its_interval(df):
    km = kaplan_meier(df, duration="t", event="e", group="g")
    for _, curve in km.groupby("group"):
        s = curve["survival"].to_numpy()
        assert np.all(np.diff(s) <= 1e-15)  # non-increasing
        assert np.all((s >= 0) & (s <= 1))
        assert np.all(curve["ci_lower"].to_numpy() <= s + 1e-12)
        assert np.all(s <= curve["ci_upper"].to_numpy() + 1e-12)
        assert curve["time"].iloc[0] == 0.0


@SETTINGS
@given(cohorts())
def test_at_risk_at_time_zero_is_group_size(df):
    sizes = df["g"].value_counts()
    tab = at_risk_table(df, duration="t", event="e", group="g", times=[0])
    km = kaplan_meier(df, duration="t", event="e", group="g")
    for group, n in sizes.items():
        row = tab[tab["group"] == group].iloc[0]
        assert row["at_risk"] == n
        assert km.loc[km["group"] == group, "at_risk"].iloc[0] == n
        # only subjects with duration exactly 0 are already censored/dead at time 0
        assert row["censored"] + row["events"] == int((df.loc[df["g"] == group, "t"] == 0).sum())


@SETTINGS
@given(cohorts(both_groups=True), st.integers(min_value=0, max_value=2**32 - 1))
def test_permutation_p_value_in_unit_interval(df, seed):
    res = permutation_logrank(df, duration="t", event="e", group="g", n_permutations=200, seed=seed)
    assert 0 < res.p_value <= 1
    assert res.p_value >= 1 / 201
    assert res.statistic >= 0


@SETTINGS
@given(cohorts(both_groups=True))
def test_identity_labelling_is_the_logrank_statistic(df):
    labels = (df["g"] == "b").to_numpy()
    stat = logrank_statistics(df, duration="t", event="e", labels=labels)[0]
    assert np.isclose(stat, logrank(df, duration="t", event="e", group="g").statistic, atol=1e-9)
