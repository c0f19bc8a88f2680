"""Reads: calendars, deadlines, dashboard buckets, request lists, public lists, scorecards."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from foiatrack.core.suppression import small_count
from foiatrack.foia import windows

# Calendars and scorecards live in their own modules; re-exported here.
from foiatrack.foia.body_calendars import (  # noqa: E402, F401
    CalendarCache,
    calendar_for_agency,
    calendar_name_for,
    closed_days_for,
)
from foiatrack.foia.deadlines import (
    BusinessCalendar,
    Clock,
    Deadline,
    compute_deadline,
    request_clock,
)
from foiatrack.foia.filters import FoiaRequestFilter
from foiatrack.foia.laws import ROUTE_FOIA, ROUTE_RULES, LawRule, get_law
from foiatrack.foia.lifecycle import (
    ANSWERED_STATUSES,
    APPEAL_STAGE_STATUSES,
    AWAITING_STAFF_STATUSES,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    pauses_from_history,
)
from foiatrack.foia.models import (
    AccessRoute,
    Agency,
    Exemption,
    FoiaRequest,
    Jurisdiction,
    Status,
)
from foiatrack.foia.scorecards import (  # noqa: E402, F401
    agency_scorecard,
    agency_scorecards,
    public_scorecard,
    public_scorecards,
)

DUE_SOON_DAYS = 7
RECENTLY_ANSWERED_DAYS = 14


def law_for_request(request: FoiaRequest) -> LawRule:
    """The deadline rule a request follows: its jurisdiction's law on the FOIA route, the
    route's own rule (often no deadline at all) on any other."""
    if request.access_route and request.access_route != ROUTE_FOIA:
        return ROUTE_RULES[request.access_route]
    return get_law(request.agency.jurisdiction.law)


def access_route_for(*, agency: Agency, stage_codes: Iterable[str]) -> str:
    """The route recorded for the agency and the first of these stages that has one; FOIA
    when none is recorded."""
    routes = {
        route.stage.code: route.route
        for route in AccessRoute.objects.filter(agency=agency).select_related("stage")
    }
    for code in stage_codes:
        if code in routes:
            return routes[code]
    return ROUTE_FOIA


def access_routes_for_agency(agency: Agency) -> QuerySet[AccessRoute]:
    return AccessRoute.objects.filter(agency=agency).select_related("stage")


def _history(request: FoiaRequest) -> list[tuple[date, str]]:
    # Uses a prefetched status_changes when the caller prefetched it.
    return [(change.effective_date, change.to_status) for change in request.status_changes.all()]


def request_deadline(
    request: FoiaRequest, calendar: BusinessCalendar | None = None
) -> Deadline | None:
    """The statutory deadline of a request, clock pauses included; None before receipt."""
    if request.date_received is None:
        return None
    calendar = calendar or calendar_for_agency(request.agency)
    rule = law_for_request(request)
    return compute_deadline(
        law=rule.code,
        received=request.date_received,
        calendar=calendar,
        extended=request.extension_taken,
        commercial=request.commercial,
        recurrent=request.recurrent,
        pauses=pauses_from_history(_history(request), rule),
        agreed_due=request.agreed_due,
        estimate=request.estimated_completion,
        estimate_given_on=request.estimate_given_on,
    )


def request_day_counter(
    request: FoiaRequest, *, today: date | None = None, calendar: BusinessCalendar | None = None
) -> Clock | None:
    """Business days elapsed / left on an open or paused request; None otherwise."""
    if request.date_received is None or request.status in CLOSED_STATUSES:
        return None
    if request.status in APPEAL_STAGE_STATUSES:
        return None
    today = today or timezone.localdate()
    calendar = calendar or calendar_for_agency(request.agency)
    deadline = request_deadline(request, calendar)
    return request_clock(
        received=request.date_received,
        today=today,
        allowed=deadline.business_days if deadline else None,
        calendar=calendar,
        pauses=pauses_from_history(_history(request), law_for_request(request)),
    )


def is_overdue(request: FoiaRequest, today: date | None = None) -> bool:
    """Computed, never stored: due date passed and the agency still owes an answer."""
    today = today or timezone.localdate()
    return bool(request.status in OPEN_STATUSES and request.date_due and request.date_due < today)


def appeal_window_closes(request: FoiaRequest) -> date | None:
    """Last day to appeal a denial, partial answer or closing under the request's law, or
    (where silence is a denial, 5 ILCS 140/3(d)) an answer that never came; rolled to the
    next business day where the law says so (5 ILCS 70/1.11)."""
    rule = law_for_request(request)
    denied = {Status.REJECTED, Status.PARTIALLY_FULFILLED, Status.NO_RECORDS, Status.AGENCY_CLOSED}
    if request.status in denied and request.date_closed:
        start = request.date_closed
    elif (
        rule.appeal_on_no_response
        and request.status in OPEN_STATUSES
        and request.date_due
        and request.date_due < timezone.localdate()
    ):
        start = request.date_due
    else:
        return None
    return windows.appeal_window_closes(rule, start, calendar_for_agency(request.agency))


def attach_day_counters(requests: Iterable[FoiaRequest], today: date | None = None) -> list:
    """Set `.counter` (a Clock or None) and `.overdue` on each request; one closures query."""
    requests = list(requests)
    today = today or timezone.localdate()
    calendars = CalendarCache({request.agency for request in requests})
    for request in requests:
        calendar = calendars.for_agency(request.agency)
        request.counter = request_day_counter(request, today=today, calendar=calendar)
        request.overdue = is_overdue(request, today)
    return requests


