"""Write the cohort's small derived survival frames that make_reference.R reads.

Run once from the repository root (``.venv/bin/python tests/reference/export_cohort.py``);
the CSVs are committed, so neither R nor this script runs in CI. The frames come from
:func:`helpers.endpoints.survival_frame` under the default assumptions (OS) and with
non-responders counted as a DFS event at time zero (``dfs_non_responders="event_at_start"``).
Floats are written with ``repr`` precision, so R reads exactly the numbers Python holds.
"""

from __future__ import annotations

from pathlib import Path

from helpers.data import load_patients, load_transplants
from helpers.endpoints import Assumptions, survival_frame

HERE = Path(__file__).resolve().parent


def main() -> None:
    patients, transplants = load_patients(), load_transplants()
    os_frame = survival_frame(patients, transplants)
    out = os_frame[["case_id", "os_time", "os_event", "complete_remission", "hsct_time"]].copy()
    out["os_event"] = out["os_event"].astype(int)
    out["complete_remission"] = out["complete_remission"].astype(int)
    out.to_csv(HERE / "cohort_os.csv", index=False, na_rep="NA")

    dfs = survival_frame(patients, transplants, Assumptions(dfs_non_responders="event_at_start"))
    dfs = dfs[dfs["in_dfs"]][["case_id", "dfs_time", "dfs_event", "complete_remission"]].copy()
    dfs["dfs_event"] = dfs["dfs_event"].astype(int)
    dfs["complete_remission"] = dfs["complete_remission"].astype(int)
    dfs.to_csv(HERE / "cohort_dfs_event_at_start.csv", index=False, na_rep="NA")


if __name__ == "__main__":
    main()
