"""Views: thin functions that check the role, call a selector or service and render."""

import re
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foiatrack.audit.field_catalogue import field_label
from foiatrack.core.csv_export import csv_response
from foiatrack.core.public_cache import cached_for_visitors
from foiatrack.core.roles import staff_required
from foiatrack.foia import selectors, services
from foiatrack.foia.deadlines import ReceiptOutOfRange, compute_deadline
from foiatrack.foia.forms import (
    AppealDecisionForm,
    AppealForm,
    CommunicationForm,
    DeadlineCalculatorForm,
    ExemptionForm,
    FeesForm,
    FieldsNotHeldForm,
    FoiaRequestForm,
    StatusChangeForm,
    TrackingNumberForm,
    TrackingStatusForm,
)
from foiatrack.foia.laws import LAWS, UnknownLaw, get_law
from foiatrack.foia.letters import LETTER_KINDS, render_letter
from foiatrack.foia.lifecycle import allowed_transitions
from foiatrack.foia.models import Appeal, Communication, FoiaRequest, TrackingNumber

PAGE_SIZE = 50


def _get_request_for_staff(request_id: int) -> FoiaRequest:
    """One request with what its page shows. Every staff member may work on every request."""
    return get_object_or_404(
        FoiaRequest.objects.select_related("agency__jurisdiction", "requester").prefetch_related(
            "stages",
            "tags",
            "projects",
            "status_changes__changed_by",
            "communications",
            "appeals",
            "tracking_numbers",
            "exemptions",
        ),
        id=request_id,
    )


# --- Public: deadline calculator ----------------------------------------------------


def _deadline_payload(deadline) -> dict:
    rule = get_law(deadline.law)
    return {
        "law": deadline.law,
        "received": deadline.received.isoformat(),
        "due": deadline.due.isoformat() if deadline.due else None,
        "business_days": deadline.business_days,
        "holidays_skipped": [
            {"date": day.isoformat(), "name": name} for day, name in deadline.holidays_skipped
        ],
        "statute": f"{rule.name} ({rule.citation})",
        "note": rule.deadline_text if deadline.due else "no statutory deadline",
    }


@require_GET
def deadline_calculator(request):
    """A public page: when must an agency answer a request received on a given day?"""
    form = DeadlineCalculatorForm(request.GET or None)
    result = None
    if form.is_valid():
        deadline = compute_deadline(
            law=form.cleaned_data["law"],
            received=form.cleaned_data["received"],
            extended=form.cleaned_data["extended"],
            commercial=form.cleaned_data["commercial"],
            recurrent=form.cleaned_data["recurrent"],
        )
        result = {"deadline": deadline, "law": get_law(deadline.law)}
    return render(
        request,
        "foia/deadline_calculator.html",
        {"form": form, "result": result, "laws": LAWS.values()},
    )


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FLAG_VALUES = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_GET
def deadline_json(request):
    """GET /deadline.json?law=il-foia&received=YYYY-MM-DD[&extended=1][&commercial=1]."""
    law = request.GET.get("law", "")
    received_text = request.GET.get("received", "")
    try:
        get_law(law)
    except UnknownLaw as error:
        return _bad_request(str(error))
    if not ISO_DATE.match(received_text):
        return _bad_request("received must be a date written YYYY-MM-DD.")
    try:
        received = date.fromisoformat(received_text)
    except ValueError:
        return _bad_request(f"received: {received_text} is not a calendar date.")
    flags = {}
    for name in ("extended", "commercial", "recurrent"):
        value = request.GET.get(name, "0").lower()
        if value not in FLAG_VALUES:
            return _bad_request(f"{name} must be 1 or 0, not {value!r}.")
        flags[name] = FLAG_VALUES[value]
    try:
        deadline = compute_deadline(law=law, received=received, **flags)
    except ReceiptOutOfRange as error:
        return _bad_request(str(error))
    return JsonResponse(_deadline_payload(deadline))


# --- Public: agencies and public requests ------------------------------------------


