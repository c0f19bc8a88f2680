import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_renders_for_anonymous_visitors(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "What the records do not cover" in response.content.decode()
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
def test_home_page_shows_logout_for_logged_in_users(staff_client):
    response = staff_client.get(reverse("home"))

    assert "Log out" in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    response = client.get(reverse("healthz"))

    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


@pytest.mark.django_db
def test_login_with_good_password_signs_in(client, staff_user):
    response = client.post(
        reverse("login"), {"username": "staffer", "password": "correct horse battery"}
    )

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(staff_user.pk)


@pytest.mark.django_db
def test_logout_requires_post(staff_client):
    assert staff_client.get(reverse("logout")).status_code == 405
    assert staff_client.post(reverse("logout")).status_code == 302
