"""Writes that combine existing services so one form records one fact once: a message
that moves the status (extension, fee, denial), and a draft recorded as sent on the day
the agency received it. Every rule is the lifecycle's and the law's, applied by the
services in foia.services; this module only chains them in one transaction."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from foiatrack.foia import services
from foiatrack.foia.laws import LawRule
from foiatrack.foia.lifecycle import PAUSED_STATUSES
from foiatrack.foia.models import Communication, FoiaRequest, Status
from foiatrack.foia.selectors import law_for_request

DENIALS = frozenset({Status.REJECTED, Status.PARTIALLY_FULFILLED, Status.NO_RECORDS})


@dataclass
class MessageLogged:
    communication: Communication
    moved_to: str
    rule: str


def _long(day: date) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


def law_rule_for(law: LawRule, status: str) -> str:
    """What the law does when a request moves to `status`, in one sentence."""
    if status == Status.EXTENDED:
        if law.extension_days is None:
            return f"The {law.name} provides no extension."
        return (
            f"The {law.name} ({law.citation}) allows one extension of "
            f"{law.extension_days} business days."
        )
    if status in PAUSED_STATUSES:
        return "The clock stops while the agency waits on us, and runs again when we reply."
    if status in DENIALS and law.appeal_days:
        return f"An appeal to the {law.appeal_body} may be filed within {law.appeal_days} days."
    return ""


def _rule_applied(request: FoiaRequest, law: LawRule, status: str) -> str:
    rule = law_rule_for(law, status)
    if status == Status.EXTENDED and request.date_due:
        rule += f" The answer is now due {_long(request.date_due)}."
    if status in DENIALS and law.appeal_days and request.date_closed:
        closes = request.date_closed + timedelta(days=law.appeal_days)
        rule += f" Appeal by {_long(closes)}."
    return rule.strip()


@transaction.atomic
def message_log_and_move(
    *,
    request: FoiaRequest,
    user,
    message: dict,
    to_status: str = "",
    fee_amount: Decimal | None = None,
    exemption_section: str = "",
    exemption_text: str = "",
) -> MessageLogged:
    """Log a message and, in the same transaction, move the status on the message's date,
    record the fee asked and the exemption cited. A refused move logs nothing."""
    communication = services.communication_log(request=request, user=user, **message)
    rule = ""
    if to_status:
        label = communication.subject or communication.get_direction_display().lower()
        services.request_transition(
            request=request,
            to_status=to_status,
            user=user,
            note=f"From the message “{label}”.",
            effective_date=communication.date,
        )
        rule = _rule_applied(request, law_for_request(request), to_status)
    if fee_amount is not None:
        services.request_record_fees(
            request=request, fees_quoted=fee_amount, fees_paid=request.fees_paid
        )
    if exemption_section:
        services.exemption_record(
            request=request, user=user, section=exemption_section, text=exemption_text
        )
    return MessageLogged(communication=communication, moved_to=to_status, rule=rule)


@transaction.atomic
def request_mark_sent(*, request: FoiaRequest, user, received_on: date) -> FoiaRequest:
    """Record a draft as sent, the agency having received it on `received_on` (today or
    earlier); its deadline is counted from that day."""
    last = request.status_changes.order_by("-effective_date").first()
    note = f"Marked as sent; the agency received it on {_long(received_on)}."
    if last is not None and received_on < last.effective_date:
        # Received before the draft was logged. The history cannot go back before its
        # first entry, so the change is dated as the draft's; the clock is counted from
        # date_received, which the transition keeps once set.
        FoiaRequest.objects.filter(id=request.id).update(date_received=received_on)
        request.date_received = received_on
    services.request_transition(
        request=request,
        to_status=Status.SUBMITTED,
        user=user,
        note=note,
        effective_date=max(received_on, last.effective_date) if last else received_on,
    )
    return request
