"""Data admins' pages: upload, files, tables, findings, progress, role corrections."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from foiatrack.core.disk_full import DISK_FULL_MESSAGE, is_disk_full
from foiatrack.core.models import Stage
from foiatrack.core.roles import data_admin_required
from foiatrack.received import selectors
from foiatrack.received.forms import RolesForm, UploadForm
from foiatrack.received.models import ReceivedFile, Table
from foiatrack.received.services import (
    TableActionError,
    UploadTooLargeError,
    max_upload_bytes,
    received_file_from_form,
    table_requeue,
    table_roles_correct,
    too_large_message,
)
from foiatrack.received.templatetags.audit_time import audit_seconds
from foiatrack.received.uploads import SizeLimitUploadHandler, declared_too_large

FILES_PER_PAGE = 50


@require_GET
@data_admin_required
def file_list(request):
    try:
        files = selectors.received_files_list(filters=request.GET)
    except ValidationError:
        return HttpResponseBadRequest("Invalid filter.")
    page = Paginator(files, FILES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(received, selectors.received_file_status(received)) for received in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "statuses": Table.Status.choices,
        "stages": Stage.objects.all(),
        "chosen": {"status": request.GET.get("status", ""), "stage": request.GET.get("stage", "")},
    }
    return render(request, "received/file_list.html", context)


# CSRF is checked in _upload, after the size check: the CSRF middleware would otherwise
# read (and store) the whole body before an oversized upload could be refused.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@data_admin_required
def upload(request):
    if request.method == "POST":
        if declared_too_large(request, max_upload_bytes()):
            return _upload_refused(request, too_large_message())
        request.upload_handlers.insert(0, SizeLimitUploadHandler(request, max_upload_bytes()))
    try:
        return _upload(request)
    except OSError as error:
        # Django's temporary file or our store filled the disk; nothing partial is kept.
        if not is_disk_full(error):
            raise
        return _render_upload(request, UploadForm(), status=507, refusal=DISK_FULL_MESSAGE)


@csrf_protect
def _upload(request):
    if request.method != "POST":
        # Linked from a request's page: that request is chosen already.
        chosen = request.GET.get("request", "")
        initial = {"request": int(chosen)} if chosen.isdigit() else {}
        return _render_upload(request, UploadForm(initial=initial))
    form = UploadForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        return _upload_refused(request, too_large_message())
    if not form.is_valid():
        return _render_upload(request, form, status=400)
    data = form.cleaned_data
    try:
        received, created = received_file_from_form(cleaned=data, uploaded_by=request.user)
    except UploadTooLargeError as error:
        return _upload_refused(request, str(error))
    _report_upload(request, received, created)
    return redirect("received:file_detail", file_id=received.id)


def _upload_refused(request, message: str):
    return _render_upload(request, UploadForm(), status=413, refusal=message)


def _render_upload(request, form: UploadForm, status: int = 200, refusal: str = ""):
    context = {"form": form, "max_upload_bytes": max_upload_bytes(), "refusal": refusal}
    return render(request, "received/upload.html", context, status=status)


def _report_upload(request, received: ReceivedFile, created: bool) -> None:
    if not created and getattr(received, "repaired", False):
        messages.warning(
            request,
            f"This exact file was uploaded before, on {received.uploaded_at:%Y-%m-%d}, but its "
            "stored copy was lost or its audit failed on an internal error. It has been "
            "restored from this upload and queued for audit again.",
        )
        return
    if not created:
        messages.info(
            request,
            f"This exact file was already uploaded on {received.uploaded_at:%Y-%m-%d} "
            f"as “{received.original_name}”; here it is. It was not stored or audited again.",
        )
        return
    tables = list(received.tables.all())
    if len(tables) == 1 and tables[0].status == Table.Status.FAILED:
        messages.error(
            request,
            f"The file was kept, but it cannot be read as a table: {tables[0].error_message}",
        )
    else:
        messages.success(request, upload_summary(tables))


def upload_summary(tables: list[Table]) -> str:
    """What became of the upload's tables, as it is now: with tasks in-process they are
    audited already, so the page says so (and how long it took) instead of "queued"."""
    finished = [t for t in tables if t.status in (Table.Status.DONE, Table.Status.FAILED)]
    waiting = len(tables) - len(finished)
    parts = []
    if finished:
        seconds = audit_seconds(finished)
        took = f" in {seconds:.1f} s" if seconds is not None else ""
        failed = sum(t.status == Table.Status.FAILED for t in finished)
        parts.append(
            f"{len(finished)} table(s) audited{took}" + (f", {failed} failed" if failed else "")
        )
    if waiting:
        parts.append(f"{waiting} table(s) waiting for a worker: progress shows below")
    return "Uploaded. " + "; ".join(parts) + "."


@require_GET
@data_admin_required
def file_detail(request, file_id: int):
    received = selectors.received_file_get(file_id=file_id)
    return render(
        request,
        "received/file_detail.html",
        {
            "received": received,
            "tables": received.tables.all(),
            "status": selectors.received_file_status(received),
        },
    )


@require_GET
@data_admin_required
def file_download(request, file_id: int):
    received = get_object_or_404(ReceivedFile, id=file_id)
    try:
        handle = received.stored_file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    # Always a download of opaque bytes: an agency's file must never render in our origin.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=received.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@data_admin_required
def table_detail(request, table_id: int):
    table = selectors.table_get(table_id=table_id)
    findings = selectors.table_findings(table)
    return render(
        request,
        "received/table_detail.html",
        {
            "table": table,
            "received": table.received_file,
            "findings": findings,
            "dropped_rows": [
                (reason.replace("_", " "), count)
                for reason, count in ((findings or {}).get("dropped_rows") or {}).items()
            ],
            "columns": table.columns.all(),
            "flags": table.flags.all(),
        },
    )


@require_GET
@data_admin_required
def table_status(request, table_id: int):
    table = get_object_or_404(
        Table.objects.only("status", "rows_read", "progress", "error_message"), id=table_id
    )
    response = JsonResponse(selectors.table_status(table))
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@data_admin_required
def table_roles(request, table_id: int):
    table = selectors.table_get(table_id=table_id)
    if request.method == "POST" and "rerun" in request.POST:
        return _table_rerun(request, table)
    form = RolesForm(request.POST or None, columns=table.columns.all())
    if request.method == "POST" and form.is_valid():
        try:
            table_roles_correct(
                table_id=table.id, role_overrides=form.role_overrides(table.role_overrides)
            )
        except TableActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The audit will run again with these roles.")
            return redirect("received:table_detail", table_id=table.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "received/table_roles.html", {"table": table, "form": form}, status=status
    )


def _table_rerun(request, table: Table):
    try:
        table_requeue(table_id=table.id)
    except TableActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The audit will run again.")
    return redirect("received:table_detail", table_id=table.id)
