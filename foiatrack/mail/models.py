"""Mail to and from agencies: reply addresses, letters sent, messages received, attachments.

Every message received is kept whole (the raw .eml, with its SHA-256) whatever happens to
it: matched to a request, left in the triage queue, or found unreadable.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from foiatrack.foia.models import Communication, FoiaRequest


def _new_token() -> str:
    return secrets.token_hex(6)


class RequestMailbox(models.Model):
    """A request's reply address token: `request-<id>-<token>@FOIA_MAIL_DOMAIN`.

    Random and stored, so a reply address with the right id but a wrong token is forged.
    """

    request = models.OneToOneField(FoiaRequest, on_delete=models.CASCADE, related_name="mailbox")
    token = models.CharField(max_length=24, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"mailbox of request {self.request_id}"


class Dispatch(models.Model):
    """One letter to send. The (request, key) pair is unique and the send is claimed with a
    conditional update, so a retry or a double click never sends the letter twice."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial request"
        FOLLOW_UP = "follow-up", "Follow-up"
        APPEAL = "appeal", "Appeal"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    request = models.ForeignKey(FoiaRequest, on_delete=models.CASCADE, related_name="dispatches")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=80)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    to_address = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    error = models.TextField(blank=True)
    communication = models.ForeignKey(
        Communication, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "key"], name="mail_dispatch_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for request {self.request_id}: {self.state}"


def raw_upload_to(instance, filename: str) -> str:
    return f"mail/raw/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.eml"


def attachment_upload_to(instance, filename: str) -> str:
    # Never the sender's name on disk: it is untrusted.
    return f"mail/attachments/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class MailMessage(models.Model):
    """One message received, by IMAP, a provider's webhook or a dropped .eml."""

    class Source(models.TextChoices):
        IMAP = "imap", "IMAP mailbox"
        WEBHOOK = "webhook", "Provider webhook"
        EML = "eml", ".eml file"

    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        BOUNCE = "bounce", "Bounce (delivery failed)"
        AUTO_REPLY = "auto_reply", "Automatic reply"
        UNREADABLE = "unreadable", "Unreadable message"

    class MatchedBy(models.TextChoices):
        REPLY_ADDRESS = "reply_address", "Reply address"
        TRACKING_NUMBER = "tracking_number", "Tracking number"
        THREAD = "thread", "Thread headers"
        STAFF = "staff", "Assigned by staff"
        TRIAGE = "triage", "Not matched (triage)"

    # Unique: the same message delivered twice (two polls, a webhook retry) is taken once.
    message_id = models.CharField(max_length=255, unique=True)
    request = models.ForeignKey(
        FoiaRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_messages",
    )
    communication = models.OneToOneField(
        Communication, null=True, blank=True, on_delete=models.SET_NULL, related_name="mail"
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REPLY)
    matched_by = models.CharField(max_length=16, choices=MatchedBy.choices)
    verified = models.BooleanField(
        default=False, help_text="Sent from the agency's own address (or its domain)."
    )
    from_address = models.CharField(max_length=320, blank=True)
    to_addresses = models.TextField(blank=True)
    subject = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    text_body = models.TextField(blank=True, help_text="The whole plain text.")
    reply_text = models.TextField(blank=True, help_text="Without quoted history and signature.")
    html_body = models.TextField(blank=True, help_text="Sanitised with nh3; never raw.")
    notes = models.TextField(blank=True, help_text="What was odd about the message.")
    raw = models.FileField(upload_to=raw_upload_to, max_length=255)
    raw_sha256 = models.CharField(max_length=64)
    raw_size_bytes = models.BigIntegerField()
    suggestion = models.JSONField(null=True, blank=True)
    suggestion_confirmed_at = models.DateTimeField(null=True, blank=True)
    suggestion_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.subject or self.message_id

    @property
    def suggested_status(self) -> str | None:
        return (self.suggestion or {}).get("status")


class MailAttachment(models.Model):
    """One attachment, stored with its SHA-256 unless refused (too large), never served
    inline. Data attachments also become received files on the message's request."""

    message = models.ForeignKey(MailMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=150, blank=True)
    size_bytes = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, blank=True)
    stored_file = models.FileField(upload_to=attachment_upload_to, max_length=255, blank=True)
    is_data = models.BooleanField(default=False)
    refused = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    received_file = models.ForeignKey(
        "received.ReceivedFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_attachments",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


# For the API schema's enum names (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
LETTER_KINDS = Dispatch.Kind
MESSAGE_KINDS = MailMessage.Kind
