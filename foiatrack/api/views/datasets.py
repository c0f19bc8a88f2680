"""Audited datasets as the gap pages report them (public)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.views.common import PUBLIC, _NumberFilterGuard, _with_flags
from foiatrack.core.public_cache import api_cached_for_visitors
from foiatrack.pipeline import selectors as pipeline_selectors
from foiatrack.received import selectors as received_selectors
from foiatrack.received.filters import TableFilter
from foiatrack.received.models import Table


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
