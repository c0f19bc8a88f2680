"""What is filed on a request: messages, appeals, exemptions, tracking numbers, fields not held."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.errors import Conflict
from foiatrack.api.parsers import JSONParser, MultiPartParser
from foiatrack.api.permissions import IsStaffMember
from foiatrack.api.views.common import (
    STAFF,
    _conflict,
    _FiledOnARequest,
    _form_cleaned,
    _input_cleaned,
    _invalid,
    _refused_transition,
)
from foiatrack.foia import services as foia_services
from foiatrack.foia.forms import (
    AppealDecisionForm,
    AppealForm,
    CommunicationForm,
    ExemptionForm,
    FieldsNotHeldForm,
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
