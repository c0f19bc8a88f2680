"""API for mail (staff): send a request's letter, list received messages, file one from
the triage queue, confirm a suggested status. The same services as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from foiatrack.api.errors import Conflict
from foiatrack.api.permissions import IsStaffMember
from foiatrack.api.schema import ErrorSerializer
from foiatrack.foia.models import FoiaRequest
from foiatrack.mail import selectors
from foiatrack.mail.models import Dispatch, MailAttachment, MailMessage
from foiatrack.mail.receiving import AssignmentError, message_assign
from foiatrack.mail.sending import SendError, letter_send
from foiatrack.mail.suggestions import SuggestionError, suggestion_confirm

STAFF = "Staff"
REFUSED = OpenApiResponse(ErrorSerializer, description="Refused; the message says why.")


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
