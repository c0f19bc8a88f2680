"""Writes: creating and editing requests, status transitions, communications, fees,
appeals, due-date refreshes and overdue reminders."""

import logging
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from foiatrack.audit.field_catalogue import FIELDS
from foiatrack.foia.law_checks import LawRefusal, check_law_allows
from foiatrack.foia.lifecycle import CLOSED_STATUSES, OPEN_STATUSES, allowed_transitions, is_allowed
from foiatrack.foia.models import (
    Agency,
    Appeal,
    Communication,
    Exemption,
    FoiaRequest,
    Jurisdiction,
    Status,
    StatusChange,
    TrackingNumber,
)
from foiatrack.foia.selectors import (
    CalendarCache,
    access_route_for,
    calendar_for_agency,
    law_for_request,
    overdue_q,
    request_deadline,
)
from foiatrack.foia.windows import review_due

logger = logging.getLogger(__name__)

M2M_FIELDS = ("stages", "tags", "projects")


class TransitionError(ValidationError):
    """A status change the lifecycle or the law does not allow. Nothing was changed."""


def _status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


def request_refresh_due_date(*, request: FoiaRequest, calendar=None) -> date | None:
    """Recompute and store the due date from receipt, law, closures and pauses."""
    deadline = request_deadline(request, calendar)
    due = deadline.due if deadline else None
    if due != request.date_due:
        request.date_due = due
        # updated_at too: public scorecards are cached under the latest change.
        FoiaRequest.objects.filter(id=request.id).update(date_due=due, updated_at=timezone.now())
    return due


def _set_m2m(request: FoiaRequest, data: dict) -> None:
    for name in M2M_FIELDS:
        if name in data:
            getattr(request, name).set(data[name])


@transaction.atomic
def request_create(*, requester, data: dict) -> FoiaRequest:
    """Create a request as a draft; with a date of receipt it is recorded as submitted."""
    fields = {key: value for key, value in data.items() if key not in M2M_FIELDS}
    if not fields.get("access_route"):
        # No route chosen: the one recorded for this agency and stage, else FOIA.
        codes = [stage.code for stage in data.get("stages") or []]
        fields["access_route"] = access_route_for(agency=fields["agency"], stage_codes=codes)
    request = FoiaRequest.objects.create(requester=requester, status=Status.DRAFT, **fields)
    _set_m2m(request, data)
    StatusChange.objects.create(
        request=request,
        changed_by=requester,
        to_status=Status.DRAFT,
        note="Created.",
        # A request logged after it was sent starts its history on the day it was received.
        effective_date=min(request.date_received or timezone.localdate(), timezone.localdate()),
    )
    if request.date_received:
        request_transition(
            request=request,
            to_status=Status.SUBMITTED,
            user=requester,
            note="Logged as already sent.",
            effective_date=request.date_received,
        )
    return request


@transaction.atomic
def request_update(*, request: FoiaRequest, user, data: dict) -> FoiaRequest:
    """Edit a request's details (not its status: that goes through request_transition).

    A draft given a date of receipt was sent: it is recorded as submitted on that day.
    """
    for key, value in data.items():
        if key not in M2M_FIELDS:
            setattr(request, key, value)
    request.save()
    _set_m2m(request, data)
    if request.status == Status.DRAFT and request.date_received:
        request_transition(
            request=request,
            to_status=Status.SUBMITTED,
            user=user,
            note="Date of receipt entered.",
            effective_date=max(request.date_received, _last_effective_date(request)),
        )
    request_refresh_due_date(request=request)
    return request


def _last_effective_date(request: FoiaRequest) -> date:
    last = request.status_changes.order_by("-effective_date").first()
    return last.effective_date if last else request.date_received


def _check_transition(request: FoiaRequest, to_status: str, effective_date: date) -> None:
    if to_status not in Status.values:
        raise TransitionError(f"{to_status!r} is not a request status.")
    if not is_allowed(request.status, to_status):
        allowed = ", ".join(_status_label(s) for s in allowed_transitions(request.status))
        raise TransitionError(
            f"A request that is “{_status_label(request.status)}” cannot become "
            f"“{_status_label(to_status)}”. Allowed next: {allowed or 'none (final status)'}."
        )
    if effective_date > timezone.localdate():
        raise TransitionError("A status change cannot take effect in the future.")
    last = request.status_changes.order_by("-effective_date").first()
    if last and effective_date < last.effective_date:
        raise TransitionError(
            f"The change cannot take effect before the previous one ({last.effective_date})."
        )
    try:
        check_law_allows(request, to_status, effective_date)
    except LawRefusal as refusal:
        raise TransitionError(refusal.messages) from None


