"""Business-day deadline maths (pure: no database).

Holiday facts are checked against the holidays package inside each test rather than
assumed, so a change in the package shows up as a clear failure.
"""

from datetime import date

import holidays
import pytest

from foiatrack.foia.deadlines import (
    ClosedDay,
    Pause,
    add_business_days,
    business_days_between,
    calendar_for_law,
    compute_deadline,
    request_clock,
)
from foiatrack.foia.laws import UnknownLaw

IL = holidays.US(subdiv="IL", years=[2026, 2027])
FEDERAL = holidays.US(years=[2026, 2027])


def test_illinois_thanksgiving_week_skips_thanksgiving_but_not_the_friday_after():
    assert date(2026, 11, 26) in IL  # Thanksgiving, a Thursday
    assert date(2026, 11, 27) not in IL  # the day after is not an Illinois holiday

    deadline = compute_deadline(law="il-foia", received=date(2026, 11, 25))

    # Fri 27 (1), Mon 30 (2), Tue 1 (3), Wed 2 (4), Thu 3 (5).
    assert deadline.due == date(2026, 12, 3)
    assert deadline.business_days == 5
    assert deadline.holidays_skipped == [(date(2026, 11, 26), IL[date(2026, 11, 26)])]


def test_day_of_receipt_is_never_counted():
    deadline = compute_deadline(law="il-foia", received=date(2026, 12, 7))  # a Monday

    assert deadline.due == date(2026, 12, 14)  # Tue..Fri (4), Mon (5)


def test_request_received_on_a_saturday_counts_from_monday():
    deadline = compute_deadline(law="il-foia", received=date(2026, 12, 5))

    assert deadline.due == date(2026, 12, 11)


def test_observed_independence_day_in_illinois_is_skipped():
    assert date(2026, 7, 4).weekday() == 5  # a Saturday
    assert "observed" in IL[date(2026, 7, 3)].lower()

    deadline = compute_deadline(law="il-foia", received=date(2026, 7, 1))

    # Thu 2 (1), Fri 3 observed holiday skipped, Mon 6 (2) .. Thu 9 (5).
    assert deadline.due == date(2026, 7, 9)
    assert [day for day, _name in deadline.holidays_skipped] == [date(2026, 7, 3)]


def test_federal_request_over_christmas_and_new_year():
    assert date(2026, 12, 25) in FEDERAL
    assert date(2027, 1, 1) in FEDERAL
    assert date(2027, 1, 18) in FEDERAL  # Martin Luther King Jr. Day

    deadline = compute_deadline(law="federal-foia", received=date(2026, 12, 18))

    skipped = [day for day, _name in deadline.holidays_skipped]
    assert skipped == [date(2026, 12, 25), date(2027, 1, 1), date(2027, 1, 18)]
    assert deadline.business_days == 20
    assert deadline.due == date(2027, 1, 20)


def test_federal_calendar_ignores_state_holidays():
    assert date(2027, 2, 12) in IL  # Lincoln's Birthday, a Friday
    assert date(2027, 2, 12) not in FEDERAL

    federal = compute_deadline(law="federal-foia", received=date(2027, 2, 11))
    illinois = compute_deadline(law="il-foia", received=date(2027, 2, 11))

    assert date(2027, 2, 12) not in [day for day, _ in federal.holidays_skipped]
    assert date(2027, 2, 12) in [day for day, _ in illinois.holidays_skipped]


def test_agency_closure_moves_the_due_date():
    closures = [ClosedDay(date=date(2026, 11, 27), reason="County offices closed")]
    calendar = calendar_for_law("il-foia", closures)

    deadline = compute_deadline(law="il-foia", received=date(2026, 11, 25), calendar=calendar)

    assert deadline.due == date(2026, 12, 4)
    assert (date(2026, 11, 27), "County offices closed") in deadline.holidays_skipped


def test_agency_open_on_a_holiday_counts_that_day():
    assert date(2026, 11, 11) in IL  # Veterans Day, a Wednesday
    calendar = calendar_for_law(
        "il-foia", [ClosedDay(date=date(2026, 11, 11), reason="Open", is_open=True)]
    )

    deadline = compute_deadline(law="il-foia", received=date(2026, 11, 9), calendar=calendar)

    assert deadline.due == date(2026, 11, 16)  # Tue 10, Wed 11, Thu 12, Fri 13, Mon 16


def test_extension_adds_five_business_days_in_illinois():
    deadline = compute_deadline(law="il-foia", received=date(2026, 11, 25), extended=True)

    assert deadline.business_days == 10
    assert deadline.due == date(2026, 12, 10)


