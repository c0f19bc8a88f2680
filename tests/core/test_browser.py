import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_home_page_heading_in_a_real_browser(page):
    page.goto("/")

    assert page.locator("h1").inner_text() == "What the records do not cover"
    assert page.title() == "Home · foiatrack"


@pytest.mark.django_db(transaction=True)
def test_staff_member_logs_in_through_the_form(page, login_in_browser, staff_user):
    login_in_browser("staffer")

    assert page.locator(".account").inner_text().startswith("staffer")
