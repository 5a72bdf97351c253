"""Survival by remission and by bridging to transplant (notebooks 03 and 04).

The statistics behind the comparisons the paper makes, built on
:mod:`helpers.endpoints` and :mod:`helpers.survival`; nothing here draws or
displays. Three modules, collected here so that
``from helpers.bridging import landmark_comparison`` is all a notebook needs:

==========================================  =======================================
functions                                   module
==========================================  =======================================
endpoint_frame, follow_up_as_event,         :mod:`helpers.bridging.comparison`
dfs_assumption_grid, one_at_a_time
checked_cox, checked_time_varying_cox,      :mod:`helpers.bridging.cox`
hazard_ratio_table, cox_tests_table
immortal_time_table, landmark_comparison,   :mod:`helpers.bridging.landmark`
counting_process_rows, state_at_event,
mapping_sensitivity, ...
==========================================  =======================================
"""

from helpers.bridging.comparison import (
    dfs_assumption_grid,
    endpoint_frame,
    follow_up_as_event,
    one_at_a_time,
)
from helpers.bridging.cox import (
    CheckedHazardRatio,
    checked_cox,
    checked_time_varying_cox,
    cox_tests_table,
    hazard_ratio_table,
)
from helpers.bridging.landmark import (
    LandmarkResult,
    counting_process_rows,
    default_landmark,
    immortal_time_summary,
    immortal_time_table,
    landmark_comparison,
    landmark_table,
    mapping_sensitivity,
    remap_transplants,
    state_at_event,
)

__all__ = [
    "CheckedHazardRatio",
    "LandmarkResult",
    "checked_cox",
    "checked_time_varying_cox",
    "counting_process_rows",
    "cox_tests_table",
    "default_landmark",
    "dfs_assumption_grid",
    "endpoint_frame",
    "follow_up_as_event",
    "hazard_ratio_table",
    "immortal_time_summary",
    "immortal_time_table",
    "landmark_comparison",
    "landmark_table",
    "mapping_sensitivity",
    "one_at_a_time",
    "remap_transplants",
    "state_at_event",
]
