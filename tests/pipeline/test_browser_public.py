"""The public request page, the funnel chart and the catalogue search in a real browser,
at a desktop width and on a 390 px phone: no horizontal overflow, no CSP violation.

Data: the synthetic samples in datasets/ (a CAD extract and Chicago "Crimes" sharing 900
RD numbers, datasets/README.md) and synthetic Seattle Fire "Real Time 911"-shaped rows.
"""

from datetime import date

import pytest

from foiatrack.foia.models import Communication, Status
from foiatrack.pipeline.services import coverage_recompute, link_run_create
from tests.pipeline.conftest import seattle_fire_csv

WIDTHS = [1280, 390]
NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def _watch_csp(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_public_request_page_reads_on_desktop_and_phone(
    stages, directory, ingest, make_request, page, width
):
    item = make_request(
        directory["seattle-fire"],
        stages=["call"],
        status=Status.FULFILLED,
        title="Fire calls 2019",
        is_public=True,
        start=date(2019, 1, 1),
        end=date(2019, 12, 31),
    )
    Communication.objects.create(
        request=item, direction="in", subject="Records attached", is_public=True
    )
    ingest(
        "fire.csv",
        seattle_fire_csv(30),
        agency=directory["seattle-fire"],
        stage="call",
        request=item,
    )
    coverage_recompute()
    problems = _watch_csp(page)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/gaps/requests/?jurisdiction=seattle")
    page.get_by_role("link", name="Fire calls 2019").click()
    page.wait_for_url(f"**/gaps/requests/{item.id}/")

    assert page.get_by_role("heading", level=1).inner_text() == "Fire calls 2019"
    assert page.get_by_text("Records attached").is_visible()
    assert page.get_by_role("link", name="Seattle Fire Department — ").first.is_visible()
    assert page.evaluate(NO_OVERFLOW)
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_funnel_chart_draws_the_measured_link_and_the_reasons(
    stages, directory, ingest_sample, page, width
):
    calls = ingest_sample(
        "chicago_calls_cad_2011.csv", agency=directory["chicago-oemc"], stage="call"
    )
    crimes = ingest_sample(
        "chicago_crimes_2011.csv", agency=directory["chicago-police"], stage="report"
    )
    link_run_create(left_table=calls, right_table=crimes)  # runs in-process
    coverage_recompute()
    problems = _watch_csp(page)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/gaps/funnel/")

    step = page.get_by_role("img", name="Call for service (911/CAD) to Incident report")
    assert step.is_visible()
    box = step.bounding_box()
    assert box["width"] > 200 and box["height"] > 20
    band = page.locator("polygon.funnel-band").first.bounding_box()
    assert band["width"] > 0  # the linked share, drawn
    words = page.locator("p.funnel-link")
    assert words.filter(has_text="22.5 % of 911 calls received link to police").first.is_visible()
    assert words.filter(has_text="Cannot be linked, because").first.is_visible()
    assert page.evaluate(NO_OVERFLOW)
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_catalogue_search_finds_datasets_by_agency(stages, directory, ingest, page, width):
    ingest("fire.csv", seattle_fire_csv(30), agency=directory["seattle-fire"], stage="call")
    ingest("more.csv", seattle_fire_csv(20), agency=directory["chicago-oemc"], stage="call")
    coverage_recompute()
    problems = _watch_csp(page)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/gaps/datasets/")
    page.get_by_role("textbox", name="Search").fill("seattle")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/gaps/datasets/?*q=seattle*")

    table = page.locator("table.public-table")
    assert "Seattle Fire Department" in table.inner_text()
    assert "Chicago Office" not in table.inner_text()
    assert page.evaluate(NO_OVERFLOW)
    # The wide table scrolls inside its own box on the phone, not the page.
    assert page.evaluate(
        "[...document.querySelectorAll('.table-scroll')]"
        ".every(box => box.getBoundingClientRect().right <= window.innerWidth + 1)"
    )
    assert problems == []
