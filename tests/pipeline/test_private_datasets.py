"""A file received for a private or still-embargoed request stays off the public pages,
downloads and API, and counts in no public cell of the coverage matrix."""

import json
from datetime import date

import pytest
from django.urls import reverse

from foiatrack.foia.models import FoiaRequest
from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.services import coverage_recompute, link_run_create
from tests.pipeline.conftest import seattle_fire_csv
from tests.pipeline.pages import body, csv_rows, json_rows


@pytest.fixture
def received(directory, ingest, make_request, recompute):
    """Four synthetic Seattle Fire 911 files (conftest's schema), one per kind of request:
    none, public, private, public but embargoed until 2999."""
    fire = directory["seattle-fire"]
    requests = {
        "none": None,
        "public": make_request(fire, stages=["call"], is_public=True),
        "private": make_request(fire, stages=["call"]),
        "embargoed": make_request(
            fire, stages=["call"], is_public=True, embargo_until=date(2999, 1, 1)
        ),
    }
    tables = {
        kind: ingest(
            f"fire-{kind}.csv",
            seattle_fire_csv(20 + index),  # different bytes: four files, not one
            agency=fire,
            stage="call",
            request=request,
        )
        for index, (kind, request) in enumerate(requests.items())
    }
    recompute()
    return tables


def _ids(rows: list[list[str]], header: list[str]) -> set[int]:
    column = header.index("ID")
    return {int(row[column]) for row in rows}


def _hidden_and_shown(tables):
    hidden = {tables["private"].id, tables["embargoed"].id}
    shown = {tables["none"].id, tables["public"].id}
    return hidden, shown


@pytest.mark.django_db
def test_datasets_of_private_or_embargoed_requests_are_on_no_public_list(client, received):
    hidden, shown = _hidden_and_shown(received)
    as_csv = csv_rows(client.get(reverse("pipeline:dataset_list_download", args=["csv"])))
    place = csv_rows(
        client.get(reverse("pipeline:jurisdiction_download", args=["seattle", "datasets", "csv"]))
    )
    api = json.loads(body(client.get("/api/v1/datasets/")))
    catalogue = json.loads(body(client.get(reverse("pipeline:catalogue_download", args=["json"]))))
    page = client.get(reverse("pipeline:dataset_list")).content.decode()

    assert _ids(as_csv[1:], as_csv[0]) == shown
    assert _ids(place[1:], place[0]) == shown
    assert {item["id"] for item in api["results"]} == shown
    assert len(catalogue["data_sources"]) == len(shown)
    for table_id in hidden:
        assert reverse("pipeline:dataset", args=[table_id]) not in page


@pytest.mark.django_db
def test_datasets_of_private_or_embargoed_requests_have_no_public_page(client, received):
    hidden, shown = _hidden_and_shown(received)

    for table_id in hidden | shown:
        urls = [
            reverse("pipeline:dataset", args=[table_id]),
            reverse("pipeline:dataset_json", args=[table_id]),
            reverse("pipeline:dataset_download", args=[table_id, "findings", "csv"]),
            reverse("pipeline:dataset_download", args=[table_id, "columns", "json"]),
            f"/api/v1/datasets/{table_id}/",
        ]
        expected = 404 if table_id in hidden else 200
        for url in urls:
            assert client.get(url).status_code == expected, url


@pytest.mark.django_db
def test_staff_can_still_open_the_report_of_a_private_dataset(staff_client, received):
    url = reverse("pipeline:dataset", args=[received["private"].id])

    assert staff_client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_coverage_matrix_counts_only_public_datasets(client, received):
    rows = json_rows(client.get(reverse("pipeline:matrix_download", args=["json"])))
    header = csv_rows(client.get(reverse("pipeline:matrix_download", args=["csv"])))[0]
    cell = next(
        row
        for row in rows
        if row[header.index("Jurisdiction slug")] == "seattle"
        and row[header.index("Stage")] == "call"
        and row[header.index("Year")] == "2019"
    )

    # none and public; private and embargoed count nowhere public (issue 14)
    assert cell[header.index("Datasets")] == "2"


@pytest.mark.django_db
def test_a_dataset_becomes_public_when_its_embargo_ends(client, received):
    table = received["embargoed"]
    url = reverse("pipeline:dataset", args=[table.id])
    assert client.get(url).status_code == 404

    FoiaRequest.objects.filter(id=table.received_file.request_id).update(
        embargo_until=date(2020, 1, 1)
    )

    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_public_datasets_links_leave_out_private_datasets(
    client, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link_run_create(left_table=received["public"], right_table=received["private"])
        link_run_create(left_table=received["public"], right_table=received["none"])
    assert LinkRun.objects.filter(status="done").count() == 2
    coverage_recompute()

    rows = json_rows(
        client.get(
            reverse("pipeline:dataset_download", args=[received["public"].id, "links", "json"])
        )
    )

    assert len(rows) == 1


@pytest.mark.django_db
def test_a_file_moved_to_a_private_request_leaves_the_public_pages_at_once(client, received):
    """The public answers are cached; moving the file (as the admin does, with save())
    must still take it off them before the next visit."""
    table = received["none"]
    page = reverse("pipeline:dataset", args=[table.id])
    listing = reverse("pipeline:dataset_list")
    assert client.get(page).status_code == 200
    assert page in client.get(listing).content.decode()
    assert table.id in {item["id"] for item in client.get("/api/v1/datasets/").json()["results"]}

    received_file = table.received_file
    received_file.request = received["private"].received_file.request
    received_file.save()

    assert client.get(page).status_code == 404
    assert client.get(f"/api/v1/datasets/{table.id}/").status_code == 404
    assert page not in client.get(listing).content.decode()
    assert table.id not in {
        item["id"] for item in client.get("/api/v1/datasets/").json()["results"]
    }
