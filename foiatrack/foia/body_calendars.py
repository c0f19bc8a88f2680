"""Business calendars per body: its named office calendar (foia/calendars.py) plus its
jurisdiction's and its own recorded closures and openings."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from foiatrack.foia.calendars import default_calendar_name
from foiatrack.foia.deadlines import BusinessCalendar, ClosedDay, calendar_for_law
from foiatrack.foia.models import Agency, Closure


def closed_days_for(*, agency_ids: Iterable[int], jurisdiction_ids: Iterable[int]) -> dict:
    """Closures keyed ('agency', id) / ('jurisdiction', id), fetched in one query."""
    rows = Closure.objects.filter(
        Q(agency_id__in=list(agency_ids)) | Q(jurisdiction_id__in=list(jurisdiction_ids))
    )
    found: dict = defaultdict(list)
    for row in rows:
        key = ("agency", row.agency_id) if row.agency_id else ("jurisdiction", row.jurisdiction_id)
        found[key].append(ClosedDay(date=row.date, reason=row.reason, is_open=row.is_open))
    return found


class CalendarCache:
    """Business calendars per agency for a batch of agencies: closures read once."""

    def __init__(self, agencies: Iterable[Agency]):
        agencies = list(agencies)
        self._agencies = {agency.id: agency for agency in agencies}
        self._closed = closed_days_for(
            agency_ids=self._agencies, jurisdiction_ids={a.jurisdiction_id for a in agencies}
        )
        self._calendars: dict[int, BusinessCalendar] = {}

    def for_agency(self, agency: Agency) -> BusinessCalendar:
        if agency.id not in self._calendars:
            # Agency closures come last so an agency can reopen on a jurisdiction closure.
            closed = (
                self._closed[("jurisdiction", agency.jurisdiction_id)]
                + self._closed[("agency", agency.id)]
            )
            self._calendars[agency.id] = calendar_for_law(
                agency.jurisdiction.law, closed, calendar_name_for(agency)
            )
        return self._calendars[agency.id]


def calendar_name_for(agency: Agency) -> str:
    """The agency's own calendar, else its jurisdiction's, else the usual one for the
    jurisdiction's state and level (issue 17)."""
    jurisdiction = agency.jurisdiction
    return (
        agency.calendar
        or jurisdiction.calendar
        or default_calendar_name(state=jurisdiction.state, level=jurisdiction.level)
    )


def calendar_for_agency(agency: Agency) -> BusinessCalendar:
    """The calendar an agency's deadlines are counted on (law's holidays + closures)."""
    return CalendarCache([agency]).for_agency(agency)
