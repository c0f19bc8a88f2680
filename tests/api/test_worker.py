"""A script's upload over the API, audited by a real Celery worker (Redis + PostgreSQL)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import arrests_csv, token_client
from tests.conftest import wait_until

pytestmark = pytest.mark.services


def test_a_file_uploaded_with_a_token_is_polled_to_a_finished_audit(celery_worker, data_admin):
    client = token_client(data_admin)
    response = client.post(
        "/api/v1/files/",
        {"file": SimpleUploadedFile("arrests_2021.csv", arrests_csv(50))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    [table] = response.json()["tables"]

    def finished():
        status = client.get(f"/api/v1/tables/{table['id']}/status/").json()
        return status if status["finished"] else None

    status = wait_until(finished, timeout=90, message=f"worker log:\n{celery_worker.log()}")
    assert status["status"] == "done", status
    assert status["rows_read"] == 50
    audit = client.get(f"/api/v1/tables/{table['id']}/").json()
    assert audit["rows"] == 50
    assert {column["name"] for column in audit["columns"]} >= {"CB_NO", "CASE NUMBER"}
    assert "audit_table" in celery_worker.log()
