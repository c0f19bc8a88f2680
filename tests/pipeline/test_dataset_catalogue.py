"""The datasets list reads like a catalogue: search, filters, distinct titles, failed
tables with a badge. Files are synthetic, shaped like Seattle Fire "Real Time 911", the
CJP's OEMC call counts and Chicago "Crimes" (tests/pipeline/conftest.py)."""

import pytest
from django.urls import reverse

from foiatrack.received.models import Table
from tests.pipeline.conftest import chicago_reports_csv, cjp_calls_aggregate_csv, seattle_fire_csv
from tests.pipeline.pages import csv_rows


@pytest.fixture
def catalogue(directory, ingest, recompute):
    fire = ingest("fire.csv", seattle_fire_csv(30), agency=directory["seattle-fire"], stage="call")
    counts = ingest(
        "counts.csv",
        cjp_calls_aggregate_csv((2010, 2011)),
        agency=directory["chicago-oemc"],
        stage="call",
    )
    reports = ingest(
        "reports.csv",
        chicago_reports_csv([f"HT{n}" for n in range(100000, 100030)]),
        agency=directory["chicago-police"],
        stage="report",
    )
    # The same agency, stage and year again: only these two need "(table N)".
    again = ingest(
        "reports-again.csv",
        chicago_reports_csv([f"JA{n}" for n in range(100000, 100020)]),
        agency=directory["chicago-police"],
        stage="report",
    )
    broken = ingest("broken.csv", seattle_fire_csv(12), agency=directory["seattle-fire"])
    Table.objects.filter(id=broken.id).update(status=Table.Status.FAILED, error_message="x")
    recompute()
    return {"fire": fire, "counts": counts, "reports": reports, "again": again}


def _names(client, query: str = "") -> list[str]:
    rows = csv_rows(client.get(reverse("pipeline:dataset_list_download", args=["csv"]) + query))
    return [row[0] for row in rows[1:]]


@pytest.mark.django_db
def test_titles_are_distinct_and_numbered_only_when_needed(client, catalogue):
    names = _names(client)

    assert len(names) == len(set(names)) == 4
    assert not any("Unknown agency" in name for name in names)
    numbered = [name for name in names if "(table" in name]
    assert len(numbered) == 2 and all(name.startswith("Chicago Police") for name in numbered)
    assert "Seattle Fire Department — Call for service (911/CAD), 2019" in names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=seattle", {"fire"}),
        ("?q=chicago+police", {"reports", "again"}),
        ("?stage=report", {"reports", "again"}),
        ("?jurisdiction=seattle", {"fire"}),
        ("?granularity=aggregate", {"counts"}),
        ("?year=2010", {"counts"}),
        ("?flag=AGGREGATED_ONLY", {"counts"}),
        ("?q=fire.csv", set()),  # the uploaded name is never searchable
    ],
)
def test_search_and_filters_narrow_the_list_and_its_download(client, catalogue, query, expected):
    rows = csv_rows(client.get(reverse("pipeline:dataset_list_download", args=["csv"]) + query))
    ids = {int(row[1]) for row in rows[1:]}
    page = client.get(reverse("pipeline:dataset_list") + query)

    assert ids == {catalogue[key].id for key in expected}
    assert page.status_code == 200
    for key in expected:
        assert reverse("pipeline:dataset", args=[catalogue[key].id]) in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?stage=nope", "?year=abc", "?granularity=x", "?flag=x"])
def test_invalid_filter_input_is_a_400_with_a_message(client, catalogue, query):
    response = client.get(reverse("pipeline:dataset_list") + query)

    assert response.status_code == 400
    assert "could not be applied" in response.content.decode()


@pytest.mark.django_db
def test_a_failed_table_has_a_badge_not_a_row(client, catalogue):
    page = client.get(reverse("pipeline:dataset_list")).content.decode()

    assert "Audit failed" in page
    assert "Could not be audited" in page
    assert "broken.csv" not in page
    assert len(_names(client)) == 4  # not in the table or its download
