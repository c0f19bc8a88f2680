"""Named office calendars: a `holidays` set plus the days one kind of office differs on.

Plain Python, no Django import. A state's own offices can keep a different schedule from
its cities and counties: State of Illinois offices (CMS holiday schedule) work on Casimir
Pulaski Day and close the Friday after Thanksgiving; the City of Chicago and Cook County do
the opposite. A body's calendar is one of these plus its jurisdiction's and its own
closures and openings (the Closure rows staff edit in the admin).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

FEDERAL_CALENDAR = "us-federal"


def _friday_after_thanksgiving(year: int) -> date:
    november_first = date(year, 11, 1)
    first_thursday = november_first + timedelta(days=(3 - november_first.weekday()) % 7)
    return first_thursday + timedelta(days=22)


@dataclass(frozen=True)
class CalendarSpec:
    """A holiday set, minus holidays the office works, plus days it also closes."""

    name: str
    label: str
    subdivision: str | None
    source: str
    # Holiday names (as the holidays package spells them) on which the office is open.
    open_on: tuple[str, ...] = ()
    # year -> [(day, reason)] the office is also closed.
    extra_closures: tuple[Callable[[int], list[tuple[date, str]]], ...] = field(default=())

    def closures_in(self, year: int) -> dict[date, str]:
        """Every weekday holiday or closure of this calendar in `year`."""
        base = holidays.US(subdiv=self.subdivision, years=year, observed=True)
        days: dict[date, str] = {}
        for day, names in base.items():
            kept = [name for name in names.split("; ") if name not in self.open_on]
            if kept:
                days[day] = "; ".join(kept)
        for rule in self.extra_closures:
            for day, reason in rule(year):
                days.setdefault(day, reason)
        return days


CALENDARS: dict[str, CalendarSpec] = {
    FEDERAL_CALENDAR: CalendarSpec(
        name=FEDERAL_CALENDAR,
        label="United States federal holidays (5 U.S.C. 6103)",
        subdivision=None,
        source="holidays package, US federal set",
    ),
    "il-state": CalendarSpec(
        name="il-state",
        label="State of Illinois offices (CMS state holiday schedule)",
        subdivision="IL",
        source="Illinois CMS state holiday schedule: open on Casimir Pulaski Day, closed "
        "the day after Thanksgiving, Lincoln's Birthday and general Election Day (even years)",
        open_on=("Casimir Pulaski Day",),
        extra_closures=(
            lambda year: [(_friday_after_thanksgiving(year), "Day after Thanksgiving")],
        ),
    ),
    "il-local": CalendarSpec(
        name="il-local",
        label="Illinois local bodies (City of Chicago, Cook County): Illinois holiday set",
        subdivision="IL",
        source="holidays package, US-IL set (Pulaski Day closed, day after Thanksgiving open)",
    ),
}
# Every other state: its `holidays` subdivision set, for state and local bodies alike,
# until someone records how that state's own offices differ.
for _state in holidays.US.subdivisions:
    CALENDARS.setdefault(
        _state.lower(),
        CalendarSpec(
            name=_state.lower(),
            label=f"{_state} holidays (holidays package set)",
            subdivision=_state,
            source=f"holidays package, US-{_state} set",
        ),
    )

CALENDAR_CHOICES = [(name, spec.label) for name, spec in CALENDARS.items()]


class UnknownCalendar(ValueError):
    """A calendar name CALENDARS does not hold."""


def get_calendar(name: str) -> CalendarSpec:
    try:
        return CALENDARS[name]
    except KeyError:
        raise UnknownCalendar(
            f"Unknown calendar {name!r}; known: {', '.join(sorted(CALENDARS))}."
        ) from None


def default_calendar_name(*, state: str, level: str) -> str:
    """The calendar a body of this state and level follows when none is set."""
    if not state:
        return FEDERAL_CALENDAR
    state = state.lower()
    if level == "state" and f"{state}-state" in CALENDARS:
        return f"{state}-state"
    if f"{state}-local" in CALENDARS:
        return f"{state}-local"
    return state if state in CALENDARS else FEDERAL_CALENDAR
