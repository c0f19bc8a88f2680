"""Who may do what: public pages for everyone; link runs for data admins; follow-ups for
staff. Anonymous → login, wrong role → 403, right role → success."""

import pytest
from django.urls import reverse

from foiatrack.foia.models import FoiaRequest
from foiatrack.pipeline.models import FollowUpDraft, LinkRun
from foiatrack.pipeline.services import followup_draft_create
from tests.pipeline.conftest import chicago_arrests_csv, chicago_reports_csv


@pytest.fixture
def two_tables(directory, ingest, recompute):
    cases = [f"HT{100000 + n}" for n in range(12)]
    reports = ingest(
        "reports.csv",
        chicago_reports_csv(cases),
        agency=directory["chicago-police"],
        stage="report",
    )
    arrests = ingest(
        "arrests.csv",
        chicago_arrests_csv(cases),
        agency=directory["chicago-police"],
        stage="arrest",
    )
    recompute()
    return reports, arrests


@pytest.fixture
def draft(two_tables, staff_user):
    return followup_draft_create(table=two_tables[0], user=staff_user)


@pytest.fixture
def login(client, django_user_model):
    def as_user(user):
        if user is not None:
            client.force_login(user)
        return client

    return as_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["overview", "matrix", "dataset_list", "funnel", "scorecards", "requests"]
)
def test_public_pages_open_to_anonymous_visitors(client, two_tables, name):
    assert client.get(reverse(f"pipeline:{name}")).status_code == 200


@pytest.mark.django_db
def test_dataset_and_jurisdiction_reports_open_to_anonymous_visitors(client, two_tables):
    assert client.get(reverse("pipeline:dataset", args=[two_tables[0].id])).status_code == 200
    assert client.get(reverse("pipeline:jurisdiction", args=["chicago"])).status_code == 200


# --- Link runs: data admins ---------------------------------------------------------


@pytest.mark.django_db
def test_link_runs_page_sends_anonymous_visitors_to_log_in(client, two_tables):
    response = client.get(reverse("pipeline:link_runs"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["plain_user", "staff_user"])
def test_link_runs_are_refused_to_users_who_are_not_data_admins(request, login, two_tables, role):
    client = login(request.getfixturevalue(role))
    left, right = two_tables

    assert client.get(reverse("pipeline:link_runs")).status_code == 403
    response = client.post(
        reverse("pipeline:link_runs"), {"left_table": left.id, "right_table": right.id}
    )
    assert response.status_code == 403
    assert not LinkRun.objects.exists()


@pytest.mark.django_db
def test_data_admin_starts_a_link_run_and_sees_its_result(
    login, data_admin, two_tables, django_capture_on_commit_callbacks
):
    client = login(data_admin)
    left, right = two_tables

    assert client.get(reverse("pipeline:link_runs")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pipeline:link_runs"), {"left_table": left.id, "right_table": right.id}
        )

    run = LinkRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pipeline:link_run", args=[run.id])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "12 of 12" in page.content.decode()


@pytest.mark.django_db
def test_link_run_form_refuses_the_same_table_twice_with_a_message(login, data_admin, two_tables):
    client = login(data_admin)
    left, _right = two_tables

    response = client.post(
        reverse("pipeline:link_runs"), {"left_table": left.id, "right_table": left.id}
    )

    assert response.status_code == 400
    assert "two different tables" in response.content.decode()
    assert not LinkRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "plain_user", "staff_user"])
def test_link_run_detail_is_for_data_admins_only(request, login, two_tables, role):
    run = LinkRun.objects.create(left_table=two_tables[0], right_table=two_tables[1])
    client = login(request.getfixturevalue(role) if role else None)

    response = client.get(reverse("pipeline:link_run", args=[run.id]))

    assert response.status_code == (302 if role is None else 403)


# --- Follow-ups: staff ---------------------------------------------------------------


@pytest.mark.django_db
def test_follow_up_button_shows_for_staff_only(login, client, staff_user, two_tables):
    url = reverse("pipeline:dataset", args=[two_tables[0].id])
    assert "Draft a follow-up" not in client.get(url).content.decode()

    assert "Draft a follow-up" in login(staff_user).get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "plain_user", "data_admin"])
def test_drafting_a_follow_up_is_refused_to_non_staff(request, login, two_tables, role):
    client = login(request.getfixturevalue(role) if role else None)

    response = client.post(reverse("pipeline:followup_create", args=[two_tables[0].id]))

    assert response.status_code == (302 if role is None else 403)
    assert not FollowUpDraft.objects.exists()


@pytest.mark.django_db
def test_drafting_a_follow_up_needs_a_post(login, staff_user, two_tables):
    response = login(staff_user).get(reverse("pipeline:followup_create", args=[two_tables[0].id]))

    assert response.status_code == 405


@pytest.mark.django_db
def test_staff_draft_a_follow_up_and_see_it(login, staff_user, two_tables):
    client = login(staff_user)

    response = client.post(reverse("pipeline:followup_create", args=[two_tables[0].id]))

    draft = FollowUpDraft.objects.get()
    assert response["Location"] == reverse("pipeline:followup", args=[draft.id])
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "plain_user", "data_admin"])
def test_follow_up_page_and_request_button_are_refused_to_non_staff(request, login, draft, role):
    client = login(request.getfixturevalue(role) if role else None)
    expected = 302 if role is None else 403

    assert client.get(reverse("pipeline:followup", args=[draft.id])).status_code == expected
    response = client.post(reverse("pipeline:followup_to_request", args=[draft.id]))
    assert response.status_code == expected
    assert not FoiaRequest.objects.exists()


@pytest.mark.django_db
def test_staff_turn_a_follow_up_into_a_request_in_one_click(login, staff_user, draft):
    response = login(staff_user).post(reverse("pipeline:followup_to_request", args=[draft.id]))

    created = FoiaRequest.objects.get()
    assert response["Location"] == reverse("foia:request_detail", args=[created.id])
    assert created.requester == staff_user


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["coveragecell", "linkrun", "followupdraft"])
def test_pipeline_results_are_listed_read_only_in_the_admin(client, superuser, two_tables, model):
    client.force_login(superuser)

    assert client.get(f"/admin/pipeline/{model}/").status_code == 200
    assert client.get(f"/admin/pipeline/{model}/add/").status_code == 403
