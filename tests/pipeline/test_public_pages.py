"""Public gap pages: anyone can read them, they never show a raw value, and each table's
CSV and JSON downloads hold exactly what the page shows."""

import csv
import re
from datetime import date

import pytest
from django.urls import reverse

from foiatrack.foia.models import Jurisdiction, Status
from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.services import coverage_recompute, link_run_create
from foiatrack.received.models import Table
from tests.pipeline.conftest import (
    DATASETS,
    chicago_arrests_csv,
    chicago_reports_csv,
    cjp_calls_aggregate_csv,
    seattle_fire_csv,
)
from tests.pipeline.pages import as_page_cells, body, csv_rows, html_tables, json_rows

# Columns of the samples that hold personal data or record-level values (datasets/README.md).
PERSONAL_COLUMNS = {
    "jail_bookings_2011.csv": [
        "Last Name",
        "First Name",
        "Date of Birth",
        "Booking Number",
        "Case Number",
    ],
    "ccsao_dispositions_sentencing_2011.csv": ["CASE_ID", "CASE_PARTICIPANT_ID", "CHARGE_ID"],
    "chicago_calls_cad_2011.csv": ["Event#", "Address", "RD #"],
    "chicago_crimes_2011.csv": ["ID", "Case Number", "Block", "Location"],
    "seattle_fire_911_2019.csv": ["Address", "Incident Number", "Report Location"],
    "milwaukee_police_calls_2016.csv": ["Call Number", "Location"],
}
SAMPLE_AGENCIES = {
    "chicago_calls_cad_2011.csv": ("chicago-oemc", "call"),
    "cjp_calls_by_district_2008_2011.csv": ("chicago-oemc", "call"),
    "chicago_crimes_2011.csv": ("chicago-police", "report"),
    "ccsao_dispositions_sentencing_2011.csv": ("cook-county-states-attorney", "court"),
    "jail_bookings_2011.csv": ("cook-county-sheriff", "jail"),
    "seattle_fire_911_2019.csv": ("seattle-fire", "call"),
    "milwaukee_police_calls_2016.csv": ("milwaukee-police", "call"),
    "messy_agency_export_cp1252.csv": ("chicago-police", "call"),
}
VALUES_PER_COLUMN = 300


def sample_values() -> set[str]:
    """Personal and record-level values from the samples (long enough to be specific)."""
    values = set()
    for name, columns in PERSONAL_COLUMNS.items():
        with (DATASETS / name).open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        for column in columns:
            found = [row[column].strip() for row in rows if row[column].strip()]
            values |= {value for value in found[:VALUES_PER_COLUMN] if len(value) >= 5}
    return values


def personal_words() -> set[str]:
    with (DATASETS / "jail_bookings_2011.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["Last Name"] for row in rows} | {row["First Name"] for row in rows}


@pytest.fixture
def samples_loaded(directory, ingest_sample, make_request, django_capture_on_commit_callbacks):
    """Every sample ingested as its agency's answer, the demo link runs made, a public
    and a private request logged, and the matrix rebuilt."""
    tables = {}
    for name, (agency_slug, stage) in SAMPLE_AGENCIES.items():
        tables[name] = ingest_sample(name, agency=directory[agency_slug], stage=stage)
    pairs = [
        ("chicago_calls_cad_2011.csv", "chicago_crimes_2011.csv"),
        ("chicago_crimes_2011.csv", "ccsao_dispositions_sentencing_2011.csv"),
        ("ccsao_dispositions_sentencing_2011.csv", "jail_bookings_2011.csv"),
    ]
    for left, right in pairs:
        with django_capture_on_commit_callbacks(execute=True):
            link_run_create(left_table=tables[left], right_table=tables[right])
    make_request(
        directory["cook-county-sheriff"],
        stages=["jail"],
        title="Jail bookings 2012",
        is_public=True,
        start=date(2012, 1, 1),
    )
    make_request(directory["chicago-oemc"], stages=["call"], title="Private CAD request 2012")
    coverage_recompute()
    return tables


def public_urls() -> list[str]:
    urls = [
        reverse("pipeline:overview"),
        reverse("pipeline:matrix"),
        reverse("pipeline:dataset_list"),
        reverse("pipeline:funnel"),
        reverse("pipeline:scorecards"),
        reverse("pipeline:requests"),
    ]
    for name in ("matrix", "dataset_list", "funnel", "scorecards", "requests"):
        urls += [reverse(f"pipeline:{name}_download", args=[fmt]) for fmt in ("csv", "json")]
    for slug in Jurisdiction.objects.values_list("slug", flat=True):
        urls.append(reverse("pipeline:jurisdiction", args=[slug]))
        for part in ("coverage", "datasets", "requests"):
            for fmt in ("csv", "json"):
                urls.append(reverse("pipeline:jurisdiction_download", args=[slug, part, fmt]))
    for table_id in Table.objects.filter(status="done").values_list("id", flat=True):
        urls += [
            reverse("pipeline:dataset", args=[table_id]),
            reverse("pipeline:dataset_json", args=[table_id]),
        ]
        for part in ("findings", "flags", "columns", "links"):
            for fmt in ("csv", "json"):
                urls.append(reverse("pipeline:dataset_download", args=[table_id, part, fmt]))
    return urls


@pytest.mark.django_db
def test_no_public_page_or_download_shows_a_value_from_the_samples(client, samples_loaded):
    values = sample_values()
    words = re.compile(r"\b(" + "|".join(sorted(personal_words())) + r")\b")
    assert len(values) > 3000  # the scan really looks for something

    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        leaked = sorted(value for value in values if value in text)
        assert not leaked, f"{url} shows {leaked[:5]}"
        assert not words.search(text), f"{url} shows a name: {words.search(text).group()}"
        assert "Private CAD request" not in text, url


@pytest.mark.django_db
def test_the_leak_scan_finds_values_where_admins_may_see_them(client, data_admin, samples_loaded):
    # A control: the admin's table page shows sample values, so the scan above can fail.
    client.force_login(data_admin)
    table = samples_loaded["jail_bookings_2011.csv"]

    text = client.get(reverse("received:table_detail", args=[table.id])).content.decode()

    assert any(value in text for value in sample_values())


@pytest.mark.django_db
def test_each_public_page_says_when_its_data_was_last_audited(client, samples_loaded):
    pages = [url for url in public_urls() if url.endswith("/")]

    for url in pages:
        assert "Data last audited:" in client.get(url).content.decode(), url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "download"),
    [
        ("pipeline:dataset_list", "pipeline:dataset_list_download"),
        ("pipeline:scorecards", "pipeline:scorecards_download"),
        ("pipeline:requests", "pipeline:requests_download"),
    ],
)
def test_downloads_hold_exactly_the_figures_on_the_page(client, samples_loaded, page, download):
    shown = html_tables(client.get(reverse(page)).content.decode())[0]
    as_csv = csv_rows(client.get(reverse(download, args=["csv"])))
    as_json = json_rows(client.get(reverse(download, args=["json"])))

    assert len(as_csv) > 1
    assert as_csv[1:] == as_json
    assert shown[0] == as_csv[0]
    assert shown[1:] == as_page_cells(as_csv[1:])


