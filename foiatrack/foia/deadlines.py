"""Statutory deadlines in business days. Pure: no database, dates in, dates out.

A business day is a weekday on which the public body is open: not a holiday of the law's
calendar (the `holidays` package: a state's set for state laws, the federal set for
federal FOIA) and not a closure staff recorded, unless staff recorded that the office is
open that day. The day of receipt is never counted. While the agency waits on the
requester the clock stops; it resumes with the days that were left.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from foiatrack.foia.calendars import (
    CALENDARS,
    FEDERAL_CALENDAR,
    CalendarSpec,
    default_calendar_name,
    get_calendar,
)
from foiatrack.foia.laws import CALENDAR, LawRule, get_law

# Dates the calculator accepts: holiday sets are meaningless far outside this range, and
# adding days near date.max overflows.
EARLIEST_RECEIPT = date(1900, 1, 1)
LATEST_RECEIPT = date(2199, 12, 31)


class ReceiptOutOfRange(ValueError):
    """A receipt date outside EARLIEST_RECEIPT..LATEST_RECEIPT."""


def check_receipt_date(received: date) -> None:
    if not EARLIEST_RECEIPT <= received <= LATEST_RECEIPT:
        raise ReceiptOutOfRange(
            f"The date of receipt must be between {EARLIEST_RECEIPT} and {LATEST_RECEIPT}."
        )


@dataclass(frozen=True)
class ClosedDay:
    """A day a calendar differs from the holiday set: closed (or open, if is_open)."""

    date: date
    reason: str
    is_open: bool = False


@dataclass
class BusinessCalendar:
    """Weekends, a named office calendar and per-body closures, asked day by day.

    Give `spec` (a named calendar) or, as before, a `holidays` subdivision."""

    subdivision: str | None = None
    closed_days: Iterable[ClosedDay] = ()
    spec: CalendarSpec | None = None
    _years: dict[int, dict[date, str]] = field(init=False, repr=False)
    _closed: dict[date, str] = field(init=False, repr=False)
    _open: set[date] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.spec is None:
            name = self.subdivision.lower() if self.subdivision else FEDERAL_CALENDAR
            self.spec = CALENDARS.get(name) or get_calendar(FEDERAL_CALENDAR)
        self.subdivision = self.spec.subdivision
        # Filled a year at a time, so a calendar serves any range of dates.
        self._years = {}
        self._closed = {day.date: day.reason for day in self.closed_days if not day.is_open}
        self._open = {day.date for day in self.closed_days if day.is_open}

    @property
    def name(self) -> str:
        return self.spec.name

    def _holiday(self, day: date) -> str | None:
        if day.year not in self._years:
            self._years[day.year] = self.spec.closures_in(day.year)
        return self._years[day.year].get(day)

    def closure_reason(self, day: date) -> str | None:
        """Why a weekday is not a business day, or None if it is one (or a weekend)."""
        if day.weekday() >= 5 or day in self._open:
            return None
        if day in self._closed:
            return self._closed[day]
        return self._holiday(day)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.closure_reason(day) is None

    def next_business_day(self, day: date) -> date:
        """`day` itself if it is a business day, else the first one after it."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day


def calendar_for_law(
    law: LawRule | str, closed_days: Iterable[ClosedDay] = (), calendar: str | None = None
) -> BusinessCalendar:
    """The calendar a law's deadlines are counted on (or the named `calendar`), amended
    by closures."""
    rule = get_law(law) if isinstance(law, str) else law
    name = calendar or default_calendar_name(state=rule.state, level="local")
    spec = get_calendar(name)
    return BusinessCalendar(spec=spec, closed_days=tuple(closed_days))


@dataclass(frozen=True)
class Pause:
    """The clock stopped after `start` (the day the agency asked) through `end` inclusive.

    The day the agency asked still counts; the day the requester answered does not (like
    the day of receipt). `end` is None while the agency is still waiting.
    """

    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return day > self.start and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Deadline:
    law: str
    received: date
    business_days: int | None
    due: date | None
    holidays_skipped: list[tuple[date, str]]
    paused: bool = False
    # The period's unit ("business" or "calendar" days; business_days holds its length).
    unit: str = "business"
    # The statute's own due date, before an agreed date or an accepted estimate replaced it.
    statutory_due: date | None = None
    # What set `due`: "statute", "agreed" (a written agreement) or "estimate" (an
    # acknowledgement with a time estimate the law accepts).
    basis: str = "statute"
    calendar: str = ""

    @property
    def has_statutory_deadline(self) -> bool:
        return self.business_days is not None


def allowed_business_days(
    rule: LawRule, *, extended: bool = False, commercial: bool = False, recurrent: bool = False
) -> int | None:
    """Days the law gives for this request; None when it sets no fixed number."""
    if rule.response_days is None:
        return None
    days = rule.response_days
    if commercial and rule.commercial_days is not None:
        days = max(days, rule.commercial_days)
    if recurrent and rule.recurrent_days is not None:
        days = max(days, rule.recurrent_days)
    special = days != rule.response_days
    # 5 ILCS 140/3.1 and 3.2 run "notwithstanding" §3: its extension is not added to them.
    stackable = rule.extension_on_special_periods or not special
    if extended and rule.extension_days is not None and stackable:
        days += rule.extension_days
    return days


def extension_allowed(rule: LawRule, *, commercial: bool = False, recurrent: bool = False) -> bool:
    """Whether the agency may take the law's own extension on this request."""
    if rule.extension_days is None:
        return False
    special = allowed_business_days(rule, commercial=commercial, recurrent=recurrent)
    return rule.extension_on_special_periods or special == rule.response_days


