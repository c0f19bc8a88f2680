"""Every law as data (issue 17): one entry per state, DC and federal, each with a citation,
a source, an honest verified flag, and a worked example.

The worked example's due date is counted here, independently of foiatrack's deadline
code: a plain loop over the `holidays` package's set for the law's state (the federal set
for federal FOIA), from the entry's stated number of days and unit.
"""

from datetime import date, timedelta

import holidays
import pytest

from foiatrack.foia.deadlines import compute_deadline
from foiatrack.foia.laws import BUSINESS, CALENDAR, LAWS, LAWS_BY_STATE, law_for_state

STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
]
# A Wednesday before Thanksgiving: the count crosses a holiday and a weekend everywhere.
RECEIVED = date(2026, 11, 25)


def _holiday_set(rule):
    return holidays.US(subdiv=rule.state or None, years=range(2026, 2028), observed=True)


def _next_open_day(day, closed):
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def _independent_due(rule, received):
    closed = _holiday_set(rule)
    if rule.response_unit == CALENDAR:
        return _next_open_day(received + timedelta(days=rule.response_days), closed)
    day, counted = received, 0
    while counted < rule.response_days:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            counted += 1
    return day


def test_one_law_for_each_state_dc_and_the_federal_government():
    assert set(LAWS_BY_STATE) == set(STATES) | {"DC"}
    assert len(STATES) == 50
    assert law_for_state("") is LAWS["federal-foia"]
    assert len(LAWS) == 52


@pytest.mark.parametrize("code", sorted(LAWS))
def test_every_entry_cites_its_source_and_says_whether_it_was_checked(code):
    rule = LAWS[code]

    assert rule.citation and rule.source and rule.name and rule.appeal_body
    assert rule.response_unit in (BUSINESS, CALENDAR)
    # "checked" is claimed only together with verified, and never without a date.
    assert (rule.checked is not None) == rule.verified
    if not rule.verified:
        assert "not" in rule.note.lower()
    if rule.response_days is None:
        assert rule.deadline_text  # says "promptly", "reasonable time", ...


@pytest.mark.parametrize("code", sorted(c for c, r in LAWS.items() if r.response_days))
def test_worked_example_due_date_per_law(code):
    rule = LAWS[code]

    deadline = compute_deadline(law=code, received=RECEIVED)

    assert deadline.due == _independent_due(rule, RECEIVED)
    assert deadline.business_days == rule.response_days
    assert deadline.unit == rule.response_unit


@pytest.mark.parametrize("code", sorted(c for c, r in LAWS.items() if r.response_days is None))
def test_laws_without_a_fixed_period_give_no_due_date(code):
    assert compute_deadline(law=code, received=RECEIVED).due is None


@pytest.mark.parametrize(
    ("code", "received", "due"),
    [
        # 5 ILCS 140/3(d): Fri Feb 27 2026 on the Illinois set: Mar 2 is Pulaski Day.
        ("il-foia", date(2026, 2, 27), date(2026, 3, 9)),
        # 5 U.S.C. 552(a)(6)(A)(i): Mon Dec 21 2026: Dec 22-24, 28-31, Jan 4-8, 11-15,
        # 19-21 (Christmas, New Year's Day and MLK Day Jan 18 skipped).
        ("federal-foia", date(2026, 12, 21), date(2027, 1, 21)),
        # RCW 42.56.520(1): Thu Dec 31 2026: Jan 4-8 (New Year's Day skipped).
        ("wa-pra", date(2026, 12, 31), date(2027, 1, 8)),
        # Cal. Gov. Code 7922.535(a): 10 days from Fri Dec 18 2026 is Mon Dec 28.
        ("ca-cpra", date(2026, 12, 18), date(2026, 12, 28)),
        # ... and from Tue Dec 15 it is Fri Dec 25, Christmas: the next business day, Dec 28.
        ("ca-cpra", date(2026, 12, 15), date(2026, 12, 28)),
        # 65 P.S. 67.901: Tue Jun 30 2026: Jul 1, 2, 6, 7, 8 (Jul 3 observed holiday).
        ("pa-rtkl", date(2026, 6, 30), date(2026, 7, 8)),
    ],
)
def test_hand_worked_examples_for_the_main_laws(code, received, due):
    assert compute_deadline(law=code, received=received).due == due
