"""Writes for what requester and agency settle along the way (issue 17): a later date
agreed in writing, the agency's estimate of completion, installments, fee waivers, the
agency closing an unanswered request, and reopening. Each refreshes the due date."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from foiatrack.foia.models import FoiaRequest, Status, StatusChange
from foiatrack.foia.selectors import law_for_request
from foiatrack.foia.services import request_refresh_due_date, request_transition

FEE_WAIVER_DECISIONS = ("granted", "partially_granted", "denied")


def _not_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(f"{what} cannot be in the future.")


@transaction.atomic
def request_agree_extension(*, request: FoiaRequest, agreed_due: date, agreed_on: date) -> date:
    """Record a later date the requester agreed in writing (5 ILCS 140/3(e); 5 U.S.C.
    552(a)(6)(B)(ii)); it becomes the due date. Refused where the law has no such rule."""
    rule = law_for_request(request)
    if not rule.agreed_extension:
        raise ValidationError(f"{rule.name} has no agreed extension of time.")
    _not_future(agreed_on, "The agreement")
    if request.date_received is None or agreed_due <= request.date_received:
        raise ValidationError("The agreed date must fall after the day of receipt.")
    request.agreed_due = agreed_due
    request.save(update_fields=["agreed_due", "updated_at"])
    return request_refresh_due_date(request=request)


@transaction.atomic
def request_record_estimate(
    *, request: FoiaRequest, estimated_completion: date, given_on: date
) -> date | None:
    """Record the agency's estimate of when it will finish. Where the law accepts an
    acknowledgement with an estimate given in its first period (RCW 42.56.520(1)(c)),
    the estimate becomes the due date; elsewhere it is shown beside the statutory one."""
    _not_future(given_on, "The day the estimate was given")
    if estimated_completion < given_on:
        raise ValidationError("The estimated completion date is before the day it was given.")
    request.estimated_completion = estimated_completion
    request.estimate_given_on = given_on
    request.save(update_fields=["estimated_completion", "estimate_given_on", "updated_at"])
    return request_refresh_due_date(request=request)


@transaction.atomic
def fee_waiver_request(*, request: FoiaRequest) -> FoiaRequest:
    """Record that the requester asked for fees to be waived (repeat calls are no-ops)."""
    if not request.fee_waiver_requested:
        request.fee_waiver_requested = True
        request.save(update_fields=["fee_waiver_requested", "updated_at"])
    return request


@transaction.atomic
def fee_waiver_decide(*, request: FoiaRequest, decision: str, decided_on: date) -> FoiaRequest:
    """Record the agency's decision on a fee waiver asked for earlier."""
    if decision not in FEE_WAIVER_DECISIONS:
        raise ValidationError(f"Choose one of: {', '.join(FEE_WAIVER_DECISIONS)}.")
    if not request.fee_waiver_requested:
        raise ValidationError("No fee waiver was requested.")
    _not_future(decided_on, "The decision")
    request.fee_waiver_decision = decision
    request.fee_waiver_decided_on = decided_on
    request.save(update_fields=["fee_waiver_decision", "fee_waiver_decided_on", "updated_at"])
    return request


def request_release_installment(
    *, request: FoiaRequest, user, note: str = "", **kw
) -> StatusChange:
    """The agency released a first part and says more will come (still owed, may be late)."""
    return request_transition(
        request=request, to_status=Status.INSTALLMENT, user=user, note=note, **kw
    )


def request_close_by_agency(*, request: FoiaRequest, user, note: str = "", **kw) -> StatusChange:
    """The agency closed the request without answering it (it may be appealed or reopened)."""
    return request_transition(
        request=request, to_status=Status.AGENCY_CLOSED, user=user, note=note, **kw
    )


def request_reopen(*, request: FoiaRequest, user, note: str = "", **kw) -> StatusChange:
    """Reopen a finished request: back to processing, on its original statutory clock."""
    return request_transition(
        request=request, to_status=Status.PROCESSING, user=user, note=note or "Reopened.", **kw
    )
