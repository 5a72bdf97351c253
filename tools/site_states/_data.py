"""The state data of a static dashboard: one JSON payload, written as ``data/NN-name.js``.

:func:`encode` turns a :class:`~tools.site_states.StateTable` into the payload
below; ``dashboards.js`` reads it in the page and :func:`decode` reads it the
same way in Python (for tests).

Data format (``format`` 1)
--------------------------
``key``, ``selections``
    The dashboard's key; the number of distinct selections computed.
``radix``
    Number of values of each control, in order. Combination ``(i0, i1, ...)``
    (value indices) is number ``(...(i0 * r1 + i1) * r2 + ...)``.
``index``
    State number of each combination.
``states``
    ``[count, html, figure]``: ``count`` and ``html`` are ``leaves`` numbers,
    ``figure`` a ``figures`` number or -1 (no figure: a message only).
``figures``
    ``[layout, [trace, ...]]``: numbers of ``objects``.
``objects``
    A trace or a layout: ``{attribute: leaves number}``.
``leaves``
    Distinct JSON values (an attribute's whole value, or a string).

Sharing whole attribute values (the template, an axis, a hover text list)
between figures is what keeps the data small; nothing is rounded, so the
figure drawn is exactly the one the live dashboard draws.

Examples
--------
>>> payload = encode_shown([Shown("1 of 2", "<b>x</b>", {"data": [{"y": [1]}], "layout": {}})],
...                        index=[0, 0], radix=[2])
>>> decode(payload, 1)
Shown(count='1 of 2', html='<b>x</b>', figure={'data': [{'y': [1]}], 'layout': {}})
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._spec import Control, Dashboard, Shown, StateTable

__all__ = [
    "FORMAT",
    "combination_number",
    "data_script",
    "decode",
    "encode",
    "encode_shown",
    "read_payload",
    "table_from_payload",
]

FORMAT = 1


class _Pool:
    """Distinct JSON values, each stored once; ``add`` returns a value's number."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._numbers: dict[str, int] = {}

    def add(self, value: Any) -> int:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)
        if text not in self._numbers:
            self._numbers[text] = len(self.items)
            self.items.append(value)
        return self._numbers[text]


def encode_shown(shown: Sequence[Shown], *, index: Sequence[int], radix: Sequence[int]) -> dict:
    """The data format of the module docstring for views ``shown`` and their ``index``."""
    leaves, objects, figures, states = _Pool(), _Pool(), _Pool(), _Pool()

    def obj(value: dict) -> int:
        return objects.add({key: leaves.add(v) for key, v in value.items()})

    numbers = []
    for s in shown:
        figure = -1
        if s.figure is not None:
            traces = [obj(trace) for trace in s.figure.get("data", [])]
            figure = figures.add([obj(s.figure.get("layout", {})), traces])
        numbers.append(states.add([leaves.add(s.count), leaves.add(s.html), figure]))
    return {
        "format": FORMAT,
        "radix": list(radix),
        "index": [numbers[i] for i in index],
        "states": states.items,
        "figures": figures.items,
        "objects": objects.items,
        "leaves": leaves.items,
    }


def encode(table: StateTable) -> dict:
    """A :class:`StateTable` in the data format, with the dashboard's key."""
    radix = [len(c.values) for c in table.dashboard.controls]
    payload = encode_shown(table.shown, index=table.index, radix=radix)
    return {"key": table.dashboard.key, "selections": len(table.shown), **payload}


def decode(payload: dict, combination: int) -> Shown:
    """What the page shows for combination number ``combination`` (as dashboards.js does)."""
    count, body, figure = payload["states"][payload["index"][combination]]
    leaves, objects = payload["leaves"], payload["objects"]

    def obj(number: int) -> dict:
        return {key: leaves[n] for key, n in objects[number].items()}

    spec = None
    if figure >= 0:
        layout, traces = payload["figures"][figure]
        spec = {"data": [obj(t) for t in traces], "layout": obj(layout)}
    return Shown(leaves[count], leaves[body], spec)


def read_payload(path: Path | str) -> dict:
    """The payload a ``data/NN-name.js`` script registers (see :func:`data_script`)."""
    text = Path(path).read_text(encoding="utf-8")
    body = text.split(" = ", 2)[-1].strip()
    return json.loads(body.removesuffix(";"))


def table_from_payload(dashboard: Dashboard, payload: dict) -> StateTable:
    """A :class:`StateTable` of the states a built page holds (one per distinct state)."""
    number = {state: i for i, state in enumerate(payload["index"])}
    shown = [decode(payload, number[s]) for s in range(len(payload["states"]))]
    return StateTable(dashboard, list(payload["index"]), shown, 0.0)


def combination_number(controls: Sequence[Control], state: dict) -> int:
    """The number of a combination of control values (see ``radix``)."""
    number = 0
    for control in controls:
        number = number * len(control.values) + control.values.index(state[control.name])
    return number


def data_script(payload: dict) -> str:
    """The ``data/NN-name.js`` script that registers a dashboard's states."""
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        "// States of one static dashboard, written by tools/site_dashboards.py (do not edit).\n"
        "window.SITE_DASHBOARDS = window.SITE_DASHBOARDS || {};\n"
        f"window.SITE_DASHBOARDS[{json.dumps(payload['key'])}] = {body};\n"
    )