def extension_notice_deadline(
    rule: LawRule, received: date, calendar: "BusinessCalendar", pauses: Iterable[Pause] = ()
) -> date | None:
    """The last day the agency may give notice of its extension: a fixed number of
    business days after receipt (5 ILCS 140/3(f): 5), else the end of the first period."""
    if rule.extension_notice_days is not None:
        return add_business_days(received, rule.extension_notice_days, calendar, ())[0]
    return compute_deadline(law=rule.code, received=received, calendar=calendar, pauses=pauses).due


def _counting_days(
    received: date, calendar: BusinessCalendar, pauses: Iterable[Pause], unit: str = "business"
):
    """Yield (day, counts, reason) for each day after receipt, forever."""
    pauses = tuple(pauses)
    day = received
    while True:
        day += timedelta(days=1)
        if any(pause.covers(day) for pause in pauses):
            yield day, False, None
            continue
        reason = calendar.closure_reason(day)
        if unit == CALENDAR:
            yield day, True, None
        else:
            yield day, reason is None and day.weekday() < 5, reason


def add_business_days(
    received: date,
    days: int,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause] = (),
    unit: str = "business",
) -> tuple[date | None, list[tuple[date, str]]]:
    """The day on which the `days`-th business day after receipt falls, and the weekday
    holidays or closures skipped on the way. None if an open pause stops the clock first.

    With unit="calendar" every day counts, and a last day the office is closed moves to
    the next business day."""
    skipped: list[tuple[date, str]] = []
    if days <= 0:
        return received, skipped
    open_pause = next((pause for pause in pauses if pause.end is None), None)
    counted = 0
    for day, counts, reason in _counting_days(received, calendar, pauses, unit):
        if open_pause and open_pause.covers(day):
            return None, skipped
        if reason:
            skipped.append((day, reason))
        if counts:
            counted += 1
            if counted == days:
                return calendar.next_business_day(day), skipped
    raise AssertionError("unreachable")  # pragma: no cover


def business_days_between(
    start: date, end: date, calendar: BusinessCalendar, pauses: Iterable[Pause] = ()
) -> int:
    """Business days after `start` up to and including `end` (negative if end < start)."""
    if end == start:
        return 0
    if end < start:
        return -business_days_between(end, start, calendar, pauses)
    counted = 0
    for day, counts, _reason in _counting_days(start, calendar, pauses):
        if day > end:
            return counted
        counted += counts
    raise AssertionError("unreachable")  # pragma: no cover


def compute_deadline(
    *,
    law: str,
    received: date,
    calendar: BusinessCalendar | None = None,
    extended: bool = False,
    commercial: bool = False,
    recurrent: bool = False,
    pauses: Iterable[Pause] = (),
    agreed_due: date | None = None,
    estimate: date | None = None,
    estimate_given_on: date | None = None,
) -> Deadline:
    """The due date of a request received on `received`: the statute's, or the date the
    requester agreed in writing (where the law allows), or the agency's estimate (where
    the law accepts one given within the first period)."""
    check_receipt_date(received)
    rule = get_law(law)
    calendar = calendar or calendar_for_law(rule)
    pauses = tuple(pauses)
    days = allowed_business_days(
        rule, extended=extended, commercial=commercial, recurrent=recurrent
    )
    if days is None:
        return Deadline(
            law=law,
            received=received,
            business_days=None,
            due=None,
            holidays_skipped=[],
            calendar=calendar.name,
        )
    due, skipped = add_business_days(received, days, calendar, pauses, rule.response_unit)
    statutory_due, basis = due, "statute"
    if agreed_due and rule.agreed_extension:
        due, basis = agreed_due, "agreed"
    elif _estimate_accepted(rule, statutory_due, estimate, estimate_given_on):
        due, basis = estimate, "estimate"
    return Deadline(
        law=law,
        received=received,
        business_days=days,
        due=due,
        holidays_skipped=skipped,
        paused=due is None,
        unit=rule.response_unit,
        statutory_due=statutory_due,
        basis=basis,
        calendar=calendar.name,
    )


def _estimate_accepted(rule, statutory_due, estimate, given_on) -> bool:
    # RCW 42.56.520(1)(c): an acknowledgement with a reasonable estimate, sent within the
    # five days, is itself a timely response; the estimate is then the date to hold.
    if not (rule.estimate_sets_due_date and estimate and given_on and statutory_due):
        return False
    return given_on <= statutory_due


@dataclass(frozen=True)
class Clock:
    """Where a request stands against its deadline on a given day."""

    elapsed: int
    allowed: int | None
    paused: bool

    @property
    def left(self) -> int | None:
        return None if self.allowed is None else self.allowed - self.elapsed

    @property
    def overrun(self) -> int:
        """Business days past the deadline (0 when not past it)."""
        left = self.left
        return -left if left is not None and left < 0 else 0


def request_clock(
    *,
    received: date,
    today: date,
    allowed: int | None,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause] = (),
) -> Clock:
    """Business days elapsed since receipt (pauses excluded) and, with `allowed`, left."""
    pauses = tuple(pauses)
    elapsed = business_days_between(received, today, calendar, pauses) if today > received else 0
    paused = any(pause.end is None and pause.start <= today for pause in pauses)
    return Clock(elapsed=elapsed, allowed=allowed, paused=paused)
