"""What is filed on a request: messages, appeals, exemptions, tracking numbers, fields not held."""

from rest_framework import serializers

from foiatrack.api.serializers.common import _field_codes
from foiatrack.foia.models import (
    Appeal,
    Communication,
    Exemption,
    Status,
    TrackingNumber,
)


class AppealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = ["id", "filed_with", "filed_on", "date_due", "decided_on", "outcome", "notes"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The appeal's number."},
            "filed_with": {"help_text": "Who reviews it, e.g. the Public Access Counselor."},
            "filed_on": {"help_text": "The day it was filed."},
            "date_due": {"help_text": "When the review is due, if a law sets it."},
            "decided_on": {"help_text": "The day it was decided; null while pending."},
            "outcome": {"help_text": "pending, granted, partially_granted, denied or withdrawn."},
            "notes": {"help_text": "Staff notes."},
        }


class ExemptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exemption
        fields = ["id", "section", "text", "fields", "recorded_at"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The exemption's number."},
            "section": {"help_text": "The law section cited, e.g. 5 ILCS 140/7(1)(c)."},
            "text": {"help_text": "The words of the section, as the agency quoted them."},
            "fields": {"help_text": "Field codes withheld; empty: the whole request."},
            "recorded_at": {"help_text": "When staff recorded it."},
        }


class TrackingNumberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrackingNumber
        fields = ["id", "number", "status", "note", "updated_at"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The tracking number's id (for PATCH)."},
            "number": {"help_text": "One of the agency's reference numbers for the request."},
            "status": {"help_text": "Where this part of a split request stands."},
            "note": {"help_text": "Staff note."},
            "updated_at": {"help_text": "When it last changed."},
        }


class CommunicationSerializer(serializers.ModelSerializer):
    logged_by = serializers.CharField(
        source="logged_by.get_username",
        default=None,
        allow_null=True,
        read_only=True,
        help_text="Username of who logged it.",
    )
    has_attachment = serializers.SerializerMethodField(
        help_text="A file is attached (download it from the request's page)."
    )

    class Meta:
        model = Communication
        fields = [
            "id",
            "direction",
            "date",
            "channel",
            "subject",
            "body",
            "has_attachment",
            "logged_by",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The communication's number."},
            "direction": {"help_text": "out: sent to the agency; in: received from it."},
            "date": {"help_text": "The day it was sent or received."},
            "channel": {"help_text": "How: email, portal, mail, phone, fax, in_person."},
            "subject": {"help_text": "Subject line."},
            "body": {"help_text": "The text."},
            "created_at": {"help_text": "When it was logged."},
        }

    def get_has_attachment(self, message: Communication) -> bool:
        return bool(message.attachment)


class CommunicationWriteSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=Communication.Direction.choices, help_text="out or in."
    )
    date = serializers.DateField(help_text="The day it was sent or received.")
    channel = serializers.ChoiceField(
        choices=Communication.Channel.choices, required=False, help_text="Default email."
    )
    subject = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Subject line."
    )
    body = serializers.CharField(required=False, allow_blank=True, help_text="The text.")
    attachment = serializers.FileField(
        required=False, help_text="Optional file (multipart requests only)."
    )


class AppealWriteSerializer(serializers.Serializer):
    filed_with = serializers.CharField(
        max_length=200, help_text="Who reviews it, e.g. the Public Access Counselor."
    )
    filed_on = serializers.DateField(help_text="The day it was filed.")
    date_due = serializers.DateField(
        required=False, allow_null=True, help_text="When the review is due, if known."
    )
    notes = serializers.CharField(required=False, allow_blank=True, help_text="Staff notes.")


class AppealDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[c for c in Appeal.Outcome.choices if c[0] != Appeal.Outcome.PENDING],
        help_text="granted, partially_granted, denied or withdrawn.",
    )
    decided_on = serializers.DateField(help_text="The day it was decided.")


class ExemptionWriteSerializer(serializers.Serializer):
    section = serializers.CharField(
        max_length=100, help_text="The law section cited, e.g. 5 ILCS 140/7(1)(c)."
    )
    text = serializers.CharField(help_text="The words of the section, as the agency quoted them.")
    fields = _field_codes(
        "Field codes withheld (the field catalogue's); none: the whole request.", required=False
    )


class TrackingNumberWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100, help_text="The agency's reference number.")
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text="Default submitted."
    )
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Staff note."
    )


class TrackingStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Status.choices, help_text="Where this part of the request stands."
    )
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Staff note (kept if empty)."
    )


class FieldsNotHeldSerializer(serializers.Serializer):
    fields = _field_codes("Field codes the agency says it does not keep (replaces the list).")
