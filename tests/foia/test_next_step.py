"""The request page built around the next step, messages that move the status, past
dates, letters as letters and as PDF (issue 20). Requests are synthetic test rows."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from foiatrack.foia import services
from foiatrack.foia.deadlines import compute_deadline
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction, Status
from foiatrack.foia.selectors import calendar_for_agency

TODAY = timezone.localdate


def _page(client, request):
    return client.get(reverse("foia:request_detail", args=[request.id]))


def test_a_draft_offers_mark_as_sent_first(staff_client, make_request):
    response = _page(staff_client, make_request())

    assert response.context["step"].action == "mark_sent"
    assert 'id="mark-sent"' in response.content.decode()


def test_an_open_request_offers_logging_the_answer_with_only_allowed_moves(
    staff_client, make_request
):
    request = make_request(received=TODAY() - timedelta(days=1))

    response = _page(staff_client, request)

    assert response.context["step"].action == "log_answer"
    offered = [
        value for value, _ in response.context["communication_form"].fields["outcome"].choices
    ]
    assert "extended" in offered and "rejected" in offered
    assert "draft" not in offered and "appeal" not in offered
    status_menu = [v for v, _ in response.context["status_form"].fields["to_status"].choices]
    assert "draft" not in status_menu and "appeal_decided" not in status_menu


def test_a_denied_request_offers_the_appeal(staff_client, make_request):
    request = make_request(received=TODAY() - timedelta(days=9), statuses=("rejected",))

    assert _page(staff_client, request).context["step"].action == "file_appeal"


def test_a_paused_clock_never_reads_as_days_over(staff_client, make_request):
    request = make_request(received=TODAY() - timedelta(days=30), statuses=("fee_due",))

    response = _page(staff_client, request)

    assert response.context["clock"].state == "paused"
    text = response.content.decode()
    assert "Clock paused" in text and " over" not in response.context["clock"].text


def test_an_extension_letter_extends_in_one_form_and_shows_the_rule(staff_client, make_request):
    received = TODAY() - timedelta(days=2)
    request = make_request(received=received)
    expected = compute_deadline(
        law="il-foia",
        received=received,
        extended=True,
        calendar=calendar_for_agency(request.agency),
    ).due

    response = staff_client.post(
        reverse("foia:communication_create", args=[request.id]),
        {
            "direction": "in",
            "date": TODAY().isoformat(),
            "channel": "email",
            "subject": "We need 5 more days",
            "outcome": "extended",
        },
        follow=True,
    )

    request.refresh_from_db()
    assert request.status == Status.EXTENDED and request.extension_taken
    assert request.date_due == expected
    assert request.communications.count() == 1
    text = response.content.decode()
    assert "allows one extension of 5 business days" in text
    assert f"{expected.day}, {expected.year}" in text


def test_a_fee_letter_sets_the_fee_due_and_the_amount(staff_client, make_request):
    request = make_request(received=TODAY() - timedelta(days=2))

    staff_client.post(
        reverse("foia:communication_create", args=[request.id]),
        {
            "direction": "in",
            "date": TODAY().isoformat(),
            "channel": "mail",
            "outcome": "fee_due",
            "fee_amount": "25.50",
        },
    )

    request.refresh_from_db()
    assert request.status == Status.FEE_DUE and str(request.fees_quoted) == "25.50"


def test_a_denial_records_its_exemption(staff_client, make_request):
    request = make_request(received=TODAY() - timedelta(days=2))

    staff_client.post(
        reverse("foia:communication_create", args=[request.id]),
        {
            "direction": "in",
            "date": TODAY().isoformat(),
            "channel": "email",
            "outcome": "rejected",
            "exemption_section": "5 ILCS 140/7(1)(c)",
            "exemption_text": "Personal information.",
        },
    )

    request.refresh_from_db()
    assert request.status == Status.REJECTED
    assert [e.section for e in request.exemptions.all()] == ["5 ILCS 140/7(1)(c)"]


def test_a_refused_move_logs_nothing_and_says_so_by_the_field(staff_client, make_request):
    request = make_request(received=TODAY() - timedelta(days=2), statuses=("extended",))

    response = staff_client.post(
        reverse("foia:communication_create", args=[request.id]),
        {"direction": "in", "date": TODAY().isoformat(), "channel": "email", "outcome": "extended"},
    )

    assert response.status_code == 400
    assert request.communications.count() == 0
    assert response.context["communication_form"].errors["outcome"]


def test_an_answer_dated_before_receipt_is_refused_with_how_to_fix(staff_client, make_request):
    received = TODAY() - timedelta(days=3)
    request = make_request(received=received)

    response = staff_client.post(
        reverse("foia:communication_create", args=[request.id]),
        {"direction": "in", "date": (received - timedelta(days=1)).isoformat(), "channel": "email"},
    )

    assert response.status_code == 400
    errors = response.context["communication_form"].errors["date"]
    assert "correct the day of receipt under Edit" in errors[0]
    assert "autofocus" in response.content.decode()


def test_a_draft_is_marked_sent_on_an_earlier_day_and_the_clock_counts_from_it(
    staff_client, make_request
):
    request = make_request()
    received = TODAY() - timedelta(days=10)

    staff_client.post(
        reverse("foia:request_mark_sent", args=[request.id]), {"received_on": received.isoformat()}
    )

    request.refresh_from_db()
    expected = compute_deadline(
        law="il-foia", received=received, calendar=calendar_for_agency(request.agency)
    ).due
    assert request.status == Status.SUBMITTED
    assert request.date_received == received and request.date_due == expected
    note = request.status_changes.get(to_status=Status.SUBMITTED).note
    assert f"{received:%B} {received.day}, {received.year}" in note


def test_a_future_sent_date_is_refused_next_to_its_field(staff_client, make_request):
    request = make_request()

    response = staff_client.post(
        reverse("foia:request_mark_sent", args=[request.id]),
        {"received_on": (TODAY() + timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 400
    assert (
        "enter today's date or an earlier one"
        in (response.context["mark_sent_form"].errors["received_on"][0])
    )
    assert FoiaRequest.objects.get(id=request.id).status == Status.DRAFT


def test_mark_sent_is_for_staff_only(client, plain_user, make_request):
    request = make_request()
    client.force_login(plain_user)

    response = client.post(
        reverse("foia:request_mark_sent", args=[request.id]), {"received_on": "2026-01-05"}
    )

    assert response.status_code in (302, 403)
    assert FoiaRequest.objects.get(id=request.id).status == Status.DRAFT


def test_a_request_with_no_statutory_deadline_stays_on_the_dashboard(
    staff_client, make_request, stages
):
    wisconsin = Jurisdiction.objects.create(
        name="Milwaukee", slug="milwaukee", level="city", law="wi-open-records", state="WI"
    )
    agency = Agency.objects.create(name="Milwaukee PD", slug="mpd", jurisdiction=wisconsin)
    request = make_request(title="Calls 2024", agency=agency, received=TODAY() - timedelta(days=40))

    response = staff_client.get(reverse("foia:dashboard"))

    assert [r.id for r in response.context["no_deadline"]] == [request.id]
    assert "Calls 2024" in response.content.decode()


def test_the_appeal_letter_quotes_the_answer_appealed(staff_client, make_request, staff_user):
    request = make_request(received=TODAY() - timedelta(days=9), statuses=("partially_fulfilled",))
    services.appeal_file(request=request, user=staff_user, filed_with="PAC", filed_on=TODAY())

    response = staff_client.get(reverse("foia:letter", args=[request.id, "appeal"]))

    text = response.context["text"]
    assert "the agency answered: partially fulfilled" in text
    assert "Under appeal" not in text


def test_the_follow_up_letter_lists_each_record_and_field(staff_client, make_request):
    request = make_request(
        received=TODAY() - timedelta(days=20),
        records_requested="Arrest reports, 2024\nCharges for each arrest",
        fields_wanted=["incident_id", "arrest_date"],
    )

    response = staff_client.get(reverse("foia:letter", args=[request.id, "follow-up"]))

    items = [b["items"] for b in response.context["blocks"] if "items" in b]
    assert ["Arrest reports, 2024", "Charges for each arrest"] in items
    assert any(len(block) == 2 for block in items[1:])
    assert "<ul><li>Arrest reports, 2024</li>" in response.content.decode()


@pytest.mark.parametrize("kind", ["initial", "follow-up", "appeal"])
def test_each_letter_downloads_as_a_real_pdf(staff_client, make_request, kind):
    request = make_request(title="Arrests — 2024", received=TODAY() - timedelta(days=3))

    response = staff_client.get(
        reverse("foia:letter", args=[request.id, kind]), {"download": "pdf"}
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Police" in text and "Arrests" in text
    fonts = reader.pages[0]["/Resources"]["/Font"].get_object()
    embedded = [font.get_object()["/BaseFont"] for font in fonts.values()]
    assert any("Vera" in name for name in embedded), embedded
