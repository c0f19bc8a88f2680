"""The staff request page and the forms posted from it. The page is built around the next
step (foia.request_page); each refused form comes back open, its error next to the field
that caused it and that field focused."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from foiatrack.audit.field_catalogue import field_label
from foiatrack.core.roles import staff_required
from foiatrack.foia import request_page, selectors, services
from foiatrack.foia.forms import (
    AppealDecisionForm,
    AppealForm,
    ExemptionForm,
    FeesForm,
    FieldsNotHeldForm,
    MarkSentForm,
    MessageForm,
    StatusChangeForm,
    TrackingNumberForm,
    TrackingStatusForm,
)
from foiatrack.foia.letters import LETTER_KINDS, letter_blocks, letter_pdf, render_letter
from foiatrack.foia.lifecycle import allowed_transitions
from foiatrack.foia.messages import law_rule_for, message_log_and_move, request_mark_sent
from foiatrack.foia.models import Appeal, FoiaRequest, Status, TrackingNumber


def get_request_for_staff(request_id: int) -> FoiaRequest:
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


def _message_form(foia_request: FoiaRequest, data=None, files=None, step=None) -> MessageForm:
    """The message form; as our reply to a pause it defaults to 'sent' and 'processing'."""
    replying = step is not None and step.action == "log_reply"
    outcomes = request_page.message_outcomes(foia_request.status)
    initial = {
        "date": timezone.localdate(),
        "direction": "out" if replying else "in",
        "outcome": Status.PROCESSING if replying and Status.PROCESSING in outcomes else "",
    }
    return MessageForm(data, files, foia_request=foia_request, outcomes=outcomes, initial=initial)


def _law_rules(law, outcomes: list[str]) -> list[tuple[str, str]]:
    rules = [(Status(value).label, law_rule_for(law, value)) for value in outcomes]
    return [(label, rule) for label, rule in rules if rule]


def _detail_context(foia_request: FoiaRequest, **forms) -> dict:
    allowed = allowed_transitions(foia_request.status)
    overdue = selectors.is_overdue(foia_request)
    step = request_page.next_step(foia_request, overdue=overdue)
    law = selectors.law_for_request(foia_request)
    context = {
        "foia_request": foia_request,
        "law": law,
        "deadline": selectors.request_deadline(foia_request),
        "clock": request_page.clock_summary(foia_request),
        "counter": selectors.request_day_counter(foia_request),
        "overdue": overdue,
        "step": step,
        "appeal_window_closes": selectors.appeal_window_closes(foia_request),
        "timeline": selectors.request_timeline(foia_request),
        "letter_kinds": LETTER_KINDS,
        "status_form": StatusChangeForm(allowed=allowed) if allowed else None,
        "mark_sent_form": MarkSentForm(initial={"received_on": timezone.localdate()}),
        "communication_form": _message_form(foia_request, step=step),
        "law_rules": _law_rules(law, request_page.message_outcomes(foia_request.status)),
        "fees_form": FeesForm(instance=foia_request),
        "appeal_form": AppealForm(
            initial={"filed_on": timezone.localdate(), "filed_with": law.appeal_body}
        ),
        "decision_form": AppealDecisionForm(initial={"decided_on": timezone.localdate()}),
        "pending_appeal": request_page._pending_appeal(foia_request),
        "fields_wanted": [field_label(code) for code in foia_request.fields_wanted],
        "fields_not_held": [field_label(code) for code in foia_request.fields_not_held],
        "exemption_form": ExemptionForm(),
        "not_held_form": FieldsNotHeldForm(initial={"fields": foia_request.fields_not_held}),
        "tracking_form": TrackingNumberForm(),
        # Files came back: what they hold against the ask is the page's first read.
        "files_received": foia_request.received_files.count(),
    }
    for name, form in forms.items():
        if form is not None:
            _focus_first_error(form)
            context[name] = form
            context["refused"] = name
    return context


def _focus_first_error(form) -> None:
    """The browser scrolls to and focuses the first field in error (no script needed)."""
    for name in form.fields:
        if name in form.errors:
            form.fields[name].widget.attrs["autofocus"] = True
            return


@staff_required
@require_GET
def request_detail(request, request_id: int):
    """A request's page: status and clock, the next step, the timeline, the rarer forms."""
    foia_request = get_request_for_staff(request_id)
    return render(request, "foia/request_detail.html", _detail_context(foia_request))


def _rerender(request, foia_request: FoiaRequest, **forms):
    """The request page again with a refused form's errors; nothing was changed."""
    foia_request = get_request_for_staff(foia_request.id)
    return render(
        request, "foia/request_detail.html", _detail_context(foia_request, **forms), status=400
    )


def _add_validation_error(form, error: ValidationError, field: str | None = None) -> None:
    """Put a service's refusal next to the field it is about: a date refused goes to the
    date field, anything else to `field` (or the form's top when None)."""
    for message in error.messages:
        target = field
        date_fields = [
            name
            for name in form.fields
            if name in {"date", "effective_date", "filed_on", "decided_on", "received_on"}
        ]
        if date_fields and ("effect" in message or "future" in message or "before" in message):
            target = date_fields[0]
        form.add_error(target, _how_to_fix(message))


def _how_to_fix(message: str) -> str:
    if "cannot take effect before the previous one" in message:
        day = message.rsplit("(", 1)[-1].rstrip(").")
        return f"{message} Enter {day} or a later date."
    return message


