"""Public pages run a fixed number of queries, however many datasets, cells or requests."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from foiatrack.pipeline.services import coverage_recompute
from tests.pipeline.conftest import cjp_calls_aggregate_csv, seattle_fire_csv

PAGE_QUERY_LIMIT = 12


def _add_data(directory, ingest, make_request, start_year: int) -> None:
    fire = directory["seattle-fire"]
    ingest(f"fire-{start_year}.csv", seattle_fire_csv(12), agency=fire, stage="call")
    ingest(
        f"calls-{start_year}.csv",
        cjp_calls_aggregate_csv((start_year, start_year + 1)),
        agency=directory["chicago-oemc"],
        stage="call",
    )
    for offset in range(3):
        make_request(
            directory["cook-county-sheriff"],
            stages=["jail"],
            title=f"Bookings {start_year + offset}",
            is_public=True,
            start=date(start_year + offset, 1, 1),
        )
    coverage_recompute()


def _urls() -> list[str]:
    from foiatrack.foia.models import FoiaRequest
    from foiatrack.received.models import Table

    request_id = FoiaRequest.objects.order_by("id").values_list("id", flat=True)[0]
    table_id = Table.objects.filter(status="done").order_by("id").values_list("id", flat=True)[0]
    return [
        reverse("pipeline:overview"),
        reverse("pipeline:matrix"),
        reverse("pipeline:matrix_download", args=["json"]),
        reverse("pipeline:dataset_list"),
        reverse("pipeline:dataset_list_download", args=["csv"]),
        reverse("pipeline:jurisdiction", args=["chicago"]),
        reverse("pipeline:dataset", args=[table_id]),
        reverse("pipeline:dataset_json", args=[table_id]),
        reverse("pipeline:funnel"),
        reverse("pipeline:scorecards"),
        reverse("pipeline:requests"),
        reverse("pipeline:requests") + "?stage=jail&year=2009",
        reverse("pipeline:requests_download", args=["csv"]) + "?jurisdiction=cook-county",
        reverse("pipeline:request_detail", args=[request_id]),
        reverse("pipeline:dataset_list") + "?q=seattle",
    ]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_public_pages_run_the_same_queries_with_more_data(
    client, directory, ingest, make_request, django_assert_max_num_queries
):
    _add_data(directory, ingest, make_request, 2008)
    before = {url: _count(client, url) for url in _urls()}

    _add_data(directory, ingest, make_request, 2012)
    _add_data(directory, ingest, make_request, 2016)

    for url in _urls():
        with django_assert_max_num_queries(min(before[url], PAGE_QUERY_LIMIT)):
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
