"""Public agency and request answers are cached for anonymous visitors (core.public_cache),
and every change staff make shows to the public at once: the cache is keyed by
foia.selectors.public_version(), which anything filed on a request moves.

Agencies and requests are synthetic test rows named after real bodies.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from foiatrack.foia import services
from foiatrack.foia.models import Appeal, Exemption, Status
from tests.api.conftest import _fresh_anonymous_rate_limit  # noqa: F401 (autouse fixture)

AGENCIES_API = "/api/v1/agencies/"
PUBLIC_REQUESTS_API = "/api/v1/public/requests/"


@pytest.fixture
def sent(make_request):
    return make_request(
        title="Arrests 2011 with RD numbers",
        received=timezone.localdate() - timedelta(days=10),
        is_public=True,
    )


def _police_card(client) -> dict:
    agencies = client.get(AGENCIES_API).json()["results"]
    return next(a for a in agencies if a["slug"] == "chicago-police")["scorecard"]


def test_a_repeat_visit_is_served_from_the_cache(client, sent, django_assert_num_queries):
    first = client.get(reverse("foia:agency_list"))

    # Only the version is read: the scorecards are not computed again.
    with django_assert_num_queries(1):
        again = client.get(reverse("foia:agency_list"))

    assert again.status_code == 200
    assert again.content == first.content


def test_staff_always_get_a_fresh_page_and_never_the_visitors_copy(staff_client, staff_user, sent):
    visitor = Client()
    visitor.get(reverse("foia:agency_list"))  # cached for visitors

    page = staff_client.get(reverse("foia:agency_list")).content.decode()

    assert staff_user.username in page
    assert staff_user.username not in visitor.get(reverse("foia:agency_list")).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda request, user: services.exemption_record(
                request=request, user=user, section="5 ILCS 140/7(1)(c)", text="Privacy."
            ),
            id="exemption recorded",
        ),
        pytest.param(
            lambda request, user: Exemption.objects.create(
                request=request, section="5 ILCS 140/7(1)(d)", text="Law enforcement."
            ),
            id="exemption added in the admin",
        ),
    ],
)
def test_an_exemption_shows_on_the_public_agency_page_at_once(client, sent, staff_user, change):
    agency_page = reverse("foia:agency_detail", args=["chicago-police"])
    assert 'id="exemptions-cited"' not in client.get(agency_page).content.decode()

    change(sent, staff_user)

    assert 'id="exemptions-cited"' in client.get(agency_page).content.decode()


def test_a_message_from_the_agency_moves_the_first_response_at_once(sent, staff_user):
    visitor = APIClient()
    assert _police_card(visitor)["median_days_to_first_response"] is None

    services.communication_log(
        request=sent,
        user=staff_user,
        direction="in",
        date=timezone.localdate() - timedelta(days=9),
        channel="email",
    )

    assert _police_card(visitor)["median_days_to_first_response"] is not None


def test_an_appeal_deleted_in_the_admin_leaves_the_scorecard_at_once(sent, staff_user):
    services.request_transition(request=sent, to_status=Status.REJECTED, user=staff_user)
    appeal = services.appeal_file(
        request=sent,
        user=staff_user,
        filed_with="Public Access Counselor",
        filed_on=timezone.localdate(),
    )
    visitor = APIClient()
    assert _police_card(visitor)["open_appeals"] == "<10"  # one appeal: a small count (issue 14)

    Appeal.objects.filter(id=appeal.id).get().delete()

    assert _police_card(visitor)["open_appeals"] == 0


def test_a_request_made_private_leaves_every_public_list_at_once(client, sent, staff_user):
    visitor = APIClient()
    agency_page = reverse("foia:agency_detail", args=["chicago-police"])
    titles = lambda: [r["title"] for r in visitor.get(PUBLIC_REQUESTS_API).json()["results"]]  # noqa: E731
    assert sent.title in client.get(reverse("foia:public_request_list")).content.decode()
    assert sent.title in client.get(agency_page).content.decode()
    assert sent.title in titles()
    assert visitor.get(f"{PUBLIC_REQUESTS_API}{sent.id}/").status_code == 200

    services.request_update(request=sent, user=staff_user, data={"is_public": False})

    assert sent.title not in client.get(reverse("foia:public_request_list")).content.decode()
    assert sent.title not in client.get(agency_page).content.decode()
    assert sent.title not in titles()
    assert visitor.get(f"{PUBLIC_REQUESTS_API}{sent.id}/").status_code == 404


def test_a_new_agency_is_listed_at_once(client, sent, chicago):
    client.get(reverse("foia:agency_list"))

    chicago.agencies.create(name="Cook County Sheriff's Office", slug="cook-sheriff")

    assert "Cook County Sheriff" in client.get(reverse("foia:agency_list")).content.decode()


def test_an_edit_the_version_does_not_see_waits_for_the_entry_to_expire(client, sent, police):
    """A rename in the admin moves no version: visitors see it once the cached page is
    PUBLIC_CACHE_SECONDS old (60 by default)."""
    client.get(reverse("foia:agency_list"))

    police.name = "Chicago Police (renamed)"
    police.save()

    assert "renamed" not in client.get(reverse("foia:agency_list")).content.decode()


def test_with_public_cache_seconds_zero_every_visit_is_fresh(client, sent, police, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    client.get(reverse("foia:agency_list"))

    police.name = "Chicago Police (renamed)"
    police.save()

    assert "renamed" in client.get(reverse("foia:agency_list")).content.decode()
