"""Pages run a fixed number of queries however many files, tables, columns or flags."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from foiatrack.received.models import ColumnProfile, GapFlag, ReceivedFile, Table

PAGE_QUERY_LIMIT = 12


def _make_files(count: int, tables_per_file: int = 3, columns: int = 4) -> list[Table]:
    tables = []
    start = ReceivedFile.objects.count()
    for number in range(start, start + count):
        received = ReceivedFile.objects.create(
            original_name=f"file-{number}.csv",
            stored_file=f"received/x/{number}.csv",
            size_bytes=10,
            sha256=hashlib.sha256(str(number).encode()).hexdigest(),
        )
        for position in range(tables_per_file):
            table = Table.objects.create(
                received_file=received,
                position=position,
                name=f"t{position}",
                status=Table.Status.DONE,
                findings={"rows": 1, "columns": [], "flags": [], "dropped_rows": {"total_row": 1}},
            )
            tables.append(table)
            for column in range(columns):
                ColumnProfile.objects.create(
                    table=table,
                    position=column,
                    name=f"c{column}",
                    role="other",
                    inferred_type="text",
                )
                GapFlag.objects.create(
                    table=table, position=column, code="NO_LOCATION", severity="high", message="m"
                )
    return tables


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_file_list_query_count_does_not_grow_with_files(
    data_admin_client, django_assert_max_num_queries
):
    _make_files(1)
    few = _queries(data_admin_client, reverse("received:file_list"))
    _make_files(6)

    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        many = _queries(data_admin_client, reverse("received:file_list"))

    assert many == few


@pytest.mark.django_db
def test_file_page_query_count_does_not_grow_with_tables(
    data_admin_client, django_assert_max_num_queries
):
    small = _make_files(1, tables_per_file=1)[0].received_file
    large = _make_files(1, tables_per_file=8)[0].received_file
    few = _queries(data_admin_client, reverse("received:file_detail", args=[small.id]))

    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        many = _queries(data_admin_client, reverse("received:file_detail", args=[large.id]))

    assert many == few


@pytest.mark.django_db
def test_table_pages_query_count_does_not_grow_with_columns(
    data_admin_client, django_assert_max_num_queries
):
    small = _make_files(1, tables_per_file=1, columns=1)[0]
    large = _make_files(1, tables_per_file=1, columns=30)[0]
    for name in ("received:table_detail", "received:table_roles"):
        few = _queries(data_admin_client, reverse(name, args=[small.id]))

        with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
            many = _queries(data_admin_client, reverse(name, args=[large.id]))

        assert many == few, name


@pytest.mark.django_db
def test_file_list_filters_by_table_status(data_admin_client):
    done, failed = _make_files(2, tables_per_file=1)
    Table.objects.filter(id=failed.id).update(status=Table.Status.FAILED)

    response = data_admin_client.get(reverse("received:file_list"), {"status": "failed"})

    page = response.content.decode()
    assert failed.received_file.original_name in page
    assert done.received_file.original_name not in page


@pytest.mark.django_db
def test_file_list_answers_an_invalid_filter_with_400(data_admin_client):
    response = data_admin_client.get(reverse("received:file_list"), {"status": "exploded"})

    assert response.status_code == 400


@pytest.mark.django_db
def test_file_list_is_paged(data_admin_client, settings, monkeypatch):
    from foiatrack.received import views

    monkeypatch.setattr(views, "FILES_PER_PAGE", 2)
    _make_files(3, tables_per_file=1)

    first = data_admin_client.get(reverse("received:file_list")).content.decode()
    second = data_admin_client.get(reverse("received:file_list"), {"page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert first.count("file-") == 2
    assert second.count("file-") == 1
