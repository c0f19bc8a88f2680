"""Each staff and data-admin page at 1280 and 390 px: no horizontal overflow, no text
under 12 px, no serious or critical axe-core violation (issue 20). Real agency files
(Seattle 911, Reno CAD) give the data pages their content; requests are synthetic rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from foiatrack.foia import services
from foiatrack.foia.models import Status
from foiatrack.pipeline.services import coverage_recompute
from tests.ui.conftest import DESKTOP, PHONE, layout_problems, log_in, store_real

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _requests(staff_user, agency):
    today = timezone.localdate()

    def make(title, received=None, statuses=()):
        request = services.request_create(
            requester=staff_user,
            data={
                "title": title,
                "agency": agency,
                "records_requested": "Every call for service\nWith its event number",
                "date_received": received,
                "fields_wanted": ["event_number", "timestamp"],
            },
        )
        for status in statuses:
            services.request_transition(request=request, to_status=status, user=staff_user)
        return request

    return [
        make("A draft"),
        make("Sent last week", today - timedelta(days=7)),
        make("Waiting on our fee", today - timedelta(days=7), (Status.FEE_DUE,)),
        make("Partly answered", today - timedelta(days=9), (Status.PARTIALLY_FULFILLED,)),
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_staff_pages_fit_and_pass_axe(ui_page, staff_user, directory, viewport):
    requests = _requests(staff_user, directory["seattle-fire"])
    ui_page.set_viewport_size(viewport)
    log_in(ui_page, "staffer")
    paths = ["/foia/", "/foia/requests/", "/foia/requests/new/"]
    paths += [f"/foia/requests/{r.id}/" for r in requests]
    paths += [
        f"/foia/requests/{requests[3].id}/letters/appeal/",
        f"/foia/requests/{requests[1].id}/letters/follow-up/",
        f"/foia/requests/{requests[1].id}/edit/",
        f"/gaps/requests/{requests[1].id}/asked/",
        "/gaps/catalogue/",
    ]

    found = {}
    for path in paths:
        response = ui_page.goto(path)
        assert response.status == 200, path
        problems = layout_problems(ui_page)
        if problems:
            found[path] = problems

    assert found == {}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_data_admin_pages_fit_and_pass_axe(ui_page, data_admin, directory, viewport):
    table = store_real(
        "seattle_911_calls_2016-03.csv", agency=directory["seattle-fire"], stage="call"
    )
    store_real("reno_cad_calls_2011-10-06.csv", stage="call")
    coverage_recompute()
    ui_page.set_viewport_size(viewport)
    log_in(ui_page, "dataadmin")
    paths = [
        "/received/",
        "/received/upload/",
        f"/received/files/{table.received_file_id}/",
        f"/received/tables/{table.id}/",
        f"/received/tables/{table.id}/roles/",
        "/gaps/link-runs/",
        f"/gaps/datasets/{table.id}/",
        "/gaps/funnel/",
    ]

    found = {}
    for path in paths:
        response = ui_page.goto(path)
        assert response.status == 200, path
        problems = layout_problems(ui_page)
        if problems:
            found[path] = problems

    assert found == {}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_login_and_error_pages_fit_and_pass_axe(ui_page, plain_user, viewport):
    ui_page.set_viewport_size(viewport)
    ui_page.goto("/accounts/login/")
    assert layout_problems(ui_page) == {}
    log_in(ui_page, "visitor")
    ui_page.goto("/foia/")

    assert "does not have the role" in ui_page.content()
    assert layout_problems(ui_page) == {}
