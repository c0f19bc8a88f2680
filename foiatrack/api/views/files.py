"""Received files and uploads (data admins)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.errors import PayloadTooLarge, error_body
from foiatrack.api.parsers import MultiPartParser
from foiatrack.api.permissions import IsDataAdmin
from foiatrack.api.schema import ErrorSerializer
from foiatrack.api.views.common import DATA_ADMIN, _form_cleaned, _form_value, _NumberFilterGuard
from foiatrack.received import selectors as received_selectors
from foiatrack.received.filters import ReceivedFileFilter
from foiatrack.received.forms import UploadForm
from foiatrack.received.services import (
    UploadTooLargeError,
    max_upload_bytes,
    received_file_from_form,
    too_large_message,
)
from foiatrack.received.uploads import SizeLimitUploadHandler, declared_too_large

# --- Data admins -------------------------------------------------------------------------


class _SizeLimitedUploadMixin:
    """Refuse oversized uploads before they are written to disk, as the upload page does."""

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            # Installed before authentication: a CSRF check on a session may read the body.
            handler = SizeLimitUploadHandler(request._request, max_upload_bytes())
            request._request.upload_handlers.insert(0, handler)
        super().initial(request, *args, **kwargs)
        if request.method == "POST" and declared_too_large(request._request, max_upload_bytes()):
            raise PayloadTooLarge(too_large_message())

    def uploaded_data(self, request):
        data = request.data  # parses the body through the size-limit handler
        if getattr(request._request, "upload_too_large", False):
            raise PayloadTooLarge(too_large_message())
        return data


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(
    get=extend_schema(
        summary="Received files",
        description="Newest first, each with its tables. Filters as on the files page.",
    ),
    post=extend_schema(
        summary="Upload a received file",
        description="Multipart upload of what an agency sent. 201 with the file and its "
        "tables (each queued for audit; poll /tables/{id}/status/); 200 with the stored file "
        "when the same bytes were uploaded before; 413 over the size limit; 400 when the "
        "file cannot be read as tables (it is kept: `fields.file_id` names it).",
        request={"multipart/form-data": s.UploadSerializer},
        responses={
            201: s.ReceivedFileSerializer,
            200: OpenApiResponse(s.ReceivedFileSerializer, description="Already uploaded."),
            413: ErrorSerializer,
        },
    ),
)
class ReceivedFileListCreate(
    _NumberFilterGuard, _SizeLimitedUploadMixin, generics.ListCreateAPIView
):
    permission_classes = [IsDataAdmin]
    serializer_class = s.ReceivedFileListSerializer
    filterset_class = ReceivedFileFilter
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return received_selectors.received_files_list(filters=self.request.query_params)

    def filter_queryset(self, queryset):
        return queryset  # already filtered by the selector

    def create(self, request, *args, **kwargs):
        incoming = s.UploadSerializer(data=self.uploaded_data(request))
        incoming.is_valid(raise_exception=True)
        fields = {k: _form_value(v) for k, v in incoming.validated_data.items() if k != "file"}
        upload = incoming.validated_data["file"]
        cleaned = _form_cleaned(UploadForm(fields, {"file": upload}))
        try:
            received, created = received_file_from_form(cleaned=cleaned, uploaded_by=request.user)
        except UploadTooLargeError as error:
            raise PayloadTooLarge(str(error)) from None
        received = received_selectors.received_file_get(file_id=received.id)
        return _upload_response(received, created)


def _upload_response(received, created: bool) -> Response:
    tables = list(received.tables.all())
    if not tables or all(not table.source.get("format") for table in tables):
        # Kept as what the agency sent, but there is nothing to audit: tell the script.
        message = tables[0].error_message if tables else "The file holds no table."
        body = error_body(400, "unreadable_file", f"The file cannot be read as a table: {message}")
        body["error"]["fields"] = {"file": [message], "file_id": [received.id]}
        return Response(body, status=400)
    body = s.ReceivedFileSerializer(received).data
    return Response(body, status=201 if created else 200)


@extend_schema(tags=[DATA_ADMIN])
@extend_schema_view(get=extend_schema(summary="One received file and its tables"))
class ReceivedFileDetail(generics.GenericAPIView):
    permission_classes = [IsDataAdmin]
    serializer_class = s.ReceivedFileSerializer

    def get(self, request, file_id: int):
        received = received_selectors.received_file_get(file_id=file_id)
        return Response(s.ReceivedFileSerializer(received).data)
