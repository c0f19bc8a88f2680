"""The coverage matrix and the funnel (public)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.views.common import PUBLIC
from foiatrack.core.public_cache import api_cached_for_visitors
from foiatrack.pipeline import selectors as pipeline_selectors


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
