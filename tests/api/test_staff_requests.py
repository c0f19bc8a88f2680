"""Staff endpoints: logging, editing, filtering requests, status changes, communications."""

from datetime import timedelta

from django.utils import timezone

from foiatrack.foia import services as foia_services
from foiatrack.foia.models import FoiaRequest, Status, StatusChange, Tag


def test_logging_a_sent_request_records_it_as_submitted_with_a_due_date(world, clients):
    received = timezone.localdate() - timedelta(days=2)
    response = clients["staff"].post(
        "/api/v1/requests/",
        {
            "title": "Arrest records 2020",
            "agency": "chicago-police",
            "records_requested": "All arrests in 2020, as CSV.",
            "stages": ["arrest"],
            "date_received": str(received),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["date_due"] is not None
    assert body["stages"] == ["arrest"]
    assert body["requester"] == "staffer"
    assert [change["to_status"] for change in body["status_history"]] == ["draft", "submitted"]


def test_a_request_without_date_received_is_a_draft(world, clients):
    response = clients["staff"].post(
        "/api/v1/requests/",
        {"title": "Draft", "agency": "chicago-police", "records_requested": "All."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "draft"


def test_the_request_form_rules_apply_to_the_api(world, clients):
    future = timezone.localdate() + timedelta(days=3)
    response = clients["staff"].post(
        "/api/v1/requests/",
        {
            "title": "Bad dates",
            "agency": "chicago-police",
            "records_requested": "All.",
            "date_received": str(future),
            "period_start": "2021-05-01",
            "period_end": "2021-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "future" in " ".join(error["fields"]["date_received"])
    assert "ends before it starts" in " ".join(error["fields"]["period_end"])
    assert not FoiaRequest.objects.filter(title="Bad dates").exists()


def test_an_unknown_agency_is_a_field_error(world, clients):
    response = clients["staff"].post(
        "/api/v1/requests/",
        {"title": "X", "agency": "no-such-agency", "records_requested": "All."},
        format="json",
    )
    assert response.status_code == 400
    assert "agency" in response.json()["error"]["fields"]


def test_patch_changes_only_the_fields_sent(world, clients):
    tag = Tag.objects.create(name="arrests")
    request = world.private_request
    response = clients["staff"].patch(
        f"/api/v1/requests/{request.id}/",
        {"tracking_number": "CPD-2021-77", "tags": ["arrests"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert request.tracking_number == "CPD-2021-77"
    assert list(request.tags.all()) == [tag]
    assert request.title == "Secret arrests"
    assert request.private_notes == "Source X"


def test_a_sent_request_cannot_lose_its_date_received(world, clients):
    response = clients["staff"].patch(
        f"/api/v1/requests/{world.private_request.id}/", {"date_received": None}, format="json"
    )
    assert response.status_code == 400
    assert "date_received" in response.json()["error"]["fields"]


def test_the_list_uses_the_staff_filters(world, clients):
    response = clients["staff"].get("/api/v1/requests/", {"status": "draft"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == ["Draft arrests"]


def test_an_invalid_filter_value_is_a_400_naming_the_filter(world, clients):
    response = clients["staff"].get("/api/v1/requests/", {"status": "lost", "due_after": "soon"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status", "due_after"}


def test_a_page_past_the_end_is_a_404(world, clients):
    response = clients["staff"].get("/api/v1/requests/", {"page": 99})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_allowed_status_change_is_recorded(world, clients):
    request = world.public_request
    response = clients["staff"].post(
        f"/api/v1/requests/{request.id}/status/",
        {"to_status": "acknowledged", "note": "Letter arrived."},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["from_status"] == "submitted"
    assert response.json()["to_status"] == "acknowledged"
    request.refresh_from_db()
    assert request.status == Status.ACKNOWLEDGED
    assert request.date_acknowledged == timezone.localdate()


def test_an_invalid_transition_is_a_409_and_changes_nothing(world, clients):
    request = world.public_draft
    changes_before = StatusChange.objects.filter(request=request).count()
    response = clients["staff"].post(
        f"/api/v1/requests/{request.id}/status/", {"to_status": "fulfilled"}, format="json"
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_transition"
    assert "cannot become" in error["message"]
    request.refresh_from_db()
    assert request.status == Status.DRAFT
    assert StatusChange.objects.filter(request=request).count() == changes_before


def _received_yesterday(world, staff_user) -> FoiaRequest:
    # Inside 5 ILCS 140/3(f)'s 5-business-day notice window and not yet due.
    return foia_services.request_create(
        requester=staff_user,
        data={
            "title": "Arrests 2022",
            "agency": world.agency,
            "records_requested": "Every record.",
            "date_received": timezone.localdate() - timedelta(days=1),
        },
    )


def test_a_second_extension_is_a_409(world, clients, staff_user):
    url = f"/api/v1/requests/{_received_yesterday(world, staff_user).id}/status/"
    assert clients["staff"].post(url, {"to_status": "extended"}, format="json").status_code == 201
    assert clients["staff"].post(url, {"to_status": "processing"}, format="json").status_code == 201
    response = clients["staff"].post(url, {"to_status": "extended"}, format="json")
    assert response.status_code == 409


def test_an_unknown_status_is_a_400_not_a_409(world, clients):
    response = clients["staff"].post(
        f"/api/v1/requests/{world.public_request.id}/status/", {"to_status": "lost"}, format="json"
    )
    assert response.status_code == 400
    assert "to_status" in response.json()["error"]["fields"]


def test_logging_a_communication(world, clients):
    url = f"/api/v1/requests/{world.public_request.id}/communications/"
    response = clients["staff"].post(
        url,
        {"direction": "in", "date": "2021-04-01", "channel": "portal", "subject": "Fee letter"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["logged_by"] == "staffer"
    listed = clients["staff"].get(url).json()["results"]
    assert [item["subject"] for item in listed] == ["Fee letter"]


def test_a_communication_with_an_attachment_in_multipart(world, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = clients["staff"].post(
        f"/api/v1/requests/{world.public_request.id}/communications/",
        {
            "direction": "in",
            "date": "2021-04-01",
            "attachment": SimpleUploadedFile("letter.txt", b"We acknowledge your request."),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_attachment"] is True
    assert response.json()["channel"] == "email"


def test_request_list_queries_do_not_grow_with_rows(world, clients, django_assert_max_num_queries):
    for index in range(10):
        clients["staff"].post(
            "/api/v1/requests/",
            {"title": f"R{index}", "agency": "chicago-police", "records_requested": "All."},
            format="json",
        )
    with django_assert_max_num_queries(16):
        response = clients["staff"].get("/api/v1/requests/")
    assert response.json()["count"] == 14


def test_the_request_shows_its_appeals_and_the_exemptions_cited(world, clients, staff_user):
    request = world.public_request
    foia_services.request_transition(request=request, to_status=Status.REJECTED, user=staff_user)
    foia_services.exemption_record(
        request=request,
        user=staff_user,
        section="5 ILCS 140/7(1)(c)",
        text="Personal information whose disclosure would invade privacy.",
        fields=["address"],
    )
    foia_services.appeal_file(
        request=request,
        user=staff_user,
        filed_with="Public Access Counselor",
        filed_on=timezone.localdate(),
    )

    body = clients["staff"].get(f"/api/v1/requests/{request.id}/").json()

    assert [(a["filed_with"], a["outcome"]) for a in body["appeals"]] == [
        ("Public Access Counselor", "pending")
    ]
    assert [(e["section"], e["fields"]) for e in body["exemptions"]] == [
        ("5 ILCS 140/7(1)(c)", ["address"])
    ]
    public = clients["anonymous"].get(f"/api/v1/public/requests/{request.id}/").json()
    assert "appeals" not in public and "exemptions" not in public


def _rejected(world, staff_user):
    request = world.public_request
    foia_services.request_transition(request=request, to_status=Status.REJECTED, user=staff_user)
    return request


def test_filing_an_appeal_moves_the_request_to_appeal(world, clients, staff_user):
    request = _rejected(world, staff_user)
    url = f"/api/v1/requests/{request.id}/appeals/"

    response = clients["staff"].post(
        url,
        {"filed_with": "Public Access Counselor", "filed_on": str(timezone.localdate())},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == "pending"
    request.refresh_from_db()
    assert request.status == Status.APPEAL
    assert [a["id"] for a in clients["staff"].get(url).json()["results"]] == [response.json()["id"]]


def test_an_appeal_before_any_answer_is_a_409_and_files_nothing(world, clients, staff_user):
    # Submitted, not answered and not yet due (once overdue, 5 ILCS 140/3(d) makes silence
    # a denial that may be appealed).
    request = _received_yesterday(world, staff_user)

    response = clients["staff"].post(
        f"/api/v1/requests/{request.id}/appeals/",
        {"filed_with": "Public Access Counselor", "filed_on": str(timezone.localdate())},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    assert not request.appeals.exists()
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_an_appeal_is_decided_once(world, clients, staff_user):
    request = _rejected(world, staff_user)
    appeal = foia_services.appeal_file(
        request=request,
        user=staff_user,
        filed_with="Public Access Counselor",
        filed_on=timezone.localdate(),
    )
    decision = {"outcome": "granted", "decided_on": str(timezone.localdate())}
    url = f"/api/v1/appeals/{appeal.id}/decision/"

    first = clients["staff"].post(url, decision, format="json")
    again = clients["staff"].post(url, {**decision, "outcome": "denied"}, format="json")

    assert first.status_code == 200, first.content
    assert first.json()["outcome"] == "granted"
    assert again.status_code == 409
    appeal.refresh_from_db()
    request.refresh_from_db()
    assert (appeal.outcome, request.status) == ("granted", Status.APPEAL_DECIDED)


def test_an_appeal_outcome_must_be_a_decision(world, clients, staff_user):
    request = _rejected(world, staff_user)
    appeal = foia_services.appeal_file(
        request=request, user=staff_user, filed_with="PAC", filed_on=timezone.localdate()
    )

    response = clients["staff"].post(
        f"/api/v1/appeals/{appeal.id}/decision/",
        {"outcome": "pending", "decided_on": str(timezone.localdate())},
        format="json",
    )

    assert response.status_code == 400
    assert "outcome" in response.json()["error"]["fields"]


def test_recording_an_exemption(world, clients):
    request = world.private_request
    url = f"/api/v1/requests/{request.id}/exemptions/"

    response = clients["staff"].post(
        url,
        {"section": "5 ILCS 140/7(1)(d)", "text": "Law enforcement records.", "fields": []},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["fields"] == []
    assert [e["section"] for e in clients["staff"].get(url).json()["results"]] == [
        "5 ILCS 140/7(1)(d)"
    ]


def test_an_exemption_with_an_unknown_field_code_is_a_400(world, clients):
    response = clients["staff"].post(
        f"/api/v1/requests/{world.private_request.id}/exemptions/",
        {"section": "5 ILCS 140/7(1)(c)", "text": "Privacy.", "fields": ["shoe_size"]},
        format="json",
    )

    assert response.status_code == 400
    assert "fields" in response.json()["error"]["fields"]
    assert not world.private_request.exemptions.exists()


def test_tracking_numbers_are_added_once_and_each_has_its_status(world, clients):
    request = world.private_request
    url = f"/api/v1/requests/{request.id}/tracking-numbers/"

    first = clients["staff"].post(url, {"number": " R-2026-001 "}, format="json")
    twice = clients["staff"].post(url, {"number": "R-2026-001"}, format="json")
    clients["staff"].post(url, {"number": "R-2026-002", "status": "acknowledged"}, format="json")

    assert first.status_code == 201, first.content
    assert (first.json()["number"], first.json()["status"]) == ("R-2026-001", "submitted")
    assert twice.status_code == 409
    assert "already recorded" in twice.json()["error"]["message"]
    moved = clients["staff"].patch(
        f"{url}{first.json()['id']}/",
        {"status": "fulfilled", "note": "Part 1 sent."},
        format="json",
    )
    assert moved.status_code == 200, moved.content
    detail = clients["staff"].get(f"/api/v1/requests/{request.id}/").json()
    assert [(t["number"], t["status"]) for t in detail["tracking_numbers"]] == [
        ("R-2026-001", "fulfilled"),
        ("R-2026-002", "acknowledged"),
    ]
    assert detail["tracking_number"] == "R-2026-001"  # the first became the request's own
    assert detail["status"] == "submitted"  # a part's status does not move the request


def test_a_tracking_number_of_another_request_is_a_404(world, clients):
    tracking = foia_services.tracking_number_add(request=world.private_request, number="X-1")

    response = clients["staff"].patch(
        f"/api/v1/requests/{world.public_request.id}/tracking-numbers/{tracking.id}/",
        {"status": "fulfilled"},
        format="json",
    )

    assert response.status_code == 404


def test_fields_not_held_replace_the_list(world, clients):
    request = world.private_request
    url = f"/api/v1/requests/{request.id}/fields-not-held/"

    clients["staff"].put(url, {"fields": ["event_number", "address"]}, format="json")
    response = clients["staff"].put(url, {"fields": ["address"]}, format="json")
    unknown = clients["staff"].put(url, {"fields": ["shoe_size"]}, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == {"fields": ["address"]}
    assert unknown.status_code == 400
    request.refresh_from_db()
    assert request.fields_not_held == ["address"]
    detail = clients["staff"].get(f"/api/v1/requests/{request.id}/").json()
    assert detail["fields_not_held"] == ["address"]


def test_the_api_refuses_a_receipt_before_the_first_records_law(world, clients):
    response = clients["staff"].post(
        "/api/v1/requests/",
        {
            "title": "Typo year",
            "agency": "chicago-police",
            "records_requested": "All.",
            "date_received": "1900-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "before the first public-records law" in " ".join(fields["date_received"])
    assert not FoiaRequest.objects.filter(title="Typo year").exists()
