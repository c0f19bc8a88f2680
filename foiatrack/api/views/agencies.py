"""Jurisdictions, agencies and their scorecards (public)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.views.common import PUBLIC, _FoiaVisitorCache
from foiatrack.foia import selectors as foia_selectors

# --- Public ------------------------------------------------------------------------------


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
        self.scorecards = foia_selectors.public_scorecards(agencies)
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
        self.scorecards = foia_selectors.public_scorecards([agency])
        return Response(self.get_serializer(agency).data)
