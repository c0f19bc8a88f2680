"""What the public sees: only public requests past their embargo, never private notes."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

PUBLIC_LIST = "foia:public_request_list"


def _page(client) -> str:
    # The old address redirects to the one list, /gaps/requests/.
    return client.get(reverse(PUBLIC_LIST), follow=True).content.decode()


def test_public_request_is_listed_without_its_private_notes(client, make_request):
    make_request(
        title="Published request",
        received=timezone.localdate() - timedelta(days=3),
        is_public=True,
        private_notes="Source inside the department",
    )

    content = _page(client)

    assert "Published request" in content
    assert "Source inside the department" not in content


def test_private_request_is_never_listed(client, make_request):
    make_request(title="Private request", received=timezone.localdate() - timedelta(days=3))

    assert "Private request" not in _page(client)


def test_embargoed_request_is_hidden_until_the_embargo_passes(client, make_request):
    request = make_request(
        title="Embargoed request",
        received=timezone.localdate() - timedelta(days=3),
        is_public=True,
        embargo_until=timezone.localdate(),
    )
    assert "Embargoed request" not in _page(client)

    request.embargo_until = timezone.localdate() - timedelta(days=1)
    request.save()

    assert "Embargoed request" in _page(client)


def test_public_draft_is_not_listed(client, make_request):
    make_request(title="Public draft", is_public=True)

    assert "Public draft" not in _page(client)


def test_agency_page_lists_only_public_requests(client, make_request, police):
    make_request(title="Open to all", received=timezone.localdate(), is_public=True)
    make_request(title="Staff only", received=timezone.localdate(), private_notes="secret")

    content = client.get(reverse("foia:agency_detail", args=[police.slug])).content.decode()

    assert "Open to all" in content
    assert "Staff only" not in content
    assert "secret" not in content


def test_public_list_query_count_is_constant(client, make_request, django_assert_max_num_queries):
    make_request(title="one", received=timezone.localdate(), is_public=True)
    with django_assert_max_num_queries(20) as baseline:
        client.get(reverse(PUBLIC_LIST))
    for index in range(10):
        make_request(title=f"r{index}", received=timezone.localdate(), is_public=True)

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(reverse(PUBLIC_LIST))


def test_agency_list_query_count_is_constant(
    client, police, oemc, fbi, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as baseline:
        client.get(reverse("foia:agency_list"))
    from foiatrack.foia.models import Agency

    for index in range(8):
        Agency.objects.create(
            name=f"Agency {index}", slug=f"a{index}", jurisdiction=police.jurisdiction
        )

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(reverse("foia:agency_list"))
