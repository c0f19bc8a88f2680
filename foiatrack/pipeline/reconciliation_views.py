"""Downloads of a dataset's reconciliation: /gaps/datasets/<id>/reconciliation.csv|.json.

The same figures as the page: public datasets only for the public, small counts and the
totals that would reveal them withheld; staff get every figure and private datasets."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from foiatrack.core.csv_export import csv_response
from foiatrack.core.roles import is_staff_member
from foiatrack.pipeline import reconciliation, selectors

CSV_HEADER = ["period", "area", "type", "stated", "received", "missing", "missing_share"]


@require_GET
def dataset_reconciliation_download(request, table_id: int, file_format: str):
    staff = is_staff_member(request.user)
    selectors.dataset_header(table_id=table_id, include_private=staff)
    data = reconciliation.dataset_reconciliation(table_id=table_id, public=not staff)
    if file_format == "json":
        return JsonResponse(
            {"table_id": table_id, **data}, json_dumps_params={"ensure_ascii": False}
        )
    if file_format != "csv":
        raise Http404("No such format.")
    cells = (data["reconciliation"] or {}).get("cells", [])
    rows = ([cell.get(key) for key in CSV_HEADER] for cell in cells)
    return csv_response(f"dataset-{table_id}-reconciliation.csv", CSV_HEADER, rows)
