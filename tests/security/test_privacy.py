"""What the public must never see: private or embargoed requests (pages, downloads, API,
search) and any value from a row of a received file (names, dates of birth, addresses,
record numbers), on any public page, download or API answer."""

import csv
from pathlib import Path

from django.conf import settings
from django.test import Client

from tests.security.conftest import all_routes, build_path, demo_path, ids_for_demo, is_regex
from tests.security.test_permission_matrix import API_PUBLIC, PUBLIC, access_level

DATASETS = Path(settings.BASE_DIR) / "datasets"
# Columns of the synthetic samples that identify a person, a place or a record.
IDENTIFYING_COLUMNS = {
    "Last Name",
    "First Name",
    "Date of Birth",
    "Address",
    "Block",
    "Location",
    "Booking Number",
    "Incident Number",
    "Event#",
    "Call Number",
    "Case Number",
    "RD #",
    "CASE_ID",
    "CASE_PARTICIPANT_ID",
    "CHARGE_ID",
    "ID",
}
SEARCH_PARAMETERS = ("q", "search", "title", "agency", "status", "ordering")


def _public_routes():
    return [
        route
        for route in all_routes()
        if route.name
        and not is_regex(route)
        and route.name != "logout"
        and access_level(route.name) in (PUBLIC, API_PUBLIC)
    ]


def _public_paths():
    """Every public URL, with each download format the project offers."""
    ids = ids_for_demo()
    for route in _public_routes():
        formats = ["csv", "json"] if any(n == "file_format" for n, _ in route.converters) else [""]
        for file_format in formats:
            if file_format:
                values = {name: ids.get(name, "1") for name, _type in route.converters}
                if "slug" in values:
                    values["slug"] = ids["jurisdiction_slug"]
                values["file_format"] = file_format
                yield build_path(route, values)
            else:
                yield demo_path(route, ids)


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _public_bodies(extra_paths=()):
    anonymous = Client()
    for path in [*_public_paths(), *extra_paths]:
        response = anonymous.get(path, follow=True)  # old list addresses redirect
        assert response.status_code < 500, path
        yield path, _body(response)


def test_private_and_embargoed_requests_never_reach_the_public(demo):
    from foiatrack.foia.models import FoiaRequest

    hidden = [demo["private"], demo["embargoed"]]
    markers = ("PRIVATE-", "EMBARGOED-", "7Q2", "3K9")
    searches = [
        f"{path}?{parameter}={marker}"
        for path in ("/public/requests/", "/gaps/requests/", "/api/v1/public/requests/")
        for parameter in SEARCH_PARAMETERS
        for marker in ("PRIVATE", "EMBARGOED")
    ]
    by_id = [f"/api/v1/public/requests/{request.id}/" for request in hidden]
    leaks = [
        path for path, body in _public_bodies(searches + by_id) if any(m in body for m in markers)
    ]
    assert leaks == []
    anonymous = Client()
    assert [anonymous.get(path).status_code for path in by_id] == [404, 404]
    # and the public requests are there, so the pages were really listing requests
    public_titles = FoiaRequest.objects.filter(id__in=[r.id for r in demo["public"]])
    page = _body(anonymous.get("/public/requests/", follow=True))
    assert all(request.title.split()[1] in page for request in public_titles)


def _identifying_values() -> dict[str, str]:
    """{value: where it came from} for the identifying cells of every sample CSV."""
    values = {}
    for path in sorted(DATASETS.glob("*.csv")):
        text = path.read_bytes().decode("utf-8", "replace")
        lines = text.splitlines()
        start = next((i for i, line in enumerate(lines) if line.count(",") >= 3), 0)
        for row in list(csv.DictReader(lines[start:]))[:300]:
            for column, value in row.items():
                value = (value or "").strip()
                # Short or empty cells (a district "7", "N/A") are not evidence of a leak.
                if column in IDENTIFYING_COLUMNS and len(value) >= 6 and value != "REDACTED":
                    values.setdefault(value, f"{path.name}:{column}")
    return values


def test_no_public_page_download_or_api_answer_shows_a_value_from_a_received_file(demo):
    from foiatrack.received.models import Table

    assert Table.objects.filter(status=Table.Status.DONE).count() >= 8  # load_demo audited
    values = _identifying_values()
    assert len(values) > 1000
    found = []
    for path, body in _public_bodies():
        for value, origin in values.items():
            if value in body:
                found.append(f"{path}: {value!r} from {origin}")
    assert found == [], "\n".join(found[:30])


def test_datasets_answering_private_or_embargoed_requests_stay_off_every_public_answer(demo):
    from foiatrack.pipeline.services import coverage_recompute
    from foiatrack.received.models import ReceivedFile, Table

    hidden_files = {
        "chicago_crimes_2011.csv": demo["private"],
        "jail_bookings_2011.csv": demo["embargoed"],
    }
    for name, request in hidden_files.items():
        ReceivedFile.objects.filter(original_name=name).update(request=request)
    coverage_recompute()
    hidden_ids = list(
        Table.objects.filter(received_file__original_name__in=hidden_files).values_list(
            "id", flat=True
        )
    )
    anonymous = Client()

    for table_id in hidden_ids:
        for path in (
            f"/gaps/datasets/{table_id}/",
            f"/gaps/datasets/{table_id}.json",
            f"/api/v1/datasets/{table_id}/",
        ):
            assert anonymous.get(path).status_code == 404, path
    linked = [
        path
        for path, body in _public_bodies()
        for table_id in hidden_ids
        if f"/gaps/datasets/{table_id}/" in body
    ]
    assert linked == []
    listed = anonymous.get("/api/v1/datasets/", {"page_size": 500}).json()["results"]
    assert listed and not {dataset["id"] for dataset in listed} & set(hidden_ids)
