"""The public deadline calculator's inputs and answer: a law, or an agency (its law and
its own calendar with closures), or a named calendar (issue 17)."""

from dataclasses import dataclass
from datetime import date

from django import forms

from foiatrack.foia.calendars import CALENDAR_CHOICES, CALENDARS, UnknownCalendar, get_calendar
from foiatrack.foia.deadlines import (
    BusinessCalendar,
    Deadline,
    calendar_for_law,
    compute_deadline,
    extension_notice_deadline,
)
from foiatrack.foia.forms import DeadlineCalculatorForm
from foiatrack.foia.laws import LAW_CHOICES, LawRule, UnknownLaw, get_law
from foiatrack.foia.models import Agency
from foiatrack.foia.selectors import calendar_for_agency
from foiatrack.foia.windows import appeal_window_closes

DISCLAIMER = "Deadlines are computed from the statute's text as we read it; not legal advice."


class CalculatorInputError(ValueError):
    """An agency or calendar the calculator does not know."""


class CalculatorForm(DeadlineCalculatorForm):
    """The calculator form, plus the body (agency slug) or named calendar to count on."""

    law = forms.ChoiceField(
        choices=[("", "— the agency's law —"), *LAW_CHOICES],
        required=False,
        help_text="Leave empty when you name an agency.",
    )
    agency = forms.SlugField(
        required=False, label="Agency (slug)", help_text="Counts on that body's own calendar."
    )
    calendar = forms.ChoiceField(
        choices=[("", "— the law's usual calendar —"), *CALENDAR_CHOICES], required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("law") and not data.get("agency"):
            raise forms.ValidationError("Choose a law or name an agency.")
        if data.get("agency"):
            try:
                data["agency_row"] = agency_by_slug(data["agency"])
            except CalculatorInputError as error:
                self.add_error("agency", str(error))
        return data


def agency_by_slug(slug: str) -> Agency:
    agency = Agency.objects.select_related("jurisdiction").filter(slug=slug).first()
    if agency is None:
        raise CalculatorInputError(f"No agency with the slug {slug!r}.")
    return agency


@dataclass(frozen=True)
class Answer:
    deadline: Deadline
    law: LawRule
    calendar: BusinessCalendar
    agency: Agency | None
    extension_notice_by: date | None
    appeal_window_if_denied_on_due: date | None


def resolve(
    *, law: str = "", agency: Agency | None = None, calendar: str = ""
) -> tuple[LawRule, BusinessCalendar]:
    """The law and the calendar to count on: a named calendar beats the agency's, which
    beats the law's usual one. Raises UnknownLaw / CalculatorInputError."""
    rule = get_law(law) if law else get_law(agency.jurisdiction.law)
    if calendar:
        try:
            get_calendar(calendar)
        except UnknownCalendar as error:
            raise CalculatorInputError(str(error)) from None
        return rule, calendar_for_law(rule, calendar=calendar)
    if agency is not None:
        return rule, calendar_for_agency(agency)
    return rule, calendar_for_law(rule)


def answer(*, rule: LawRule, calendar: BusinessCalendar, agency, received: date, **flags) -> Answer:
    """The due date and what follows from it (extension notice, appeal window)."""
    deadline = compute_deadline(law=rule.code, received=received, calendar=calendar, **flags)
    notice_by = None
    if rule.extension_days is not None and deadline.due:
        notice_by = extension_notice_deadline(rule, received, calendar)
    window = None
    if deadline.due and rule.appeal_on_no_response:
        window = appeal_window_closes(rule, deadline.due, calendar)
    return Answer(deadline, rule, calendar, agency, notice_by, window)


def payload(result: Answer) -> dict:
    """The JSON answer: the original fields (law, received, due, business_days,
    holidays_skipped, statute, note) and, since issue 17, more beside them."""
    deadline, rule = result.deadline, result.law
    return {
        "law": deadline.law,
        "received": deadline.received.isoformat(),
        "due": deadline.due.isoformat() if deadline.due else None,
        "business_days": deadline.business_days,
        "holidays_skipped": [
            {"date": day.isoformat(), "name": name} for day, name in deadline.holidays_skipped
        ],
        "statute": f"{rule.name} ({rule.citation})",
        "note": rule.deadline_text if deadline.due else "no statutory deadline",
        "unit": deadline.unit,
        "calendar": result.calendar.name,
        "calendar_label": CALENDARS[result.calendar.name].label,
        "agency": result.agency.slug if result.agency else None,
        "extension_notice_by": _iso(result.extension_notice_by),
        "appeal_if_unanswered_by": _iso(result.appeal_window_if_denied_on_due),
        "appeal_body": rule.appeal_body,
        "appeal_days": rule.appeal_days,
        "source": rule.source,
        "verified": rule.verified,
        "checked": _iso(rule.checked),
        "disclaimer": DISCLAIMER,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


__all__ = [
    "DISCLAIMER",
    "Answer",
    "CalculatorForm",
    "CalculatorInputError",
    "UnknownLaw",
    "agency_by_slug",
    "answer",
    "payload",
    "resolve",
]
