"""The public deadline calculator: its page and GET /deadline.json."""

from datetime import date

import holidays
import pytest
from django.urls import reverse


def test_json_path_is_at_the_site_root():
    assert reverse("foia:deadline_json") == "/deadline.json"


def test_json_gives_due_date_business_days_and_holidays_skipped(client, db):
    thanksgiving = date(2026, 11, 26)
    assert thanksgiving in holidays.US(subdiv="IL", years=2026)

    response = client.get("/deadline.json", {"law": "il-foia", "received": "2026-11-25"})

    assert response.status_code == 200
    body = response.json()
    assert body["law"] == "il-foia"
    assert body["received"] == "2026-11-25"
    assert body["due"] == "2026-12-03"
    assert body["business_days"] == 5
    assert [item["date"] for item in body["holidays_skipped"]] == ["2026-11-26"]


def test_json_extended_adds_the_extension(client, db):
    body = client.get(
        "/deadline.json", {"law": "il-foia", "received": "2026-11-25", "extended": "1"}
    ).json()

    assert (body["business_days"], body["due"]) == (10, "2026-12-10")


def test_json_commercial_gives_21_business_days(client, db):
    body = client.get(
        "/deadline.json", {"law": "il-foia", "received": "2026-11-25", "commercial": "1"}
    ).json()

    assert body["business_days"] == 21


def test_json_federal_law(client, db):
    body = client.get("/deadline.json", {"law": "federal-foia", "received": "2026-12-18"}).json()

    assert (body["business_days"], body["due"]) == (20, "2027-01-20")


def test_json_law_without_deadline_says_so(client, db):
    body = client.get("/deadline.json", {"law": "wi-open-records", "received": "2026-11-25"}).json()

    assert body["due"] is None
    assert body["note"] == "no statutory deadline"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"received": "2026-11-25"},
        {"law": "il-foia"},
        {"law": "xx-foia", "received": "2026-11-25"},
        {"law": "il-foia", "received": "2026-02-30"},
        {"law": "il-foia", "received": "11/25/2026"},
        {"law": "il-foia", "received": "2026-11-25", "extended": "maybe"},
        {"law": "il-foia", "received": "2026-11-25", "commercial": "2"},
        {"law": "il-foia", "received": "9999-12-31"},
        {"law": "il-foia", "received": "0001-01-01"},
    ],
)
def test_json_bad_parameters_give_400_with_a_message(client, db, query):
    response = client.get("/deadline.json", query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_calculator_page_shows_the_due_date_to_anonymous_visitors(client, db):
    response = client.get(
        reverse("foia:deadline_calculator"), {"law": "il-foia", "received": "2026-11-25"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Thursday, December 3, 2026" in content
    assert "Thanksgiving" in content


def test_calculator_page_with_bad_input_shows_the_form_error(client, db):
    response = client.get(reverse("foia:deadline_calculator"), {"law": "il-foia", "received": "x"})

    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_calculator_page_refuses_a_date_out_of_range(client, db):
    response = client.get(
        reverse("foia:deadline_calculator"), {"law": "il-foia", "received": "9999-12-31"}
    )

    assert response.status_code == 200
    assert "must be between" in response.content.decode()
