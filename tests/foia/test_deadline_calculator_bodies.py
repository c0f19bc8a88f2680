"""The calculator and /deadline.json per body: `agency=<slug>` (its law, calendar and
recorded closures) or `calendar=<name>` (issue 17). Agencies are synthetic test rows."""

from datetime import date

import pytest
from django.urls import reverse

from foiatrack.foia.models import Agency, Closure, Jurisdiction

ORIGINAL_FIELDS = {"law", "received", "due", "business_days", "holidays_skipped", "statute", "note"}


@pytest.fixture
def state_agency(db):
    illinois = Jurisdiction.objects.create(
        name="State of Illinois", slug="illinois", level="state", law="il-foia", state="IL"
    )
    return Agency.objects.create(
        name="Illinois State Police", slug="illinois-state-police", jurisdiction=illinois
    )


def test_5_ilcs_140_3_d_json_for_a_state_agency_counts_on_the_cms_calendar(client, state_agency):
    response = client.get("/deadline.json?agency=illinois-state-police&received=2026-02-27")

    body = response.json()
    assert response.status_code == 200
    assert (body["due"], body["law"], body["calendar"]) == ("2026-03-06", "il-foia", "il-state")
    assert body.keys() >= ORIGINAL_FIELDS
    assert "not legal advice" in body["disclaimer"]


def test_json_named_calendar_gives_the_state_office_answer(client, db):
    response = client.get("/deadline.json?law=il-foia&calendar=il-state&received=2026-11-25")

    assert response.json()["due"] == "2026-12-04"


def test_json_without_agency_or_calendar_keeps_the_local_calendar(client, db):
    response = client.get("/deadline.json?law=il-foia&received=2026-11-25")

    assert (response.json()["due"], response.json()["calendar"]) == ("2026-12-03", "il-local")


def test_json_agency_closure_moves_the_due_date(client, police):
    Closure.objects.create(agency=police, date=date(2026, 3, 4), reason="Office move")

    response = client.get("/deadline.json?agency=chicago-police&received=2026-02-27")

    # Chicago: Mar 2 Pulaski Day, Mar 4 closed: Mar 3, 5, 6, 9, 10.
    assert response.json()["due"] == "2026-03-10"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("agency=no-such-body&received=2026-02-27", "No agency"),
        ("law=il-foia&calendar=mars&received=2026-02-27", "Unknown calendar"),
        ("received=2026-02-27", "Unknown law"),
    ],
)
def test_json_unknown_agency_or_calendar_is_a_400_with_a_message(client, db, query, message):
    response = client.get(f"/deadline.json?{query}")

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_calculator_page_answers_for_an_agency_and_says_it_is_not_legal_advice(
    client, state_agency
):
    response = client.get(
        reverse("foia:deadline_calculator"),
        {"agency": "illinois-state-police", "received": "2026-02-27"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Friday, March 6, 2026" in page
    assert "not legal advice" in page


def test_calculator_page_unknown_agency_is_a_form_error(client, db):
    response = client.get(
        reverse("foia:deadline_calculator"), {"agency": "nobody", "received": "2026-02-27"}
    )

    assert response.status_code == 200
    assert "No agency with the slug" in response.content.decode()
    assert response.context["result"] is None
