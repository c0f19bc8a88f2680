import pytest
from django.urls import reverse

from foiatrack.received.models import Table


@pytest.mark.django_db
def test_status_json_reports_progress_of_a_running_table(data_admin_client, stored_table):
    Table.objects.update(status=Table.Status.RUNNING, rows_read=12345, progress=40.5)

    response = data_admin_client.get(reverse("received:table_status", args=[stored_table.id]))

    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "running",
        "rows_read": 12345,
        "progress": 40.5,
        "error": "",
    }


@pytest.mark.django_db
def test_status_json_carries_the_failure_message(data_admin_client, stored_table):
    Table.objects.update(status=Table.Status.FAILED, error_message="The file is empty.")

    response = data_admin_client.get(reverse("received:table_status", args=[stored_table.id]))

    assert response.json()["status"] == "failed"
    assert response.json()["error"] == "The file is empty."


@pytest.mark.django_db
def test_status_of_an_unknown_table_is_a_404(data_admin_client):
    response = data_admin_client.get(reverse("received:table_status", args=[999999]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_unfinished_table_page_carries_the_progress_poller(data_admin_client, stored_table):
    response = data_admin_client.get(reverse("received:table_detail", args=[stored_table.id]))

    page = response.content.decode()
    status_url = reverse("received:table_status", args=[stored_table.id])
    assert f'data-status-url="{status_url}"' in page
    assert "<progress" in page
    assert "js/table-progress.js" in page
    assert "<script>" not in page
