import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_admin_lists_and_shows_received_files_and_tables_read_only(client, superuser, stored_table):
    client.force_login(superuser)
    received = stored_table.received_file

    for url in (
        reverse("admin:received_receivedfile_changelist"),
        reverse("admin:received_receivedfile_change", args=[received.id]),
        reverse("admin:received_table_changelist"),
        reverse("admin:received_table_change", args=[stored_table.id]),
        reverse("admin:received_gapflag_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:received_receivedfile_add")).status_code == 403
