"""Reads: calendars, deadlines, dashboard buckets, request lists, public lists, scorecards."""

import hashlib
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from foiatrack.foia.deadlines import (
    BusinessCalendar,
    Clock,
    ClosedDay,
    Deadline,
    business_days_between,
    calendar_for_law,
    compute_deadline,
    request_clock,
)
from foiatrack.foia.filters import FoiaRequestFilter
from foiatrack.foia.laws import ROUTE_FOIA, ROUTE_RULES, LawRule, get_law
from foiatrack.foia.lifecycle import (
    ANSWERED_STATUSES,
    AWAITING_STAFF_STATUSES,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    pauses_from_history,
)
from foiatrack.foia.models import (
    AccessRoute,
    Agency,
    Appeal,
    Closure,
    Exemption,
    FoiaRequest,
    Jurisdiction,
    Status,
)

DUE_SOON_DAYS = 7
RECENTLY_ANSWERED_DAYS = 14


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
            self._calendars[agency.id] = calendar_for_law(agency.jurisdiction.law, closed)
        return self._calendars[agency.id]


def calendar_for_agency(agency: Agency) -> BusinessCalendar:
    """The calendar an agency's deadlines are counted on (law's holidays + closures)."""
    return CalendarCache([agency]).for_agency(agency)


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
    return compute_deadline(
        law=law_for_request(request).code,
        received=request.date_received,
        calendar=calendar,
        extended=request.extension_taken,
        commercial=request.commercial,
        recurrent=request.recurrent,
        pauses=pauses_from_history(_history(request)),
    )


def request_day_counter(
    request: FoiaRequest, *, today: date | None = None, calendar: BusinessCalendar | None = None
) -> Clock | None:
    """Business days elapsed / left on an open or paused request; None otherwise."""
    if request.date_received is None or request.status in CLOSED_STATUSES:
        return None
    if request.status in {Status.APPEAL, Status.APPEAL_DECIDED}:
        return None
    today = today or timezone.localdate()
    calendar = calendar or calendar_for_agency(request.agency)
    deadline = request_deadline(request, calendar)
    return request_clock(
        received=request.date_received,
        today=today,
        allowed=deadline.business_days if deadline else None,
        calendar=calendar,
        pauses=pauses_from_history(_history(request)),
    )


def is_overdue(request: FoiaRequest, today: date | None = None) -> bool:
    """Computed, never stored: due date passed and the agency still owes an answer."""
    today = today or timezone.localdate()
    return bool(request.status in OPEN_STATUSES and request.date_due and request.date_due < today)


def appeal_window_closes(request: FoiaRequest) -> date | None:
    """Last day to appeal a denial or partial answer under the request's law."""
    rule = law_for_request(request)
    if rule.appeal_days is None or request.date_closed is None:
        return None
    if request.status not in {Status.REJECTED, Status.PARTIALLY_FULFILLED, Status.NO_RECORDS}:
        return None
    return request.date_closed + timedelta(days=rule.appeal_days)


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
                status__in=ANSWERED_STATUSES - {Status.APPEAL, Status.APPEAL_DECIDED},
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


# --- Agency scorecards --------------------------------------------------------------


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def agency_scorecards(agencies: Iterable[Agency]) -> dict[int, dict]:
    """Scorecards for many agencies in four queries (whatever their number), keyed by agency id.

    First response (acknowledgement or first message from the agency) and completion
    (the final answer) are measured separately: mixing them flatters slow agencies that
    acknowledge quickly.
    """
    # Reloaded with their jurisdictions so callers may pass bare rows or ids' objects.
    agencies = list(
        Agency.objects.filter(id__in=[a.id for a in agencies]).select_related("jurisdiction")
    )
    calendars = CalendarCache(agencies)
    by_id = {agency.id: agency for agency in agencies}
    rows = (
        FoiaRequest.objects.filter(agency_id__in=by_id)
        .exclude(status=Status.DRAFT)
        .annotate(
            first_message=Min("communications__date", filter=Q(communications__direction="in")),
            # distinct: the communications join repeats each exemption once per message.
            exemptions_cited=Count("exemptions", distinct=True),
        )
        .values(
            "agency_id",
            "status",
            "date_received",
            "date_acknowledged",
            "date_due",
            "date_closed",
            "fees_quoted",
            "fees_paid",
            "first_message",
            "exemptions_cited",
        )
    )
    open_appeals = dict(
        Appeal.objects.filter(request__agency_id__in=by_id, outcome=Appeal.Outcome.PENDING)
        .values_list("request__agency_id")
        .annotate(count=Count("id"))
    )
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["agency_id"]].append(row)
    cards = {}
    for agency_id, agency in by_id.items():
        cards[agency_id] = _scorecard(
            grouped[agency_id], calendars.for_agency(agency), open_appeals.get(agency_id, 0)
        )
        cards[agency_id]["exemptions_cited"] = sum(
            row["exemptions_cited"] for row in grouped[agency_id]
        )
    return cards


def _scorecard(rows: list[dict], calendar: BusinessCalendar, open_appeals: int) -> dict:
    answered = [row for row in rows if row["status"] in ANSWERED_STATUSES]
    # An appealed request was answered: its completion is the agency's answer.
    completed = [row for row in answered if row["date_closed"]]
    with_deadline = [row for row in completed if row["date_due"]]
    on_time = [row for row in with_deadline if row["date_closed"] <= row["date_due"]]
    first_response_days = []
    completion_days = []
    for row in rows:
        if row["date_received"] is None:
            continue
        responses = [d for d in (row["date_acknowledged"], row["first_message"]) if d]
        if row["status"] in ANSWERED_STATUSES and row["date_closed"]:
            responses.append(row["date_closed"])
            completion_days.append(
                business_days_between(row["date_received"], row["date_closed"], calendar)
            )
        if responses:
            first_response_days.append(
                business_days_between(row["date_received"], min(responses), calendar)
            )
    fulfilled = [row for row in answered if row["status"] == Status.FULFILLED]
    partly = [row for row in answered if row["status"] == Status.PARTIALLY_FULFILLED]
    return {
        "requests_sent": len(rows),
        "answered": len(answered),
        "on_time_pct": _percent(len(on_time), len(with_deadline)),
        "median_days_to_first_response": _median(first_response_days),
        "median_days_to_completion": _median(completion_days),
        "fulfilled_pct": _percent(len(fulfilled), len(answered)),
        "partially_fulfilled_pct": _percent(len(partly), len(answered)),
        "fees_charged": sum((row["fees_quoted"] or Decimal(0) for row in rows), Decimal(0)),
        "fees_paid": sum((row["fees_paid"] or Decimal(0) for row in rows), Decimal(0)),
        "open_appeals": open_appeals,
    }


def agency_scorecard(agency: Agency) -> dict:
    """One agency's scorecard (see agency_scorecards)."""
    return agency_scorecards([agency])[agency.id]


def agencies_with_jurisdiction() -> QuerySet[Agency]:
    return Agency.objects.select_related("jurisdiction").prefetch_related("stages")


def jurisdictions() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.all()


def exemptions_by_section(agency: Agency) -> list[dict]:
    """How often the agency cited each section: [{"section", "count"}], most cited first."""
    return list(
        Exemption.objects.filter(request__agency=agency)
        .values("section")
        .annotate(count=Count("id"))
        .order_by("-count", "section")
    )
