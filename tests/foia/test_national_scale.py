"""Lists that grow with a national directory: the agency list, the datasets list, the
staff dashboard and request list run the same queries with 5× the data, and the agency
list and dashboard are paginated or capped.

Rows are SYNTHETIC, made with bulk_create in the shape the national benchmark uses
(benchmarks/national_db.py): agencies named after a synthetic place, requests of four
statuses, half public, due dates around today; tables copy the findings of a real audit
of the synthetic CAD sample in datasets/ (Chicago OEMC CAD layout).
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.directory import directory_load
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction, Status
from foiatrack.foia.selectors import DASHBOARD_BUCKET_SIZE
from foiatrack.pipeline.services import coverage_recompute
from foiatrack.received.models import ReceivedFile, Table

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
STATUSES = [Status.SUBMITTED, Status.PROCESSING, Status.FULFILLED, Status.REJECTED]


@pytest.fixture(scope="module")
def cad_findings():
    from foiatrack import audit

    result = audit.audit_path(str(DATASETS / "chicago_calls_cad_2011.csv"))[0]
    return result


def _grow(size: int, user, findings, offset: int) -> None:
    """Add `size` agencies in a new place, 3 requests per agency (one overdue) and one
    audited table per agency."""
    place = Jurisdiction.objects.create(
        name=f"Synthetic County {offset}", slug=f"synthetic-{offset}", level="county", law="il-foia"
    )
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {offset}-{n}", slug=f"agency-{offset}-{n}", jurisdiction=place)
        for n in range(size)
    )
    today = timezone.localdate()
    FoiaRequest.objects.bulk_create(
        FoiaRequest(
            title=f"Request {offset}-{n}",
            records_requested="All records",
            agency=agencies[n % size],
            requester=user,
            status=STATUSES[n % 4],
            date_received=today - timedelta(days=40),
            date_due=today + timedelta(days=(n % 20) - 10),
            date_closed=today - timedelta(days=2) if n % 4 >= 2 else None,
            is_public=n % 2 == 0,
        )
        for n in range(3 * size)
    )
    files = ReceivedFile.objects.bulk_create(
        ReceivedFile(
            original_name=f"calls-{offset}-{n}.csv",
            stored_file=f"received/synthetic/{offset}-{n}.csv",
            size_bytes=1,
            sha256=f"{offset:032x}{n:032x}",
            agency=agency,
        )
        for n, agency in enumerate(agencies)
    )
    Table.objects.bulk_create(
        Table(
            received_file=received,
            name=received.original_name,
            status=Table.Status.DONE,
            findings=findings.to_dict(),
            granularity=findings.granularity,
            period_start=date(2011, 1, 1),
            period_end=date(2011, 12, 31),
            rows=findings.rows,
            audited_at=timezone.now(),
        )
        for received in files
    )
    coverage_recompute()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured)


URLS = {
    "agency list": (reverse("foia:agency_list"), False),
    "datasets list": (reverse("pipeline:dataset_list"), False),
    "datasets API": ("/api/v1/datasets/", False),
    "agencies API": ("/api/v1/agencies/", False),
    "dashboard": (reverse("foia:dashboard"), True),
    "request list": (reverse("foia:request_list"), True),
}


@pytest.mark.django_db
def test_list_pages_run_the_same_queries_with_five_times_the_data(
    client, staff_user, stages, cad_findings, settings, django_assert_max_num_queries
):
    settings.PUBLIC_CACHE_SECONDS = 0  # every visit renders: counts the real work
    directory_load()
    _grow(12, staff_user, cad_findings, 1)
    client.force_login(staff_user)
    before = {name: _queries(client, url) for name, (url, _staff) in URLS.items()}
    _grow(60, staff_user, cad_findings, 2)
    for name, (url, _staff) in URLS.items():
        with django_assert_max_num_queries(before[name]):
            assert client.get(url).status_code == 200, name


@pytest.mark.django_db
def test_the_agency_list_is_paginated(client, staff_user, stages, cad_findings):
    _grow(120, staff_user, cad_findings, 1)
    total = Agency.objects.count()
    first = client.get(reverse("foia:agency_list"))
    rows = first.context["rows"]
    assert len(rows) == 50
    assert first.context["page"].paginator.count == total
    last = client.get(
        reverse("foia:agency_list"), {"page": first.context["page"].paginator.num_pages}
    )
    assert len(last.context["rows"]) == total - 50 * (last.context["page"].number - 1)
    names = [a.name for a, _card in rows] + [a.name for a, _card in last.context["rows"]]
    assert len(set(names)) == len(names)
    assert b"Next</a>" in first.content
    # A page past the end or not a number: the last or first page, never an error.
    assert client.get(reverse("foia:agency_list"), {"page": "999"}).status_code == 200
    assert client.get(reverse("foia:agency_list"), {"page": "x"}).status_code == 200


@pytest.mark.django_db
def test_dashboard_buckets_are_capped_and_say_how_many_more(
    staff_client, staff_user, stages, cad_findings
):
    _grow(60, staff_user, cad_findings, 1)  # 180 requests, about 80 open and overdue
    today = timezone.localdate()
    overdue = FoiaRequest.objects.filter(
        status__in=[Status.SUBMITTED, Status.PROCESSING], date_due__lt=today
    ).count()
    assert overdue > DASHBOARD_BUCKET_SIZE
    response = staff_client.get(reverse("foia:dashboard"))
    board = response.context["board"]
    assert len(board.overdue) == DASHBOARD_BUCKET_SIZE
    assert board.overdue.total == overdue
    assert f"and {overdue - DASHBOARD_BUCKET_SIZE} more".encode() in response.content
    dues = [r.date_due for r in board.overdue]
    assert dues == sorted(dues)  # the most overdue first


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pipeline:dataset_list", "pipeline:scorecards"])
def test_public_gap_lists_are_paginated(client, staff_user, stages, cad_findings, name):
    _grow(70, staff_user, cad_findings, 1)
    first = client.get(reverse(name))
    page = first.context["page"]
    assert page.paginator.num_pages == -(-page.paginator.count // 50) >= 2
    body = first.content.decode()
    assert body.count("<tr") - 1 == 50  # one header row, then the page's rows
    second = client.get(reverse(name), {"page": "2"})
    assert second.context["page"].number == 2
    assert second.content != first.content
    assert client.get(reverse(name), {"page": "abc"}).status_code == 200
