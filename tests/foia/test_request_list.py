"""The staff request list: filters, bad input, pagination, query counts, CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.models import Project, Tag

LIST = "foia:request_list"


def _titles(response) -> list[str]:
    return [item.title for item in response.context["page"].object_list]


@pytest.fixture
def mixed(make_request, oemc, staff_user):
    """Three requests that differ in agency, stage, tags, project and lateness."""
    jail = Tag.objects.create(name="jail")
    campaign = Project.objects.create(name="Follow a call", slug="follow-a-call")
    late = make_request(title="Arrests 2024", received=timezone.localdate() - timedelta(days=40))
    late.tags.add(jail)
    calls = make_request(
        title="911 calls 2024", agency=oemc, received=timezone.localdate() - timedelta(days=1)
    )
    calls.projects.add(campaign)
    calls.stages.set(oemc.stages.all())
    draft = make_request(title="Draft about reports")
    return {"late": late, "calls": calls, "draft": draft}


def test_list_shows_all_requests_newest_first(staff_client, mixed):
    response = staff_client.get(reverse(LIST))

    assert _titles(response) == ["Draft about reports", "911 calls 2024", "Arrests 2024"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "draft"}, ["Draft about reports"]),
        ({"agency": "chicago-oemc"}, ["911 calls 2024"]),
        ({"jurisdiction": "chicago"}, ["Draft about reports", "911 calls 2024", "Arrests 2024"]),
        ({"stage": "call"}, ["911 calls 2024"]),
        ({"tags": "jail"}, ["Arrests 2024"]),
        ({"project": "follow-a-call"}, ["911 calls 2024"]),
        ({"overdue": "true"}, ["Arrests 2024"]),
        ({"q": "calls"}, ["911 calls 2024"]),
        ({"q": "Emergency Management"}, ["911 calls 2024"]),
    ],
)
def test_filter_narrows_the_list(staff_client, mixed, query, expected):
    response = staff_client.get(reverse(LIST), query)

    assert response.status_code == 200
    assert _titles(response) == expected


def test_received_date_range_filter(staff_client, mixed):
    since = (timezone.localdate() - timedelta(days=5)).isoformat()

    response = staff_client.get(reverse(LIST), {"received_after": since})

    assert _titles(response) == ["911 calls 2024"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lost"},
        {"agency": "no-such-agency"},
        {"received_after": "yesterday"},
        {"stage": "verdict"},
        {"tags": "nope"},
    ],
)
def test_invalid_filter_is_a_400_with_the_form(staff_client, mixed, query):
    response = staff_client.get(reverse(LIST), query)

    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_list_is_paginated(staff_client, make_request):
    for index in range(52):
        make_request(title=f"request {index}")

    first = staff_client.get(reverse(LIST))
    second = staff_client.get(reverse(LIST), {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 2


def test_list_query_count_does_not_grow_with_rows(
    staff_client, make_request, django_assert_max_num_queries
):
    make_request(title="one", received=timezone.localdate() - timedelta(days=3))
    with django_assert_max_num_queries(30) as baseline:
        staff_client.get(reverse(LIST))
    for index in range(15):
        request = make_request(title=f"r{index}", received=timezone.localdate() - timedelta(days=3))
        request.tags.add(Tag.objects.get_or_create(name=f"t{index}")[0])

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        staff_client.get(reverse(LIST))


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_follows_the_filter(staff_client, mixed):
    response = staff_client.get(reverse("foia:request_export"), {"agency": "chicago-oemc"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = _csv_rows(response)
    assert rows[0][:3] == ["id", "title", "agency"]
    assert [row[1] for row in rows[1:]] == ["911 calls 2024"]


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_export_neutralises_formulas(staff_client, make_request, dangerous):
    make_request(title=dangerous)

    rows = _csv_rows(staff_client.get(reverse("foia:request_export")))

    assert rows[1][1] == "'" + dangerous


def test_csv_export_with_invalid_filter_is_a_400(staff_client, mixed):
    response = staff_client.get(reverse("foia:request_export"), {"status": "lost"})

    assert response.status_code == 400
