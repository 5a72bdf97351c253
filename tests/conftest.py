"""Fixtures shared by the unit tests: the transcribed tables, loaded once per test module.

Module scope, as each test module had before: a test that changes a frame in
place cannot leak into another module.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import load_patients, load_transplants
from helpers.endpoints import survival_frame


@pytest.fixture(scope="module")
def patients() -> pd.DataFrame:
    """Table 2: one row per child (33)."""
    return load_patients()


@pytest.fixture(scope="module")
def transplants() -> pd.DataFrame:
    """Table 4: one row per transplant."""
    return load_transplants()


@pytest.fixture(scope="module")
def frame(patients: pd.DataFrame, transplants: pd.DataFrame) -> pd.DataFrame:
    """:func:`helpers.endpoints.survival_frame` under the default assumptions."""
    return survival_frame(patients, transplants)
