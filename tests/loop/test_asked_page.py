"""The staff asked-vs-received page and the confirmation of its suggested outcome."""

from django.urls import reverse

from foiatrack.foia.models import Exemption, Status
from tests.loop.samples import cad_calls_csv


def test_request_page_links_to_asked_vs_received(staff_client, oemc, make_request):
    request = make_request(oemc)

    page = staff_client.get(reverse("foia:request_detail", args=[request.id])).content.decode()

    assert reverse("pipeline:asked_vs_received", args=[request.id]) in page
    assert reverse("pipeline:evidence_bundle", args=[request.id]) in page


def test_page_shows_each_asked_field_with_its_verdict(staff_client, oemc, make_request, ingest):
    request = make_request(oemc)
    ingest("calls.csv", cad_calls_csv(rd_every=10, drop=("Event#",)), request=request)

    response = staff_client.get(reverse("pipeline:asked_vs_received", args=[request.id]))

    verdicts = {item.field: item.verdict for item in response.context["comparison"].fields}
    assert verdicts == {
        "event_number": "missing",
        "timestamp": "delivered",
        "address": "delivered",
        "report_number": "delivered_mostly_empty",
    }
    page = response.content.decode()
    assert "Delivered but mostly empty" in page
    assert "Partially fulfilled, with items ignored" in page


def test_confirming_the_suggestion_moves_the_request_through_the_lifecycle(
    staff_client, oemc, make_request, ingest
):
    request = make_request(oemc)
    ingest("calls.csv", cad_calls_csv(address="REDACTED"), request=request)
    Exemption.objects.create(
        request=request, section="5 ILCS 140/7(1)(c)", text="Personal privacy.", fields=["address"]
    )

    response = staff_client.post(
        reverse("pipeline:confirm_outcome", args=[request.id]),
        {"outcome": "partially_fulfilled_exemption"},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.PARTIALLY_FULFILLED
    change = request.status_changes.last()
    assert change.to_status == Status.PARTIALLY_FULFILLED
    assert "5 ILCS 140/7(1)(c)" in change.note


def test_a_stale_suggestion_is_not_confirmed(staff_client, oemc, make_request, ingest):
    request = make_request(oemc)
    ingest("calls.csv", cad_calls_csv(), request=request)

    staff_client.post(
        reverse("pipeline:confirm_outcome", args=[request.id]), {"outcome": "no_records"}
    )

    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_a_transition_the_lifecycle_refuses_is_a_message_not_an_error(
    staff_client, oemc, make_request, ingest
):
    request = make_request(oemc, status=Status.FULFILLED)
    ingest("calls.csv", cad_calls_csv(), request=request)

    response = staff_client.post(
        reverse("pipeline:confirm_outcome", args=[request.id]),
        {"outcome": "fulfilled"},
        follow=True,
    )

    assert response.status_code == 200
    assert "cannot become" in response.content.decode()


def test_comparison_downloads_as_formula_safe_csv(staff_client, oemc, make_request, ingest):
    request = make_request(oemc, fields_wanted=["event_number", "timestamp"])
    ingest("calls.csv", cad_calls_csv(drop=("Event#",)), request=request)
    # Staff type the section; a cell starting with = must not become a formula.
    Exemption.objects.create(
        request=request, section="=HYPERLINK()", text="x", fields=["event_number"]
    )

    response = staff_client.get(reverse("pipeline:asked_vs_received_csv", args=[request.id]))
    text = b"".join(response.streaming_content).decode()

    assert text.splitlines()[0].startswith("item,asked,verdict,fill_rate_pct")
    assert "field,Date and time,delivered,100.0" in text
    assert "'=HYPERLINK()" in text and ",=HYPERLINK" not in text
