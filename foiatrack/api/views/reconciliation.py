"""API for reconciliations (stated counts vs records) and delivery comparisons.

Public: a dataset's reconciliation and its change since the previous delivery, for public
datasets only, small counts and the totals that would reveal them withheld. Staff see every
figure (and private datasets), as on the dataset's page. Data admins start runs and read
them whole under /reconciliations/ and /delivery-comparisons/.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api.errors import Conflict
from foiatrack.api.permissions import IsDataAdmin
from foiatrack.api.serializers.reconciliation import (
    ComparisonCreateSerializer,
    ComparisonSerializer,
    DatasetChangesSerializer,
    DatasetReconciliationSerializer,
    ReconciliationCreateSerializer,
    ReconciliationSerializer,
)
from foiatrack.api.views.common import DATA_ADMIN, PUBLIC
from foiatrack.core.roles import is_staff_member
from foiatrack.pipeline import reconciliation, selectors
from foiatrack.pipeline.models import DeliveryComparison, Reconciliation
from foiatrack.received.models import Table


def _dataset_data(request, table_id: int) -> dict:
    """404 for a dataset the caller may not see; figures withheld for the public."""
    full = is_staff_member(request.user)  # as on the dataset's page
    selectors.dataset_header(table_id=table_id, include_private=full)
    return reconciliation.dataset_reconciliation(table_id=table_id, public=not full)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="A dataset's reconciliation",
        description="The agency's stated counts against the records received, per cell, "
        "period and area. Public datasets only; counts 1–9 and every total that would "
        'reveal one are "<10" for the public. null until a reconciliation has run.',
    )
)
class DatasetReconciliation(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = DatasetReconciliationSerializer

    def get(self, request, table_id: int):
        data = _dataset_data(request, table_id)
        body = {
            "table_id": table_id,
            **{k: data[k] for k in ("reconciliation", "reconciliation_id")},
        }
        return Response(DatasetReconciliationSerializer(body).data)


@extend_schema(tags=[PUBLIC])
@extend_schema_view(
    get=extend_schema(
        summary="A dataset's change since the previous delivery",
        description="Columns added, dropped and renamed, fill and redaction changes, periods "
        "and areas lost, rows per period, flags added and cleared. Public datasets only; "
        'small row counts "<10" for the public. null until a comparison has run.',
    )
)
class DatasetChanges(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = DatasetChangesSerializer

    def get(self, request, table_id: int):
        data = _dataset_data(request, table_id)
        body = {
            "table_id": table_id,
            **{k: data[k] for k in ("changes", "degradations", "comparison_id")},
        }
        return Response(DatasetChangesSerializer(body).data)


def _tables(data: dict, first: str, second: str) -> tuple[Table, Table]:
    found = {t.id: t for t in Table.objects.filter(id__in=[data[first], data[second]])}
    missing = [name for name in (first, second) if data[name] not in found]
    if missing:
        raise exceptions.ValidationError({name: ["No such table."] for name in missing})
    return found[data[first]], found[data[second]]


class _PairListCreate(generics.ListCreateAPIView):
    permission_classes = [IsDataAdmin]
    pagination_class = None
    model = None
    create_serializer = None
    tables = ("", "")

    def get_queryset(self):
        return self.model.objects.order_by("-created_at", "-id")[:50]

    def create(self, request, *args, **kwargs):
        checked = self.create_serializer(data=request.data)
        checked.is_valid(raise_exception=True)
        first, second = _tables(checked.validated_data, *self.tables)
        try:
            row = self.start(
                first, second, checked.validated_data.get("column_overrides"), request.user
            )
        except reconciliation.ReconciliationError as error:
            raise Conflict(" ".join(error.messages)) from None
        row.refresh_from_db()
        return Response(self.serializer_class(row).data, status=201)


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(summary="Recent reconciliations"),
    post=extend_schema(
        summary="Reconcile an aggregate with records",
        description="Queue a reconciliation of two audited tables; poll /reconciliations/{id}/. "
        "column_overrides names the dimension columns: {\"period\": [aggregate's, records'"
        "]}. 409 for the same table twice or one not audited.",
        request=ReconciliationCreateSerializer,
        responses={201: ReconciliationSerializer},
    ),
)
class ReconciliationListCreate(_PairListCreate):
    serializer_class = ReconciliationSerializer
    model = Reconciliation
    create_serializer = ReconciliationCreateSerializer
    tables = ("aggregate_table", "records_table")

    def start(self, first, second, overrides, user):
        return reconciliation.reconciliation_create(
            aggregate_table=first, records_table=second, user=user, column_overrides=overrides
        )


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(summary="Recent delivery comparisons"),
    post=extend_schema(
        summary="Compare a delivery with an earlier one",
        description="Queue a comparison; a worker raises DEGRADED_DELIVERY on the newer "
        "table when it is worse. 409 for the same table twice or one not audited.",
        request=ComparisonCreateSerializer,
        responses={201: ComparisonSerializer},
    ),
)
class ComparisonListCreate(_PairListCreate):
    serializer_class = ComparisonSerializer
    model = DeliveryComparison
    create_serializer = ComparisonCreateSerializer
    tables = ("old_table", "new_table")

    def start(self, first, second, overrides, user):
        return reconciliation.comparison_create(
            old_table=first, new_table=second, user=user, column_overrides=overrides
        )


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(get=extend_schema(summary="One reconciliation (poll until done)"))
class ReconciliationDetail(generics.RetrieveAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = ReconciliationSerializer
    queryset = Reconciliation.objects.all()
    lookup_url_kwarg = "run_id"


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(get=extend_schema(summary="One delivery comparison (poll until done)"))
class ComparisonDetail(generics.RetrieveAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = ComparisonSerializer
    queryset = DeliveryComparison.objects.all()
    lookup_url_kwarg = "run_id"