@pytest.mark.django_db
def test_dataset_report_downloads_match_its_tables(client, samples_loaded):
    table = samples_loaded["chicago_calls_cad_2011.csv"]
    shown = html_tables(client.get(reverse("pipeline:dataset", args=[table.id])).content.decode())

    for index, part in enumerate(("findings", "flags", "columns", "links")):
        as_csv = csv_rows(
            client.get(reverse("pipeline:dataset_download", args=[table.id, part, "csv"]))
        )
        assert shown[index][1:] == as_page_cells(as_csv[1:]), part


@pytest.mark.django_db
def test_matrix_download_has_every_cell_the_page_shows(client, samples_loaded):
    page = client.get(reverse("pipeline:matrix")).content.decode()
    grid = html_tables(page, "matrix")[0]
    rows = csv_rows(client.get(reverse("pipeline:matrix_download", args=["csv"])))
    header, rows = rows[0], rows[1:]
    state_label = header.index("Coverage (words)")
    years = grid[0][2:]

    shown = {
        (line[0], line[1], year): cell.split(" L")[0]
        for line in grid[1:]
        for year, cell in zip(years, line[2:], strict=True)
    }
    downloaded = {(row[0], row[3], row[4]): row[state_label] for row in rows}
    assert shown == downloaded
    assert "Aggregated only" in downloaded.values()
    assert "Record-level and linkable" in downloaded.values()


@pytest.mark.django_db
def test_funnel_shows_the_measured_rate_or_why_a_step_cannot_be_linked(client, samples_loaded):
    rows = json_rows(client.get(reverse("pipeline:funnel_download", args=["json"])))
    chicago = [row[2:] for row in rows if row[1] == "chicago"]
    cook_county = [row[2:] for row in rows if row[1] == "cook-county"]

    calls_to_reports, reports_to_court, _court_to_jail = chicago
    assert calls_to_reports[5] == "22.5"  # 900 of 4,000 calls, as datasets/README.md says
    # Chicago sent no court data of its own: Cook County's court data stands in (its court
    # serves Chicago); the two tables share no number. Nor do Cook County's court and jail.
    assert reports_to_court[1] == "Court case and disposition (Cook County)"
    assert reports_to_court[8:] == ["chicago", "cook-county"]
    assert reports_to_court[7].startswith("Cannot be linked, because")
    assert cook_county[2][7].startswith("Cannot be linked, because")


