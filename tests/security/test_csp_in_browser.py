"""In a real browser, the Content-Security-Policy refuses nothing our own pages need: no
page logs a CSP violation (an inline script or style the policy would block)."""

import pytest

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/gaps/", "/gaps/matrix/", "/agencies/", "/public/requests/", "/deadline/"]
API_DOCS = "/api/docs/"


def _violations(page, paths) -> list[str]:
    seen = []
    page.on(
        "console",
        lambda message: seen.append(f"{page.url}: {message.text}")
        if "Content Security Policy" in message.text
        else None,
    )
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    return seen


def test_public_pages_and_the_api_docs_break_no_csp_rule(transactional_db, page):
    violations = _violations(page, [*PUBLIC, API_DOCS])

    assert violations == []
    assert page.locator(".swagger-ui").count() == 1  # the docs' own script ran


def test_staff_and_data_admin_pages_break_no_csp_rule(
    transactional_db, page, login_in_browser, superuser
):
    login_in_browser("root", "correct horse")

    violations = _violations(
        page, ["/foia/", "/foia/requests/new/", "/received/", "/received/upload/"]
    )

    assert violations == []
