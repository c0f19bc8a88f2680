"""Issue 14: pending requests count for the periods they asked for, the matrix's years are
bounded by data, and private or embargoed requests and their files count in no public cell.

The files are conftest's synthetic Seattle Fire 911 layout (after Seattle's published
Real Time Fire 911 Calls export)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import CoverageCell
from tests.pipeline.conftest import seattle_fire_csv
from tests.pipeline.pages import csv_rows


def _years() -> set[int]:
    return set(CoverageCell.objects.values_list("year", flat=True))


@pytest.mark.django_db
def test_a_private_request_received_in_1900_stretches_no_table(
    client, directory, ingest, make_request, recompute
):
    """The bug as found: a private request with receipt 1900-01-01 (saved before dates were
    checked, so written straight to the database) showed as pending in Chicago's public
    row and stretched the tables to 129 columns."""
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    make_request(directory["chicago-police"], stages=["report"], date_received=date(1900, 1, 1))
    recompute()

    header, *rows = csv_rows(client.get(reverse("pipeline:matrix_download", args=["csv"])))
    years = {int(row[header.index("Year")]) for row in rows}
    assert years == {2019}  # the Seattle file's year only
    chicago = [row for row in rows if row[header.index("Jurisdiction slug")] == "chicago"]
    assert {row[header.index("Coverage")] for row in chicago} == {coverage.NONE}


@pytest.mark.django_db
def test_a_pending_request_counts_for_the_period_asked_not_the_year_sent(
    directory, make_request, recompute
):
    make_request(
        directory["cook-county-sheriff"],
        stages=["jail"],
        is_public=True,
        start=date(2015, 1, 1),
        end=date(2016, 6, 30),
        date_received=date(2024, 3, 1),
    )
    recompute()

    pending = CoverageCell.objects.filter(state=coverage.PENDING, stage__code="jail")
    assert sorted(pending.values_list("year", flat=True)) == [2015, 2016]
    assert 2024 not in _years()


@pytest.mark.django_db
def test_a_public_request_with_no_period_takes_no_year(directory, make_request, recompute):
    make_request(directory["cook-county-sheriff"], stages=["jail"], is_public=True)
    recompute()

    assert _years() == set()


@pytest.mark.django_db
def test_years_outside_the_records_era_are_left_out(directory, make_request, recompute):
    this_year = timezone.localdate().year
    make_request(
        directory["cook-county-sheriff"],
        stages=["jail"],
        is_public=True,
        start=date(1900, 1, 1),
        end=date(1967, 12, 31),
    )
    make_request(
        directory["cook-county-sheriff"],
        stages=["court"],
        is_public=True,
        start=date(this_year, 1, 1),
        end=date(2199, 1, 1),
    )
    recompute()

    years = _years()
    assert min(years) == coverage.EARLIEST_COVERAGE_YEAR
    assert max(years) == this_year


@pytest.mark.django_db
def test_private_and_embargoed_requests_make_no_cell_pending(directory, make_request, recompute):
    sheriff = directory["cook-county-sheriff"]
    period = {"start": date(2012, 1, 1), "end": date(2012, 12, 31)}
    make_request(sheriff, stages=["jail"], **period)  # private
    make_request(sheriff, stages=["jail"], is_public=True, embargo_until=date(2999, 1, 1), **period)
    recompute()

    assert not CoverageCell.objects.filter(state=coverage.PENDING).exists()
