"""The calls → jail funnel is measured per jurisdiction: one place's calls are never
paired with another place's reports or link runs."""

import json

import pytest
from django.urls import reverse

from foiatrack.pipeline.models import CoverageComputation, LinkRun
from foiatrack.pipeline.services import coverage_recompute, link_run_create
from tests.pipeline.conftest import chicago_reports_csv, seattle_fire_csv
from tests.pipeline.pages import as_page_cells, body, csv_rows, html_tables, json_rows


def _steps(slug: str) -> list[dict]:
    funnel = CoverageComputation.objects.get(id=1).funnel
    return next(item["steps"] for item in funnel if item["jurisdiction"] == slug)


@pytest.fixture
def two_places(directory, ingest, recompute):
    """Seattle sent 30 calls, Chicago 40 incident reports (synthetic, see conftest)."""
    calls = ingest("fire.csv", seattle_fire_csv(30), agency=directory["seattle-fire"], stage="call")
    reports = ingest(
        "reports.csv",
        chicago_reports_csv([f"HT{n}" for n in range(100000, 100040)]),
        agency=directory["chicago-police"],
        stage="report",
    )
    recompute()
    return calls, reports


@pytest.mark.django_db
def test_each_jurisdiction_counts_only_its_own_records(two_places):
    seattle_calls_to_reports = _steps("seattle")[0]
    chicago_calls_to_reports = _steps("chicago")[0]

    assert seattle_calls_to_reports["from_records"] == 30
    assert seattle_calls_to_reports["to_records"] == 0
    assert chicago_calls_to_reports["from_records"] == 0
    assert chicago_calls_to_reports["to_records"] == 40


@pytest.mark.django_db
def test_jurisdictions_without_any_dataset_are_left_out(two_places):
    places = [item["jurisdiction"] for item in CoverageComputation.objects.get(id=1).funnel]

    assert places == ["chicago", "seattle"]  # by name: "City of Chicago", "City of Seattle"


@pytest.mark.django_db
def test_a_link_run_across_jurisdictions_measures_no_step(
    two_places, django_capture_on_commit_callbacks
):
    calls, reports = two_places
    with django_capture_on_commit_callbacks(execute=True):
        link_run_create(left_table=calls, right_table=reports)
    # Force a linked count so the run would be picked if places were mixed up.
    LinkRun.objects.update(status="done", method="deterministic", linked_left=20, left_rows=30)
    coverage_recompute()

    for slug in ("seattle", "chicago"):
        step = _steps(slug)[0]
        assert step["measured"] is False, slug
        assert step["reason"].startswith("no "), slug


@pytest.mark.django_db
def test_a_link_run_within_a_jurisdiction_measures_its_step(
    directory, ingest, recompute, django_capture_on_commit_callbacks
):
    police = directory["chicago-police"]
    cases = [f"HT{n}" for n in range(100000, 100040)]
    reports = ingest("reports.csv", chicago_reports_csv(cases), agency=police, stage="report")
    calls = ingest(
        "calls.csv", seattle_fire_csv(30), agency=directory["chicago-oemc"], stage="call"
    )
    with django_capture_on_commit_callbacks(execute=True):
        link_run_create(left_table=calls, right_table=reports)
    LinkRun.objects.update(status="done", method="deterministic", linked_left=15, left_rows=30)
    recompute()

    step = _steps("chicago")[0]
    assert step["measured"] is True
    assert step["linked_from"] == 15
    assert step["rows_from"] == 30


@pytest.mark.django_db
def test_funnel_page_shows_one_table_per_jurisdiction_matching_the_download(client, two_places):
    page = client.get(reverse("pipeline:funnel")).content.decode()
    shown = html_tables(page)
    as_csv = csv_rows(client.get(reverse("pipeline:funnel_download", args=["csv"])))
    as_json = json_rows(client.get(reverse("pipeline:funnel_download", args=["json"])))

    assert len(shown) == 2
    assert "City of Chicago: from calls to jail" in page
    assert as_csv[0][:2] == ["Jurisdiction", "Jurisdiction slug"]
    assert as_csv[1:] == as_json
    assert [row[0] for row in as_csv[1:]] == ["City of Chicago"] * 3 + ["City of Seattle"] * 3
    on_page = [row for table in shown for row in table[1:]]
    assert on_page == as_page_cells([row[2:] for row in as_csv[1:]])
    assert all(table[0] == as_csv[0][2:] for table in shown)


@pytest.mark.django_db
def test_jurisdiction_page_shows_only_its_own_funnel(client, two_places):
    page = client.get(reverse("pipeline:jurisdiction", args=["seattle"])).content.decode()
    own = csv_rows(
        client.get(reverse("pipeline:jurisdiction_download", args=["seattle", "funnel", "csv"]))
    )

    assert "City of Seattle: from calls to jail" in page
    assert "City of Chicago: from calls to jail" not in page
    assert {row[1] for row in own[1:]} == {"seattle"}
    funnel_rows = next(table for table in html_tables(page) if table[0][0] == "From")
    assert funnel_rows[1:] == as_page_cells([row[2:] for row in own[1:]])


@pytest.mark.django_db
def test_api_funnel_names_each_steps_jurisdiction(client, two_places):
    steps = json.loads(body(client.get("/api/v1/funnel/")))["steps"]

    assert [step["jurisdiction_slug"] for step in steps] == ["chicago"] * 3 + ["seattle"] * 3
    assert steps[3]["from_records"] == 30


@pytest.mark.django_db
def test_a_funnel_stored_in_the_old_shape_is_skipped_not_a_500(client, directory):
    CoverageComputation.objects.create(id=1, funnel=[{"from_stage": "call", "to_stage": "report"}])

    assert client.get(reverse("pipeline:funnel")).status_code == 200
    assert client.get(reverse("pipeline:funnel_download", args=["csv"])).status_code == 200
