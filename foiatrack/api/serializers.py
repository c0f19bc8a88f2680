"""What the API reads and writes. Serializers shape data only: rules live in the apps'
forms, services and selectors, which the views call."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foiatrack.audit.field_catalogue import FIELD_CHOICES
from foiatrack.audit.vocabulary import (
    FLAG_CHOICES,
    GEO_RESOLUTION_CHOICES,
    GRANULARITY_CHOICES,
    ROLE_CHOICES,
    SEVERITY_CHOICES,
    TIME_RESOLUTION_CHOICES,
)
from foiatrack.core.models import Stage
from foiatrack.foia.lifecycle import allowed_transitions
from foiatrack.foia.models import (
    Agency,
    Appeal,
    Communication,
    Exemption,
    FoiaRequest,
    Jurisdiction,
    Project,
    Status,
    StatusChange,
    Tag,
    TrackingNumber,
)
from foiatrack.pipeline.coverage import STATE_CHOICES
from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.plain import FLAG_LABELS, SMALL_CELL_TEXT, flag_sentence, small_count
from foiatrack.pipeline.selectors import dataset_public_title as pipeline_dataset_title
from foiatrack.received import selectors as received_selectors
from foiatrack.received.models import ColumnProfile, GapFlag, ReceivedFile, Table

# --- Shared pieces ---------------------------------------------------------------------


class StageCodesField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("many", False)
        super().__init__(**kwargs)


def stage_codes(help_text: str, **kwargs):
    return serializers.SlugRelatedField(slug_field="code", many=True, help_text=help_text, **kwargs)


# --- Public: jurisdictions, agencies, scorecards ---------------------------------------


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["slug", "name", "level", "law", "state"]
        extra_kwargs = {
            "slug": {"help_text": "Stable identifier used in URLs and filters."},
            "name": {"help_text": "The government's name."},
            "level": {"help_text": "city, county, state or federal."},
            "law": {"help_text": "Code of the public-records law that applies, e.g. il-foia."},
            "state": {"help_text": "Two-letter US state code; empty for the federal level."},
        }


class ScorecardSerializer(serializers.Serializer):
    """How an agency answers requests; first response and completion measured apart."""

    requests_sent = serializers.IntegerField(help_text="Requests sent (drafts excluded).")
    answered = serializers.IntegerField(help_text="Requests the agency has answered.")
    on_time_pct = serializers.FloatField(
        allow_null=True, help_text="Percent of completed requests answered by the due date."
    )
    median_days_to_first_response = serializers.FloatField(
        allow_null=True, help_text="Median business days from receipt to any first response."
    )
    median_days_to_completion = serializers.FloatField(
        allow_null=True, help_text="Median business days from receipt to the final answer."
    )
    fulfilled_pct = serializers.FloatField(
        allow_null=True, help_text="Percent of answers that released everything asked."
    )
    partially_fulfilled_pct = serializers.FloatField(
        allow_null=True, help_text="Percent of answers that released part of it."
    )
    fees_charged = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Total fees quoted, in dollars."
    )
    fees_paid = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Total fees paid, in dollars."
    )
    open_appeals = serializers.IntegerField(help_text="Appeals still pending.")


class AgencySerializer(serializers.ModelSerializer):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the agency's jurisdiction."
    )
    stages = stage_codes("Pipeline stages whose records the agency holds.", read_only=True)
    scorecard = serializers.SerializerMethodField(help_text="The agency's scorecard.")

    class Meta:
        model = Agency
        fields = [
            "slug",
            "name",
            "jurisdiction",
            "stages",
            "foia_officer",
            "email",
            "postal_address",
            "portal_url",
            "notes",
            "scorecard",
        ]
        extra_kwargs = {
            "slug": {"help_text": "Stable identifier used in URLs and filters."},
            "name": {"help_text": "The agency's name."},
            "foia_officer": {"help_text": "The records officer, if known."},
            "email": {"help_text": "Where requests are sent by e-mail."},
            "postal_address": {"help_text": "Where requests are sent by post."},
            "portal_url": {"help_text": "The agency's request portal."},
            "notes": {"help_text": "Access routes, quirks and contacts."},
        }

    @extend_schema_field(ScorecardSerializer)
    def get_scorecard(self, agency: Agency) -> dict:
        # Computed for a whole page at once by the view (agency_scorecards).
        return ScorecardSerializer(self.context["scorecards"][agency.id]).data


# --- Public: requests -------------------------------------------------------------------


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["slug", "name"]
        extra_kwargs = {
            "slug": {"help_text": "The agency's slug."},
            "name": {"help_text": "The agency's name."},
        }


class PublicRequestSerializer(serializers.ModelSerializer):
    """A request staff chose to publish, past its embargo: no notes, owner or fees."""

    agency = AgencyRefSerializer(help_text="The agency the request went to.")
    jurisdiction = serializers.CharField(
        source="agency.jurisdiction.slug", help_text="Slug of the agency's jurisdiction."
    )
    stages = stage_codes("Pipeline stages whose records were asked for.", read_only=True)
    status_label = serializers.CharField(
        source="get_status_display", help_text="The status in words."
    )

    class Meta:
        model = FoiaRequest
        fields = [
            "id",
            "title",
            "agency",
            "jurisdiction",
            "stages",
            "status",
            "status_label",
            "period_start",
            "period_end",
            "date_received",
            "date_closed",
        ]
        extra_kwargs = {
            "id": {"help_text": "The request's number."},
            "title": {"help_text": "A short title."},
            "status": {"help_text": "Where the request stands (see status_label)."},
            "period_start": {"help_text": "First day of the period the records cover."},
            "period_end": {"help_text": "Last day of the period the records cover."},
            "date_received": {"help_text": "The day the agency received the request."},
            "date_closed": {"help_text": "The day the agency gave its final answer."},
        }


# --- Staff: requests, status changes, communications -------------------------------------


class StatusChangeSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(
        allow_blank=True, help_text="Status before; empty for the first entry."
    )
    changed_by = serializers.CharField(
        source="changed_by.get_username",
        default=None,
        allow_null=True,
        help_text="Username of who made the change.",
    )

    class Meta:
        model = StatusChange
        fields = ["id", "from_status", "to_status", "effective_date", "changed_at", "changed_by"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The change's number."},
            "to_status": {"help_text": "Status after."},
            "effective_date": {"help_text": "The day it took effect (drives the deadline)."},
            "changed_at": {"help_text": "When it was recorded."},
        }


class StatusChangeNoteSerializer(StatusChangeSerializer):
    class Meta(StatusChangeSerializer.Meta):
        fields = [*StatusChangeSerializer.Meta.fields, "note"]
        read_only_fields = fields
        extra_kwargs = {
            **StatusChangeSerializer.Meta.extra_kwargs,
            "note": {"help_text": "Staff note on the change."},
        }


class RequestSerializer(serializers.ModelSerializer):
    """A request as staff see it, with its computed deadline state."""

    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="Agency.")
    jurisdiction = serializers.CharField(
        source="agency.jurisdiction.slug", read_only=True, help_text="Jurisdiction slug."
    )
    stages = stage_codes("Pipeline stage codes.", read_only=True)
    tags = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Tag names."
    )
    projects = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Project slugs."
    )
    requester = serializers.CharField(
        source="requester.get_username", read_only=True, help_text="Owner's username."
    )
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status in words."
    )
    overdue = serializers.SerializerMethodField(
        help_text="Due date passed while the agency still owes an answer (computed)."
    )
    business_days_left = serializers.SerializerMethodField(
        help_text="Business days left before the due date (negative when overdue); null "
        "when there is no running clock."
    )
    allowed_transitions = serializers.SerializerMethodField(
        help_text="Statuses this request may move to next."
    )

    class Meta:
        model = FoiaRequest
        fields = [
            "id",
            "title",
            "records_requested",
            "agency",
            "jurisdiction",
            "stages",
            "period_start",
            "period_end",
            "requester",
            "tracking_number",
            "status",
            "status_label",
            "date_received",
            "date_acknowledged",
            "date_due",
            "date_closed",
            "overdue",
            "business_days_left",
            "allowed_transitions",
            "extension_taken",
            "commercial",
            "recurrent",
            "fees_quoted",
            "fees_paid",
            "tags",
            "projects",
            "is_public",
            "embargo_until",
            "private_notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The request's number."},
            "title": {"help_text": "A short title."},
            "records_requested": {"help_text": "The records asked for, as in the letter."},
            "period_start": {"help_text": "First day of the period the records cover."},
            "period_end": {"help_text": "Last day of the period the records cover."},
            "tracking_number": {"help_text": "The agency's reference number."},
            "status": {"help_text": "Where the request stands."},
            "date_received": {"help_text": "The day the agency received it."},
            "date_acknowledged": {"help_text": "The day the agency acknowledged it."},
            "date_due": {"help_text": "Statutory due date in business days, pauses counted."},
            "date_closed": {"help_text": "The day of the final answer."},
            "extension_taken": {"help_text": "The agency took its one extension."},
            "commercial": {"help_text": "A commercial request (longer deadline in Illinois)."},
            "recurrent": {"help_text": "From a recurrent requester (longer deadline)."},
            "fees_quoted": {"help_text": "Fees the agency asks, in dollars."},
            "fees_paid": {"help_text": "Fees paid, in dollars."},
            "is_public": {"help_text": "Shown publicly (after any embargo)."},
            "embargo_until": {"help_text": "Kept private until after this day."},
            "private_notes": {"help_text": "Staff notes; never public."},
            "created_at": {"help_text": "When it was logged."},
            "updated_at": {"help_text": "When it last changed."},
        }

    def get_overdue(self, request: FoiaRequest) -> bool:
        return bool(getattr(request, "overdue", False))

    def get_business_days_left(self, request: FoiaRequest) -> int | None:
        counter = getattr(request, "counter", None)
        return None if counter is None or counter.paused else counter.left

    def get_allowed_transitions(self, request: FoiaRequest) -> list[str]:
        return allowed_transitions(request.status)


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


def _field_codes(help_text: str, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=FIELD_CHOICES), help_text=help_text, **kwargs
    )


class RequestDetailSerializer(RequestSerializer):
    """One request with its status history, appeals, the exemptions the agency cited, its
    tracking numbers and the fields the agency says it does not keep."""

    status_history = StatusChangeSerializer(
        source="status_changes", many=True, read_only=True, help_text="Oldest first."
    )
    appeals = AppealSerializer(many=True, read_only=True, help_text="Oldest first.")
    exemptions = ExemptionSerializer(many=True, read_only=True, help_text="Oldest first.")
    tracking_numbers = TrackingNumberSerializer(
        many=True, read_only=True, help_text="The agency's reference numbers, oldest first."
    )
    fields_not_held = _field_codes("Field codes the agency says it does not keep.", read_only=True)

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields,
            "status_history",
            "appeals",
            "exemptions",
            "tracking_numbers",
            "fields_not_held",
        ]
        read_only_fields = fields


class RequestWriteSerializer(serializers.Serializer):
    """Fields staff may set. Validated again by the same form as the request pages."""

    title = serializers.CharField(max_length=300, help_text="A short title.")
    agency = serializers.SlugRelatedField(
        slug_field="slug", queryset=Agency.objects.all(), help_text="Agency slug."
    )
    records_requested = serializers.CharField(help_text="The records asked for.")
    stages = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Stage.objects.all(),
        required=False,
        help_text="Pipeline stage codes (call, report, arrest, charge, court, jail, sentence).",
    )
    period_start = serializers.DateField(
        required=False, allow_null=True, help_text="First day of the period asked for."
    )
    period_end = serializers.DateField(
        required=False, allow_null=True, help_text="Last day of the period asked for."
    )
    date_received = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Leave out for a draft; set it if the request was already sent "
        "(the request is then recorded as submitted and gets a due date).",
    )
    tracking_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="The agency's reference."
    )
    commercial = serializers.BooleanField(required=False, help_text="A commercial request.")
    recurrent = serializers.BooleanField(required=False, help_text="A recurrent requester.")
    tags = serializers.SlugRelatedField(
        slug_field="name",
        many=True,
        queryset=Tag.objects.all(),
        required=False,
        help_text="Existing tag names.",
    )
    projects = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Project.objects.all(),
        required=False,
        help_text="Existing project slugs.",
    )
    is_public = serializers.BooleanField(
        required=False, help_text="Show on the public list (after any embargo)."
    )
    embargo_until = serializers.DateField(
        required=False, allow_null=True, help_text="Keep private until after this day."
    )
    private_notes = serializers.CharField(
        required=False, allow_blank=True, help_text="Never shown publicly."
    )


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=Status.choices, help_text="The new status; see allowed_transitions."
    )
    effective_date = serializers.DateField(
        required=False, allow_null=True, help_text="The day it took effect; default today."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why, for the history."
    )


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


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Your username.")
    password = serializers.CharField(help_text="Your password.", style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as 'Authorization: Token <token>'.")


# --- Public: the pipeline's gap reports ------------------------------------------------


class DatasetColumnSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Header as in the file.")
    role = serializers.CharField(help_text="What the column holds (a role code).")
    type = serializers.CharField(help_text="Inferred type.")
    filled_pct = serializers.FloatField(help_text="Percent of rows with a value.")
    redacted_pct = serializers.FloatField(help_text="Percent of rows withheld by the agency.")


class DatasetLinkSerializer(serializers.Serializer):
    other = serializers.CharField(help_text="The dataset it was linked with (its title).")
    method = serializers.CharField(help_text="deterministic or probabilistic.")
    keys = serializers.CharField(help_text="Key kinds used, comma-separated.")
    linked = serializers.JSONField(help_text='Rows of this dataset linked ("<10" when small).')
    rows = serializers.JSONField(help_text='Rows of this dataset ("<10" when small).')
    link_rate_pct = serializers.FloatField(
        allow_null=True, help_text="Percent linked; null when the count is hidden."
    )
    reason = serializers.CharField(allow_blank=True, help_text="Why nothing linked, if so.")


class DatasetReportSerializer(serializers.Serializer):
    """One dataset's public gap report: the same facts as its page under /gaps/."""

    id = serializers.IntegerField(help_text="The dataset's number.")
    name = serializers.CharField(
        help_text="A neutral title: agency — stage, period (table N); never the file name."
    )
    agency = serializers.CharField(allow_blank=True, help_text="Agency name.")
    agency_slug = serializers.CharField(allow_blank=True, help_text="Agency slug.")
    jurisdiction = serializers.CharField(allow_blank=True, help_text="Jurisdiction name.")
    jurisdiction_slug = serializers.CharField(allow_blank=True, help_text="Jurisdiction slug.")
    stage = serializers.CharField(allow_blank=True, help_text="Pipeline stage code.")
    stage_label = serializers.CharField(allow_blank=True, help_text="Pipeline stage name.")
    coverage = serializers.CharField(
        help_text="Coverage state: none, pending, aggregate, record_unlinkable or "
        "record_linkable (the matrix's `state`)."
    )
    coverage_label = serializers.CharField(help_text="Coverage state in words.")
    granularity = serializers.CharField(help_text="Record-level or aggregated, in words.")
    aggregate_dimensions = serializers.ListField(
        child=serializers.CharField(), help_text="What an aggregate is counted by."
    )
    time_resolution = serializers.CharField(help_text="Finest time given, in words.")
    geo_resolution = serializers.CharField(help_text="Finest location given, in words.")
    period_start = serializers.DateField(allow_null=True, help_text="First day with data.")
    period_end = serializers.DateField(allow_null=True, help_text="Last day with data.")
    missing_periods = serializers.ListField(
        child=serializers.CharField(), help_text="Months or years inside the period with no rows."
    )
    areas_covered = serializers.IntegerField(help_text="Areas with rows.")
    missing_areas = serializers.ListField(
        child=serializers.CharField(), help_text="Known areas with no rows."
    )
    rows = serializers.JSONField(help_text='Data rows ("<10" when small).')
    linkability_level = serializers.CharField(help_text="L0 (no link) to L3 (exact keys).")
    linkability_reason = serializers.CharField(allow_blank=True, help_text="Why it has that level.")
    link_keys = serializers.ListField(
        child=serializers.CharField(), help_text="Kinds of linking key present."
    )
    best_link_rate_pct = serializers.FloatField(
        allow_null=True, help_text="Best measured link rate, percent."
    )
    audited_at = serializers.CharField(allow_null=True, help_text="When it was last audited.")
    flags = PublicFlagSerializer(many=True, help_text="What stops linking or use.")
    columns = DatasetColumnSerializer(many=True, help_text="Columns: role and fill, no values.")
    links = DatasetLinkSerializer(many=True, help_text="Measured links with other datasets.")


