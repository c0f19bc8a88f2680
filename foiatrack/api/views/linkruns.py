"""Link runs between two tables (data admins)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.errors import Conflict
from foiatrack.api.permissions import IsDataAdmin
from foiatrack.api.schema import ErrorSerializer
from foiatrack.api.views.common import DATA_ADMIN, _input_cleaned
from foiatrack.pipeline import selectors as pipeline_selectors
from foiatrack.pipeline import services as pipeline_services
from foiatrack.pipeline.forms import LinkRunForm


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
