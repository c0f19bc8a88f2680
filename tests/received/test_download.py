import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_download_is_an_opaque_attachment_with_the_original_bytes(data_admin_client, stored_table):
    received = stored_table.received_file

    response = data_admin_client.get(reverse("received:file_download", args=[received.id]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="calls.csv"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == received.stored_file.open("rb").read()


@pytest.mark.django_db
def test_html_named_file_still_downloads_as_octet_stream(data_admin_client, stored_table):
    received = stored_table.received_file
    received.original_name = "<script>alert(1)</script>.html"
    received.save()

    response = data_admin_client.get(reverse("received:file_download", args=[received.id]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_download_of_a_missing_stored_file_is_a_404(data_admin_client, stored_table):
    received = stored_table.received_file
    received.stored_file.storage.delete(received.stored_file.name)

    response = data_admin_client.get(reverse("received:file_download", args=[received.id]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_stored_name_is_random_and_not_the_original(stored_table):
    stored_name = stored_table.received_file.stored_file.name

    assert "calls" not in stored_name
    assert stored_name.startswith("received/")
