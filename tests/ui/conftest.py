"""Browser helpers for the staff and data-admin pages (issue 20): a logged-in page with
axe-core injectable, and the layout checks every page must pass at 1280 and 390 px.

axe-core is vendored (tests/browser_assets/axe.min.js, npm axe-core 4.11.0, MPL-2.0,
licence beside it): nothing is fetched. Playwright adds it as an inline script, which our
Content-Security-Policy forbids, so these contexts bypass CSP (our pages load only their
own static scripts, which the existing browser tests check under the real policy)."""

import pytest

from tests.conftest import REPO_ROOT

AXE = REPO_ROOT / "tests" / "browser_assets" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Text nodes visible on the page whose computed font size is under 12 px.
SMALL_TEXT_JS = """() => {
  const small = [];
  for (const element of document.querySelectorAll('body *')) {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
    const text = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text && parseFloat(style.fontSize) < 12) small.push(element.tagName + ' ' + style.fontSize);
  }
  return small;
}"""

AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture
def ui_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


def log_in(page, username: str, password: str = "correct horse battery") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def layout_problems(page) -> dict:
    """Horizontal overflow, text under 12 px and serious/critical axe violations."""
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    page.add_script_tag(path=str(AXE))
    violations = [v for v in page.evaluate(AXE_JS) if v["impact"] in ("serious", "critical")]
    problems = {}
    if overflow[0] > overflow[1]:
        problems["overflow"] = overflow
    small = page.evaluate(SMALL_TEXT_JS)
    if small:
        problems["small_text"] = small[:5]
    if violations:
        problems["axe"] = violations
    return problems


REAL_FILES = REPO_ROOT.parent / "shared" / "realdata" / "files"


def real_file(name: str):
    from tests.conftest import require

    path = REAL_FILES / name
    require(path.exists(), f"{name} is not available")
    return path


@pytest.fixture
def directory(transactional_db, stages):
    """The starting agency directory (Chicago, Cook County, Seattle, Milwaukee)."""
    from foiatrack.foia.directory import directory_load
    from foiatrack.foia.models import Agency

    directory_load()
    return {agency.slug: agency for agency in Agency.objects.select_related("jurisdiction")}


def store_real(name: str, *, agency=None, stage=None, request=None):
    """Store a real agency file; with no test transaction the in-process audit runs as
    the upload commits, as in the default set-up."""
    from foiatrack.core.models import Stage
    from foiatrack.received.services import received_file_create

    received, _ = received_file_create(
        chunks=[real_file(name).read_bytes()],
        original_name=name,
        agency=agency,
        stage=Stage.objects.get(code=stage) if stage else None,
        request=request,
    )
    return received.tables.order_by("position").first()
