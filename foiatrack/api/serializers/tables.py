"""Tables, their columns and flags: the data admins' view and the public one."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foiatrack.audit.vocabulary import (
    FLAG_CHOICES,
    GEO_RESOLUTION_CHOICES,
    GRANULARITY_CHOICES,
    ROLE_CHOICES,
    SEVERITY_CHOICES,
    TIME_RESOLUTION_CHOICES,
)
from foiatrack.pipeline.plain import FLAG_LABELS, SMALL_CELL_TEXT, flag_sentence, small_count
from foiatrack.pipeline.selectors import dataset_public_title as pipeline_dataset_title
from foiatrack.received import selectors as received_selectors
from foiatrack.received.models import ColumnProfile, GapFlag, Table


class FlagSerializer(serializers.ModelSerializer):
    code = serializers.ChoiceField(choices=FLAG_CHOICES, help_text="The gap's code.")
    severity = serializers.ChoiceField(choices=SEVERITY_CHOICES, help_text="high, medium, low.")
    evidence = serializers.JSONField(help_text="The numbers behind the flag (no row values).")

    class Meta:
        model = GapFlag
        fields = ["code", "severity", "message", "evidence"]
        read_only_fields = fields
        extra_kwargs = {"message": {"help_text": "What the gap means, in a sentence."}}


class ColumnSerializer(serializers.ModelSerializer):
    """A column's profile, sample values included: data admins only."""

    role = serializers.ChoiceField(choices=ROLE_CHOICES, help_text="Inferred or corrected role.")
    examples = serializers.ListField(
        child=serializers.CharField(), help_text="Sample values (admins only, never public)."
    )

    class Meta:
        model = ColumnProfile
        fields = [
            "position",
            "name",
            "role",
            "role_was_corrected",
            "inferred_type",
            "null_count",
            "null_rate",
            "redacted_count",
            "redacted_rate",
            "distinct_count",
            "distinct_is_exact",
            "minimum",
            "maximum",
            "examples",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "position": {"help_text": "Order in the table."},
            "name": {"help_text": "Header as in the file."},
            "role_was_corrected": {"help_text": "An admin set the role."},
            "inferred_type": {"help_text": "integer, number, text, date, timestamp, …"},
            "null_count": {"help_text": "Empty or missing-token cells."},
            "null_rate": {"help_text": "Share of rows empty (redacted included), 0–1."},
            "redacted_count": {"help_text": "Cells withheld by the agency."},
            "redacted_rate": {"help_text": "Share of rows redacted, 0–1."},
            "distinct_count": {"help_text": "Distinct values."},
            "distinct_is_exact": {"help_text": "False: approximate beyond a bound."},
            "minimum": {"help_text": "Smallest value, as text."},
            "maximum": {"help_text": "Largest value, as text."},
        }


class TableBaseSerializer(serializers.ModelSerializer):
    received_file = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="Number of the file it came from."
    )
    agency = serializers.CharField(
        source="received_file.agency.slug",
        default=None,
        allow_null=True,
        help_text="Slug of the agency that sent it.",
    )
    jurisdiction = serializers.CharField(
        source="received_file.agency.jurisdiction.slug",
        default=None,
        allow_null=True,
        help_text="Slug of that agency's jurisdiction.",
    )
    stage = serializers.CharField(
        source="received_file.stage.code",
        default=None,
        allow_null=True,
        help_text="Pipeline stage code.",
    )
    granularity = serializers.ChoiceField(
        choices=[*GRANULARITY_CHOICES, ("", "Not audited")],
        help_text="record or aggregate; empty until audited.",
    )
    time_resolution = serializers.ChoiceField(
        choices=[*TIME_RESOLUTION_CHOICES, ("", "Not audited")],
        help_text="Finest time given; empty until audited.",
    )
    geo_resolution = serializers.ChoiceField(
        choices=[*GEO_RESOLUTION_CHOICES, ("", "Not audited")],
        help_text="Finest location given; empty until audited.",
    )
    flags = FlagSerializer(many=True, read_only=True, help_text="What stops linking or use.")

    class Meta:
        model = Table
        fields = [
            "id",
            "received_file",
            "name",
            "agency",
            "jurisdiction",
            "stage",
            "status",
            "granularity",
            "time_resolution",
            "geo_resolution",
            "period_start",
            "period_end",
            "rows",
            "audited_at",
            "flags",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The table's number."},
            "name": {"help_text": "The table: file name, › sheet or › archive member."},
            "status": {"help_text": "queued, running, done or failed."},
            "period_start": {"help_text": "First day with data."},
            "period_end": {"help_text": "Last day with data."},
            "rows": {"help_text": "Data rows (after dropping headers and totals)."},
            "audited_at": {"help_text": "When the audit finished."},
        }