@require_GET
@cached_for_visitors(selectors.public_version)
def agency_list(request):
    """The agency directory with each agency's scorecard, 50 agencies a page (a national
    directory holds about 18,000)."""
    page = Paginator(selectors.agencies_with_jurisdiction(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    scorecards = selectors.agency_scorecards(page.object_list)
    rows = [(agency, scorecards[agency.id]) for agency in page.object_list]
    return render(request, "foia/agency_list.html", {"rows": rows, "page": page})


@require_GET
@cached_for_visitors(selectors.public_version)
def agency_detail(request, slug: str):
    """An agency's public page: contact, stages, scorecard, its public requests."""
    agency = get_object_or_404(selectors.agencies_with_jurisdiction(), slug=slug)
    context = {
        "agency": agency,
        "law": get_law(agency.jurisdiction.law),
        "scorecard": selectors.agency_scorecard(agency),
        "access_routes": selectors.access_routes_for_agency(agency),
        "exemptions_by_section": selectors.exemptions_by_section(agency),
        "public_requests": selectors.public_requests().filter(agency=agency)[:50],
    }
    return render(request, "foia/agency_detail.html", context)


@require_GET
@cached_for_visitors(selectors.public_version)
def public_request_list(request):
    """Requests marked public and past their embargo. No private notes, no owners."""
    page = Paginator(selectors.public_requests(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "foia/public_request_list.html", {"page": page})


# --- Staff ---------------------------------------------------------------------------


@staff_required
@require_GET
def dashboard(request):
    """Overdue, due within a week, awaiting my action, recently answered."""
    board = selectors.dashboard_for(user=request.user)
    return render(request, "foia/dashboard.html", {"board": board})


@staff_required
@require_GET
def request_list(request):
    """All requests, filtered and paginated. Bad filter input gets a 400 with the form."""
    filterset = selectors.request_list(data=request.GET, request=request)
    if not filterset.is_valid():
        return render(
            request, "foia/request_list.html", {"filter": filterset, "page": None}, status=400
        )
    page = Paginator(filterset.qs.distinct(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_day_counters(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "foia/request_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


EXPORT_HEADER = [
    "id",
    "title",
    "agency",
    "jurisdiction",
    "stages",
    "status",
    "overdue",
    "date_received",
    "date_due",
    "date_closed",
    "tracking_number",
    "fees_quoted",
    "fees_paid",
    "tags",
    "projects",
    "owner",
]


@staff_required
@require_GET
def request_export(request):
    """The filtered list as CSV, safe to open in a spreadsheet."""
    filterset = selectors.request_list(data=request.GET, request=request)
    if not filterset.is_valid():
        return HttpResponse(
            "Invalid filter: " + "; ".join(filterset.errors), status=400, content_type="text/plain"
        )
    today = timezone.localdate()
    rows = (
        [
            item.id,
            item.title,
            item.agency.name,
            item.agency.jurisdiction.name,
            " ".join(stage.code for stage in item.stages.all()),
            item.status,
            "yes" if selectors.is_overdue(item, today) else "no",
            item.date_received,
            item.date_due,
            item.date_closed,
            item.tracking_number,
            item.fees_quoted,
            item.fees_paid,
            " ".join(tag.name for tag in item.tags.all()),
            " ".join(project.slug for project in item.projects.all()),
            item.requester.get_username(),
        ]
        for item in filterset.qs.distinct()
    )
    return csv_response(f"foia-requests-{today}.csv", EXPORT_HEADER, rows)


@staff_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    form = FoiaRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.request_create(requester=request.user, data=form.cleaned_data)
        messages.success(request, "Request logged.")
        return redirect("foia:request_detail", request_id=created.id)
    return render(request, "foia/request_form.html", {"form": form, "creating": True})


@staff_required
@require_http_methods(["GET", "POST"])
def request_edit(request, request_id: int):
    foia_request = _get_request_for_staff(request_id)
    form = FoiaRequestForm(request.POST or None, instance=foia_request, editing=True)
    if request.method == "POST" and form.is_valid():
        services.request_update(request=foia_request, user=request.user, data=form.cleaned_data)
        messages.success(request, "Request saved.")
        return redirect("foia:request_detail", request_id=foia_request.id)
    return render(request, "foia/request_form.html", {"form": form, "foia_request": foia_request})


def _detail_context(foia_request: FoiaRequest, **forms) -> dict:
    allowed = allowed_transitions(foia_request.status)
    context = {
        "foia_request": foia_request,
        "law": selectors.law_for_request(foia_request),
        "deadline": selectors.request_deadline(foia_request),
        "counter": selectors.request_day_counter(foia_request),
        "overdue": selectors.is_overdue(foia_request),
        "appeal_window_closes": selectors.appeal_window_closes(foia_request),
        "timeline": selectors.request_timeline(foia_request),
        "letter_kinds": LETTER_KINDS,
        "status_form": StatusChangeForm(allowed=allowed) if allowed else None,
        "communication_form": CommunicationForm(initial={"date": timezone.localdate()}),
        "fees_form": FeesForm(instance=foia_request),
        "appeal_form": AppealForm(initial={"filed_on": timezone.localdate(), "filed_with": ""}),
        "decision_form": AppealDecisionForm(initial={"decided_on": timezone.localdate()}),
        "fields_wanted": [field_label(code) for code in foia_request.fields_wanted],
        "fields_not_held": [field_label(code) for code in foia_request.fields_not_held],
        "exemption_form": ExemptionForm(),
        "not_held_form": FieldsNotHeldForm(initial={"fields": foia_request.fields_not_held}),
        "tracking_form": TrackingNumberForm(),
    }
    context["appeal_form"].initial["filed_with"] = context["law"].appeal_body
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


@staff_required
@require_GET
def request_detail(request, request_id: int):
    """A request's page: deadline, day counter, whole timeline, and the forms to act on it."""
    foia_request = _get_request_for_staff(request_id)
    return render(request, "foia/request_detail.html", _detail_context(foia_request))


def _rerender(request, foia_request: FoiaRequest, **forms):
    """The request page again with a refused form's errors; nothing was changed."""
    return render(
        request, "foia/request_detail.html", _detail_context(foia_request, **forms), status=400
    )


def _add_validation_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@staff_required
@require_POST
def request_change_status(request, request_id: int):
    foia_request = _get_request_for_staff(request_id)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.request_transition(
                request=foia_request,
                to_status=form.cleaned_data["to_status"],
                user=request.user,
                note=form.cleaned_data["note"],
                effective_date=form.cleaned_data["effective_date"],
            )
        except ValidationError as error:
            _add_validation_error(form, error)
        else:
            messages.success(request, f"Status changed to {foia_request.get_status_display()}.")
            return redirect("foia:request_detail", request_id=foia_request.id)
    return _rerender(request, foia_request, status_form=form)


@staff_required
@require_POST
def communication_create(request, request_id: int):
    foia_request = _get_request_for_staff(request_id)
    form = CommunicationForm(request.POST, request.FILES)
    if form.is_valid():
        services.communication_log(request=foia_request, user=request.user, **form.cleaned_data)
        messages.success(request, "Communication logged.")
        return redirect("foia:request_detail", request_id=foia_request.id)
    return _rerender(request, foia_request, communication_form=form)


@staff_required
@require_GET
def communication_attachment(request, request_id: int, communication_id: int):
    """An attachment, to staff only, always as a download (never rendered inline)."""
    message = get_object_or_404(Communication, id=communication_id, request_id=request_id)
    if not message.attachment:
        raise Http404("This communication has no attachment.")
    name = message.attachment.name.rsplit("/", 1)[-1]
    # Never a type guessed from the name: an agency's .html file must not be served as HTML.
    return FileResponse(
        message.attachment.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/octet-stream",
    )


@staff_required
@require_POST
def request_fees(request, request_id: int):
    foia_request = _get_request_for_staff(request_id)
    form = FeesForm(request.POST, instance=FoiaRequest.objects.get(id=foia_request.id))
    if form.is_valid():
        services.request_record_fees(
            request=foia_request,
            fees_quoted=form.cleaned_data["fees_quoted"],
            fees_paid=form.cleaned_data["fees_paid"],
        )
        messages.success(request, "Fees recorded.")
        return redirect("foia:request_detail", request_id=foia_request.id)
    return _rerender(request, foia_request, fees_form=form)


@staff_required
@require_POST
def appeal_create(request, request_id: int):
    foia_request = _get_request_for_staff(request_id)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_file(request=foia_request, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_error(form, error)
        else:
            messages.success(request, "Appeal filed.")
            return redirect("foia:request_detail", request_id=foia_request.id)
    return _rerender(request, foia_request, appeal_form=form)


@staff_required
@require_POST
def appeal_decide(request, appeal_id: int):
    appeal = get_object_or_404(Appeal.objects.select_related("request"), id=appeal_id)
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_decide(appeal=appeal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_error(form, error)
        else:
            messages.success(request, "Appeal decision recorded.")
            return redirect("foia:request_detail", request_id=appeal.request_id)
    return _rerender(request, _get_request_for_staff(appeal.request_id), decision_form=form)


@staff_required
@require_GET
def letter(request, request_id: int, kind: str):
    """A letter for copying, or as a text/plain download with ?download=1."""
    if kind not in LETTER_KINDS:
        raise Http404("No such letter.")
    foia_request = _get_request_for_staff(request_id)
    text = render_letter(request=foia_request, kind=kind, author=request.user)
    if request.GET.get("download"):
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="foia-{foia_request.id}-{kind}.txt"'
        )
        return response
    return render(
        request,
        "foia/letter.html",
        {"foia_request": foia_request, "kind": kind, "title": LETTER_KINDS[kind], "text": text},
    )


# --- Staff: exemptions, fields not held, tracking numbers (issue 9) --------------------


@staff_required
@require_POST
def exemption_create(request, request_id: int):
    """Record an exemption the agency cited."""
    foia_request = _get_request_for_staff(request_id)
    form = ExemptionForm(request.POST)
    if form.is_valid():
        try:
            services.exemption_record(request=foia_request, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_error(form, error)
        else:
            messages.success(request, f"Exemption {form.cleaned_data['section']} recorded.")
            return redirect("foia:request_detail", request_id=foia_request.id)
    return _rerender(request, foia_request, exemption_form=form)


@staff_required
@require_POST
def fields_not_held(request, request_id: int):
    """Record the fields the agency says it does not keep."""
    foia_request = _get_request_for_staff(request_id)
    form = FieldsNotHeldForm(request.POST)
    if form.is_valid():
        services.request_mark_fields_not_held(
            request=foia_request, fields=form.cleaned_data["fields"]
        )
        messages.success(request, "Fields not kept by the agency recorded.")
        return redirect("foia:request_detail", request_id=foia_request.id)
    return _rerender(request, foia_request, not_held_form=form)


@staff_required
@require_POST
def tracking_number_create(request, request_id: int):
    foia_request = _get_request_for_staff(request_id)
    form = TrackingNumberForm(request.POST)
    if form.is_valid():
        try:
            services.tracking_number_add(request=foia_request, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_error(form, error)
        else:
            messages.success(request, "Reference number added.")
            return redirect("foia:request_detail", request_id=foia_request.id)
    return _rerender(request, foia_request, tracking_form=form)


@staff_required
@require_POST
def tracking_number_status(request, tracking_id: int):
    """Move one reference number of a split request to a new status."""
    tracking = get_object_or_404(TrackingNumber, id=tracking_id)
    form = TrackingStatusForm(request.POST)
    if form.is_valid():
        services.tracking_number_set_status(tracking=tracking, **form.cleaned_data)
        messages.success(request, f"{tracking.number}: {tracking.get_status_display()}.")
        return redirect("foia:request_detail", request_id=tracking.request_id)
    messages.error(request, "Choose a status.")
    return redirect("foia:request_detail", request_id=tracking.request_id)
