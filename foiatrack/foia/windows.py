"""Windows after an answer: the requester's time to appeal, the reviewer's time to
decide, and the time to take the decision further. Pure: dates in, dates out.

Windows counted in calendar days end on a business day where the law says so: 5 ILCS
70/1.11 moves a last day on a Saturday, Sunday or holiday to the next business day.
"""

from datetime import date, timedelta

from foiatrack.foia.deadlines import BusinessCalendar, add_business_days
from foiatrack.foia.laws import BUSINESS, LawRule


def _calendar_days_window(
    rule: LawRule, start: date, days: int, calendar: BusinessCalendar
) -> date:
    last = start + timedelta(days=days)
    return calendar.next_business_day(last) if rule.appeal_window_rolls else last


def appeal_window_closes(rule: LawRule, start: date, calendar: BusinessCalendar) -> date | None:
    """Last day to appeal a denial dated `start` (for silence: the day the answer was
    due); None where the law sets no window."""
    if rule.appeal_days is None:
        return None
    if rule.appeal_unit == BUSINESS:
        return add_business_days(start, rule.appeal_days, calendar)[0]
    return _calendar_days_window(rule, start, rule.appeal_days, calendar)


def review_due(rule: LawRule, filed_on: date, calendar: BusinessCalendar) -> date | None:
    """The day the appeal body must decide an appeal filed on `filed_on` (5 U.S.C.
    552(a)(6)(A)(ii): 20 working days; 5 ILCS 140/9.5(f): 60 days); None if no limit."""
    if rule.review_days is None:
        return None
    if rule.review_unit == BUSINESS:
        return add_business_days(filed_on, rule.review_days, calendar)[0]
    return _calendar_days_window(rule, filed_on, rule.review_days, calendar)


def further_review_closes(
    rule: LawRule, decided_on: date, calendar: BusinessCalendar
) -> date | None:
    """Last day to take a decided appeal further (court review or suit)."""
    if rule.further_review_days is None:
        return None
    return _calendar_days_window(rule, decided_on, rule.further_review_days, calendar)
