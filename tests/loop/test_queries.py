"""The new pages run a fixed number of queries, however many files and requests exist."""

from django.urls import reverse

from foiatrack.foia.models import Exemption
from tests.loop.samples import cad_calls_csv


def _add_request_with_file(oemc, make_request, ingest, months):
    request = make_request(oemc)
    ingest(f"calls-{len(months)}.csv", cad_calls_csv(months=months), request=request)
    Exemption.objects.create(request=request, section="7(1)(c)", text="x", fields=["address"])
    return request


def test_availability_and_catalogue_queries_do_not_grow(
    client, oemc, make_request, ingest, django_assert_max_num_queries
):
    _add_request_with_file(oemc, make_request, ingest, [1])
    urls = [
        reverse("pipeline:availability"),
        reverse("pipeline:catalogue_download", args=["json"]),
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(30) as baseline:
            client.get(url)
        counts.append(len(baseline.captured_queries))
    for months in ([1, 2], [1, 2, 3], [4, 5, 6, 7]):
        _add_request_with_file(oemc, make_request, ingest, months)

    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_asked_page_queries_do_not_grow_with_files(
    staff_client, oemc, make_request, ingest, django_assert_max_num_queries
):
    request = make_request(oemc)
    ingest("a.csv", cad_calls_csv(months=[1]), request=request)
    url = reverse("pipeline:asked_vs_received", args=[request.id])
    with django_assert_max_num_queries(30) as baseline:
        staff_client.get(url)
    for months in ([2], [3], [4, 5]):
        ingest(f"m{months[0]}.csv", cad_calls_csv(months=months), request=request)

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = staff_client.get(url)
    assert response.context["comparison"].period["missing_months"][0] == "2011-06"
