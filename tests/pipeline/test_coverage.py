"""The coverage matrix: each cell's state from audited tables and pending requests."""

from datetime import date

import pytest

from foiatrack.foia.models import Status
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import CoverageCell, DatasetCoverage
from foiatrack.stages import STAGES
from tests.pipeline.conftest import cjp_calls_aggregate_csv, seattle_fire_csv


def cell(jurisdiction: str, stage: str, year: int) -> CoverageCell:
    return CoverageCell.objects.get(jurisdiction__slug=jurisdiction, stage__code=stage, year=year)


@pytest.mark.django_db
def test_aggregate_table_gives_aggregated_only_cells_for_each_year(directory, ingest, recompute):
    table = ingest(
        "calls.csv", cjp_calls_aggregate_csv(), agency=directory["chicago-oemc"], stage="call"
    )

    recompute()

    for year in (2010, 2011):
        found = cell("chicago", "call", year)
        assert found.state == coverage.AGGREGATE
        assert list(found.tables.all()) == [table]


@pytest.mark.django_db
def test_record_table_with_incident_numbers_is_record_level_and_linkable(
    directory, ingest, recompute
):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")

    recompute()

    assert cell("seattle", "call", 2019).state == coverage.RECORD_LINKABLE


@pytest.mark.django_db
def test_record_table_without_any_key_is_record_level_without_linking_keys(
    directory, ingest, recompute
):
    ingest(
        "fire.csv",
        seattle_fire_csv(with_incident_number=False),
        agency=directory["seattle-fire"],
        stage="call",
    )

    recompute()

    assert cell("seattle", "call", 2019).state == coverage.RECORD_UNLINKABLE
    assert DatasetCoverage.objects.get().linkability_level == "L0"


@pytest.mark.django_db
def test_open_request_without_data_is_requested_and_pending(directory, make_request, recompute):
    request = make_request(
        directory["cook-county-sheriff"],
        stages=["jail"],
        is_public=True,
        start=date(2012, 1, 1),
        end=date(2012, 12, 31),
    )

    recompute()

    found = cell("cook-county", "jail", 2012)
    assert found.state == coverage.PENDING
    assert list(found.requests.all()) == [request]


@pytest.mark.django_db
def test_answered_and_draft_requests_are_not_pending(directory, make_request, recompute):
    agency = directory["cook-county-sheriff"]
    make_request(
        agency, stages=["jail"], is_public=True, status=Status.FULFILLED, start=date(2012, 1, 1)
    )
    make_request(
        agency, stages=["jail"], is_public=True, status=Status.DRAFT, start=date(2013, 1, 1)
    )
    make_request(agency, stages=["court"], is_public=True, start=date(2012, 1, 1))

    recompute()

    assert cell("cook-county", "jail", 2012).state == coverage.NONE
    assert not CoverageCell.objects.filter(year=2013).exists()


@pytest.mark.django_db
def test_request_without_stages_uses_its_agencys_stages(directory, make_request, recompute):
    make_request(
        directory["chicago-police"], is_public=True, start=date(2015, 1, 1), end=date(2015, 6, 30)
    )

    recompute()

    assert cell("chicago", "report", 2015).state == coverage.PENDING
    assert cell("chicago", "arrest", 2015).state == coverage.PENDING


@pytest.mark.django_db
def test_stages_and_places_with_nothing_are_nothing_received(directory, ingest, recompute):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")

    recompute()

    assert cell("seattle", "jail", 2019).state == coverage.NONE
    assert cell("chicago", "call", 2019).state == coverage.NONE
    # Every stage × jurisdiction over the years spanned: blank never means zero.
    assert CoverageCell.objects.count() == len(STAGES) * 6


@pytest.mark.django_db
def test_cell_takes_the_best_state_and_keeps_everything_behind_it(
    directory, ingest, make_request, recompute
):
    aggregate = ingest(
        "calls.csv", cjp_calls_aggregate_csv((2019,)), agency=directory["seattle-fire"]
    )
    aggregate.received_file.stage = directory["seattle-fire"].stages.get()
    aggregate.received_file.save()
    records = ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    request = make_request(
        directory["seattle-fire"], stages=["call"], is_public=True, start=date(2019, 1, 1)
    )

    recompute()

    found = cell("seattle", "call", 2019)
    assert found.state == coverage.RECORD_LINKABLE
    assert set(found.tables.all()) == {aggregate, records}
    assert list(found.requests.all()) == [request]


@pytest.mark.django_db
def test_file_without_a_stage_takes_its_requests_stages_and_agency(
    directory, ingest, make_request, recompute
):
    request = make_request(
        directory["chicago-oemc"], stages=["call"], is_public=True, start=date(2010, 1, 1)
    )
    ingest("calls.csv", cjp_calls_aggregate_csv((2010,)), request=request)

    recompute()

    found = cell("chicago", "call", 2010)
    assert found.state == coverage.AGGREGATE
    assert list(found.requests.all()) == [request]


@pytest.mark.django_db
def test_recompute_replaces_the_matrix_instead_of_adding_to_it(directory, ingest, recompute):
    table = ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    recompute()
    first = CoverageCell.objects.count()

    table.status = "failed"
    table.save()
    recompute()

    assert first == len(STAGES) * 6
    assert CoverageCell.objects.count() == 0
    assert not DatasetCoverage.objects.exists()


def test_years_between_covers_every_calendar_year_touched():
    assert coverage.years_between(date(2009, 11, 1), date(2011, 2, 1)) == [2009, 2010, 2011]
    assert coverage.years_between(None, date(2011, 2, 1)) == [2011]
    assert coverage.years_between(None, None) == []


def test_best_state_ranks_linkable_records_over_aggregates_over_pending():
    assert coverage.best_state([coverage.PENDING, coverage.AGGREGATE]) == coverage.AGGREGATE
    assert coverage.best_state([coverage.RECORD_LINKABLE, coverage.AGGREGATE]) == (
        coverage.RECORD_LINKABLE
    )
    assert coverage.best_state([]) == coverage.NONE


def test_a_key_column_that_is_almost_always_empty_does_not_make_a_table_linkable():
    findings = {"columns": [{"name": "RD #", "role": "report_number", "null_rate": 0.995}]}

    assert coverage.table_state("record", findings) == coverage.RECORD_UNLINKABLE
