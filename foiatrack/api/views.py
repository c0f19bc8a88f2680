"""API views: check the role, call a selector or service, serialize. No rules live here.

Writes go through the same forms as the pages (so both refuse the same input) and
then the apps' services; reads go through the apps' selectors and FilterSets.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.errors import Conflict, PayloadTooLarge, error_body
from foiatrack.api.parsers import FormParser, JSONParser, MultiPartParser
from foiatrack.api.permissions import IsDataAdmin, IsStaffMember
from foiatrack.api.schema import ErrorSerializer
from foiatrack.core.public_cache import api_cached_for_visitors
from foiatrack.core.tokens import api_token_issue_for_login
from foiatrack.foia import selectors as foia_selectors
from foiatrack.foia import services as foia_services
from foiatrack.foia.filters import FoiaRequestFilter
from foiatrack.foia.forms import (
    AppealDecisionForm,
    AppealForm,
    CommunicationForm,
    ExemptionForm,
    FieldsNotHeldForm,
    FoiaRequestForm,
    TrackingNumberForm,
    TrackingStatusForm,
)
from foiatrack.foia.models import (
    Appeal,
    Communication,
    Exemption,
    FoiaRequest,
    Status,
    TrackingNumber,
)
from foiatrack.pipeline import selectors as pipeline_selectors
from foiatrack.pipeline import services as pipeline_services
from foiatrack.pipeline.forms import LinkRunForm
from foiatrack.received import selectors as received_selectors
from foiatrack.received.filters import ReceivedFileFilter, TableFilter
from foiatrack.received.forms import UploadForm
from foiatrack.received.models import GapFlag, Table
from foiatrack.received.services import (
    TableActionError,
    UploadTooLargeError,
    max_upload_bytes,
    received_file_create,
    table_roles_correct,
    too_large_message,
)
from foiatrack.received.uploads import SizeLimitUploadHandler, declared_too_large

PUBLIC = "Public"
STAFF = "Staff"
DATA_ADMIN = "Data admins"
AUTH = "Authentication"


def _conflict(response_serializer, created=False) -> dict:
    code = 201 if created else 200
    return {code: response_serializer, 409: ErrorSerializer}


def _form_value(value):
    """A serializer's validated value as a Django form field expects it (model → pk)."""
    if isinstance(value, list | tuple):
        return [_form_value(item) for item in value]
    return getattr(value, "pk", value)


def _form_cleaned(form) -> dict:
    """The form's cleaned data, or a 400 carrying the form's own messages."""
    if not form.is_valid():
        raise exceptions.ValidationError(
            {
                "non_field_errors" if name == "__all__" else name: list(messages)
                for name, messages in form.errors.items()
            }
        )
    return form.cleaned_data


def _input_cleaned(serializer_class, form_class, data, **defaults) -> dict:
    """The input checked twice: by the API's serializer (its shape, as the schema documents
    it), then by the pages' form (the pages' rules). Either answers 400."""
    incoming = serializer_class(data=data)
    incoming.is_valid(raise_exception=True)
    return _form_cleaned(form_class({**defaults, **incoming.validated_data}))


def _invalid(error: ValidationError):
    """A service's refusal of valid-looking input, as the API's 400."""
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _refused_transition(error: foia_services.TransitionError) -> Conflict:
    """A status change the lifecycle or the law refused, as the API's 409."""
    return Conflict(" ".join(error.messages), code="invalid_transition")


# List views of what is filed on one request: its messages, appeals, exemptions. (No
# docstring: drf-spectacular would publish it as the description of their operations.)
class _FiledOnARequest:
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return self.model.objects.none()
        foia_request = get_object_or_404(FoiaRequest, id=self.kwargs["request_id"])
        return self.model.objects.filter(request=foia_request)


# --- Public ------------------------------------------------------------------------------


