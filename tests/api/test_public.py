"""Public endpoints: only public requests past their embargo, public-safe findings,
scorecards, and a rate limit for anonymous clients."""

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from foiatrack.foia.models import FoiaRequest
from foiatrack.received.models import Table


def test_public_list_holds_only_public_requests_past_embargo(world, clients):
    body = clients["anonymous"].get("/api/v1/public/requests/").json()
    assert [item["title"] for item in body["results"]] == ["Arrests 2021"]
    assert "private_notes" not in body["results"][0]
    assert "requester" not in body["results"][0]


def test_private_embargoed_and_draft_requests_are_404(world, clients):
    for hidden in (world.private_request, world.embargoed_request, world.public_draft):
        response = clients["anonymous"].get(f"/api/v1/public/requests/{hidden.id}/")
        assert response.status_code == 404, hidden.title


def test_a_request_appears_once_its_embargo_has_passed(world, clients):
    FoiaRequest.objects.filter(id=world.embargoed_request.id).update(
        embargo_until=timezone.localdate() - timezone.timedelta(days=1)
    )
    response = clients["anonymous"].get(f"/api/v1/public/requests/{world.embargoed_request.id}/")
    assert response.status_code == 200


def test_agencies_come_with_their_scorecards(world, clients):
    body = clients["anonymous"].get("/api/v1/agencies/chicago-police/").json()
    assert body["jurisdiction"] == "chicago"
    # public requests only, drafts not counted; a count of 1–9 is "<10" as on the pages
    assert body["scorecard"]["requests_sent"] == "<10"
    assert set(body["scorecard"]) >= {"responded", "answered", "exemptions_cited"}


def test_agency_list_queries_do_not_grow_with_agencies(
    world, clients, django_assert_max_num_queries
):
    from foiatrack.foia.models import Agency

    for index in range(8):
        Agency.objects.create(name=f"A{index}", slug=f"a{index}", jurisdiction=world.jurisdiction)
    with django_assert_max_num_queries(10):
        response = clients["anonymous"].get("/api/v1/agencies/")
    assert response.json()["count"] == 9


def test_datasets_list_only_audited_tables_with_their_flags(world, clients):
    Table.objects.create(received_file=world.table.received_file, name="later.csv", position=1)
    body = clients["anonymous"].get("/api/v1/datasets/", {"status": "queued"}).json()
    assert {item["id"] for item in body["results"]} == {world.table.id, world.other_table.id}
    flags = body["results"][0]["flags"]
    assert {flag["code"] for flag in flags} >= {"NO_LOCATION"}
    assert all(set(flag) == {"code", "label", "severity", "explanation"} for flag in flags)


def test_datasets_hide_small_counts_as_the_gap_pages_do(world, clients):
    Table.objects.filter(id=world.table.id).update(rows=4)
    body = clients["anonymous"].get("/api/v1/datasets/").json()
    rows = {item["id"]: item["rows"] for item in body["results"]}
    assert rows == {world.table.id: "<10", world.other_table.id: 16}


def test_datasets_filter_like_the_pages(world, clients):
    assert clients["anonymous"].get("/api/v1/datasets/", {"stage": "jail"}).json()["count"] == 0
    assert clients["anonymous"].get("/api/v1/datasets/", {"stage": "arrest"}).json()["count"] == 2
    bad = clients["anonymous"].get("/api/v1/datasets/", {"covers_from": "March"})
    assert bad.status_code == 400
    assert "covers_from" in bad.json()["error"]["fields"]


def test_a_dataset_not_yet_audited_is_404_to_the_public(world, clients):
    queued = Table.objects.create(received_file=world.table.received_file, name="q.csv", position=1)
    assert clients["anonymous"].get(f"/api/v1/datasets/{queued.id}/").status_code == 404


def test_anonymous_clients_are_rate_limited(world, clients, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    statuses = [clients["anonymous"].get("/api/v1/jurisdictions/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = clients["anonymous"].get("/api/v1/jurisdictions/")
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_token_holders_are_not_rate_limited(world, clients, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    statuses = {clients["plain"].get("/api/v1/jurisdictions/").status_code for _ in range(5)}
    assert statuses == {200}


def test_a_script_gets_its_token_with_its_password(world, clients, staff_user):
    response = clients["anonymous"].post(
        "/api/v1/auth/token/",
        {"username": "staffer", "password": "correct horse battery"},
        format="json",
    )
    assert response.status_code == 200
    key = response.json()["token"]
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert script.get("/api/v1/requests/").status_code == 200
    issued = staff_user.api_tokens.get(name__startswith="API login")
    assert issued.expires_at > timezone.now() + timedelta(days=89)
    wrong = clients["anonymous"].post(
        "/api/v1/auth/token/", {"username": "staffer", "password": "guess"}, format="json"
    )
    assert wrong.status_code == 400
    assert "token" not in wrong.json()


def test_a_dataset_gap_report_matches_its_public_page(world, clients):
    report = clients["anonymous"].get(f"/api/v1/datasets/{world.table.id}/").json()
    assert report["stage"] == "arrest"
    assert report["rows"] == 30
    assert report["coverage"] in {"record_linkable", "record_unlinkable"}
    assert {flag["code"] for flag in report["flags"]} >= {"NO_LOCATION"}


def test_the_coverage_matrix_has_a_cell_per_stage_jurisdiction_and_year(world, clients):
    body = clients["anonymous"].get("/api/v1/coverage/", {"jurisdiction": "chicago"}).json()
    cells = {(cell["stage"], cell["year"]): cell for cell in body["cells"]}
    assert cells[("arrest", 2021)]["datasets"] == 2
    assert body["computed_at"] is not None


def test_an_unknown_jurisdiction_is_a_400_on_the_matrix(world, clients):
    response = clients["anonymous"].get("/api/v1/coverage/", {"jurisdiction": "atlantis"})
    assert response.status_code == 400
    assert "jurisdiction" in response.json()["error"]["fields"]


def test_dataset_queries_do_not_grow_with_datasets(world, clients, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = clients["anonymous"].get("/api/v1/datasets/")
    assert response.json()["count"] == 2
    with django_assert_max_num_queries(8):
        assert clients["anonymous"].get(f"/api/v1/datasets/{world.table.id}/").status_code == 200


def test_the_token_endpoint_shares_the_login_lockout(world, clients, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    url = "/api/v1/auth/token/"
    for _ in range(3):
        clients["anonymous"].post(url, {"username": "staffer", "password": "bad"}, format="json")
    response = clients["anonymous"].post(
        url, {"username": "staffer", "password": "correct horse battery"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
