"""Every received-file page is for data admins only."""

import pytest
from django.urls import reverse


def _urls(table):
    file_id = table.received_file_id
    return [
        reverse("received:file_list"),
        reverse("received:upload"),
        reverse("received:file_detail", args=[file_id]),
        reverse("received:file_download", args=[file_id]),
        reverse("received:table_detail", args=[table.id]),
        reverse("received:table_status", args=[table.id]),
        reverse("received:table_roles", args=[table.id]),
    ]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_from_every_page(client, stored_table):
    for url in _urls(stored_table):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_staff_without_data_admin_role_are_refused_every_page(client, staff_user, stored_table):
    client.force_login(staff_user)

    for url in _urls(stored_table):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_users_without_a_role_are_refused_every_page(client, plain_user, stored_table):
    client.force_login(plain_user)

    for url in _urls(stored_table):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_data_admins_open_every_page(data_admin_client, stored_table):
    for url in _urls(stored_table):
        assert data_admin_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_superusers_open_every_page(client, superuser, stored_table):
    client.force_login(superuser)

    for url in _urls(stored_table):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_posting_an_upload_or_roles_needs_the_data_admin_role(client, staff_user, stored_table):
    client.force_login(staff_user)

    assert client.post(reverse("received:upload"), {}).status_code == 403
    assert (
        client.post(reverse("received:table_roles", args=[stored_table.id]), {}).status_code == 403
    )
    assert stored_table.received_file.__class__.objects.count() == 1
