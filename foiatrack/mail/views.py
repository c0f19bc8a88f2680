"""Mail pages: send a letter, drop a .eml, the triage queue, one message, downloads.

Attachments and raw messages are only ever downloaded (octet-stream, attachment), never
shown inline; HTML bodies are shown only as sanitised by nh3 when they were received.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from foiatrack.core.roles import staff_required
from foiatrack.foia.models import FoiaRequest
from foiatrack.mail import selectors
from foiatrack.mail.attachments import max_attachment_bytes
from foiatrack.mail.forms import AssignForm, EmlForm, SendForm
from foiatrack.mail.models import Dispatch, MailAttachment, MailMessage
from foiatrack.mail.receiving import AssignmentError, message_assign, message_receive
from foiatrack.mail.sending import SendError, letter_send
from foiatrack.mail.suggestions import SuggestionError, suggestion_confirm


def _back_to_request(request_id: int):
    return redirect("foia:request_detail", request_id=request_id)


@staff_required
@require_POST
def send(request, request_id: int, kind: str):
    """Send the request's letter of `kind` to the agency (once per form key)."""
    foia_request = get_object_or_404(FoiaRequest.objects.select_related("agency"), id=request_id)
    if kind not in Dispatch.Kind.values:
        raise Http404("No such letter.")
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the address: " + form.errors.as_text())
        return _back_to_request(request_id)
    try:
        dispatch, sent_now = letter_send(
            request=foia_request, kind=kind, user=request.user, **form.cleaned_data
        )
    except SendError as error:
        messages.error(request, str(error))
        return _back_to_request(request_id)
    if sent_now:
        messages.success(request, f"Sent to {dispatch.to_address}.")
    else:
        messages.info(request, f"Already {dispatch.get_state_display().lower()}: not sent again.")
    return _back_to_request(request_id)


def _eml_limit() -> int:
    # A message carries its attachments base64-encoded (a third larger) and may hold several.
    return 4 * max_attachment_bytes()


@staff_required
@require_POST
def eml_upload(request, request_id: int):
    """Take in a message a person saved from a mail client, filed on this request."""
    foia_request = get_object_or_404(FoiaRequest, id=request_id)
    form = EmlForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a .eml file to add.")
        return _back_to_request(request_id)
    upload = form.cleaned_data["eml"]
    if upload.size > _eml_limit():
        messages.error(request, f"The file is over the {_eml_limit() // 2**20} MiB limit.")
        return _back_to_request(request_id)
    result = message_receive(
        raw=upload.read(), source=MailMessage.Source.EML, request=foia_request, user=request.user
    )
    message = result.message
    if not result.created:
        messages.info(request, "This message was already taken in; nothing was added.")
    elif message.kind == MailMessage.Kind.UNREADABLE:
        messages.error(request, f"Kept in the triage queue as unreadable: {message.notes}")
    else:
        messages.success(request, f"Message “{message.subject}” added.")
    return _back_to_request(request_id)


@staff_required
@require_GET
def triage(request):
    """Messages no request matched, each with a form to file it on one."""
    return render(
        request,
        "mail/triage.html",
        {"mail_messages": selectors.triage_messages()[:200], "assign_form": AssignForm()},
    )


@staff_required
@require_POST
def assign(request, message_id: int):
    """File a triage message on a request, or accept an unverified sender's data files."""
    message = get_object_or_404(MailMessage, id=message_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("mail:triage")
    try:
        result = message_assign(
            message=message, request=form.cleaned_data["request"], user=request.user
        )
    except AssignmentError as error:
        messages.error(request, str(error))
        return redirect("mail:triage")
    count = len(result.received_files)
    messages.success(request, f"Filed on the request; {count} data file(s) sent to the audit.")
    return _back_to_request(result.message.request_id)


@staff_required
@require_GET
def message_detail(request, message_id: int):
    message = get_object_or_404(selectors.messages_with_attachments(), id=message_id)
    return render(
        request, "mail/message_detail.html", {"message": message, "assign_form": AssignForm()}
    )


@staff_required
@require_POST
def confirm(request, message_id: int):
    """Apply the status the reply suggests: the one click a person gives."""
    message = get_object_or_404(MailMessage, id=message_id)
    try:
        suggestion_confirm(message=message, user=request.user)
    except SuggestionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Status updated from the agency's e-mail.")
    if message.request_id is None:
        return redirect("mail:message_detail", message_id=message.id)
    return _back_to_request(message.request_id)


def _download(field_file, filename: str):
    if not field_file:
        raise Http404("Nothing stored for this.")
    # octet-stream + attachment: a browser saves it, never renders or runs it.
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@staff_required
@require_GET
def attachment_download(request, attachment_id: int):
    attachment = get_object_or_404(MailAttachment, id=attachment_id)
    if attachment.refused:
        raise PermissionDenied("This attachment was refused and not stored.")
    return _download(attachment.stored_file, attachment.filename)


@staff_required
@require_GET
def raw_download(request, message_id: int):
    message = get_object_or_404(MailMessage, id=message_id)
    return _download(message.raw, f"message-{message.id}.eml")
