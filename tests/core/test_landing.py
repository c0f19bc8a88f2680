"""Landing where you work, the navigation per role, styled error and lock-out pages and a
favicon (issue 20)."""

import pytest
from django.test import Client
from django.urls import reverse


def _log_in(client, username):
    return client.post(
        reverse("login"), {"username": username, "password": "correct horse battery"}
    )


@pytest.mark.parametrize(
    ("who", "lands_on"),
    [
        ("staff_user", "foia:dashboard"),
        ("data_admin", "received:file_list"),
        ("plain_user", "home"),
    ],
)
def test_each_role_lands_where_it_works_after_login(client, request, who, lands_on):
    user = request.getfixturevalue(who)

    response = _log_in(client, user.username)
    landed = client.get(response["Location"])

    assert response["Location"] == reverse("after_login")
    assert landed["Location"] == reverse(lands_on)


def test_the_landing_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("after_login"))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_data_admins_find_link_runs_and_the_catalogue_in_the_menu(data_admin_client):
    nav = data_admin_client.get(reverse("received:file_list")).content.decode().split("</nav>")[0]

    assert reverse("pipeline:link_runs") in nav
    assert reverse("pipeline:catalogue") in nav
    assert reverse("foia:dashboard") not in nav


def test_staff_find_their_pages_and_triage_but_not_link_runs(staff_client):
    nav = staff_client.get(reverse("foia:dashboard")).content.decode().split("</nav>")[0]

    assert reverse("foia:dashboard") in nav and reverse("pipeline:catalogue") in nav
    assert reverse("pipeline:link_runs") not in nav
    assert reverse("mail:triage") in nav


def test_the_403_page_is_styled_and_says_what_role_is_missing(client, plain_user):
    client.force_login(plain_user)

    response = client.get(reverse("foia:dashboard"))

    assert response.status_code == 403
    text = response.content.decode()
    assert "site.css" in text and "does not have the role" in text


def test_the_404_page_is_styled(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "site.css" in response.content.decode() and "Page not found" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    from django.template.loader import get_template

    html = get_template("500.html").render()

    assert "Something went wrong" in html and "site.css" in html


def test_the_lock_out_page_is_styled_and_says_how_long(settings, plain_user):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    browser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        browser.post(reverse("login"), {"username": "visitor", "password": "wrong"})

    response = browser.post(reverse("login"), {"username": "visitor", "password": "wrong"})

    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed logins" in text and "site.css" in text and "15" in text


def test_every_page_links_the_favicon_and_it_is_served(client):
    html = client.get(reverse("home")).content.decode()

    assert 'rel="icon"' in html and "favicon.svg" in html
