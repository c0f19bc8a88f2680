"""A staff member logs a request in a real browser and finds it on the dashboard."""

import pytest

from tests.foia.dates import received_for_due_within

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_staff_member_logs_a_request_and_sees_it_on_the_dashboard(
    page, login_in_browser, staff_user, police
):
    login_in_browser("staffer")
    page.click("nav >> text=Dashboard")
    page.click("text=Log a request")

    page.fill("input[name=title]", "Arrests with RD numbers, 2024")
    page.select_option("select[name=agency]", label="Chicago Police Department")
    page.fill("textarea[name=records_requested]", "Every arrest in 2024, as CSV.")
    page.check("input[name=stages] >> nth=0")
    received = received_for_due_within(7)
    page.fill("input[name=date_received]", received.isoformat())
    page.click("#request-form button[type=submit]")

    assert page.locator("h1").inner_text() == "Arrests with RD numbers, 2024"
    assert page.locator("#status").inner_text() == "Submitted"
    assert "elapsed" in page.locator("#day-counter").inner_text()

    page.click("nav >> text=Dashboard")
    assert "Arrests with RD numbers, 2024" in page.locator("#due-soon").inner_text()