# Anonymous answers cached while the requests and agencies are unchanged. (No docstring:
# drf-spectacular would publish it as the description of the views that use it.)
class _FoiaVisitorCache:
    @api_cached_for_visitors(foia_selectors.public_version)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(summary="Jurisdictions", description="Governments whose law applies.")
)
class JurisdictionList(_FoiaVisitorCache, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.JurisdictionSerializer

    def get_queryset(self):
        return foia_selectors.jurisdictions()


@extend_schema(tags=[PUBLIC])
@extend_schema_view(get=extend_schema(summary="One jurisdiction"))
class JurisdictionDetail(_FoiaVisitorCache, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.JurisdictionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return foia_selectors.jurisdictions()


class _ScorecardsMixin:
    """Scorecards for the agencies being shown, computed in one batch (constant queries)."""

    scorecards: dict = {}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "scorecards": self.scorecards}


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="Agencies and their scorecards",
        description="The agency directory. Each scorecard separates first response from "
        "completion, as the agency pages do.",
    )
)
class AgencyList(_FoiaVisitorCache, _ScorecardsMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.AgencySerializer

    def get_queryset(self):
        return foia_selectors.agencies_with_jurisdiction()

    def list(self, request, *args, **kwargs):
        agencies = self.paginate_queryset(self.get_queryset())
        self.scorecards = foia_selectors.agency_scorecards(agencies)
        return self.get_paginated_response(self.get_serializer(agencies, many=True).data)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(get=extend_schema(summary="One agency and its scorecard"))
class AgencyDetail(_FoiaVisitorCache, _ScorecardsMixin, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.AgencySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return foia_selectors.agencies_with_jurisdiction()

    def retrieve(self, request, *args, **kwargs):
        agency = self.get_object()
        self.scorecards = foia_selectors.agency_scorecards([agency])
        return Response(self.get_serializer(agency).data)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="Public requests",
        description="Requests staff marked public, past any embargo; drafts never appear. "
        "No private notes, owners or fees.",
    )
)
class PublicRequestList(_FoiaVisitorCache, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.PublicRequestSerializer

    def get_queryset(self):
        return foia_selectors.public_requests()


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="One public request", description="404 unless the request is public now."
    )
)
class PublicRequestDetail(_FoiaVisitorCache, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.PublicRequestSerializer
    lookup_url_kwarg = "request_id"

    def get_queryset(self):
        return foia_selectors.public_requests()


class _NumberFilterGuard:
    """The received FilterSets' NumberFilters accept any decimal (agency=1e308); SQLite
    refuses such a number when the query runs (OverflowError), so say 400 instead of 500.
    PostgreSQL already answers those with an empty result."""

    def paginate_queryset(self, queryset):
        try:
            return super().paginate_queryset(queryset)
        except OverflowError:
            raise exceptions.ValidationError(
                {"non_field_errors": ["A number in the query is out of range."]}
            ) from None


def _with_flags(tables):
    return tables.prefetch_related(Prefetch("flags", queryset=GapFlag.objects.all()))


def _public_tables(query):
    # The public sees what the gap pages list: audited tables the coverage rebuild has
    # placed. The other filters are the pages' TableFilter.
    filters = query.copy()
    filters["status"] = Table.Status.DONE
    tables = received_selectors.tables_list(filters=filters).filter(coverage__isnull=False)
    # Not those received for a private or embargoed request (the gap pages' rule).
    tables = tables.filter(pipeline_selectors.public_table_q())
    # What the neutral title reads (pipeline_selectors.dataset_public_title).
    tables = tables.select_related("received_file__request__agency")
    return _with_flags(tables)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="Audited datasets and their gap flags",
        description="Audited tables as the gap pages list them: flags in plain words, "
        "small counts hidden, never rows or sample values. `status` is always done here; "
        "`agency` is the agency's id.",
    )
)
class DatasetList(_NumberFilterGuard, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.PublicTableSerializer
    filterset_class = TableFilter

    def get_queryset(self):
        return _public_tables(self.request.query_params)

    def filter_queryset(self, queryset):
        return queryset  # already filtered by the selector

    @api_cached_for_visitors(pipeline_selectors.public_version_with_requests)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="One dataset's gap report",
        description="The facts of the dataset's public page under /gaps/: coverage, "
        "resolutions, periods, flags in plain words, columns (role and fill only) and "
        "measured links. No values from rows, no sample values, small counts hidden. 404 "
        "until the dataset is audited and placed in the coverage matrix.",
        responses={200: s.DatasetReportSerializer},
    )
)
class DatasetDetail(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.DatasetReportSerializer

    @api_cached_for_visitors(pipeline_selectors.public_version_with_requests)
    def get(self, request, table_id: int):
        dataset = pipeline_selectors.dataset_get(table_id=table_id)
        report = {
            **pipeline_selectors.dataset_facts(dataset),
            "flags": pipeline_selectors.dataset_flags_table(dataset).records(),
            "columns": pipeline_selectors.dataset_columns_table(dataset).records(),
            "links": pipeline_selectors.dataset_links_table(dataset).records(),
        }
        return Response(s.DatasetReportSerializer(report).data)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="Coverage matrix",
        description="Stage × jurisdiction × year: what was received and how linkable, as on "
        "/gaps/matrix/ and its downloads. Not paginated.",
        parameters=[s.CoverageQuerySerializer],
        responses={200: s.CoverageSerializer},
    )
)
class Coverage(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.CoverageSerializer

    @api_cached_for_visitors(pipeline_selectors.public_version)
    def get(self, request):
        query = s.CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stored = pipeline_selectors.computation()
        matrix = pipeline_selectors.matrix_table(query.validated_data.get("jurisdiction"))
        body = {
            "computed_at": stored.computed_at,
            "last_audited_at": stored.last_audited_at,
            "cells": matrix.records(),
        }
        return Response(s.CoverageSerializer(body).data)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="From calls to jail: the link funnel",
        description="For each jurisdiction and each step of the pipeline, the measured link "
        "rate or why it cannot be linked, as on /gaps/funnel/.",
        responses={200: s.FunnelSerializer},
    )
)
class Funnel(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.FunnelSerializer

    @api_cached_for_visitors(pipeline_selectors.public_version)
    def get(self, request):
        stored = pipeline_selectors.computation()
        body = {
            "computed_at": stored.computed_at,
            "steps": pipeline_selectors.funnel_table(stored).records(),
        }
        return Response(s.FunnelSerializer(body).data)


# --- Staff -------------------------------------------------------------------------------


def _request_for_staff(request_id) -> FoiaRequest:
    """Every staff member may work on every request (as on the pages)."""
    requests = foia_selectors.requests_with_relations().prefetch_related(
        "status_changes__changed_by", "appeals", "exemptions", "tracking_numbers"
    )
    found = get_object_or_404(requests, id=request_id)
    return foia_selectors.attach_day_counters([found])[0]


def _request_form(data: dict, instance: FoiaRequest | None = None) -> FoiaRequestForm:
    """The request pages' form over the API's input; on edit, unchanged fields keep
    their current values so a PATCH is checked as a whole request."""
    fields = FoiaRequestForm._meta.fields
    current = {}
    if instance is not None:
        current = {name: _form_value(value) for name, value in model_to_dict(instance).items()}
        current = {name: value for name, value in current.items() if name in fields}
    incoming = {name: _form_value(value) for name, value in data.items()}
    return FoiaRequestForm({**current, **incoming}, instance=instance, editing=bool(instance))


@extend_schema(tags=[STAFF])
@extend_schema_view(
    get=extend_schema(
        summary="Requests (staff)",
        description="All requests, filtered with the staff list's filters. Invalid filter "
        "values answer 400.",
    ),
    post=extend_schema(
        summary="Log a request",
        description="A draft, or (with date_received) a request already sent, which is then "
        "recorded as submitted and gets its statutory due date.",
        request=s.RequestWriteSerializer,
        responses={201: s.RequestDetailSerializer},
    ),
)
class RequestListCreate(generics.ListCreateAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.RequestSerializer
    filterset_class = FoiaRequestFilter

    def get_queryset(self):
        return foia_selectors.requests_with_relations()

    def list(self, request, *args, **kwargs):
        filterset = foia_selectors.request_list(data=request.query_params, request=request)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs.distinct())
        page = foia_selectors.attach_day_counters(page)
        return self.get_paginated_response(s.RequestSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        cleaned = _input_cleaned(s.RequestWriteSerializer, _request_form, request.data)
        created = foia_services.request_create(requester=request.user, data=cleaned)
        body = s.RequestDetailSerializer(_request_for_staff(created.id)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    get=extend_schema(summary="One request (staff)"),
    patch=extend_schema(
        summary="Edit a request",
        description="Send only the fields to change. The status changes through /status/.",
        request=s.RequestWriteSerializer(partial=True),
        responses={200: s.RequestDetailSerializer},
    ),
)
class RequestDetail(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.RequestDetailSerializer

    def get(self, request, request_id: int):
        return Response(s.RequestDetailSerializer(_request_for_staff(request_id)).data)

    def patch(self, request, request_id: int):
        foia_request = _request_for_staff(request_id)
        incoming = s.RequestWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        cleaned = _form_cleaned(_request_form(incoming.validated_data, foia_request))
        foia_services.request_update(request=foia_request, user=request.user, data=cleaned)
        return Response(s.RequestDetailSerializer(_request_for_staff(request_id)).data)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    post=extend_schema(
        summary="Change a request's status",
        description="Moves the request and appends the change to its history. A move the "
        "lifecycle or the law does not allow (see allowed_transitions; one extension only; "
        "no date in the future or before the previous change) answers 409 with the reason, "
        "and nothing changes.",
        request=s.TransitionSerializer,
        responses=_conflict(s.StatusChangeNoteSerializer, created=True),
    )
)
class RequestTransition(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.TransitionSerializer

    def post(self, request, request_id: int):
        foia_request = get_object_or_404(FoiaRequest, id=request_id)
        incoming = s.TransitionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            change = foia_services.request_transition(
                request=foia_request, user=request.user, **incoming.validated_data
            )
        except foia_services.TransitionError as error:
            raise _refused_transition(error) from None
        return Response(s.StatusChangeNoteSerializer(change).data, status=201)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    get=extend_schema(summary="A request's communications"),
    post=extend_schema(
        summary="Log a communication",
        description="A message to or from the agency. JSON, or multipart with an attachment.",
        request={
            "application/json": s.CommunicationWriteSerializer,
            "multipart/form-data": s.CommunicationWriteSerializer,
        },
        responses={201: s.CommunicationSerializer},
    ),
)
class CommunicationListCreate(_FiledOnARequest, generics.ListCreateAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.CommunicationSerializer
    parser_classes = [JSONParser, MultiPartParser]

    model = Communication

    def get_queryset(self):
        return super().get_queryset().select_related("logged_by")

    def create(self, request, request_id: int):
        foia_request = get_object_or_404(FoiaRequest, id=request_id)
        incoming = s.CommunicationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = {"channel": Communication.Channel.EMAIL, **incoming.validated_data}
        attachment = data.pop("attachment", None)
        form = CommunicationForm(data, {"attachment": attachment} if attachment else {})
        message = foia_services.communication_log(
            request=foia_request, user=request.user, **_form_cleaned(form)
        )
        return Response(s.CommunicationSerializer(message).data, status=201)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    get=extend_schema(summary="A request's appeals"),
    post=extend_schema(
        summary="File an appeal",
        description="Records the appeal and moves the request to 'appeal'. Only an answer "
        "that can be appealed allows it (see allowed_transitions); otherwise 409 and nothing "
        "changes.",
        request=s.AppealWriteSerializer,
        responses=_conflict(s.AppealSerializer, created=True),
    ),
)
class AppealListCreate(_FiledOnARequest, generics.ListCreateAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.AppealSerializer

    model = Appeal

    def create(self, request, request_id: int):
        foia_request = get_object_or_404(FoiaRequest, id=request_id)
        cleaned = _input_cleaned(s.AppealWriteSerializer, AppealForm, request.data)
        try:
            appeal = foia_services.appeal_file(request=foia_request, user=request.user, **cleaned)
        except foia_services.TransitionError as error:
            raise _refused_transition(error) from None
        return Response(s.AppealSerializer(appeal).data, status=201)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    post=extend_schema(
        summary="Record an appeal's decision",
        description="Sets the outcome and moves the request to 'appeal decided'. A decision "
        "the lifecycle does not allow (already decided, a date before the appeal) answers "
        "409 and nothing changes.",
        request=s.AppealDecisionSerializer,
        responses=_conflict(s.AppealSerializer),
    )
)
class AppealDecision(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.AppealDecisionSerializer

    def post(self, request, appeal_id: int):
        appeal = get_object_or_404(Appeal.objects.select_related("request"), id=appeal_id)
        cleaned = _input_cleaned(s.AppealDecisionSerializer, AppealDecisionForm, request.data)
        try:
            foia_services.appeal_decide(appeal=appeal, user=request.user, **cleaned)
        except foia_services.TransitionError as error:
            raise _refused_transition(error) from None
        except ValidationError as error:
            raise _invalid(error) from None
        return Response(s.AppealSerializer(appeal).data)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    get=extend_schema(summary="The exemptions an agency cited on a request"),
    post=extend_schema(
        summary="Record an exemption cited",
        description="The law section and its text, and the catalogue's codes of the fields "
        "withheld (none: the request as a whole). Counted in the agency's scorecard and "
        "quoted in appeal letters.",
        request=s.ExemptionWriteSerializer,
        responses={201: s.ExemptionSerializer},
    ),
)
class ExemptionListCreate(_FiledOnARequest, generics.ListCreateAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.ExemptionSerializer

    model = Exemption

    def create(self, request, request_id: int):
        foia_request = get_object_or_404(FoiaRequest, id=request_id)
        cleaned = _input_cleaned(s.ExemptionWriteSerializer, ExemptionForm, request.data)
        try:
            exemption = foia_services.exemption_record(
                request=foia_request, user=request.user, **cleaned
            )
        except ValidationError as error:
            raise _invalid(error) from None
        return Response(s.ExemptionSerializer(exemption).data, status=201)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    get=extend_schema(summary="A request's tracking numbers"),
    post=extend_schema(
        summary="Add a tracking number",
        description="One of the agency's reference numbers (agencies split requests); the "
        "first becomes the request's own. A number already recorded answers 409.",
        request=s.TrackingNumberWriteSerializer,
        responses=_conflict(s.TrackingNumberSerializer, created=True),
    ),
)
class TrackingNumberListCreate(_FiledOnARequest, generics.ListCreateAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.TrackingNumberSerializer
    model = TrackingNumber

    def create(self, request, request_id: int):
        foia_request = get_object_or_404(FoiaRequest, id=request_id)
        cleaned = _input_cleaned(
            s.TrackingNumberWriteSerializer,
            TrackingNumberForm,
            request.data,
            status=Status.SUBMITTED,
        )
        try:
            tracking = foia_services.tracking_number_add(request=foia_request, **cleaned)
        except ValidationError as error:
            raise Conflict(" ".join(error.messages)) from None
        return Response(s.TrackingNumberSerializer(tracking).data, status=201)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    patch=extend_schema(
        summary="Set a tracking number's status",
        description="Where one part of a split request stands. The request's own status "
        "moves only through its status endpoint.",
        request=s.TrackingStatusSerializer,
        responses={200: s.TrackingNumberSerializer},
    )
)
class TrackingNumberStatus(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.TrackingStatusSerializer

    def patch(self, request, request_id: int, tracking_id: int):
        tracking = get_object_or_404(TrackingNumber, id=tracking_id, request_id=request_id)
        cleaned = _input_cleaned(s.TrackingStatusSerializer, TrackingStatusForm, request.data)
        tracking = foia_services.tracking_number_set_status(tracking=tracking, **cleaned)
        return Response(s.TrackingNumberSerializer(tracking).data)


@extend_schema(tags=[STAFF])
@extend_schema_view(
    put=extend_schema(
        summary="Record the fields the agency does not keep",
        description="Replaces the list of field codes the agency says it does not collect "
        "(the availability tier 'not collected').",
        request=s.FieldsNotHeldSerializer,
        responses={200: s.FieldsNotHeldSerializer},
    )
)
class FieldsNotHeld(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = s.FieldsNotHeldSerializer

    def put(self, request, request_id: int):
        foia_request = get_object_or_404(FoiaRequest, id=request_id)
        cleaned = _input_cleaned(s.FieldsNotHeldSerializer, FieldsNotHeldForm, request.data)
        foia_request = foia_services.request_mark_fields_not_held(
            request=foia_request, fields=cleaned["fields"]
        )
        return Response({"fields": foia_request.fields_not_held})


# --- Data admins -------------------------------------------------------------------------


class _SizeLimitedUploadMixin:
    """Refuse oversized uploads before they are written to disk, as the upload page does."""

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            # Installed before authentication: a CSRF check on a session may read the body.
            handler = SizeLimitUploadHandler(request._request, max_upload_bytes())
            request._request.upload_handlers.insert(0, handler)
        super().initial(request, *args, **kwargs)
        if request.method == "POST" and declared_too_large(request._request, max_upload_bytes()):
            raise PayloadTooLarge(too_large_message())

    def uploaded_data(self, request):
        data = request.data  # parses the body through the size-limit handler
        if getattr(request._request, "upload_too_large", False):
            raise PayloadTooLarge(too_large_message())
        return data


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(
        summary="Received files",
        description="Newest first, each with its tables. Filters as on the files page.",
    ),
    post=extend_schema(
        summary="Upload a received file",
        description="Multipart upload of what an agency sent. 201 with the file and its "
        "tables (each queued for audit; poll /tables/{id}/status/); 200 with the stored file "
        "when the same bytes were uploaded before; 413 over the size limit; 400 when the "
        "file cannot be read as tables (it is kept: `fields.file_id` names it).",
        request={"multipart/form-data": s.UploadSerializer},
        responses={
            201: s.ReceivedFileSerializer,
            200: OpenApiResponse(s.ReceivedFileSerializer, description="Already uploaded."),
            413: ErrorSerializer,
        },
    ),
)
class ReceivedFileListCreate(
    _NumberFilterGuard, _SizeLimitedUploadMixin, generics.ListCreateAPIView
):
    permission_classes = [IsDataAdmin]
    serializer_class = s.ReceivedFileListSerializer
    filterset_class = ReceivedFileFilter
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return received_selectors.received_files_list(filters=self.request.query_params)

    def filter_queryset(self, queryset):
        return queryset  # already filtered by the selector

    def create(self, request, *args, **kwargs):
        incoming = s.UploadSerializer(data=self.uploaded_data(request))
        incoming.is_valid(raise_exception=True)
        fields = {k: _form_value(v) for k, v in incoming.validated_data.items() if k != "file"}
        upload = incoming.validated_data["file"]
        cleaned = _form_cleaned(UploadForm(fields, {"file": upload}))
        try:
            received, created = received_file_create(
                chunks=cleaned["file"].chunks(),
                original_name=cleaned["file"].name,
                uploaded_by=request.user,
                agency=cleaned["agency"],
                request=cleaned["request"],
                stage=cleaned["stage"],
                notes=cleaned["notes"],
            )
        except UploadTooLargeError as error:
            raise PayloadTooLarge(str(error)) from None
        received = received_selectors.received_file_get(file_id=received.id)
        return _upload_response(received, created)


def _upload_response(received, created: bool) -> Response:
    tables = list(received.tables.all())
    if not tables or all(not table.source.get("format") for table in tables):
        # Kept as what the agency sent, but there is nothing to audit: tell the script.
        message = tables[0].error_message if tables else "The file holds no table."
        body = error_body(400, "unreadable_file", f"The file cannot be read as a table: {message}")
        body["error"]["fields"] = {"file": [message], "file_id": [received.id]}
        return Response(body, status=400)
    body = s.ReceivedFileSerializer(received).data
    return Response(body, status=201 if created else 200)


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(get=extend_schema(summary="One received file and its tables"))
class ReceivedFileDetail(generics.GenericAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.ReceivedFileSerializer

    def get(self, request, file_id: int):
        received = received_selectors.received_file_get(file_id=file_id)
        return Response(s.ReceivedFileSerializer(received).data)


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(
        summary="Tables (all statuses)",
        description="Every table with its flags; filters as the pages' TableFilter "
        "(`agency` is the agency's id).",
    )
)
class TableList(_NumberFilterGuard, generics.ListAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.TableBaseSerializer
    filterset_class = TableFilter

    def get_queryset(self):
        return _with_flags(received_selectors.tables_list(filters=self.request.query_params))

    def filter_queryset(self, queryset):
        return queryset  # already filtered by the selector


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(
        summary="One table's full audit",
        description="Column profiles with sample values, and the full findings.",
    )
)
class TableDetail(generics.GenericAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.TableSerializer

    def get(self, request, table_id: int):
        return Response(s.TableSerializer(received_selectors.table_get(table_id=table_id)).data)


def _status_body(table: Table) -> dict:
    return {"id": table.id, "finished": table.is_finished, **received_selectors.table_status(table)}


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(
        summary="Follow a table's audit",
        description="Poll until `finished` is true (status done or failed).",
    )
)
class TableStatus(generics.GenericAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.TableStatusSerializer

    def get(self, request, table_id: int):
        table = get_object_or_404(
            Table.objects.only("status", "rows_read", "progress", "error_message"), id=table_id
        )
        response = Response(_status_body(table))
        response["Cache-Control"] = "no-store"
        return response


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    post=extend_schema(
        summary="Correct column roles",
        description="Sets roles for named columns (merged with earlier corrections) and "
        "queues the audit again: 202, then poll the status. 400 for a column the table "
        "does not have; 409 while the table is being audited or cannot be re-run.",
        request=s.RolesSerializer,
        responses={202: s.TableStatusSerializer, 409: ErrorSerializer},
    )
)
class TableRoles(generics.GenericAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.RolesSerializer

    def post(self, request, table_id: int):
        table = received_selectors.table_get(table_id=table_id)
        incoming = s.RolesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        roles = incoming.validated_data["roles"]
        known = {column.name for column in table.columns.all()}
        unknown = sorted(set(roles) - known)
        if unknown:
            raise exceptions.ValidationError(
                {"roles": [f"The table has no column named {name!r}." for name in unknown]}
            )
        try:
            updated = table_roles_correct(
                table_id=table.id, role_overrides={**table.role_overrides, **roles}
            )
        except TableActionError as error:
            raise Conflict(str(error)) from None
        return Response(_status_body(updated), status=202)


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(summary="Recent link runs", description="The latest 50, newest first."),
    post=extend_schema(
        summary="Start a linkage",
        description="Queue a link run between two audited tables (earlier stage on the "
        "left); a worker measures it. 201, then poll /link-runs/{id}/. 400 for tables that "
        "are the same or not audited.",
        request=s.LinkRunCreateSerializer,
        responses={201: s.LinkRunSerializer, 409: ErrorSerializer},
    ),
)
class LinkRunListCreate(generics.ListCreateAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.LinkRunSerializer

    def get_queryset(self):
        return pipeline_selectors.link_runs_recent()

    def create(self, request, *args, **kwargs):
        cleaned = _input_cleaned(s.LinkRunCreateSerializer, LinkRunForm, request.data)
        try:
            run = pipeline_services.link_run_create(
                left_table=cleaned["left_table"],
                right_table=cleaned["right_table"],
                user=request.user,
            )
        except pipeline_services.LinkRunError as error:
            raise Conflict(" ".join(error.messages)) from None
        run = pipeline_selectors.link_run_get(run_id=run.id)
        return Response(s.LinkRunSerializer(run).data, status=201)


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(get=extend_schema(summary="One link run (poll until done or failed)"))
class LinkRunDetail(generics.GenericAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.LinkRunSerializer

    def get(self, request, run_id: int):
        return Response(s.LinkRunSerializer(pipeline_selectors.link_run_get(run_id=run_id)).data)


# --- Tokens ------------------------------------------------------------------------------


@extend_schema(tags=[AUTH])
@extend_schema_view(
    post=extend_schema(
        summary="Get your API token",
        description="Exchange a username and password for a new token, named 'API login "
        "<date>', expiring after API_TOKEN_LIFETIME_DAYS (90 by default); keep and reuse it. "
        "List and revoke tokens at /account/tokens/. Send it as 'Authorization: Token "
        "<token>'. Rate-limited.",
        request=s.TokenRequestSerializer,
        responses={200: s.TokenSerializer},
    )
)
class TokenObtain(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.TokenRequestSerializer
    parser_classes = [JSONParser, FormParser]

    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        if not credentials.is_valid():
            # django-axes marks the request it was given when this username and address
            # are locked out after repeated failures: say so, as the login page does.
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(
                    detail="Too many failed logins for this username from this address; "
                    "try again later."
                )
            raise exceptions.ValidationError(credentials.errors)
        return Response(
            {"token": api_token_issue_for_login(user=credentials.validated_data["user"])}
        )