def _moved(request, foia_request: FoiaRequest, text: str):
    messages.success(request, text)
    return redirect("foia:request_detail", request_id=foia_request.id)


@staff_required
@require_POST
def request_mark_sent_view(request, request_id: int):
    """Record a draft as sent on the day the agency received it (today or earlier)."""
    foia_request = get_request_for_staff(request_id)
    form = MarkSentForm(request.POST)
    if foia_request.status != Status.DRAFT:
        messages.error(request, "Only a draft can be marked as sent; this one was sent already.")
        return redirect("foia:request_detail", request_id=foia_request.id)
    if form.is_valid():
        try:
            request_mark_sent(
                request=foia_request,
                user=request.user,
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as error:
            _add_validation_error(form, error, "received_on")
        else:
            due = foia_request.date_due
            return _moved(
                request,
                foia_request,
                "Marked as sent." + (f" Due {request_page._long(due)}." if due else ""),
            )
    return _rerender(request, foia_request, mark_sent_form=form)


@staff_required
@require_POST
def request_change_status(request, request_id: int):
    foia_request = get_request_for_staff(request_id)
    # Not limited to the allowed moves: a stale page's choice gets the service's
    # explanation of what is allowed next, not a bare "invalid choice".
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
            _add_validation_error(form, error, "to_status")
        else:
            return _moved(
                request, foia_request, f"Status changed to {foia_request.get_status_display()}."
            )
    return _rerender(request, foia_request, status_form=form)


@staff_required
@require_POST
def communication_create(request, request_id: int):
    """Log a message; it may move the status in the same step (see foia.messages)."""
    foia_request = get_request_for_staff(request_id)
    form = _message_form(foia_request, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        message = {name: data[name] for name in form.Meta.fields}
        try:
            logged = message_log_and_move(
                request=foia_request,
                user=request.user,
                message=message,
                to_status=data["outcome"],
                fee_amount=data["fee_amount"],
                exemption_section=data["exemption_section"],
                exemption_text=data["exemption_text"],
            )
        except ValidationError as error:
            _add_validation_error(form, error, "outcome")
        else:
            text = "Message logged."
            if logged.moved_to:
                text += f" Status: {foia_request.get_status_display()}. {logged.rule}"
            return _moved(request, foia_request, text.strip())
    return _rerender(request, foia_request, communication_form=form)


@staff_required
@require_POST
def request_fees(request, request_id: int):
    foia_request = get_request_for_staff(request_id)
    form = FeesForm(request.POST, instance=FoiaRequest.objects.get(id=foia_request.id))
    if form.is_valid():
        services.request_record_fees(
            request=foia_request,
            fees_quoted=form.cleaned_data["fees_quoted"],
            fees_paid=form.cleaned_data["fees_paid"],
        )
        return _moved(request, foia_request, "Fees recorded.")
    return _rerender(request, foia_request, fees_form=form)


@staff_required
@require_POST
def appeal_create(request, request_id: int):
    foia_request = get_request_for_staff(request_id)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_file(request=foia_request, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_error(form, error)
        else:
            return _moved(request, foia_request, "Appeal filed.")
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
            _add_validation_error(form, error, "outcome")
        else:
            return _moved(request, appeal.request, "Appeal decision recorded.")
    return _rerender(request, appeal.request, decision_form=form)


@staff_required
@require_GET
def letter(request, request_id: int, kind: str):
    """A letter to read and copy; ?download=1 gives it as text, ?download=pdf as a PDF."""
    if kind not in LETTER_KINDS:
        raise Http404("No such letter.")
    foia_request = get_request_for_staff(request_id)
    text = render_letter(request=foia_request, kind=kind, author=request.user)
    download = request.GET.get("download")
    if download == "pdf":
        response = HttpResponse(
            letter_pdf(text, title=LETTER_KINDS[kind]), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="foia-{foia_request.id}-{kind}.pdf"'
        )
        return response
    if download:
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="foia-{foia_request.id}-{kind}.txt"'
        )
        return response
    return render(
        request,
        "foia/letter.html",
        {
            "foia_request": foia_request,
            "kind": kind,
            "title": LETTER_KINDS[kind],
            "blocks": letter_blocks(text),
            "text": text,
        },
    )


@staff_required
@require_POST
def exemption_create(request, request_id: int):
    """Record an exemption the agency cited."""
    foia_request = get_request_for_staff(request_id)
    form = ExemptionForm(request.POST)
    if form.is_valid():
        try:
            services.exemption_record(request=foia_request, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_error(form, error, "section")
        else:
            return _moved(
                request, foia_request, f"Exemption {form.cleaned_data['section']} recorded."
            )
    return _rerender(request, foia_request, exemption_form=form)


@staff_required
@require_POST
def fields_not_held(request, request_id: int):
    """Record the fields the agency says it does not keep."""
    foia_request = get_request_for_staff(request_id)
    form = FieldsNotHeldForm(request.POST)
    if form.is_valid():
        services.request_mark_fields_not_held(
            request=foia_request, fields=form.cleaned_data["fields"]
        )
        return _moved(request, foia_request, "Fields not kept by the agency recorded.")
    return _rerender(request, foia_request, not_held_form=form)


@staff_required
@require_POST
def tracking_number_create(request, request_id: int):
    foia_request = get_request_for_staff(request_id)
    form = TrackingNumberForm(request.POST)
    if form.is_valid():
        try:
            services.tracking_number_add(request=foia_request, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_error(form, error, "number")
        else:
            return _moved(request, foia_request, "Reference number added.")
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
