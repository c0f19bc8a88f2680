"""Requests: the public view, the staff view and its writes, status changes."""

from rest_framework import serializers

from foiatrack.api.serializers.common import _field_codes, stage_codes
from foiatrack.api.serializers.filings import (
    AppealSerializer,
    ExemptionSerializer,
    TrackingNumberSerializer,
)
from foiatrack.core.models import Stage
from foiatrack.foia.lifecycle import allowed_transitions
from foiatrack.foia.models import (
    Agency,
    FoiaRequest,
    Project,
    Status,
    StatusChange,
    Tag,
)

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
