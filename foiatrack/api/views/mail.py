"""API for mail (staff): send a request's letter, list received messages, file one from
the triage queue, confirm a suggested status. The same services as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from foiatrack.api.errors import Conflict
from foiatrack.api.permissions import IsStaffMember
from foiatrack.api.schema import ErrorSerializer
from foiatrack.api.serializers.mail import (
    AssignSerializer,
    DispatchSerializer,
    MailMessageSerializer,
    SendSerializer,
)
from foiatrack.api.views.common import STAFF
from foiatrack.foia.models import FoiaRequest
from foiatrack.mail import selectors
from foiatrack.mail.models import MailMessage
from foiatrack.mail.receiving import AssignmentError, message_assign
from foiatrack.mail.sending import SendError, letter_send
from foiatrack.mail.suggestions import SuggestionError, suggestion_confirm

REFUSED = OpenApiResponse(ErrorSerializer, description="Refused; the message says why.")


def _messages_query(request):
    queryset = selectors.messages_with_attachments()
    if request.query_params.get("triage") in ("1", "true"):
        queryset = queryset.filter(request__isnull=True)
    request_id = request.query_params.get("request")
    if request_id:
        if not request_id.isdigit() or len(request_id) > 18:
            raise serializers.ValidationError({"request": ["A request id is a whole number."]})
        queryset = queryset.filter(request_id=int(request_id))
    return queryset


@extend_schema(
    tags=[STAFF],
    summary="Send a request's letter by e-mail",
    description="Idempotent: the same key (and the initial letter ever) is sent once.",
    request=SendSerializer,
    responses={201: DispatchSerializer, 200: DispatchSerializer, 409: REFUSED},
)
class SendLetter(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = SendSerializer

    def post(self, request, request_id: int):
        foia_request = get_object_or_404(FoiaRequest, id=request_id)
        incoming = SendSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            dispatch, sent_now = letter_send(
                request=foia_request, user=request.user, **incoming.validated_data
            )
        except SendError as error:
            raise Conflict(str(error), code="not_sent") from None
        data = DispatchSerializer(dispatch, context={"sent_now": sent_now}).data
        return Response(data, status=201 if sent_now else 200)


@extend_schema(
    tags=[STAFF],
    summary="Received mail",
    parameters=[
        OpenApiParameter("triage", str, description="1: only messages no request matched."),
        OpenApiParameter("request", int, description="Only messages filed on this request."),
    ],
)
class MailMessageList(generics.ListAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = MailMessageSerializer

    def get_queryset(self):
        return _messages_query(self.request)


@extend_schema(
    tags=[STAFF],
    summary="File a message on a request",
    description="From the triage queue; or accept an unverified sender's data files.",
    request=AssignSerializer,
    responses={200: MailMessageSerializer, 409: REFUSED},
)
class MailMessageAssign(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = AssignSerializer

    def post(self, request, message_id: int):
        message = get_object_or_404(MailMessage, id=message_id)
        incoming = AssignSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        target = get_object_or_404(FoiaRequest, id=incoming.validated_data["request"])
        try:
            result = message_assign(message=message, request=target, user=request.user)
        except AssignmentError as error:
            raise Conflict(str(error), code="not_assigned") from None
        fresh = selectors.messages_with_attachments().get(id=result.message.id)
        return Response(MailMessageSerializer(fresh).data)


@extend_schema(
    tags=[STAFF],
    summary="Confirm a message's suggested status",
    request=None,
    responses={200: MailMessageSerializer, 409: REFUSED},
)
class MailMessageConfirm(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = MailMessageSerializer

    def post(self, request, message_id: int):
        message = get_object_or_404(MailMessage, id=message_id)
        try:
            suggestion_confirm(message=message, user=request.user)
        except SuggestionError as error:
            raise Conflict(str(error), code="not_confirmed") from None
        fresh = selectors.messages_with_attachments().get(id=message.id)
        return Response(MailMessageSerializer(fresh).data)


# The views as wired in api/urls.py (one line each).
send = SendLetter.as_view()
messages = MailMessageList.as_view()
assign = MailMessageAssign.as_view()
confirm = MailMessageConfirm.as_view()
