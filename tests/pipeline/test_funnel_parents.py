"""The justice pipeline crosses levels of government: a Chicago call and police report
lead to a Cook County court case. Each stage of a place's funnel uses the place's own
datasets, or else those of its nearest ancestor (Jurisdiction.parent) that has some."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from foiatrack.foia.directory import directory_load
from foiatrack.foia.models import Jurisdiction
from foiatrack.pipeline.models import CoverageComputation, LinkRun
from foiatrack.pipeline.services import coverage_recompute, link_run_create
from tests.pipeline.conftest import chicago_reports_csv, seattle_fire_csv
from tests.pipeline.pages import body, html_tables


def ccsao_sentencing_csv(rows: int = 30) -> bytes:
    """Court dispositions shaped like the Cook County State's Attorney's "Sentencing"
    open data (a column subset: CASE_ID, CASE_PARTICIPANT_ID, RECEIVED_DATE,
    OFFENSE_CATEGORY, DISPOSITION_DATE, CHARGE_DISPOSITION, LAW_ENFORCEMENT_AGENCY).
    Synthetic values."""
    lines = [
        "CASE_ID,CASE_PARTICIPANT_ID,RECEIVED_DATE,OFFENSE_CATEGORY,DISPOSITION_DATE,"
        "CHARGE_DISPOSITION,LAW_ENFORCEMENT_AGENCY"
    ]
    for index in range(rows):
        lines.append(
            f"{149000000000 + index * 7},{870000000000 + index * 11},"
            f"0{1 + index % 9}/1{index % 9}/2011 12:00:00 AM,Retail Theft,"
            f"0{1 + index % 9}/2{index % 9}/2012 12:00:00 AM,Plea Of Guilty,CHICAGO POLICE DEPT"
        )
    return ("\n".join(lines) + "\n").encode()


def _steps(slug: str) -> list[dict]:
    funnel = CoverageComputation.objects.get(id=1).funnel
    return next(item["steps"] for item in funnel if item["jurisdiction"] == slug)


def _reports_to_court(slug: str) -> dict:
    step = _steps(slug)[1]
    assert (step["from_stage"], step["to_stage"]) == ("report", "court")
    return step


@pytest.fixture
def chicago_reports_cook_court(directory, ingest, recompute):
    """Chicago police sent 40 incident reports; the Cook County State's Attorney sent 30
    court dispositions (both synthetic, see the helpers)."""
    reports = ingest(
        "reports.csv",
        chicago_reports_csv([f"HT{n}" for n in range(100000, 100040)]),
        agency=directory["chicago-police"],
        stage="report",
    )
    court = ingest(
        "sentencing.csv",
        ccsao_sentencing_csv(30),
        agency=directory["cook-county-states-attorney"],
        stage="court",
    )
    recompute()
    return reports, court


def _force_linked(run_id: int, *, linked: int, rows: int) -> None:
    # The synthetic files share no number; force a linked count as the other funnel tests
    # do, so the test checks which run is picked, not the linker.
    LinkRun.objects.filter(id=run_id).update(
        status="done", method="deterministic", linked_left=linked, left_rows=rows
    )


@pytest.mark.django_db
def test_chicago_report_to_court_step_uses_cook_county_court_data(chicago_reports_cook_court):
    step = _reports_to_court("chicago")

    assert step["from_records"] == 40
    assert step["to_records"] == 30
    assert step["from_jurisdiction"] == "chicago"
    assert step["to_jurisdiction"] == "cook-county"
    assert step["to_jurisdiction_name"] == "Cook County"
    assert not step["reason"].startswith("no court")


@pytest.mark.django_db
def test_chicago_funnel_table_names_cook_county_as_the_court_data_source(
    client, chicago_reports_cook_court
):
    page = body(client.get(reverse("pipeline:jurisdiction", args=["chicago"])))
    funnel = next(table for table in html_tables(page) if table[0][0] == "From")
    api = client.get("/api/v1/funnel/").json()["steps"]
    chicago_api = [step for step in api if step["jurisdiction_slug"] == "chicago"]

    assert funnel[2][:2] == ["Incident report", "Court case and disposition (Cook County)"]
    assert chicago_api[1]["from_jurisdiction"] == "chicago"
    assert chicago_api[1]["to_jurisdiction"] == "cook-county"
    assert chicago_api[1]["to"] == "Court case and disposition (Cook County)"


@pytest.mark.django_db
def test_a_link_run_between_chicago_reports_and_cook_county_court_measures_chicago_step(
    chicago_reports_cook_court, django_capture_on_commit_callbacks
):
    reports, court = chicago_reports_cook_court
    with django_capture_on_commit_callbacks(execute=True):
        run = link_run_create(left_table=reports, right_table=court)
    _force_linked(run.id, linked=12, rows=40)
    coverage_recompute()

    step = _reports_to_court("chicago")
    assert step["measured"] is True
    assert step["run_id"] == run.id
    assert step["link_rate"] == pytest.approx(12 / 40)


@pytest.mark.django_db
def test_cook_county_funnel_does_not_take_chicago_data(chicago_reports_cook_court):
    step = _reports_to_court("cook-county")

    assert step["from_records"] == 0
    assert step["to_records"] == 30
    assert (step["from_jurisdiction"], step["to_jurisdiction"]) == ("cook-county", "cook-county")
    assert step["reason"].startswith("no incident report data")


@pytest.mark.django_db
def test_a_place_without_a_parent_uses_only_its_own_data(directory, ingest, recompute):
    ingest("fire.csv", seattle_fire_csv(30), agency=directory["seattle-fire"], stage="call")
    ingest(
        "sentencing.csv",
        ccsao_sentencing_csv(30),
        agency=directory["cook-county-states-attorney"],
        stage="court",
    )
    recompute()

    step = _reports_to_court("seattle")
    assert step["to_records"] == 0
    assert (step["from_jurisdiction"], step["to_jurisdiction"]) == ("seattle", "seattle")
    assert step["reason"].startswith("no incident report data")


@pytest.mark.django_db
def test_a_place_own_court_data_wins_over_its_parents(
    chicago_reports_cook_court, ingest, directory, django_capture_on_commit_callbacks
):
    reports, county_court = chicago_reports_cook_court
    # Hypothetical: court data filed under a Chicago agency (a municipal court's).
    ingest("own.csv", ccsao_sentencing_csv(20), agency=directory["chicago-police"], stage="court")
    with django_capture_on_commit_callbacks(execute=True):
        run = link_run_create(left_table=reports, right_table=county_court)
    _force_linked(run.id, linked=12, rows=40)
    coverage_recompute()

    step = _reports_to_court("chicago")
    assert step["to_jurisdiction"] == "chicago"
    assert step["to_records"] == 20
    # The run joins Cook County's court table, which is not this step's court data.
    assert step["measured"] is False


@pytest.mark.django_db
def test_the_nearest_ancestor_with_data_is_used(directory, ingest, recompute):
    ingest(
        "reports.csv",
        chicago_reports_csv([f"HT{n}" for n in range(100000, 100040)]),
        agency=directory["chicago-police"],
        stage="report",
    )
    # Hypothetical: court data filed under a state agency, none under Cook County.
    ingest("state.csv", ccsao_sentencing_csv(15), agency=directory["illinois-doc"], stage="court")
    recompute()

    step = _reports_to_court("chicago")
    assert step["to_jurisdiction"] == "illinois"
    assert step["to_records"] == 15


@pytest.mark.django_db
def test_a_loop_of_parents_set_by_hand_does_not_hang_the_rebuild(chicago_reports_cook_court):
    Jurisdiction.objects.filter(slug="illinois").update(
        parent=Jurisdiction.objects.get(slug="chicago")
    )
    coverage_recompute()

    assert _reports_to_court("chicago")["to_jurisdiction"] == "cook-county"


@pytest.mark.django_db
def test_the_directory_sets_parents_idempotently(stages):
    first = directory_load()
    second = directory_load()
    parents = dict(Jurisdiction.objects.values_list("slug", "parent__slug"))

    assert first[0] == 6 and second == (0, 0)
    assert parents == {
        "chicago": "cook-county",
        "cook-county": "illinois",
        "illinois": None,
        "seattle": None,
        "milwaukee": None,
        "united-states": None,
    }


@pytest.mark.django_db
def test_the_directory_keeps_a_parent_staff_changed(stages):
    directory_load()
    Jurisdiction.objects.filter(slug="chicago").update(
        parent=Jurisdiction.objects.get(slug="illinois")
    )
    directory_load()

    assert Jurisdiction.objects.get(slug="chicago").parent.slug == "illinois"


@pytest.mark.django_db
def test_the_migration_sets_parents_of_rows_loaded_before_the_field(stages):
    directory_load()
    Jurisdiction.objects.update(parent=None)
    migration = import_module("foiatrack.foia.migrations.0003_jurisdiction_parent")
    migration.parents_set(apps, None)

    parents = dict(Jurisdiction.objects.values_list("slug", "parent__slug"))
    assert parents["chicago"] == "cook-county"
    assert parents["cook-county"] == "illinois"
    assert parents["seattle"] is None
