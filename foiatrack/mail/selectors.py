"""Reads for the mail pages and the API."""

from django.db.models import Prefetch, QuerySet

from foiatrack.foia.models import FoiaRequest
from foiatrack.mail.models import Dispatch, MailAttachment, MailMessage


def messages_with_attachments() -> QuerySet[MailMessage]:
    return MailMessage.objects.select_related("request", "communication").prefetch_related(
        Prefetch("attachments", queryset=MailAttachment.objects.order_by("id"))
    )


def triage_messages() -> QuerySet[MailMessage]:
    """Messages no request matched, newest first."""
    return messages_with_attachments().filter(request__isnull=True)


def request_mail(request: FoiaRequest) -> dict:
    """What the request page's mail card shows."""
    return {
        "messages": list(messages_with_attachments().filter(request=request)),
        "dispatches": list(Dispatch.objects.filter(request=request).order_by("-created_at")),
    }
