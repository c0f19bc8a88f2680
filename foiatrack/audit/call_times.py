"""The times of a call's life (received, dispatched, arrived, cleared) and the minutes
between them: where two are present, the median minutes from one to the next, e.g. the
response time from received to arrival.

The received time is the call's own date and time (role `timestamp`). Only the time columns
are read, as text, and parsed here; intervals below zero (clock errors, a time written in
the wrong column) are counted and left out of the median.
"""

from collections.abc import Callable

import pandas as pd

STEP_ROLES = {
    "received": "timestamp",
    "dispatched": "dispatch_time",
    "arrived": "arrival_time",
    "cleared": "clear_time",
}
PAIRS = [
    ("received", "dispatched"),
    ("received", "arrived"),
    ("dispatched", "arrived"),
    ("arrived", "cleared"),
    ("received", "cleared"),
]
RESPONSE = ("received", "arrived")


def step_columns(roles: dict[str, str]) -> dict[str, str]:
    """The first column holding each step of the call's life."""
    found: dict[str, str] = {}
    for step, role in STEP_ROLES.items():
        column = next((name for name, r in roles.items() if r == role), None)
        if column:
            found[step] = column
    return found


def call_intervals(roles: dict[str, str], read: Callable[[list[str]], pd.DataFrame]) -> list:
    """The median minutes between each pair of steps present; [] with fewer than two steps
    besides the received time (a file with only a date is not a call log)."""
    steps = step_columns(roles)
    if len([step for step in steps if step != "received"]) < (2 if "received" not in steps else 1):
        return []
    frame = read(list(dict.fromkeys(steps.values())))
    times = {step: _parse(frame[column]) for step, column in steps.items()}
    return [
        _interval(first, second, steps, times)
        for first, second in PAIRS
        if first in times and second in times
    ]


def _parse(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.astype("object"), format="mixed", errors="coerce")


def _interval(first: str, second: str, steps: dict, times: dict) -> dict:
    minutes = (times[second] - times[first]).dt.total_seconds() / 60
    valid = minutes[minutes.notna() & (minutes >= 0)]
    return {
        "from": first,
        "to": second,
        "from_column": steps[first],
        "to_column": steps[second],
        "is_response_time": (first, second) == RESPONSE,
        "pairs": int(len(valid)),
        "negative": int((minutes < 0).sum()),
        "median_minutes": round(float(valid.median()), 1) if len(valid) else None,
    }