class CoverageCellSerializer(serializers.Serializer):
    jurisdiction = serializers.CharField(help_text="Jurisdiction name.")
    jurisdiction_slug = serializers.CharField(help_text="Jurisdiction slug.")
    stage = serializers.CharField(help_text="Pipeline stage code.")
    stage_label = serializers.CharField(help_text="Pipeline stage name.")
    year = serializers.IntegerField(help_text="Calendar year.")
    state = serializers.ChoiceField(choices=STATE_CHOICES, help_text="Coverage state.")
    state_label = serializers.CharField(help_text="Coverage state in words.")
    linkability_level = serializers.CharField(
        allow_blank=True, help_text="Best linkability level (L0–L3) of what is behind it."
    )
    datasets = serializers.IntegerField(help_text="Audited datasets behind the cell.")
    requests = serializers.IntegerField(help_text="Pending requests behind the cell.")


class CoverageSerializer(serializers.Serializer):
    """The coverage matrix: stage × jurisdiction × year."""

    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the matrix was last rebuilt."
    )
    last_audited_at = serializers.DateTimeField(
        allow_null=True, help_text="The latest audit it includes."
    )
    cells = CoverageCellSerializer(many=True, help_text="One per stage × jurisdiction × year.")


class CoverageQuerySerializer(serializers.Serializer):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Jurisdiction.objects.all(),
        required=False,
        help_text="Only this jurisdiction (slug).",
    )


