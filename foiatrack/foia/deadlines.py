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

import holidays

from foiatrack.foia.laws import LawRule, get_law

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
    """Weekends, a holiday set and per-body closures, asked day by day."""

    subdivision: str | None = None
    closed_days: Iterable[ClosedDay] = ()
    _holidays: holidays.HolidayBase = field(init=False, repr=False)
    _closed: dict[date, str] = field(init=False, repr=False)
    _open: set[date] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # expand=True fills years lazily, so a calendar serves any range of dates.
        self._holidays = holidays.US(subdiv=self.subdivision, expand=True, observed=True)
        self._closed = {day.date: day.reason for day in self.closed_days if not day.is_open}
        self._open = {day.date for day in self.closed_days if day.is_open}

    def closure_reason(self, day: date) -> str | None:
        """Why a weekday is not a business day, or None if it is one (or a weekend)."""
        if day.weekday() >= 5 or day in self._open:
            return None
        if day in self._closed:
            return self._closed[day]
        return self._holidays.get(day)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.closure_reason(day) is None


def calendar_for_law(law: LawRule | str, closed_days: Iterable[ClosedDay] = ()) -> BusinessCalendar:
    """The calendar a law's deadlines are counted on, amended by closures."""
    rule = get_law(law) if isinstance(law, str) else law
    return BusinessCalendar(subdivision=rule.holiday_subdivision, closed_days=tuple(closed_days))


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
    if extended and rule.extension_days is not None:
        days += rule.extension_days
    return days


def _counting_days(received: date, calendar: BusinessCalendar, pauses: Iterable[Pause]):
    """Yield (day, counts, reason) for each day after receipt, forever."""
    pauses = tuple(pauses)
    day = received
    while True:
        day += timedelta(days=1)
        if any(pause.covers(day) for pause in pauses):
            yield day, False, None
            continue
        reason = calendar.closure_reason(day)
        yield day, reason is None and day.weekday() < 5, reason


def add_business_days(
    received: date, days: int, calendar: BusinessCalendar, pauses: Iterable[Pause] = ()
) -> tuple[date | None, list[tuple[date, str]]]:
    """The day on which the `days`-th business day after receipt falls, and the weekday
    holidays or closures skipped on the way. None if an open pause stops the clock first."""
    skipped: list[tuple[date, str]] = []
    if days <= 0:
        return received, skipped
    open_pause = next((pause for pause in pauses if pause.end is None), None)
    counted = 0
    for day, counts, reason in _counting_days(received, calendar, pauses):
        if open_pause and open_pause.covers(day):
            return None, skipped
        if reason:
            skipped.append((day, reason))
        if counts:
            counted += 1
            if counted == days:
                return day, skipped
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
) -> Deadline:
    """The statutory due date of a request received on `received`."""
    check_receipt_date(received)
    rule = get_law(law)
    calendar = calendar or calendar_for_law(rule)
    pauses = tuple(pauses)
    days = allowed_business_days(
        rule, extended=extended, commercial=commercial, recurrent=recurrent
    )
    if days is None:
        return Deadline(
            law=law, received=received, business_days=None, due=None, holidays_skipped=[]
        )
    due, skipped = add_business_days(received, days, calendar, pauses)
    return Deadline(
        law=law,
        received=received,
        business_days=days,
        due=due,
        holidays_skipped=skipped,
        paused=due is None,
    )


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
