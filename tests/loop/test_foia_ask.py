"""The structured ask, access routes, exemptions and tracking numbers on the foia side."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.letters import render_letter
from foiatrack.foia.models import Exemption, FoiaRequest, Status, TrackingNumber
from foiatrack.foia.selectors import agency_scorecard, law_for_request


def test_form_saves_the_structured_ask_and_the_letter_lists_each_field(
    staff_client, staff_user, oemc, stages
):
    staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "CAD events 2011",
            "agency": oemc.id,
            "records_requested": "Every CAD event in 2011.",
            "stages": [stages["call"].id],
            "period_start": "2011-01-01",
            "period_end": "2011-12-31",
            "fields_wanted": ["event_number", "address", "latitude_longitude"],
            "fields_wanted_other": "Priority code",
            "detail_level_wanted": "Individual record",
            "format_wanted": "csv_or_excel",
        },
    )

    request = FoiaRequest.objects.get(title="CAD events 2011")
    assert request.fields_wanted == ["event_number", "address", "latitude_longitude"]
    assert (request.detail_level_wanted, request.format_wanted) == (
        "Individual record",
        "csv_or_excel",
    )
    letter = render_letter(request=request, kind="initial", author=staff_user)
    for label in (
        "Event / CAD number",
        "Address or block",
        "Latitude / longitude",
        "Priority code",
    ):
        assert f"  - {label}" in letter
    assert "Detail level: Individual record" in letter
    assert "CSV or Excel (native, not PDF)" in letter


def test_unknown_field_code_is_a_form_error(staff_client, oemc):
    response = staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "Bad",
            "agency": oemc.id,
            "records_requested": "x",
            "fields_wanted": ["shoe_size"],
        },
    )

    assert response.status_code == 200
    assert "shoe_size is not one of the available choices" in response.content.decode()
    assert not FoiaRequest.objects.filter(title="Bad").exists()


def test_court_records_follow_the_clerk_route_with_no_foia_deadline(
    staff_client, directory, stages
):
    clerk = directory["cook-county-circuit-clerk"]
    received = timezone.localdate() - timedelta(days=3)
    staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "Felony dispositions",
            "agency": clerk.id,
            "records_requested": "Dispositions 2011.",
            "stages": [stages["court"].id],
            "date_received": received.isoformat(),
        },
    )

    request = FoiaRequest.objects.get(title="Felony dispositions")
    assert request.access_route == "court_rules"
    assert law_for_request(request).response_days is None
    assert request.date_due is None
    page = staff_client.get(reverse("foia:request_detail", args=[request.id])).content.decode()
    assert "Court records through the clerk, under court rules" in page
    agency_page = staff_client.get(reverse("foia:agency_detail", args=[clerk.slug])).content
    assert b"access-routes" in agency_page


def test_foia_route_request_to_the_same_jurisdiction_keeps_its_deadline(
    staff_client, directory, stages
):
    received = timezone.localdate() - timedelta(days=3)
    staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "SAO intake",
            "agency": directory["cook-county-states-attorney"].id,
            "records_requested": "Intake 2011.",
            "stages": [stages["court"].id],
            "date_received": received.isoformat(),
        },
    )

    request = FoiaRequest.objects.get(title="SAO intake")
    assert request.access_route == "foia"
    assert request.date_due is not None


def test_staff_record_an_exemption_it_is_counted_and_quoted_in_the_appeal(
    staff_client, staff_user, oemc, make_request
):
    request = make_request(
        oemc, status=Status.PARTIALLY_FULFILLED, date_closed=timezone.localdate()
    )

    response = staff_client.post(
        reverse("foia:exemption_create", args=[request.id]),
        {
            "section": "5 ILCS 140/7(1)(c)",
            "text": "Personal information contained within public records, the disclosure "
            "of which would constitute a clearly unwarranted invasion of personal privacy.",
            "fields": ["address"],
        },
    )

    assert response.status_code == 302
    exemption = Exemption.objects.get(request=request)
    assert (exemption.fields, exemption.recorded_by) == (["address"], staff_user)
    assert agency_scorecard(oemc)["exemptions_cited"] == 1
    letter = render_letter(request=request, kind="appeal", author=staff_user)
    assert "5 ILCS 140/7(1)(c) (withholding: Address or block)" in letter
    assert "clearly unwarranted invasion of personal privacy" in letter
    public_page = staff_client.get(reverse("foia:agency_detail", args=[oemc.slug])).content
    assert b"Exemptions cited" in public_page


def test_exemption_without_its_text_is_refused_with_a_message(staff_client, oemc, make_request):
    request = make_request(oemc)

    response = staff_client.post(
        reverse("foia:exemption_create", args=[request.id]), {"section": "7(1)(c)", "text": ""}
    )

    assert response.status_code == 400
    assert not Exemption.objects.exists()


def test_fields_the_agency_does_not_keep_are_recorded(staff_client, oemc, make_request):
    request = make_request(oemc)

    staff_client.post(
        reverse("foia:fields_not_held", args=[request.id]), {"fields": ["latitude_longitude"]}
    )

    request.refresh_from_db()
    assert request.fields_not_held == ["latitude_longitude"]


def test_split_request_keeps_a_status_per_tracking_number(
    staff_client, staff_user, oemc, make_request
):
    request = make_request(oemc)
    for number in ("P012345-010124", "P012346-010124"):
        staff_client.post(
            reverse("foia:tracking_number_create", args=[request.id]),
            {"number": number, "status": "acknowledged"},
        )
    second = TrackingNumber.objects.get(number="P012346-010124")

    staff_client.post(
        reverse("foia:tracking_number_status", args=[second.id]), {"status": "fulfilled"}
    )

    statuses = dict(request.tracking_numbers.values_list("number", "status"))
    assert statuses == {"P012345-010124": "acknowledged", "P012346-010124": "fulfilled"}
    request.refresh_from_db()
    assert request.tracking_number == "P012345-010124"
    assert request.status == Status.SUBMITTED  # the request's own status moves separately
    letter = render_letter(request=request, kind="follow-up", author=staff_user)
    assert "P012345-010124, P012346-010124" in letter


def test_duplicate_tracking_number_is_refused(staff_client, oemc, make_request):
    request = make_request(oemc)
    url = reverse("foia:tracking_number_create", args=[request.id])
    staff_client.post(url, {"number": "P1", "status": "submitted"})

    response = staff_client.post(url, {"number": "P1", "status": "submitted"})

    assert response.status_code == 400
    assert "already recorded" in response.content.decode()
    assert request.tracking_numbers.count() == 1
