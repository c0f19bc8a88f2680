"""Tables: list, detail, status and role corrections (data admins)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.errors import Conflict
from foiatrack.api.permissions import IsDataAdmin
from foiatrack.api.schema import ErrorSerializer
from foiatrack.api.views.common import DATA_ADMIN, _NumberFilterGuard, _with_flags
from foiatrack.received import selectors as received_selectors
from foiatrack.received.filters import TableFilter
from foiatrack.received.models import Table
from foiatrack.received.services import (
    TableActionError,
    table_roles_correct,
)


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