def overdue_q(today: date) -> Q:
    return Q(status__in=OPEN_STATUSES, date_due__lt=today)


def requests_with_relations() -> QuerySet[FoiaRequest]:
    """Requests with everything list pages show, in a constant number of queries."""
    return FoiaRequest.objects.select_related("agency__jurisdiction", "requester").prefetch_related(
        "stages", "tags", "projects", "status_changes"
    )


def request_list(*, data, request=None):
    """The staff request list filtered by `data` (a QueryDict). Returns the bound FilterSet."""
    return FoiaRequestFilter(data, queryset=requests_with_relations(), request=request)


# Requests shown per dashboard bucket; each bucket also carries its full count.
DASHBOARD_BUCKET_SIZE = 50


class Bucket(list):
    """The first requests of a dashboard bucket, and how many it holds in all."""

    def __init__(self, queryset: QuerySet[FoiaRequest]):
        super().__init__(queryset[:DASHBOARD_BUCKET_SIZE])
        # Always counted, so the dashboard's queries do not depend on the data.
        self.total = queryset.count()

    @property
    def more(self) -> int:
        return self.total - len(self)


@dataclass
class Dashboard:
    overdue: Bucket
    due_soon: Bucket
    awaiting_me: Bucket
    recently_answered: Bucket


def dashboard_for(*, user, today: date | None = None) -> Dashboard:
    """The staff dashboard's four buckets. Team-wide except 'awaiting my action'."""
    today = today or timezone.localdate()
    base = requests_with_relations()
    board = Dashboard(
        overdue=Bucket(base.filter(overdue_q(today)).order_by("date_due", "id")),
        due_soon=Bucket(
            base.filter(
                status__in=OPEN_STATUSES,
                date_due__gte=today,
                date_due__lte=today + timedelta(days=DUE_SOON_DAYS),
            ).order_by("date_due", "id")
        ),
        awaiting_me=Bucket(
            base.filter(requester=user, status__in=AWAITING_STAFF_STATUSES).order_by(
                "-updated_at", "-id"
            )
        ),
        recently_answered=Bucket(
            base.filter(
                status__in=ANSWERED_STATUSES - APPEAL_STAGE_STATUSES,
                date_closed__gte=today - timedelta(days=RECENTLY_ANSWERED_DAYS),
            ).order_by("-date_closed", "-id")
        ),
    )
    attach_day_counters(
        board.overdue + board.due_soon + board.awaiting_me + board.recently_answered, today
    )
    return board


def public_requests(today: date | None = None) -> QuerySet[FoiaRequest]:
    """Requests the public may see: marked public, past any embargo, not drafts."""
    today = today or timezone.localdate()
    return (
        FoiaRequest.objects.filter(is_public=True)
        .exclude(status=Status.DRAFT)
        .filter(Q(embargo_until__isnull=True) | Q(embargo_until__lt=today))
        .select_related("agency__jurisdiction")
        .prefetch_related("stages")
        .order_by("-date_received", "-id")
    )


def public_version() -> str:
    """A version of what the public sees of requests and agencies, for caching public
    answers (core.public_cache). It moves when a request or anything filed on it changes
    (foia.signals touches the request), when a request or an agency is added or removed, and
    each day (embargoes end at midnight). One query: it runs on every public request."""
    requests, agencies = FoiaRequest._meta.db_table, Agency._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(updated_at) FROM {requests}), (SELECT COUNT(*) FROM {requests}),"  # noqa: S608 - table names from the models
            f" (SELECT MAX(id) FROM {agencies}), (SELECT COUNT(*) FROM {agencies})"
        )
        latest, request_count, last_agency, agency_count = cursor.fetchone()
    stamp = f"{latest}|{request_count}|{last_agency}|{agency_count}|{timezone.localdate()}"
    # Hashed: the time reads differently per database and holds spaces; keys may not.
    return hashlib.sha256(stamp.encode()).hexdigest()[:32]


def request_timeline(request: FoiaRequest) -> list[dict]:
    """Status changes, communications, appeals and fees of a request, oldest first."""
    events = [
        {"when": change.effective_date, "kind": "status", "item": change}
        for change in request.status_changes.all()
    ]
    events += [
        {"when": message.date, "kind": "communication", "item": message}
        for message in request.communications.all()
    ]
    events += [
        {"when": appeal.filed_on, "kind": "appeal", "item": appeal}
        for appeal in request.appeals.all()
    ]
    # sorted() is stable: on one day, status changes come before messages and appeals.
    return sorted(events, key=lambda event: event["when"])


# --- Agency scorecards: foia/scorecards.py (re-exported) ------------------------------


def agencies_with_jurisdiction() -> QuerySet[Agency]:
    return Agency.objects.select_related("jurisdiction").prefetch_related("stages")


def jurisdictions() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.all()


def exemptions_by_section(agency: Agency) -> list[dict]:
    """How often the agency cited each section in answer to PUBLIC requests (private and
    embargoed ones count nowhere public): [{"section", "count"}], most cited first, counts
    of 1–9 shown as "<10"."""
    rows = (
        Exemption.objects.filter(
            request__agency=agency, request__in=public_requests().order_by().values("id")
        )
        .values("section")
        .annotate(count=Count("id"))
        .order_by("-count", "section")
    )
    return [{"section": row["section"], "count": small_count(row["count"])} for row in rows]
