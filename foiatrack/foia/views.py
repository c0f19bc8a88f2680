"""Views: thin functions that check the role, call a selector or service and render."""

import re
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from foiatrack.core.csv_export import csv_response
from foiatrack.core.public_cache import cached_for_visitors
from foiatrack.core.roles import staff_required
from foiatrack.foia import calculator, selectors, services
from foiatrack.foia.deadlines import ReceiptOutOfRange
from foiatrack.foia.forms import (
    FoiaRequestForm,
)
from foiatrack.foia.laws import LAWS, UnknownLaw, get_law
from foiatrack.foia.models import Communication
from foiatrack.foia.request_page import agency_facts, field_checklist, no_deadline_requests
from foiatrack.foia.request_views import get_request_for_staff

PAGE_SIZE = 50


# --- Public: deadline calculator ----------------------------------------------------


@require_GET
def deadline_calculator(request):
    """A public page: when must an agency answer a request received on a given day?"""
    form = calculator.CalculatorForm(request.GET or None)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            rule, calendar = calculator.resolve(
                law=data["law"], agency=data.get("agency_row"), calendar=data["calendar"]
            )
        except (UnknownLaw, calculator.CalculatorInputError) as error:
            form.add_error(None, str(error))
        else:
            result = calculator.answer(
                rule=rule,
                calendar=calendar,
                agency=data.get("agency_row"),
                received=data["received"],
                extended=data["extended"],
                commercial=data["commercial"],
                recurrent=data["recurrent"],
            )
    return render(
        request,
        "foia/deadline_calculator.html",
        {
            "form": form,
            "result": result,
            "laws": LAWS.values(),
            "disclaimer": calculator.DISCLAIMER,
        },
    )


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FLAG_VALUES = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _parse_received(text: str) -> date:
    if not ISO_DATE.match(text):
        raise ValueError("received must be a date written YYYY-MM-DD.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"received: {text} is not a calendar date.") from None


@require_GET
def deadline_json(request):
    """GET /deadline.json?law=il-foia&received=YYYY-MM-DD[&extended=1][&commercial=1]
    [&recurrent=1][&agency=<slug>][&calendar=<name>] (law may be left out with agency)."""
    law, slug = request.GET.get("law", ""), request.GET.get("agency", "")
    try:
        agency = calculator.agency_by_slug(slug) if slug else None
        if not law and agency is None:
            get_law(law)  # the original error: names the known laws
        rule, calendar = calculator.resolve(
            law=law, agency=agency, calendar=request.GET.get("calendar", "")
        )
        received = _parse_received(request.GET.get("received", ""))
    except (UnknownLaw, calculator.CalculatorInputError, ValueError) as error:
        return _bad_request(str(error))
    flags = {}
    for name in ("extended", "commercial", "recurrent"):
        value = request.GET.get(name, "0").lower()
        if value not in FLAG_VALUES:
            return _bad_request(f"{name} must be 1 or 0, not {value!r}.")
        flags[name] = FLAG_VALUES[value]
    try:
        result = calculator.answer(
            rule=rule, calendar=calendar, agency=agency, received=received, **flags
        )
    except ReceiptOutOfRange as error:
        return _bad_request(str(error))
    return JsonResponse(calculator.payload(result))


# --- Public: agencies and public requests ------------------------------------------


@require_GET
@cached_for_visitors(selectors.public_version)
def agency_list(request):
    """The agency directory with each agency's scorecard, 50 agencies a page (a national
    directory holds about 18,000)."""
    page = Paginator(selectors.agencies_with_jurisdiction(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    scorecards = selectors.public_scorecards(page.object_list)
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
        "scorecard": selectors.public_scorecard(agency),
        "access_routes": selectors.access_routes_for_agency(agency),
        "exemptions_by_section": selectors.exemptions_by_section(agency),
        "public_requests": selectors.public_requests().filter(agency=agency)[:50],
    }
    return render(request, "foia/agency_detail.html", context)


@require_GET
def public_request_list(request):
    """Moved: the one public request list is /gaps/requests/ (its filters and query kept)."""
    query = request.GET.urlencode()
    return redirect(reverse("pipeline:requests") + (f"?{query}" if query else ""), permanent=True)


# --- Staff ---------------------------------------------------------------------------


@staff_required
@require_GET
def dashboard(request):
    """Overdue, due within a week, awaiting my action, recently answered."""
    board = selectors.dashboard_for(user=request.user)
    context = {"board": board, "no_deadline": no_deadline_requests()}
    return render(request, "foia/dashboard.html", context)


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
    return render(request, "foia/request_form.html", _form_context(form, creating=True))


def _form_context(form, **extra) -> dict:
    """The guided form: agency facts (law, calendar, contact) and the field checklist."""
    chosen = form["fields_wanted"].value() or []
    agencies = form.fields["agency"].queryset.prefetch_related("stages")
    return {
        "form": form,
        "agency_facts": agency_facts(agencies),
        "checklist": field_checklist(list(chosen)),
        **extra,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def request_edit(request, request_id: int):
    foia_request = get_request_for_staff(request_id)
    form = FoiaRequestForm(request.POST or None, instance=foia_request, editing=True)
    if request.method == "POST" and form.is_valid():
        services.request_update(request=foia_request, user=request.user, data=form.cleaned_data)
        messages.success(request, "Request saved.")
        return redirect("foia:request_detail", request_id=foia_request.id)
    context = _form_context(form, foia_request=foia_request)
    return render(request, "foia/request_form.html", context)


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
