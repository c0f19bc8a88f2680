"""A public request's page, the one filtered public list, and their permissions.

Requests are synthetic rows (make_request); the dataset is a synthetic Seattle Fire
"Real Time 911"-shaped file (tests/pipeline/conftest.py).
"""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from foiatrack.foia.models import Communication, Status, StatusChange
from tests.pipeline.conftest import seattle_fire_csv
from tests.pipeline.pages import csv_rows


@pytest.fixture
def public_request(directory, make_request, ingest, recompute):
    item = make_request(
        directory["seattle-fire"],
        stages=["call"],
        status=Status.FULFILLED,
        title="Fire calls 2019",
        is_public=True,
        start=date(2019, 1, 1),
        end=date(2019, 12, 31),
    )
    StatusChange.objects.create(request=item, to_status=Status.SUBMITTED, note="secret note")
    Communication.objects.create(
        request=item,
        direction="in",
        subject="Records attached",
        body="Here they are.",
        is_public=True,
    )
    Communication.objects.create(
        request=item, direction="out", subject="Internal chaser", body="Call Bob at home."
    )
    table = ingest(
        "fire.csv",
        seattle_fire_csv(30),
        agency=directory["seattle-fire"],
        stage="call",
        request=item,
    )
    recompute()
    return item, table


@pytest.mark.django_db
def test_the_page_shows_the_ask_law_timeline_letter_and_datasets(client, public_request):
    item, table = public_request

    response = client.get(reverse("pipeline:request_detail", args=[item.id]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Fire calls 2019" in page and "All records" in page
    assert "Washington Public Records Act" in page
    assert "2019-01-01" in page and "2019-12-31" in page
    assert "Status: Submitted" in page
    assert "Records attached" in page and "Here they are." in page
    assert "Internal chaser" not in page and "Call Bob" not in page  # not marked public
    assert "secret note" not in page  # status notes are staff's
    assert reverse("pipeline:dataset", args=[table.id]) in page
    assert "fire.csv" not in page
    assert "RCW 42.56" in page  # the letter cites the law
    assert item.requester.username not in page  # signed by the team


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "plain"])
@pytest.mark.parametrize("kind", ["private", "embargoed", "draft"])
def test_private_embargoed_and_draft_requests_are_404(
    client, directory, make_request, plain_user, who, kind
):
    extra = {
        "private": {"is_public": False},
        "embargoed": {"is_public": True, "embargo_until": date.today() + timedelta(days=30)},
        "draft": {"is_public": True, "status": Status.DRAFT},
    }[kind]
    item = make_request(directory["seattle-fire"], title="Hidden ask", **extra)
    if who == "plain":
        client.force_login(plain_user)

    response = client.get(reverse("pipeline:request_detail", args=[item.id]))

    assert response.status_code == 404
    assert "Hidden ask" not in client.get(reverse("pipeline:requests")).content.decode()


@pytest.mark.django_db
def test_a_huge_id_is_404_not_a_500(client, directory):
    assert client.get(f"/gaps/requests/{2**70}/").status_code == 404


@pytest.mark.django_db
def test_the_old_list_address_redirects_with_its_query(client, public_request):
    response = client.get("/public/requests/?agency=seattle-fire")
    assert response.status_code == 301
    assert response["Location"] == reverse("pipeline:requests") + "?agency=seattle-fire"
    item, _table = public_request
    detail = client.get(f"/public/requests/{item.id}/")
    assert detail["Location"] == reverse("pipeline:request_detail", args=[item.id])


@pytest.mark.django_db
def test_filters_narrow_the_list_and_its_download(client, directory, make_request):
    make_request(
        directory["seattle-fire"],
        stages=["call"],
        title="Seattle calls",
        is_public=True,
        start=date(2019, 1, 1),
        end=date(2019, 12, 31),
    )
    make_request(
        directory["cook-county-sheriff"],
        stages=["jail"],
        title="Cook bookings",
        is_public=True,
        start=date(2015, 1, 1),
        end=date(2016, 6, 30),
    )
    url = reverse("pipeline:requests")

    def titles(query: str) -> set[str]:
        rows = csv_rows(client.get(reverse("pipeline:requests_download", args=["csv"]) + query))
        return {row[0] for row in rows[1:]}

    assert titles("") == {"Seattle calls", "Cook bookings"}
    assert titles("?jurisdiction=seattle") == {"Seattle calls"}
    assert titles("?stage=jail") == {"Cook bookings"}
    assert titles("?year=2016") == {"Cook bookings"}
    assert titles("?year=2017") == set()
    assert titles("?agency=seattle-fire&status=submitted") == {"Seattle calls"}
    page = client.get(url + "?stage=jail").content.decode()
    assert "Cook bookings" in page and "Seattle calls" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["?agency=nope", "?year=abc", "?status=draft", "?stage=x", "?year=99999"]
)
def test_invalid_filter_input_is_a_400_with_a_message(client, directory, make_request, query):
    make_request(directory["seattle-fire"], title="Seattle calls", is_public=True)

    response = client.get(reverse("pipeline:requests") + query)

    assert response.status_code == 400
    page = response.content.decode()
    assert "could not be applied" in page
    assert "Seattle calls" not in page


@pytest.mark.django_db
def test_staff_mark_a_message_public_from_the_request_page(staff_client, directory, make_request):
    item = make_request(directory["seattle-fire"], title="Fire calls", is_public=True)
    url = reverse("foia:communication_create", args=[item.id])
    for subject, public in (("Shown to all", "on"), ("Kept inside", "")):
        data = {"direction": "in", "date": "2024-01-05", "channel": "email", "subject": subject}
        staff_client.post(url, data | ({"is_public": public} if public else {}))

    visitor = Client()  # staff_client is the logged-in `client`
    page = visitor.get(reverse("pipeline:request_detail", args=[item.id])).content.decode()

    assert "Shown to all" in page
    assert "Kept inside" not in page
