"""The coverage rebuild after one audit touches only that table's jurisdiction, and stores
what a full rebuild would. Files are the synthetic agency-shaped CSVs of conftest.py."""

from datetime import date, timedelta

import pytest

from foiatrack.pipeline.models import CoverageCell, CoverageComputation, DatasetCoverage
from foiatrack.pipeline.services import (
    coverage_recompute,
    coverage_recompute_after_audit,
    coverage_recompute_jurisdictions,
)
from foiatrack.pipeline.tasks import coverage_recompute as coverage_task
from tests.pipeline.conftest import cjp_calls_aggregate_csv, seattle_fire_csv


def _cells(jurisdiction_id=None, exclude=None) -> dict:
    cells = CoverageCell.objects.all()
    if jurisdiction_id is not None:
        cells = cells.filter(jurisdiction_id=jurisdiction_id)
    if exclude is not None:
        cells = cells.exclude(jurisdiction_id=exclude)
    return {
        (c.stage_id, c.jurisdiction_id, c.year): (
            c.id,
            c.state,
            c.linkability_level,
            sorted(c.tables.values_list("id", flat=True)),
            sorted(c.requests.values_list("id", flat=True)),
            c.computed_at,
        )
        for c in cells.prefetch_related("tables", "requests")
    }


def _content(cells: dict) -> dict:
    """Cells without their row ids and build times: what a page shows."""
    return {key: value[1:5] for key, value in cells.items()}


def _datasets() -> dict:
    return {
        d.table_id: (d.stage_id, d.jurisdiction_id, d.state, d.linkability_level, d.link_keys)
        for d in DatasetCoverage.objects.all()
    }


@pytest.fixture
def two_places(directory, ingest, make_request):
    """Chicago and Seattle both hold data over 2010–2019, so one place's new year stays
    within the matrix's span."""
    ingest(
        "calls.csv",
        cjp_calls_aggregate_csv((2010, 2011)),
        agency=directory["chicago-oemc"],
        stage="call",
    )
    ingest("fire.csv", seattle_fire_csv(12), agency=directory["seattle-fire"], stage="call")
    make_request(
        directory["seattle-fire"],
        stages=["report"],
        start=date(2015, 1, 1),
        end=date(2015, 12, 31),
    )
    coverage_recompute()
    return directory


@pytest.mark.django_db
def test_after_one_audit_only_that_place_is_rebuilt_and_equals_a_full_rebuild(
    two_places, ingest, make_request
):
    directory = two_places
    chicago = directory["chicago-oemc"].jurisdiction_id
    seattle = directory["seattle-fire"].jurisdiction_id
    others_before = _cells(exclude=chicago)
    # A second Chicago table inside the span, audited without the hook's rebuild.
    table = ingest(
        "calls-2012.csv",
        cjp_calls_aggregate_csv((2012, 2013)),
        agency=directory["chicago-oemc"],
        stage="call",
    )
    make_request(directory["chicago-oemc"], stages=["report"], start=date(2016, 1, 1))
    assert table.status == "done"
    # The hook already ran (ingest executes on-commit callbacks): a rebuild of Chicago only.
    coverage_recompute_jurisdictions({chicago})
    partial_chicago = _cells(chicago)
    partial_datasets = _datasets()
    partial_funnel = CoverageComputation.objects.get(id=1).funnel

    # Nothing outside Chicago was rewritten: same row ids, same build times.
    assert _cells(exclude=chicago) == others_before
    assert seattle in {key[1] for key in others_before}
    # 2012 and 2013 are now filled for Chicago's calls.
    call_cells = [v for k, v in partial_chicago.items() if k[2] in (2012, 2013) and v[3]]
    assert {tuple(v[3]) for v in call_cells} == {(table.id,)}

    coverage_recompute()
    assert _content(_cells(chicago)) == _content(partial_chicago)
    assert _datasets() == partial_datasets
    assert CoverageComputation.objects.get(id=1).funnel == partial_funnel


@pytest.mark.django_db
def test_a_year_outside_the_span_falls_back_to_the_full_rebuild(two_places, ingest):
    directory = two_places
    chicago = directory["chicago-oemc"].jurisdiction_id
    ingest(
        "calls-2001.csv",
        cjp_calls_aggregate_csv((2001,)),
        agency=directory["chicago-oemc"],
        stage="call",
    )
    coverage_recompute_jurisdictions({chicago})
    years = set(
        CoverageCell.objects.exclude(jurisdiction_id=chicago).values_list("year", flat=True)
    )
    assert min(years) == 2001  # every place got the new year's "nothing received" cells
    partial = _content(_cells())
    coverage_recompute()
    assert _content(_cells()) == partial


@pytest.mark.django_db
def test_the_audit_hook_rebuilds_one_place_and_moves_the_public_version(two_places, ingest):
    directory = two_places
    chicago = directory["chicago-oemc"].jurisdiction_id
    full_before = CoverageComputation.objects.get(id=1)
    others_before = _cells(exclude=chicago)
    table = ingest(
        "calls-2014.csv",
        cjp_calls_aggregate_csv((2014,)),
        agency=directory["chicago-oemc"],
        stage="call",
    )
    after = CoverageComputation.objects.get(id=1)
    # The in-process hook called the task with the table: the public version moved, the
    # full rebuild's stamp did not, and other places kept their rows.
    assert after.computed_at > full_before.computed_at
    assert after.full_computed_at == full_before.full_computed_at
    assert _cells(exclude=chicago) == others_before
    assert any(table.id in v[3] for v in _cells(chicago).values())
    # Asked before that rebuild finished: skipped, the place is already rebuilt.
    asked = (full_before.computed_at + timedelta(microseconds=1)).isoformat()
    assert coverage_recompute_after_audit(table_id=table.id, requested_at=asked) is False
    # A full rebuild asked for at the same time is not skipped by the partial one.
    assert coverage_task(requested_at=asked) is True