@pytest.mark.django_db
def test_counts_under_ten_are_shown_as_less_than_ten(client, directory, ingest, recompute):
    ingest("fire.csv", seattle_fire_csv(rows=6), agency=directory["seattle-fire"], stage="call")
    recompute()

    page = client.get(reverse("pipeline:dataset_list")).content.decode()
    as_csv = csv_rows(client.get(reverse("pipeline:dataset_list_download", args=["csv"])))
    as_json = json_rows(client.get(reverse("pipeline:dataset_list_download", args=["json"])))

    rows_column = as_csv[0].index("Rows")
    assert as_csv[1][rows_column] == "<10"
    assert as_json[0][rows_column] == "<10"
    assert "<td>&lt;10</td>" in page


@pytest.mark.django_db
def test_link_rates_from_small_counts_are_hidden(
    client, directory, ingest, recompute, django_capture_on_commit_callbacks
):
    reports = ingest(
        "r.csv", chicago_reports_csv([f"HT{n}" for n in range(100000, 100040)]), stage="report"
    )
    arrests = ingest(
        "a.csv",
        chicago_arrests_csv(["HT100001", "HT100002"] + [f"JA{500000 + n}" for n in range(10)]),
        stage="arrest",
    )
    with django_capture_on_commit_callbacks(execute=True):
        link_run_create(left_table=reports, right_table=arrests)
    assert LinkRun.objects.get().linked_left == 2

    rows = json_rows(
        client.get(reverse("pipeline:dataset_download", args=[reports.id, "links", "json"]))
    )

    assert rows[0][3] == "<10"
    assert rows[0][5] == ""


@pytest.mark.django_db
def test_only_public_requests_past_their_embargo_are_listed(client, directory, make_request):
    agency = directory["cook-county-sheriff"]
    make_request(agency, title="Open bookings request", is_public=True)
    make_request(agency, title="Embargoed request", is_public=True, embargo_until=date(2999, 1, 1))
    make_request(agency, title="Private request")
    make_request(agency, title="Draft public request", is_public=True, status=Status.DRAFT)

    text = client.get(reverse("pipeline:requests")).content.decode()

    assert "Open bookings request" in text
    assert "Embargoed request" not in text
    assert "Private request" not in text
    assert "Draft public request" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/gaps/matrix.xlsx",
        "/gaps/jurisdictions/atlantis/",
        "/gaps/jurisdictions/chicago/secrets.csv",
        "/gaps/datasets/999999/",
        "/gaps/datasets/999999.json",
    ],
)
def test_unknown_addresses_are_not_found(client, directory, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_table_not_yet_audited_has_no_public_report(client, directory, ingest, recompute):
    table = ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    recompute()
    Table.objects.filter(id=table.id).update(status="running")

    assert client.get(reverse("pipeline:dataset", args=[table.id])).status_code == 404


@pytest.mark.django_db
def test_overview_draws_each_jurisdiction_with_words_not_only_colour(client, samples_loaded):
    text = client.get(reverse("pipeline:overview")).content.decode()

    assert '<svg class="pipeline-svg"' in text
    assert '<title id="svg-title-chicago">Pipeline coverage in City of Chicago</title>' in text
    # The box is a summary of the matrix's cells, and says which years hold what (issue 14).
    assert "Call for service (911/CAD): linkable records 2011; totals only 2008–2010" in text
    assert ">linkable records<" in text
    assert "<script" not in text
    assert "https://" not in text.split("<main")[1]


@pytest.mark.django_db
def test_pages_show_new_findings_once_the_matrix_is_rebuilt(client, directory, ingest, recompute):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    recompute()
    assert "Aggregated only" not in client.get(reverse("pipeline:dataset_list")).content.decode()

    added = ingest(
        "aggregated.csv",
        cjp_calls_aggregate_csv((2019,)),
        agency=directory["seattle-fire"],
        stage="call",
    )
    recompute()

    page = client.get(reverse("pipeline:dataset_list")).content.decode()
    assert reverse("pipeline:dataset", args=[added.id]) in page
    assert "Aggregated only" in page


@pytest.mark.django_db
def test_a_cached_page_never_shows_one_users_name_to_another(
    client, staff_user, directory, ingest, recompute
):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    recompute()
    url = reverse("pipeline:overview")
    assert "staffer" not in client.get(url).content.decode()  # now cached for visitors

    client.force_login(staff_user)
    assert "staffer" in client.get(url).content.decode()
    client.logout()
    client.cookies.clear()

    assert "staffer" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_jurisdiction_page_lists_a_request_made_public_after_it_was_served(
    client, directory, ingest, make_request, recompute
):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    recompute()
    request = make_request(directory["seattle-fire"], title="Fire dispatch logs 2019")
    url = reverse("pipeline:jurisdiction", args=["seattle"])
    assert "Fire dispatch logs 2019" not in client.get(url).content.decode()

    request.is_public = True
    request.save()

    assert "Fire dispatch logs 2019" in client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/gaps/datasets/999999999999999999999999999999/",
        "/gaps/datasets/999999999999999999999999999999.json",
        "/gaps/datasets/999999999999999999999999999999/flags.csv",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(client, directory, url):
    assert client.get(url).status_code == 404
