"""What one public-records law says about time, as data. Plain Python, no Django import."""

from dataclasses import dataclass
from datetime import date

BUSINESS = "business"
CALENDAR = "calendar"

# Where a requester goes when the agency denies (or does not answer).
APPEAL_INTERNAL = "internal"  # the agency's own appeal officer or head
APPEAL_OMBUDSMAN = "ombudsman"  # an independent office: counselor, commission, supervisor
APPEAL_COURT = "court"  # no administrative step: straight to court

# How the clock behaves while the agency waits on the requester.
TOLLING_ANY = "any"  # every request for clarification or fees stops the clock
TOLLING_NONE = "none"  # the law has no tolling clause: the clock never stops
TOLLING_ONE_INFORMATION = "one_information"  # one stop for information, fee stops unlimited


@dataclass(frozen=True, kw_only=True)
class LawRule:
    """One law's deadlines, extensions, tolling, appeal route and fee rules, with its source.

    Days are counted from the day after receipt. A None period means the law sets no fixed
    number of days (it says "promptly" or "within a reasonable time").
    """

    code: str
    name: str
    citation: str
    appeal_body: str
    state: str = ""  # two-letter code; "" for federal
    # First period: how long the agency has, and what it must do in it.
    response_days: int | None = None
    response_unit: str = BUSINESS
    response_is_acknowledgement: bool = False  # the period is for an acknowledgement only
    # Extensions the agency may take on its own, and by when it must say so.
    extension_days: int | None = None
    extension_unit: str = BUSINESS
    extension_conditions: str = ""
    # Business days after receipt by which the extension notice must go out; None: before
    # the first period ends.
    extension_notice_days: int | None = None
    # False where the commercial/recurrent periods stand "notwithstanding" the extension.
    extension_on_special_periods: bool = True
    # The requester and the agency may agree a longer time in writing.
    agreed_extension: bool = False
    commercial_days: int | None = None
    recurrent_days: int | None = None
    tolling: str = TOLLING_ANY
    tolling_note: str = ""
    # An acknowledgement with a time estimate, given in the first period, sets the due date.
    estimate_sets_due_date: bool = False
    # Appeal: route, the requester's window (calendar days) and the reviewer's own deadline.
    appeal_route: str = APPEAL_INTERNAL
    appeal_days: int | None = None
    appeal_unit: str = CALENDAR
    appeal_window_rolls: bool = False  # a last day on a weekend/holiday moves to the next
    appeal_on_no_response: bool = False  # no answer in time is a denial one may appeal
    court_on_no_response: bool = False  # no answer in time lets the requester sue
    court_without_appeal: bool = False  # a denied requester may sue without appealing
    review_days: int | None = None
    review_unit: str = BUSINESS
    # After the review body decides: the next step and its window (calendar days).
    further_review: str = ""
    further_review_days: int | None = None
    fees_when_late: str = ""
    holiday_subdivision: str | None = None
    deadline_text: str = ""
    source: str = ""  # the sections the facts above come from
    checked: date | None = None  # the day someone checked them against the statute text
    verified: bool = False
    note: str = ""

    @property
    def has_fixed_period(self) -> bool:
        return self.response_days is not None
