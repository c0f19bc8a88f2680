"""A member of the public, in a real browser, from the overview to a dataset's gap report."""

import pytest

from foiatrack.pipeline.services import coverage_recompute
from tests.pipeline.conftest import cjp_calls_aggregate_csv, seattle_fire_csv


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_visitor_walks_from_the_overview_to_a_datasets_gap_report(
    stages, directory, ingest, page
):
    ingest("calls.csv", cjp_calls_aggregate_csv(), agency=directory["chicago-oemc"], stage="call")
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    coverage_recompute()

    page.goto("/gaps/")
    chicago = page.get_by_role("img", name="Pipeline coverage in City of Chicago")
    assert chicago.is_visible()
    assert "totals only" in chicago.text_content()

    page.get_by_role("link", name="City of Chicago").first.click()
    page.wait_for_url("**/gaps/jurisdictions/chicago/")
    assert page.get_by_role("heading", name="Gap report: City of Chicago").is_visible()

    # Datasets are named by agency, stage and period, never by the uploaded file name.
    title = "Chicago Office of Emergency Management and Communications — "
    page.get_by_role("link", name=title).first.click()
    page.wait_for_url("**/gaps/datasets/*/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith(f"Gap report: {title}")
    assert "calls.csv" not in page.content()
    report = page.locator("main").inner_text()
    assert "Aggregated only" in report
    assert "Only counts (by" in report
    assert "Data last audited:" in report
    # Anonymous: no staff action offered.
    assert page.get_by_role("button", name="Draft a follow-up").count() == 0
