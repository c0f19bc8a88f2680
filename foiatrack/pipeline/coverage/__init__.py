"""Coverage: what a cell of the stage × jurisdiction × year matrix holds.

- `states.py`: the one place a dataset's or a cell's state and linkability level are
  decided (pure, no Django);
- `rebuild.py`: the rebuild that stores every dataset's state, every cell and the funnel.

This package re-exports the states, so `coverage.RECORD_LINKABLE` keeps working.
"""

from foiatrack.pipeline.coverage.states import (
    AGGREGATE,
    LEVELS,
    NONE,
    PENDING,
    RECORD_LINKABLE,
    RECORD_UNLINKABLE,
    STATE_CHOICES,
    STATE_LABELS,
    STATE_SHORT,
    STATES,
    UNUSABLE_KEY_NULL_RATE,
    best_level,
    best_state,
    column_roles,
    table_linkability,
    table_state,
    usable_link_keys,
    years_between,
)

__all__ = [
    "AGGREGATE",
    "LEVELS",
    "NONE",
    "PENDING",
    "RECORD_LINKABLE",
    "RECORD_UNLINKABLE",
    "STATES",
    "STATE_CHOICES",
    "STATE_LABELS",
    "STATE_SHORT",
    "UNUSABLE_KEY_NULL_RATE",
    "best_level",
    "best_state",
    "column_roles",
    "table_linkability",
    "table_state",
    "usable_link_keys",
    "years_between",
]
