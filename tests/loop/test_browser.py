"""A staff member follows a request to its asked-vs-received table in a real browser."""

import pytest

from foiatrack.foia.models import Status
from tests.loop.samples import cad_calls_csv

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_staff_member_goes_from_a_request_to_its_asked_vs_received_table(
    page, login_in_browser, staff_user, stages, oemc, make_request, ingest
):
    request = make_request(oemc, title="CAD events with RD numbers")
    ingest("calls.csv", cad_calls_csv(rd_every=10, drop=("Event#",)), request=request)

    login_in_browser("staffer")
    page.goto(f"/foia/requests/{request.id}/")
    page.click("#asked-vs-received-link")

    assert page.locator("h1").inner_text() == "Asked vs received"
    rows = page.locator("#asked-fields tbody tr")
    assert rows.count() == 4
    event_row = page.locator("#asked-fields tr", has_text="Event / CAD number")
    assert "Missing" in event_row.inner_text()
    report_row = page.locator("#asked-fields tr", has_text="Report (RD) number")
    assert "Delivered but mostly empty" in report_row.inner_text()
    assert (
        "Partially fulfilled, with items ignored" in page.locator("#suggested-outcome").inner_text()
    )

    page.click("#suggested-outcome button[type=submit]")

    assert page.locator("#status").inner_text() == "Partially fulfilled"
    request.refresh_from_db()
    assert request.status == Status.PARTIALLY_FULFILLED
