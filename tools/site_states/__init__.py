"""The static twins of the notebooks' dashboards, one module per family.

:func:`dashboards` lists every twin in series order; :mod:`tools.site_dashboards`
enumerates their states, writes their data and their HTML.

* :mod:`~tools.site_states.filters`: the subgroup-filter dashboards (01 cohort,
  02 remission, 03 survival);
* :mod:`~tools.site_states.bridging`: 04's landmark slider and power simulator;
* :mod:`~tools.site_states.tables`: 00's day explorer, 05's adverse-event
  explorer, 06's audit explorer.
"""

from __future__ import annotations

from ._spec import Control, Dashboard, Shown, StateTable, combinations

__all__ = ["Control", "Dashboard", "Shown", "StateTable", "by_key", "combinations", "dashboards"]


def dashboards() -> tuple[Dashboard, ...]:
    """Every static dashboard, in series order (inputs are loaded on first call)."""
    from . import bridging, filters, tables

    return (
        tables.day_explorer(),
        filters.cohort(),
        filters.remission(),
        filters.survival(),
        bridging.landmark(),
        bridging.power(),
        tables.adverse_events(),
        tables.audit(),
    )


def by_key(key: str) -> Dashboard:
    """The dashboard whose key is ``key`` (e.g. ``"03-survival"``)."""
    for dashboard in dashboards():
        if dashboard.key == key:
            return dashboard
    raise KeyError(f"no static dashboard {key!r}; expected one of {[d.key for d in dashboards()]}")