class FunnelStepSerializer(serializers.Serializer):
    """One step of calls → reports → court → jail ("from" is a Python keyword, hence
    get_fields)."""

    def get_fields(self):
        return {
            "jurisdiction": serializers.CharField(help_text="Jurisdiction name."),
            "jurisdiction_slug": serializers.CharField(help_text="Jurisdiction slug."),
            "from": serializers.CharField(help_text="Earlier stage."),
            "to": serializers.CharField(help_text="Later stage."),
            "from_records": serializers.JSONField(help_text='Records received ("<10" if few).'),
            "to_records": serializers.JSONField(help_text='Records received ("<10" if few).'),
            "linked": serializers.JSONField(
                help_text="Records of the earlier stage linked; null when not measured."
            ),
            "link_rate_pct": serializers.FloatField(
                allow_null=True, help_text="Percent linked; null when hidden or not measured."
            ),
            "method": serializers.CharField(allow_blank=True, help_text="How it was linked."),
            "explanation": serializers.CharField(help_text="The step in a sentence."),
            "from_jurisdiction": serializers.CharField(
                help_text="Slug of the place whose earlier-stage data is used: this "
                "jurisdiction's, or its nearest parent's when it has none of its own."
            ),
            "to_jurisdiction": serializers.CharField(
                help_text="Slug of the place whose later-stage data is used."
            ),
        }


class FunnelSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the funnel was last rebuilt."
    )
    steps = FunnelStepSerializer(
        many=True,
        help_text="Each jurisdiction's steps (by name), earliest stage first. A stage the "
        "place has no data for uses its nearest parent jurisdiction's datasets "
        "(from_jurisdiction / to_jurisdiction name where each side's data comes from).",
    )


# --- Data admins: link runs -----------------------------------------------------------------


class LinkRunSerializer(serializers.ModelSerializer):
    left_table_name = serializers.CharField(source="left_table.name", help_text="Left table.")
    right_table_name = serializers.CharField(source="right_table.name", help_text="Right table.")
    status = serializers.ChoiceField(
        choices=LinkRun.Status.choices, help_text="queued, running, done or failed."
    )
    error = serializers.CharField(source="error_message", help_text="Why it failed.")
    confidence = serializers.JSONField(help_text="Match-confidence summary (probabilistic).")
    keys = serializers.JSONField(help_text="Keys used: [{kind, left, right}].")

    class Meta:
        model = LinkRun
        fields = [
            "id",
            "left_table",
            "left_table_name",
            "right_table",
            "right_table_name",
            "status",
            "left_rows",
            "right_rows",
            "linked_left",
            "linked_right",
            "link_rate",
            "method",
            "confidence",
            "linkability_level",
            "keys",
            "reason",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The run's number."},
            "left_table": {"help_text": "Table number (earlier stage)."},
            "right_table": {"help_text": "Table number (later stage)."},
            "left_rows": {"help_text": "Rows on the left."},
            "right_rows": {"help_text": "Rows on the right."},
            "linked_left": {"help_text": "Left rows with a link."},
            "linked_right": {"help_text": "Right rows with a link."},
            "link_rate": {"help_text": "Share of left rows linked, 0–1."},
            "method": {"help_text": "deterministic or probabilistic."},
            "linkability_level": {"help_text": "L0–L3."},
            "reason": {"help_text": "Why nothing could be linked, if so."},
            "created_at": {"help_text": "When it was queued."},
            "started_at": {"help_text": "When a worker started it."},
            "finished_at": {"help_text": "When it finished."},
        }


class LinkRunCreateSerializer(serializers.Serializer):
    left_table = serializers.IntegerField(help_text="Audited table, earlier stage.")
    right_table = serializers.IntegerField(help_text="Audited table, later stage.")