def test_federal_unusual_circumstances_add_ten_working_days():
    deadline = compute_deadline(law="federal-foia", received=date(2026, 3, 2), extended=True)

    assert deadline.business_days == 30


def test_commercial_and_recurrent_requests_get_21_business_days_in_illinois():
    commercial = compute_deadline(law="il-foia", received=date(2026, 11, 25), commercial=True)
    recurrent = compute_deadline(law="il-foia", received=date(2026, 11, 25), recurrent=True)

    assert commercial.business_days == recurrent.business_days == 21
    assert date(2026, 12, 25) in IL
    # 21 business days after Nov 25 skipping Thanksgiving and Christmas.
    assert commercial.due == date(2026, 12, 28)


def test_clock_pause_resumes_with_the_days_left():
    # Asked for clarification on Mon Nov 30 (day 2 used), answered Fri Dec 4.
    pause = Pause(start=date(2026, 11, 30), end=date(2026, 12, 4))

    deadline = compute_deadline(law="il-foia", received=date(2026, 11, 25), pauses=[pause])

    # Three days left from Mon Dec 7: Mon 7, Tue 8, Wed 9.
    assert deadline.due == date(2026, 12, 9)


def test_open_pause_leaves_no_due_date():
    deadline = compute_deadline(
        law="il-foia", received=date(2026, 11, 25), pauses=[Pause(start=date(2026, 11, 30))]
    )

    assert deadline.due is None
    assert deadline.paused


def test_pause_after_the_due_date_does_not_move_it():
    deadline = compute_deadline(
        law="il-foia", received=date(2026, 11, 25), pauses=[Pause(start=date(2026, 12, 8))]
    )

    assert deadline.due == date(2026, 12, 3)


def test_day_counter_excludes_paused_days():
    calendar = calendar_for_law("il-foia")
    pause = Pause(start=date(2026, 11, 30), end=date(2026, 12, 4))

    clock = request_clock(
        received=date(2026, 11, 25),
        today=date(2026, 12, 7),
        allowed=5,
        calendar=calendar,
        pauses=[pause],
    )

    assert (clock.elapsed, clock.left, clock.paused) == (3, 2, False)


def test_day_counter_shows_overrun_past_the_deadline():
    clock = request_clock(
        received=date(2026, 11, 25),
        today=date(2026, 12, 7),
        allowed=5,
        calendar=calendar_for_law("il-foia"),
    )

    # Fri 27, Mon 30, Tue 1, Wed 2, Thu 3 (due), Fri 4, Mon 7.
    assert (clock.elapsed, clock.left, clock.overrun) == (7, -2, 2)


def test_wisconsin_has_no_statutory_deadline():
    deadline = compute_deadline(law="wi-open-records", received=date(2026, 11, 25))

    assert deadline.due is None
    assert not deadline.has_statutory_deadline


def test_washington_answers_within_five_business_days():
    deadline = compute_deadline(law="wa-pra", received=date(2026, 11, 25))

    wa = holidays.US(subdiv="WA", years=2026)
    expected_skips = [d for d in (date(2026, 11, 26), date(2026, 11, 27)) if d in wa]
    assert [day for day, _ in deadline.holidays_skipped] == expected_skips
    assert deadline.business_days == 5


def test_business_days_between_is_antisymmetric():
    calendar = calendar_for_law("il-foia")

    forward = business_days_between(date(2026, 11, 25), date(2026, 12, 3), calendar)

    assert forward == 5
    assert business_days_between(date(2026, 12, 3), date(2026, 11, 25), calendar) == -5


def test_adding_zero_days_is_the_day_itself():
    assert add_business_days(date(2026, 11, 25), 0, calendar_for_law("il-foia")) == (
        date(2026, 11, 25),
        [],
    )


def test_unknown_law_is_refused_by_name():
    with pytest.raises(UnknownLaw, match="il-foia"):
        compute_deadline(law="xx-foia", received=date(2026, 1, 5))


def test_pauses_from_history_joins_consecutive_waiting_statuses():
    from foiatrack.foia.lifecycle import pauses_from_history

    history = [
        (date(2026, 11, 2), "submitted"),
        (date(2026, 11, 4), "clarification"),
        (date(2026, 11, 6), "fee_due"),
        (date(2026, 11, 10), "processing"),
        (date(2026, 11, 12), "clarification"),
    ]

    assert pauses_from_history(history) == [
        Pause(start=date(2026, 11, 4), end=date(2026, 11, 10)),
        Pause(start=date(2026, 11, 12)),
    ]