# A count as the public pages print it: 1–9 become "<10"; zero stays zero; null unknown.
SMALL_COUNT_SCHEMA = {
    "oneOf": [{"type": "integer"}, {"type": "string", "enum": [SMALL_CELL_TEXT]}],
    "nullable": True,
}


class PublicFlagSerializer(serializers.Serializer):
    """A flag in plain words, as on the public pages: never the audit's evidence or
    message, which may quote what a reader found in the file."""

    code = serializers.ChoiceField(choices=FLAG_CHOICES, help_text="The gap's code.")
    label = serializers.CharField(help_text="The gap's name.")
    severity = serializers.ChoiceField(choices=SEVERITY_CHOICES, help_text="high, medium, low.")
    explanation = serializers.CharField(help_text="What it means, in a sentence.")


class PublicTableSerializer(TableBaseSerializer):
    """An audited dataset as the public sees it: flags in plain words, small counts hidden,
    no values from rows."""

    rows = serializers.SerializerMethodField(
        help_text='Data rows; 1–9 are shown as "<10" (a few records can point to a person).'
    )
    flags = serializers.SerializerMethodField(help_text="What stops linking or use.")
    name = serializers.SerializerMethodField(
        help_text="A neutral title: agency — stage, period (table N). Never the uploaded "
        "file or sheet name, which may hold personal data."
    )

    class Meta(TableBaseSerializer.Meta):
        fields = [f for f in TableBaseSerializer.Meta.fields if f != "received_file"]
        read_only_fields = fields

    def get_name(self, table: Table) -> str:
        return pipeline_dataset_title(table)

    @extend_schema_field(SMALL_COUNT_SCHEMA)
    def get_rows(self, table: Table):
        return small_count(table.rows)

    @extend_schema_field(PublicFlagSerializer(many=True))
    def get_flags(self, table: Table) -> list[dict]:
        return [
            {
                "code": flag.code,
                "label": FLAG_LABELS.get(flag.code, flag.code),
                "severity": flag.severity,
                "explanation": flag_sentence(flag.code, flag.evidence),
            }
            for flag in table.flags.all()
        ]


class TableSerializer(TableBaseSerializer):
    """A table for data admins: everything, sample values included."""

    error = serializers.CharField(source="error_message", help_text="Why the audit failed.")
    role_overrides = serializers.DictField(
        child=serializers.ChoiceField(choices=ROLE_CHOICES),
        help_text="{column name: role} set by an admin.",
    )
    columns = ColumnSerializer(many=True, read_only=True, help_text="Column profiles.")
    findings = serializers.SerializerMethodField(
        help_text="The audit's full findings (sample values included); null until audited."
    )

    class Meta(TableBaseSerializer.Meta):
        fields = [
            *TableBaseSerializer.Meta.fields,
            "progress",
            "rows_read",
            "error",
            "role_overrides",
            "columns",
            "findings",
        ]
        read_only_fields = fields
        extra_kwargs = {
            **TableBaseSerializer.Meta.extra_kwargs,
            "progress": {"help_text": "Percent done, 0–100."},
            "rows_read": {"help_text": "Rows read so far."},
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_findings(self, table: Table) -> dict | None:
        return received_selectors.table_findings(table)


class RolesSerializer(serializers.Serializer):
    roles = serializers.DictField(
        child=serializers.ChoiceField(choices=ROLE_CHOICES),
        allow_empty=False,
        help_text="{column name: role}; merged with earlier corrections. The table is "
        "audited again with them.",
    )
