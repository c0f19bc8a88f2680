"""Public pages, downloads and the public API name a dataset by agency, stage, period and
position, never by the uploaded file or sheet name, which may hold personal data."""

import csv
import io

import pytest
from django.urls import reverse

from foiatrack.foia.models import Jurisdiction
from foiatrack.pipeline.selectors import dataset_public_title
from foiatrack.pipeline.services import coverage_recompute, link_run_create
from foiatrack.received.models import Table
from tests.pipeline.conftest import chicago_arrests_csv, chicago_reports_csv
from tests.pipeline.pages import body
from tests.pipeline.test_public_pages import public_urls

PERSONAL_FILE = "jdoe_arrest_record"
PERSONAL_SHEET = "Jane Roe bookings"
CASES = [f"HT{n}" for n in range(100000, 100040)]


def _xlsx(sheet: str, content: bytes) -> bytes:
    """A workbook with one sheet holding the CSV's rows."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    for row in csv.reader(io.StringIO(content.decode())):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def personal_names(directory, ingest, django_capture_on_commit_callbacks):
    """Chicago arrests (synthetic, Chicago "Arrests" columns) uploaded under a person's
    name in a sheet named after another, and reports (Chicago "Crimes" columns) under a
    file name holding a person's name; linked, and the matrix rebuilt."""
    police = directory["chicago-police"]
    arrests = ingest(
        f"{PERSONAL_FILE}.xlsx",
        _xlsx(PERSONAL_SHEET, chicago_arrests_csv(CASES[:20])),
        agency=police,
        stage="arrest",
    )
    reports = ingest(
        f"{PERSONAL_FILE}_reports.csv", chicago_reports_csv(CASES), agency=police, stage="report"
    )
    with django_capture_on_commit_callbacks(execute=True):
        link_run_create(left_table=reports, right_table=arrests)
    coverage_recompute()
    return {"arrests": arrests, "reports": reports}


def _public_and_api_urls(tables) -> list[str]:
    urls = public_urls() + [
        reverse("pipeline:catalogue"),
        reverse("pipeline:availability"),
        "/api/v1/datasets/",
        "/api/v1/coverage/",
        "/api/v1/funnel/",
    ]
    for fmt in ("csv", "json"):
        urls += [
            reverse("pipeline:catalogue_download", args=[fmt]),
            reverse("pipeline:availability_download", args=[fmt]),
            reverse("pipeline:stage_links_download", args=[fmt]),
        ]
    for slug in Jurisdiction.objects.values_list("slug", flat=True):
        urls.append(reverse("pipeline:availability_jurisdiction", args=[slug]))
    urls += [f"/api/v1/datasets/{table.id}/" for table in tables.values()]
    return urls


@pytest.mark.django_db
def test_no_public_page_download_or_api_answer_shows_an_uploaded_name(client, personal_names):
    urls = _public_and_api_urls(personal_names)
    assert len(urls) > 60

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        assert PERSONAL_FILE not in text, url
        assert PERSONAL_SHEET not in text, url


@pytest.mark.django_db
def test_public_pages_name_a_dataset_by_agency_stage_period_and_position(client, personal_names):
    arrests = personal_names["arrests"]
    title = "Chicago Police Department — Arrest, 2011 (table 1)"

    page = client.get(reverse("pipeline:dataset", args=[arrests.id])).content.decode()
    links = client.get(
        reverse("pipeline:dataset_download", args=[personal_names["reports"].id, "links", "csv"])
    )

    assert Table.objects.get(id=arrests.id).name.startswith(PERSONAL_FILE)  # what was uploaded
    assert f"Gap report: {title}" in page
    assert title in body(links)


@pytest.mark.django_db
def test_the_title_numbers_tables_by_their_place_in_the_file(personal_names):
    table = Table.objects.select_related(
        "received_file__agency", "received_file__stage", "received_file__request__agency"
    ).get(id=personal_names["reports"].id)
    table.position = 2
    table.period_end = table.period_end.replace(year=2013)

    assert dataset_public_title(table) == (
        "Chicago Police Department — Incident report, 2011–2013 (table 3)"
    )


@pytest.mark.django_db
def test_admins_still_see_the_uploaded_name(client, data_admin, personal_names):
    client.force_login(data_admin)
    table = personal_names["arrests"]

    page = client.get(reverse("received:table_detail", args=[table.id])).content.decode()

    assert PERSONAL_FILE in page
    assert PERSONAL_SHEET in page
