"""A data admin's upload and the live progress bar, in a real browser."""

import pytest

from foiatrack.received.models import Table
from tests.received.conftest import chicago_calls_aggregate_csv

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_data_admin_uploads_a_file_and_reads_its_flags(
    page, login_in_browser, data_admin, tmp_path
):
    sample = tmp_path / "calls-by-district.csv"
    sample.write_bytes(chicago_calls_aggregate_csv())
    login_in_browser("dataadmin")

    page.click("text=Received files")
    page.click("text=Upload a file")
    page.set_input_files("input[name=file]", str(sample))
    page.click("text=Upload and audit")
    page.get_by_role("link", name="calls-by-district.csv").click()

    assert page.locator("h1").inner_text() == "calls-by-district.csv"
    flags = page.locator(".flags").inner_text()
    assert "AGGREGATED_ONLY" in flags
    assert "NO_RECORD_ID" in flags
    assert "Aggregated only" in page.locator(".facts").inner_text()
    assert page.locator("table >> text=Count (aggregate)").count() == 1


@pytest.mark.django_db(transaction=True)
def test_progress_bar_follows_the_audit_and_the_page_shows_results_when_done(
    page, login_in_browser, data_admin, stored_table
):
    login_in_browser("dataadmin")
    page.goto(f"/received/tables/{stored_table.id}/")
    assert page.locator("progress").count() == 1

    Table.objects.filter(id=stored_table.id).update(
        status=Table.Status.RUNNING, rows_read=5000, progress=50
    )
    # A function, not an expression: Playwright evals expressions, which the CSP forbids.
    page.wait_for_function("() => document.querySelector('progress').value === 50")
    assert "5,000 rows read" in page.locator(".table-progress").inner_text()

    Table.objects.filter(id=stored_table.id).update(
        status=Table.Status.FAILED, error_message="The file is empty: there is nothing to audit."
    )
    page.wait_for_selector("text=The file is empty: there is nothing to audit.")
    assert page.locator("progress").count() == 0
