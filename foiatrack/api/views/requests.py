"""Requests: the public list, the staff list, detail and status changes."""

from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.permissions import IsStaffMember
from foiatrack.api.views.common import (
    PUBLIC,
    STAFF,
    _conflict,
    _FoiaVisitorCache,
    _form_cleaned,
    _form_value,
    _input_cleaned,
    _refused_transition,
)
from foiatrack.foia import selectors as foia_selectors
from foiatrack.foia import services as foia_services
from foiatrack.foia.filters import FoiaRequestFilter
from foiatrack.foia.forms import (
    FoiaRequestForm,
)
from foiatrack.foia.models import (
    FoiaRequest,
)


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
