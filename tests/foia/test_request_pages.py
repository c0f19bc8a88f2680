"""Staff forms: log a request, edit it, log communications, record fees, file an appeal,
and the request page's timeline."""

from datetime import timedelta

import holidays
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.models import Appeal, Communication, FoiaRequest, Status


def test_staff_logs_a_draft_request_through_the_form(staff_client, staff_user, police, stages):
    response = staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "Arrest records 2024",
            "agency": police.id,
            "records_requested": "All arrests in 2024 with RD numbers.",
            "stages": [stages["arrest"].id],
        },
    )

    request = FoiaRequest.objects.get(title="Arrest records 2024")
    assert response.status_code == 302
    assert response["Location"] == reverse("foia:request_detail", args=[request.id])
    assert (request.status, request.requester) == (Status.DRAFT, staff_user)
    assert list(request.stages.values_list("code", flat=True)) == ["arrest"]


def test_request_logged_with_a_receipt_date_is_submitted_with_a_due_date(staff_client, police):
    received = timezone.localdate() - timedelta(days=2)

    staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "Sent yesterday",
            "agency": police.id,
            "records_requested": "x",
            "date_received": received.isoformat(),
        },
    )

    request = FoiaRequest.objects.get(title="Sent yesterday")
    assert request.status == Status.SUBMITTED
    assert request.date_due is not None
    assert list(request.status_changes.values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
    ]


def test_period_ending_before_it_starts_is_refused(staff_client, police):
    response = staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "Backwards",
            "agency": police.id,
            "records_requested": "x",
            "period_start": "2024-12-31",
            "period_end": "2024-01-01",
        },
    )

    assert response.status_code == 200
    assert "ends before it starts" in response.content.decode()
    assert not FoiaRequest.objects.filter(title="Backwards").exists()


def test_editing_commercial_flag_moves_the_due_date(staff_client, make_request, police):
    request = make_request(received=timezone.localdate() - timedelta(days=2))
    before = request.date_due

    staff_client.post(
        reverse("foia:request_edit", args=[request.id]),
        {
            "title": request.title,
            "agency": police.id,
            "records_requested": request.records_requested,
            "date_received": request.date_received.isoformat(),
            "commercial": "on",
        },
    )

    request.refresh_from_db()
    assert request.commercial
    assert request.date_due > before


def test_logging_an_incoming_communication_shows_on_the_timeline(staff_client, make_request):
    request = make_request(received=timezone.localdate() - timedelta(days=2))

    staff_client.post(
        reverse("foia:communication_create", args=[request.id]),
        {
            "direction": "in",
            "date": timezone.localdate().isoformat(),
            "channel": "email",
            "subject": "Acknowledgement of your FOIA",
            "body": "We received your request.",
        },
    )

    assert Communication.objects.filter(request=request, direction="in").count() == 1
    page = staff_client.get(reverse("foia:request_detail", args=[request.id])).content.decode()
    assert "Acknowledgement of your FOIA" in page


def test_recording_fees(staff_client, make_request):
    request = make_request(received=timezone.localdate())

    staff_client.post(
        reverse("foia:request_fees", args=[request.id]), {"fees_quoted": "12.50", "fees_paid": ""}
    )

    request.refresh_from_db()
    assert str(request.fees_quoted) == "12.50"
    assert request.fees_paid is None


def test_negative_fee_is_refused(staff_client, make_request):
    request = make_request(received=timezone.localdate())

    response = staff_client.post(
        reverse("foia:request_fees", args=[request.id]), {"fees_quoted": "-1"}
    )

    assert response.status_code == 400
    request.refresh_from_db()
    assert request.fees_quoted is None


def test_filing_an_appeal_after_a_denial(staff_client, staff_user, make_request):
    request = make_request(
        received=timezone.localdate() - timedelta(days=20), statuses=("rejected",)
    )

    response = staff_client.post(
        reverse("foia:appeal_create", args=[request.id]),
        {"filed_with": "Public Access Counselor", "filed_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.APPEAL
    assert Appeal.objects.get(request=request).outcome == Appeal.Outcome.PENDING


def test_appeal_of_an_open_request_is_refused_and_changes_nothing(staff_client, make_request):
    request = make_request(received=timezone.localdate() - timedelta(days=1))

    response = staff_client.post(
        reverse("foia:appeal_create", args=[request.id]),
        {"filed_with": "Public Access Counselor", "filed_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    assert not Appeal.objects.exists()


def test_deciding_an_appeal(staff_client, make_request):
    request = make_request(
        received=timezone.localdate() - timedelta(days=20), statuses=("rejected",)
    )
    staff_client.post(
        reverse("foia:appeal_create", args=[request.id]),
        {"filed_with": "Public Access Counselor", "filed_on": timezone.localdate().isoformat()},
    )
    appeal = Appeal.objects.get(request=request)

    staff_client.post(
        reverse("foia:appeal_decide", args=[appeal.id]),
        {"outcome": "granted", "decided_on": timezone.localdate().isoformat()},
    )

    appeal.refresh_from_db()
    request.refresh_from_db()
    assert appeal.outcome == "granted"
    assert request.status == Status.APPEAL_DECIDED


def test_request_page_shows_deadline_counter_and_appeal_window(staff_client, make_request):
    open_request = make_request(received=timezone.localdate() - timedelta(days=1))
    denied = make_request(
        title="Denied", received=timezone.localdate() - timedelta(days=20), statuses=("rejected",)
    )

    open_page = staff_client.get(reverse("foia:request_detail", args=[open_request.id]))
    denied_page = staff_client.get(reverse("foia:request_detail", args=[denied.id]))

    assert "day-counter" in open_page.content.decode()
    # 60 days (5 ILCS 140/9.5(a)); a last day on a weekend or holiday moves to the next
    # business day (5 ILCS 70/1.11). Counted here with the holidays package directly.
    illinois = holidays.US(subdiv="IL", years=range(2000, 2200))
    expected_window = timezone.localdate() + timedelta(days=60)
    while expected_window.weekday() >= 5 or expected_window in illinois:
        expected_window += timedelta(days=1)
    assert denied_page.context["appeal_window_closes"] == expected_window


def test_request_page_query_count_is_bounded(
    staff_client, make_request, django_assert_max_num_queries
):
    request = make_request(received=timezone.localdate() - timedelta(days=1))

    with django_assert_max_num_queries(30):
        staff_client.get(reverse("foia:request_detail", args=[request.id]))


def test_future_receipt_date_is_refused(staff_client, police):
    response = staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "From the future",
            "agency": police.id,
            "records_requested": "x",
            "date_received": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not FoiaRequest.objects.exists()


def test_draft_given_a_receipt_date_on_edit_becomes_submitted(staff_client, make_request, police):
    draft = make_request()
    received = timezone.localdate() - timedelta(days=1)

    staff_client.post(
        reverse("foia:request_edit", args=[draft.id]),
        {
            "title": draft.title,
            "agency": police.id,
            "records_requested": draft.records_requested,
            "date_received": received.isoformat(),
        },
    )

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.date_due is not None
