"""Coverage: what a cell of the stage × jurisdiction × year matrix holds.

- `states.py`: the one place a dataset's or a cell's state and linkability level are
  decided (pure, no Django);
- `rebuild.py`: the rebuild that stores every dataset's state, every cell and the funnel.

This package re-exports the states, so `coverage.RECORD_LINKABLE` keeps working.
"""

from foiatrack.pipeline.coverage.states import (
    AGGREGATE,
    EARLIEST_COVERAGE_YEAR,
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
    cell_label,
    cell_short,
    column_roles,
    table_linkability,
    table_state,
    usable_link_keys,
    year_spans,
    years_between,
    years_in_range,
)

__all__ = [
    "AGGREGATE",
    "EARLIEST_COVERAGE_YEAR",
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
    "cell_label",
    "cell_short",
    "column_roles",
    "table_linkability",
    "table_state",
    "usable_link_keys",
    "years_between",
    "year_spans",
    "years_in_range",
]
