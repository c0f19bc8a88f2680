"""Confirming a suggested status: one click by a person, through the foia services."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from foiatrack.foia import services as foia_services
from foiatrack.mail.models import MailMessage


class SuggestionError(Exception):
    """The suggestion cannot be applied. str() is for a person; nothing changed."""


@transaction.atomic
def suggestion_confirm(*, message: MailMessage, user) -> MailMessage:
    """Apply the message's suggested status (and the fee or reference it found)."""
    # Claim first: a double click confirms once.
    claimed = MailMessage.objects.filter(
        id=message.id, suggestion_confirmed_at=None, request__isnull=False
    ).update(suggestion_confirmed_at=timezone.now(), suggestion_confirmed_by=user)
    message.refresh_from_db()
    if not claimed:
        if message.request_id is None:
            raise SuggestionError("File the message on a request before confirming.")
        raise SuggestionError("This suggestion was already confirmed.")
    suggestion = message.suggestion or {}
    if not suggestion.get("status"):
        raise SuggestionError("There is no suggested status to confirm.")
    request = message.request
    note = f"Confirmed from the agency's e-mail “{message.subject}”: {suggestion['evidence']}"
    try:
        foia_services.request_transition(
            request=request, to_status=suggestion["status"], user=user, note=note[:2000]
        )
        _record_details(request, suggestion, user)
    except (foia_services.TransitionError, ValidationError) as error:
        raise SuggestionError(" ".join(error.messages)) from None
    return message


def _record_details(request, suggestion: dict, user) -> None:
    if suggestion.get("amount"):
        try:
            amount = Decimal(suggestion["amount"])
        except InvalidOperation:
            amount = None
        if amount is not None:
            foia_services.request_record_fees(
                request=request, fees_quoted=amount, fees_paid=request.fees_paid
            )
    number = suggestion.get("tracking_number")
    if number and not request.tracking_numbers.filter(number=number).exists():
        foia_services.tracking_number_add(request=request, number=number)
    for section in suggestion.get("exemptions", []):
        foia_services.exemption_record(
            request=request, user=user, section=section[:100], text="Cited in the agency's e-mail."
        )
