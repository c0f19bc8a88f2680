"""Serializers for mail (staff): sending a letter, received messages and attachments."""

from rest_framework import serializers

from foiatrack.mail.models import Dispatch, MailAttachment, MailMessage


class SendSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Dispatch.Kind.choices, help_text="Which letter: initial, follow-up or appeal."
    )
    key = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="Idempotency key: the same key is sent once (default: once a day).",
    )
    to = serializers.EmailField(
        required=False, allow_blank=True, help_text="Default: the agency's FOIA address."
    )
    filed_with = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Appeals: the reviewer."
    )


class DispatchSerializer(serializers.ModelSerializer):
    sent_now = serializers.SerializerMethodField(help_text="False: already sent, not again.")

    class Meta:
        model = Dispatch
        fields = ["id", "request", "kind", "state", "to_address", "subject", "message_id"]
        fields += ["communication", "sent_at", "sent_now"]
        extra_kwargs = {
            "id": {"help_text": "Dispatch id."},
            "request": {"help_text": "The request's id."},
            "kind": {"help_text": "initial, follow-up or appeal."},
            "state": {"help_text": "pending, sending, sent or failed."},
            "to_address": {"help_text": "Where it went."},
            "subject": {"help_text": "Subject, with the tracking number and our reference."},
            "message_id": {"help_text": "The Message-ID it was sent with."},
            "communication": {"help_text": "The outgoing communication recorded."},
            "sent_at": {"help_text": "When the mail server accepted it."},
        }

    def get_sent_now(self, dispatch) -> bool:
        return bool(self.context.get("sent_now"))


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MailAttachment
        fields = ["id", "filename", "content_type", "size_bytes", "sha256", "is_data"]
        fields += ["refused", "note", "received_file"]
        extra_kwargs = {
            "id": {"help_text": "Attachment id."},
            "filename": {"help_text": "The sender's file name."},
            "content_type": {"help_text": "The declared MIME type."},
            "size_bytes": {"help_text": "Size in bytes."},
            "sha256": {"help_text": "SHA-256 of the content."},
            "is_data": {"help_text": "A table for the audit (CSV, TSV, Excel, ZIP)."},
            "refused": {"help_text": "Not stored (over the size limit)."},
            "note": {"help_text": "Why it was refused, if it was."},
            "received_file": {"help_text": "The received file it became, if any."},
        }


class MailMessageSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True, help_text="Its attachments.")
    suggestion = serializers.JSONField(
        read_only=True, help_text="{status, evidence, date?, amount?, exemptions?} or null."
    )

    class Meta:
        model = MailMessage
        fields = ["id", "message_id", "request", "communication", "source", "kind"]
        fields += ["matched_by", "verified", "from_address", "subject", "sent_at"]
        fields += ["reply_text", "notes", "suggestion", "suggestion_confirmed_at", "attachments"]
        extra_kwargs = {
            "id": {"help_text": "Message id."},
            "message_id": {"help_text": "The Message-ID header."},
            "request": {"help_text": "The request it is filed on; null in triage."},
            "communication": {"help_text": "The incoming communication recorded."},
            "source": {"help_text": "imap, webhook or eml."},
            "kind": {"help_text": "reply, bounce, auto_reply or unreadable."},
            "matched_by": {"help_text": "reply_address, tracking_number, thread, staff, triage."},
            "verified": {"help_text": "Sent from the agency's address or domain."},
            "from_address": {"help_text": "The From address."},
            "subject": {"help_text": "The subject."},
            "sent_at": {"help_text": "The Date header."},
            "reply_text": {"help_text": "The reply without quoted history and signature."},
            "notes": {"help_text": "What was odd about it (defects, unverified, forged)."},
            "suggestion_confirmed_at": {"help_text": "When staff confirmed the suggestion."},
        }


class AssignSerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1, help_text="The request to file it on.")