def _apply_status_dates(request: FoiaRequest, to_status: str, effective_date: date) -> None:
    if to_status == Status.SUBMITTED and request.date_received is None:
        request.date_received = effective_date
    if to_status == Status.ACKNOWLEDGED and request.date_acknowledged is None:
        request.date_acknowledged = effective_date
    if to_status == Status.EXTENDED:
        request.extension_taken = True
    if to_status in CLOSED_STATUSES:
        request.date_closed = effective_date
    if to_status in OPEN_STATUSES:
        request.date_closed = None


@transaction.atomic
def request_transition(
    *,
    request: FoiaRequest,
    to_status: str,
    user,
    note: str = "",
    effective_date: date | None = None,
) -> StatusChange:
    """Move a request to `to_status` and append the change to its history.

    Raises TransitionError (and changes nothing) when the move is not allowed.
    """
    effective_date = effective_date or timezone.localdate()
    # Lock the row: two staff members changing one request must not both pass the check.
    locked = FoiaRequest.objects.select_for_update().get(id=request.id)
    _check_transition(locked, to_status, effective_date)
    from_status = locked.status
    locked.status = to_status
    _apply_status_dates(locked, to_status, effective_date)
    locked.save()
    change = StatusChange.objects.create(
        request=locked,
        changed_by=user,
        effective_date=effective_date,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    request_refresh_due_date(request=locked)
    # The caller's object reflects the change too.
    for field in ("status", "date_received", "date_acknowledged", "date_closed", "date_due"):
        setattr(request, field, getattr(locked, field))
    request.extension_taken = locked.extension_taken
    return change


@transaction.atomic
def request_record_fees(
    *, request: FoiaRequest, fees_quoted: Decimal | None, fees_paid: Decimal | None
) -> FoiaRequest:
    """Record what the agency asks and what was paid."""
    if fees_quoted is not None and fees_quoted < 0 or fees_paid is not None and fees_paid < 0:
        raise ValidationError("Fees cannot be negative.")
    request.fees_quoted = fees_quoted
    request.fees_paid = fees_paid
    request.save(update_fields=["fees_quoted", "fees_paid", "updated_at"])
    return request


@transaction.atomic
def communication_log(
    *,
    request: FoiaRequest,
    user,
    direction: str,
    date: date,
    channel: str,
    subject: str = "",
    body: str = "",
    attachment=None,
) -> Communication:
    """Log a message to or from the agency."""
    return Communication.objects.create(
        request=request,
        logged_by=user,
        direction=direction,
        date=date,
        channel=channel,
        subject=subject,
        body=body,
        attachment=attachment or "",
    )


APPEAL_STAGE_STATUS = {
    Appeal.Stage.APPEAL: Status.APPEAL,
    Appeal.Stage.FURTHER_REVIEW: Status.FURTHER_REVIEW,
    Appeal.Stage.LITIGATION: Status.LITIGATION,
}


@transaction.atomic
def appeal_file(
    *,
    request: FoiaRequest,
    user,
    filed_with: str,
    filed_on: date,
    date_due: date | None = None,
    notes: str = "",
    stage: str = Appeal.Stage.APPEAL,
) -> Appeal:
    """File an appeal (or seek further review, or sue) and move the request to the matching
    status (refused unless the lifecycle and the law allow it). Without `date_due`, an
    appeal's decision date is computed from the law (e.g. 20 working days federally)."""
    request_transition(
        request=request,
        to_status=APPEAL_STAGE_STATUS[stage],
        user=user,
        note=f"{Appeal.Stage(stage).label} filed with {filed_with}.",
        effective_date=filed_on,
    )
    if date_due is None and stage == Appeal.Stage.APPEAL:
        rule = law_for_request(request)
        date_due = review_due(rule, filed_on, calendar_for_agency(request.agency))
    return Appeal.objects.create(
        request=request,
        filed_with=filed_with,
        filed_on=filed_on,
        date_due=date_due,
        notes=notes,
        stage=stage,
    )


@transaction.atomic
def appeal_decide(*, appeal: Appeal, user, outcome: str, decided_on: date) -> Appeal:
    """Record the decision on an appeal; the request becomes 'appeal decided'."""
    if outcome == Appeal.Outcome.PENDING:
        raise ValidationError("Choose the outcome of the appeal.")
    request_transition(
        request=appeal.request,
        to_status=Status.APPEAL_DECIDED,
        user=user,
        note=f"Appeal {Appeal.Outcome(outcome).label.lower()}.",
        effective_date=decided_on,
    )
    appeal.outcome = outcome
    appeal.decided_on = decided_on
    appeal.save(update_fields=["outcome", "decided_on"])
    return appeal


def requests_refresh_due_dates(
    *, agency: Agency | None = None, jurisdiction: Jurisdiction | None = None
) -> int:
    """Recompute due dates of unfinished requests (after a closure is amended, say)."""
    requests = FoiaRequest.objects.exclude(status__in=CLOSED_STATUSES).exclude(
        date_received__isnull=True
    )
    if agency is not None:
        requests = requests.filter(agency=agency)
    if jurisdiction is not None:
        requests = requests.filter(agency__jurisdiction=jurisdiction)
    requests = list(
        requests.select_related("agency__jurisdiction").prefetch_related("status_changes")
    )
    calendars = CalendarCache({request.agency for request in requests})
    changed = 0
    for request in requests:
        before = request.date_due
        calendar = calendars.for_agency(request.agency)
        if request_refresh_due_date(request=request, calendar=calendar) != before:
            changed += 1
    return changed


def _claim_overdue_notice(request: FoiaRequest) -> bool:
    # Conditional update: only one run (or worker) wins the right to send this notice.
    return (
        FoiaRequest.objects.filter(id=request.id)
        .exclude(overdue_notified_status=request.status, overdue_notified_due=request.date_due)
        .update(overdue_notified_status=request.status, overdue_notified_due=request.date_due)
        == 1
    )


def reminders_send_overdue(*, today: date | None = None) -> int:
    """E-mail each overdue request's owner once per (status, due date). Returns mails sent."""
    today = today or timezone.localdate()
    requests_refresh_due_dates()
    overdue = (
        FoiaRequest.objects.filter(overdue_q(today))
        .exclude(overdue_notified_status=F("status"), overdue_notified_due=F("date_due"))
        .select_related("requester", "agency")
    )
    sent = 0
    for request in overdue:
        if not _claim_overdue_notice(request):
            continue
        if not request.requester.email:
            logger.warning("Overdue request %s: owner has no e-mail address", request.id)
            continue
        # Claimed before sending: a crash now loses one reminder rather than doubling it.
        send_mail(
            subject=f"Overdue: {request.title} ({request.agency.name})",
            message=(
                f"The request “{request.title}” to {request.agency.name} was due on "
                f"{request.date_due:%B %-d, %Y} and is still “{request.get_status_display()}”.\n"
                "Consider a follow-up letter (a draft is on the request page)."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[request.requester.email],
        )
        sent += 1
    return sent


# --- The ask's loose ends: exemptions, fields not held, tracking numbers (issue 9) ----------


def _check_field_codes(codes: list[str]) -> list[str]:
    unknown = [code for code in codes if code not in FIELDS]
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(unknown)}.")
    return list(dict.fromkeys(codes))


@transaction.atomic
def exemption_record(
    *, request: FoiaRequest, user, section: str, text: str, fields: list[str] = ()
) -> Exemption:
    """Record an exemption the agency cited, for the fields it withheld (none: all)."""
    section, text = section.strip(), text.strip()
    if not section or not text:
        raise ValidationError("Give both the section cited and its text.")
    return Exemption.objects.create(
        request=request,
        section=section,
        text=text,
        fields=_check_field_codes(list(fields)),
        recorded_by=user,
    )


@transaction.atomic
def request_mark_fields_not_held(*, request: FoiaRequest, fields: list[str]) -> FoiaRequest:
    """Record the fields the agency says it does not keep (replaces the previous list)."""
    request.fields_not_held = _check_field_codes(list(fields))
    request.save(update_fields=["fields_not_held", "updated_at"])
    return request


@transaction.atomic
def tracking_number_add(
    *, request: FoiaRequest, number: str, status: str = Status.SUBMITTED, note: str = ""
) -> TrackingNumber:
    """Add one of the agency's reference numbers; the first becomes the request's own."""
    number = number.strip()
    if not number:
        raise ValidationError("Give the agency's reference number.")
    if status not in Status.values:
        raise ValidationError(f"{status!r} is not a request status.")
    if request.tracking_numbers.filter(number=number).exists():
        raise ValidationError(f"{number} is already recorded for this request.")
    tracking = TrackingNumber.objects.create(
        request=request, number=number, status=status, note=note
    )
    if not request.tracking_number:
        request.tracking_number = number
        request.save(update_fields=["tracking_number", "updated_at"])
    return tracking


@transaction.atomic
def tracking_number_set_status(
    *, tracking: TrackingNumber, status: str, note: str = ""
) -> TrackingNumber:
    """Record where one part of a split request stands. The request's own status still moves
    only through request_transition."""
    if status not in Status.values:
        raise ValidationError(f"{status!r} is not a request status.")
    tracking.status = status
    tracking.note = note or tracking.note
    tracking.save(update_fields=["status", "note", "updated_at"])
    return tracking
