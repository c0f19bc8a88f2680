"""Received files and uploads (data admins)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foiatrack.core.models import Stage
from foiatrack.foia.models import (
    Agency,
    FoiaRequest,
)
from foiatrack.received import selectors as received_selectors
from foiatrack.received.models import ReceivedFile, Table

# --- Data admins: received files and tables ---------------------------------------------


class TableSummarySerializer(serializers.ModelSerializer):
    error = serializers.CharField(
        source="error_message", help_text="Why the audit failed; empty otherwise."
    )

    class Meta:
        model = Table
        fields = ["id", "position", "name", "status", "progress", "rows_read", "error"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The table's number (poll /tables/{id}/status/)."},
            "position": {"help_text": "Order inside the file."},
            "name": {"help_text": "The table: file name, › sheet or › archive member."},
            "status": {"help_text": "queued, running, done or failed."},
            "progress": {"help_text": "Percent done, 0–100."},
            "rows_read": {"help_text": "Rows read so far."},
        }


class ReceivedFileSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(
        source="uploaded_by.get_username",
        default=None,
        allow_null=True,
        help_text="Username of the uploader.",
    )
    agency = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the agency that sent it.",
    )
    stage = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Pipeline stage code."
    )
    request = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The FOIA request it answers."
    )
    status = serializers.SerializerMethodField(
        help_text="Whole-file status: running or queued while any table is, then failed if "
        "any failed, done when all are done."
    )
    tables = TableSummarySerializer(many=True, read_only=True, help_text="Its tables.")

    class Meta:
        model = ReceivedFile
        fields = [
            "id",
            "original_name",
            "size_bytes",
            "sha256",
            "detected_format",
            "uploaded_at",
            "uploaded_by",
            "agency",
            "request",
            "stage",
            "notes",
            "status",
            "tables",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The file's number."},
            "original_name": {"help_text": "The name it was uploaded under."},
            "size_bytes": {"help_text": "Size in bytes."},
            "sha256": {"help_text": "SHA-256 of the bytes; the same bytes are stored once."},
            "detected_format": {"help_text": "csv, xlsx, xls or zip, found from the content."},
            "uploaded_at": {"help_text": "When it was uploaded."},
            "notes": {"help_text": "The uploader's notes."},
        }

    @extend_schema_field(serializers.ChoiceField(choices=Table.Status.choices))
    def get_status(self, received: ReceivedFile) -> str:
        return received_selectors.received_file_status(received)


class TableBriefSerializer(TableSummarySerializer):
    class Meta(TableSummarySerializer.Meta):
        # What the files selector loads for lists: rows read and errors are on the detail.
        fields = ["id", "position", "name", "status", "progress"]
        read_only_fields = fields


class ReceivedFileListSerializer(ReceivedFileSerializer):
    tables = TableBriefSerializer(many=True, read_only=True, help_text="Its tables.")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        # As on the upload page: an empty file is kept, and its audit says why it is no use.
        allow_empty_file=True,
        help_text="The file as the agency sent it: CSV, TSV, TXT, XLSX, XLS or a ZIP of those.",
    )
    agency = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Agency.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the agency that sent it (decides which areas are expected).",
    )
    request = serializers.PrimaryKeyRelatedField(
        queryset=FoiaRequest.objects.all(),
        required=False,
        allow_null=True,
        help_text="Number of the FOIA request it answers.",
    )
    stage = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Stage.objects.all(),
        required=False,
        allow_null=True,
        help_text="Pipeline stage code.",
    )
    notes = serializers.CharField(required=False, allow_blank=True, help_text="Notes.")


class TableStatusSerializer(serializers.Serializer):
    """What a script polls until status is done or failed."""

    id = serializers.IntegerField(help_text="The table's number.")
    status = serializers.ChoiceField(
        choices=Table.Status.choices, help_text="queued, running, done or failed."
    )
    finished = serializers.BooleanField(help_text="True once status is done or failed.")
    rows_read = serializers.IntegerField(help_text="Rows read so far.")
    progress = serializers.FloatField(help_text="Percent done, 0–100.")
    error = serializers.CharField(allow_blank=True, help_text="Why it failed; empty otherwise.")
