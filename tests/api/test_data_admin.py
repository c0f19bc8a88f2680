"""Data-admin endpoints: uploads (201, duplicate, 413, unreadable), status, full audits,
role corrections."""

from django.core.files.uploadedfile import SimpleUploadedFile

from foiatrack.received.models import ReceivedFile, Table
from tests.api.conftest import SAMPLE_MARKER, arrests_csv

# The first bytes of a PNG image, then binary noise: a file that is not a table.
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _upload(client, name: str, content: bytes, **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return client.post("/api/v1/files/", data, format="multipart")


def test_upload_answers_201_with_the_file_and_its_queued_tables(world, clients):
    response = _upload(
        clients["data_admin"], "arrests_2020.csv", arrests_csv(12), agency="chicago-police"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == "arrests_2020.csv"
    assert body["agency"] == "chicago-police"
    assert body["uploaded_by"] == "dataadmin"
    assert [table["status"] for table in body["tables"]] == ["queued"]
    assert body["status"] == "queued"


def test_the_same_bytes_again_answer_200_with_the_stored_file(world, clients):
    first = _upload(clients["data_admin"], "a.csv", arrests_csv(8))
    again = _upload(clients["data_admin"], "b.csv", arrests_csv(8))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert ReceivedFile.objects.filter(id=first.json()["id"]).count() == 1


def test_an_oversized_upload_is_refused_with_413_and_not_stored(world, clients, settings):
    settings.FOIATRACK_MAX_UPLOAD_BYTES = 1000
    files_before = ReceivedFile.objects.count()
    response = _upload(clients["data_admin"], "big.csv", arrests_csv(200))
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "upload_too_large"
    assert "larger than the upload limit" in error["message"]
    assert ReceivedFile.objects.count() == files_before


def test_a_declared_oversized_body_is_refused_before_reading(world, clients, settings):
    settings.FOIATRACK_MAX_UPLOAD_BYTES = 1000
    response = clients["data_admin"].generic(
        "POST",
        "/api/v1/files/",
        b"x" * 10,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(10_000_000),
    )
    assert response.status_code == 413


def test_an_unreadable_file_is_a_400_naming_the_kept_file(world, clients):
    response = _upload(clients["data_admin"], "photo.csv", PNG_BYTES)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unreadable_file"
    kept = ReceivedFile.objects.get(id=error["fields"]["file_id"][0])
    assert kept.tables.get().status == Table.Status.FAILED


def test_an_upload_without_a_file_is_a_field_error(world, clients):
    response = clients["data_admin"].post("/api/v1/files/", {"notes": "forgot"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_a_request_from_another_agency_is_refused_by_the_upload_form(world, clients):
    from foiatrack.foia.models import Agency

    other = Agency.objects.create(name="OEMC", slug="oemc", jurisdiction=world.jurisdiction)
    response = _upload(
        clients["data_admin"],
        "x.csv",
        arrests_csv(9),
        agency=other.slug,
        request=world.private_request.id,
    )
    assert response.status_code == 400
    assert "request" in response.json()["error"]["fields"]


def test_status_reports_progress_until_finished(world, clients):
    response = clients["data_admin"].get(f"/api/v1/tables/{world.table.id}/status/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "id": world.table.id,
        "status": "done",
        "finished": True,
        "rows_read": 30,
        "progress": 100.0,
        "error": "",
    }


def test_admins_see_sample_values_the_public_does_not(world, clients):
    admin = clients["data_admin"].get(f"/api/v1/tables/{world.table.id}/")
    public = clients["anonymous"].get(f"/api/v1/datasets/{world.table.id}/")
    assert SAMPLE_MARKER in admin.content.decode()
    assert SAMPLE_MARKER not in public.content.decode()
    columns = {column["name"]: column for column in admin.json()["columns"]}
    assert columns["CASE NUMBER"]["examples"]
    public_columns = public.json()["columns"]
    assert {column["name"] for column in public_columns} == set(columns)
    assert all(
        set(column) == {"name", "role", "type", "filled_pct", "redacted_pct"}
        for column in public_columns
    )


def test_correcting_roles_requeues_the_audit_with_them(world, clients):
    response = clients["data_admin"].post(
        f"/api/v1/tables/{world.table.id}/roles/",
        {"roles": {"CHARGE 1 DESCRIPTION": "offense_type"}},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    world.table.refresh_from_db()
    assert world.table.role_overrides == {"CHARGE 1 DESCRIPTION": "offense_type"}


def test_a_role_for_a_missing_column_is_a_400(world, clients):
    response = clients["data_admin"].post(
        f"/api/v1/tables/{world.table.id}/roles/", {"roles": {"Nope": "beat"}}, format="json"
    )
    assert response.status_code == 400
    assert "Nope" in response.json()["error"]["fields"]["roles"][0]


def test_an_unknown_role_is_a_400(world, clients):
    response = clients["data_admin"].post(
        f"/api/v1/tables/{world.table.id}/roles/",
        {"roles": {"CASE NUMBER": "shoe_size"}},
        format="json",
    )
    assert response.status_code == 400


def test_correcting_a_table_being_audited_is_a_409(world, clients):
    Table.objects.filter(id=world.table.id).update(status=Table.Status.RUNNING)
    response = clients["data_admin"].post(
        f"/api/v1/tables/{world.table.id}/roles/",
        {"roles": {"CASE NUMBER": "case_number"}},
        format="json",
    )
    assert response.status_code == 409
    assert "being audited" in response.json()["error"]["message"]


def test_the_file_list_uses_the_files_page_filters(world, clients):
    ok = clients["data_admin"].get("/api/v1/files/", {"status": "done"})
    assert {item["id"] for item in ok.json()["results"]} == {
        world.table.received_file_id,
        world.other_table.received_file_id,
    }
    assert clients["data_admin"].get("/api/v1/files/", {"status": "lost"}).status_code == 400
    assert clients["data_admin"].get("/api/v1/files/", {"agency": "x"}).status_code == 400


def test_starting_a_linkage_queues_a_run(world, clients):
    response = clients["data_admin"].post(
        "/api/v1/link-runs/",
        {"left_table": world.table.id, "right_table": world.other_table.id},
        format="json",
    )
    assert response.status_code == 201, response.content
    run = clients["data_admin"].get(f"/api/v1/link-runs/{response.json()['id']}/").json()
    assert run["status"] == "queued"
    assert run["left_table_name"] == "arrests_2021.csv"


def test_linking_a_table_with_itself_is_a_400(world, clients):
    response = clients["data_admin"].post(
        "/api/v1/link-runs/",
        {"left_table": world.table.id, "right_table": world.table.id},
        format="json",
    )
    assert response.status_code == 400
    assert "different tables" in str(response.json()["error"]["fields"])


def test_list_queries_do_not_grow_with_files(world, clients, django_assert_max_num_queries):
    for rows in range(50, 56):
        _upload(clients["data_admin"], f"a{rows}.csv", arrests_csv(rows))
    for url in ("/api/v1/files/", "/api/v1/tables/", "/api/v1/link-runs/"):
        with django_assert_max_num_queries(8):
            response = clients["data_admin"].get(url)
        assert response.status_code == 200, url


def test_an_empty_file_is_kept_and_explained_as_on_the_upload_page(world, clients):
    response = _upload(clients["data_admin"], "empty.csv", b"")
    assert response.status_code == 400, response.content
    assert "holds no data" in response.json()["error"]["message"]
    assert ReceivedFile.objects.filter(original_name="empty.csv").exists()
