"""What a static dashboard is made of: its controls, its inputs and its view of a state.

A :class:`Dashboard` describes the static twin of one live dashboard: the
controls the live widget offers (:class:`Control`, with the same options,
labels and default), how to load the inputs the notebook passes to it
(``context``), which *distinct selection* a combination of control values
amounts to (``key_of``: combinations with the same key show the same thing),
and what the live dashboard shows for a state (``view_of``, which calls the
same plain function the widget calls and returns a :class:`Shown`).

Examples
--------
>>> c = range_control("day", "Day", minimum=1, maximum=4, step=1, default=1)
>>> c.values, c.readout(2)
((1, 2, 3, 4), '2')
>>> choose("grade", "Grade", [("All grades", "all"), ("Grade ≥ 3", "g3")]).labels
('All grades', 'Grade ≥ 3')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpers.widgets import View, figure_spec

__all__ = [
    "KINDS",
    "Control",
    "Dashboard",
    "Shown",
    "StateTable",
    "choose",
    "combinations",
    "range_control",
    "shown",
]

#: Kinds of control: a dropdown (``<select>``), toggle buttons (radio group), a slider.
KINDS = ("select", "radio", "range")


@dataclass(frozen=True)
class Control:
    """One control of a dashboard: its name, label, kind, values in order, default.

    ``labels`` are the texts the live widget shows for the values (a dropdown
    of plain values shows the values themselves). A ``range`` has evenly
    spaced numeric values; ``digits`` is the number of decimals its readout
    shows, as the live slider's readout does.
    """

    name: str
    label: str
    kind: str
    values: tuple[Any, ...]
    labels: tuple[str, ...]
    default: Any
    digits: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"control {self.name!r}: kind {self.kind!r} not in {KINDS}")
        if not self.values or len(self.labels) != len(self.values):
            raise ValueError(f"control {self.name!r}: need one label per value, and a value")
        if self.default not in self.values:
            raise ValueError(
                f"control {self.name!r}: default {self.default!r} is not among {self.values}"
            )

    @property
    def default_index(self) -> int:
        return self.values.index(self.default)

    @property
    def step(self) -> float:
        """The spacing of a range's values (1 for a single value)."""
        return self.values[1] - self.values[0] if len(self.values) > 1 else 1

    def readout(self, value: Any) -> str:
        """The value as the live slider's readout shows it."""
        return f"{value:.{self.digits}f}"


def choose(
    name: str, label: str, options: Sequence[Any], *, default: Any = None, kind: str = "select"
) -> Control:
    """A dropdown or toggle group: ``options`` are values or ``(label, value)`` pairs.

    The default is the first option unless given, as in ipywidgets.
    """
    pairs = [o if isinstance(o, tuple) else (str(o), o) for o in options]
    values = tuple(v for _, v in pairs)
    return Control(
        name,
        label,
        kind,
        values,
        tuple(label for label, _ in pairs),
        values[0] if default is None else default,
    )


def range_control(
    name: str,
    label: str,
    *,
    minimum: float,
    maximum: float,
    step: float,
    default: float,
    digits: int = 0,
) -> Control:
    """A slider from ``minimum`` to ``maximum`` in steps of ``step`` (ends included).

    Values are ``minimum + k * step`` rounded to 10 decimals, so that 23 steps
    of 0.05 are 1.15, as the readout shows, not 1.1500000000000001.
    """
    count = math.floor((maximum - minimum) / step + 1e-9) + 1
    values = tuple(round(minimum + k * step, 10) for k in range(count))
    if all(float(v).is_integer() for v in (minimum, step)):
        values = tuple(int(v) for v in values)
    default = round(default, 10)
    if isinstance(values[0], int):
        default = int(default)
    labels = tuple(f"{v:.{digits}f}" for v in values)
    return Control(name, label, "range", values, labels, default, digits)


@dataclass(frozen=True)
class Shown:
    """What a dashboard shows for a state: count line, HTML, figure spec or None."""

    count: str
    html: str
    figure: dict | None = None


def shown(view: View, *, margin: Mapping[str, int] | None = None) -> Shown:
    """A live dashboard's :class:`~helpers.widgets.View` as the page shows it.

    The figure goes through :func:`helpers.widgets.figure_spec`, as the
    live :class:`~helpers.widgets.PlotView` sends it to the browser, with
    the same ``margin`` hint as the live dashboard.
    """
    figure = None if view.figure is None else figure_spec(view.figure, margin=margin)
    return Shown(view.count, view.html, figure)


@dataclass(frozen=True)
class Dashboard:
    """The static twin of one live dashboard.

    Attributes
    ----------
    key : str
        ``NN-name``: the DOM id and the name of its data file.
    notebook : str
        Stem of the notebook the dashboard is on.
    call : str
        The call in the notebook's cell that builds the live dashboard; the
        site puts the twin where that cell's widget output was.
    title : str
        Accessible name of the dashboard.
    figure_text : str
        One sentence describing the figure, for readers who cannot see it.
    controls : tuple of Control
        In the live widget's order.
    context : callable
        Returns the inputs (loaded once per process and cached).
    key_of : callable
        ``(context, state) -> hashable``: equal keys show equal things.
    view_of : callable
        ``(context, state) -> Shown``, through the live dashboard's function.
    note : str
        HTML shown above the controls (e.g. a coarser grid than the live one).
    samples : tuple of dict
        Partial states (over the default) that tests and benchmarks must
        visit besides one value at a time, e.g. an assumption with the
        endpoint it changes.
    order : tuple of str
        Order of ``count``, ``html`` and ``plot`` below the controls.
    workers : int
        Processes that may compute its views (slow views only).
    """

    key: str
    notebook: str
    call: str
    title: str
    figure_text: str
    controls: tuple[Control, ...]
    context: Callable[[], Any]
    key_of: Callable[[Any, Mapping[str, Any]], Hashable]
    view_of: Callable[[Any, Mapping[str, Any]], Shown]
    note: str = ""
    samples: tuple[dict[str, Any], ...] = ()
    order: tuple[str, ...] = ("count", "html", "plot")
    workers: int = 1

    @property
    def n_states(self) -> int:
        """Number of combinations of control values."""
        return math.prod(len(c.values) for c in self.controls)

    @property
    def default_state(self) -> dict[str, Any]:
        return {c.name: c.default for c in self.controls}


def combinations(controls: Sequence[Control]) -> Iterator[dict[str, Any]]:
    """Every combination of control values, the last control varying fastest.

    The position of a combination in this order is the number the page
    computes from the controls: the mixed-radix number of their value indices.

    Examples
    --------
    >>> a = choose("a", "A", ["x", "y"])
    >>> b = choose("b", "B", [1, 2, 3])
    >>> [tuple(s.values()) for s in combinations([a, b])][:4]
    [('x', 1), ('x', 2), ('x', 3), ('y', 1)]
    """
    names = [c.name for c in controls]
    for values in itertools.product(*(c.values for c in controls)):
        yield dict(zip(names, values, strict=True))


@dataclass
class StateTable:
    """Every combination of a dashboard's controls and the view of each distinct selection."""

    dashboard: Dashboard
    index: list[int]  # per combination: its distinct selection
    shown: list[Shown]  # per distinct selection
    seconds: float
