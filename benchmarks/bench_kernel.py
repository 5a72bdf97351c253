"""Benchmark: a dashboard's filter change handled by a real kernel, without a browser.

Starts an ipykernel with jupyter_client, builds the remission dashboard of
notebook 02 in it, then sends the widget message a browser would send when a
reader picks another "Next therapy" (a ``comm_msg`` updating the dropdown's
``index``) and times the kernel's replies on iopub: the message carrying the
new figure, and the kernel going idle. Set beside ``bench_browser``, it tells
the kernel's share of a redraw from the browser's and the Jupyter server's.

Run: ``python -m benchmarks.bench_kernel``.
"""

from __future__ import annotations

import statistics
import time

from jupyter_client.manager import start_new_kernel

N_CHANGES = 30
SETUP = """
from helpers.data import load_patients
from helpers.widgets import RemissionDashboard
board = RemissionDashboard(load_patients())
dropdown = board.filter.dropdowns["follow_up_therapy"]
print(dropdown.model_id, len(dropdown.options))
"""


def _until_idle(client, msg_id: str, t0: float) -> dict[str, float]:
    marks: dict[str, float] = {}
    while True:
        msg = client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        ms = (time.perf_counter() - t0) * 1000
        if msg["msg_type"] == "comm_msg" and "figure" in msg["content"]["data"].get("state", {}):
            marks.setdefault("figure", ms)
        if msg["msg_type"] == "stream":
            marks["stdout"] = msg["content"]["text"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            marks["idle"] = ms
            return marks


def run() -> list[dict]:
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        setup = _until_idle(client, client.execute(SETUP), time.perf_counter())
        model_id, n_options = setup["stdout"].split()
        marks = []
        for i in range(N_CHANGES):
            index = 1 + i % (int(n_options) - 1)  # skip "All": every choice draws a figure
            content = {
                "comm_id": model_id,
                "data": {"method": "update", "state": {"index": index}, "buffer_paths": []},
            }
            msg = client.session.msg("comm_msg", content)
            t0 = time.perf_counter()
            client.shell_channel.send(msg)
            marks.append(_until_idle(client, msg["header"]["msg_id"], t0))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    rows = []
    for key, label in (("figure", "message with the new figure sent"), ("idle", "kernel idle")):
        values = [m[key] for m in marks]
        rows.append(
            {
                "name": f"kernel only, no browser: change to {label}, median of {N_CHANGES}",
                "value": statistics.median(values),
                "unit": "ms",
                "target": "",
                "passed": None,
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.1f} {row['unit']}")
