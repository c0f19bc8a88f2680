"""Every URL of the project, from the resolver, and the audiences that ask for them.

A URL pattern added anywhere shows up here by itself, so the permission matrix and the
hostile-input crawler cover it without anyone remembering to add it.
"""

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "plain_user", "staff", "data_admin", "superuser")
# Text that must come out escaped wherever it is shown (pages, letters, JSON, CSV).
SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
FORMULA_CELLS = ('=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(1+1)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full name ("ns:name", or "" when unnamed) and its route."""

    name: str
    route: str
    converters: tuple[tuple[str, str], ...]  # (kwarg, converter type)

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else ""


_CONVERTER = re.compile(r"<(?:(?P<type>[^>:]+):)?(?P<name>\w+)>")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            full = f"{namespace}:{name}" if namespace and name else name
            route = prefix + str(pattern.pattern)
            converters = tuple(
                (match["name"], match["type"] or "str") for match in _CONVERTER.finditer(route)
            )
            yield Route(full, route, converters)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def is_regex(route: Route) -> bool:
    return route.route.startswith("^") or "(?P<" in route.route or "$" in route.route


def build_path(route: Route, values: dict[str, str]) -> str:
    """The route with each <converter:name> replaced by values[name]."""

    def replace(match):
        return str(values[match["name"]])

    return "/" + _CONVERTER.sub(replace, route.route)


@pytest.fixture(autouse=True)
def _api_throttle_out_of_the_way(settings):
    """These tests send hundreds of anonymous API requests: a 429 would hide what the
    view itself answers. (The throttle has its own tests in tests/api.)"""
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"},
    }


@pytest.fixture
def clients(db, plain_user, staff_user, data_admin, superuser):
    """One logged-in test client per audience (CSRF not enforced: see test_csrf)."""
    made = {"anonymous": Client()}
    for role, user in (
        ("plain_user", plain_user),
        ("staff", staff_user),
        ("data_admin", data_admin),
        ("superuser", superuser),
    ):
        user.refresh_from_db()  # load_demo may have reset the password (and session hash)
        made[role] = Client()
        made[role].force_login(user)
    return made


@pytest.fixture
def demo(db, stages, staff_user, data_admin, django_capture_on_commit_callbacks):
    """Ask for it before `clients`: load_demo resets the "dataadmin" user's password,
    which would log out a client logged in earlier.

    The demo content (load_demo: agencies, requests, every sample file audited,
    link runs, coverage), plus requests that must never be public and names that try to
    inject script or spreadsheet formulas."""
    from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction

    # The audits and link runs are queued on commit; run them (eagerly) as production would.
    for _ in range(2):  # the second run links the tables the first one audited
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", stdout=io.StringIO())
    city = Jurisdiction.objects.create(
        name=f"Springfield {SCRIPT}", slug="springfield", level="city", law="il-foia"
    )
    agencies = [
        Agency.objects.create(
            name=f"{cell} Police {IMG}", slug=f"hostile-{index}", jurisdiction=city
        )
        for index, cell in enumerate(FORMULA_CELLS)
    ]
    public = [
        FoiaRequest.objects.create(
            title=f"{cell} calls {SCRIPT}",
            records_requested=f"All 911 calls {IMG}",
            agency=agency,
            requester=staff_user,
            is_public=True,
            status="submitted",
        )
        for cell, agency in zip(FORMULA_CELLS, agencies, strict=True)
    ]
    private = FoiaRequest.objects.create(
        title="PRIVATE-REQUEST-TITLE-7Q2",
        records_requested="PRIVATE-RECORDS-TEXT-7Q2",
        private_notes="PRIVATE-NOTES-7Q2",
        agency=agencies[0],
        requester=staff_user,
        is_public=False,
        status="submitted",
    )
    embargoed = FoiaRequest.objects.create(
        title="EMBARGOED-REQUEST-TITLE-3K9",
        records_requested="EMBARGOED-RECORDS-TEXT-3K9",
        agency=agencies[0],
        requester=staff_user,
        is_public=True,
        embargo_until=date.today() + timedelta(days=60),
        status="submitted",
    )
    return {"agencies": agencies, "public": public, "private": private, "embargoed": embargoed}


def ids_for_demo() -> dict[str, str]:
    """Real ids and slugs from the demo content for every converter name in use."""
    from foiatrack.foia.models import Agency, Appeal, Communication, FoiaRequest, Jurisdiction
    from foiatrack.pipeline.models import FollowUpDraft, LinkRun
    from foiatrack.received.models import ReceivedFile, Table

    def first(queryset, default="1"):
        value = queryset.values_list("pk", flat=True).first()
        return str(value) if value is not None else default

    communication = Communication.objects.order_by("id").first()
    request_id = str(communication.request_id) if communication else first(FoiaRequest.objects)
    table = Table.objects.filter(status=Table.Status.DONE).order_by("id").first()
    return {
        "request_id": request_id,
        "communication_id": str(communication.id) if communication else "1",
        "appeal_id": first(Appeal.objects),
        "tracking_id": "1",
        "file_id": first(ReceivedFile.objects),
        "table_id": str(table.id) if table else "1",
        "run_id": first(LinkRun.objects),
        "draft_id": first(FollowUpDraft.objects),
        "agency_slug": Agency.objects.values_list("slug", flat=True).first() or "x",
        "jurisdiction_slug": Jurisdiction.objects.values_list("slug", flat=True).first() or "x",
        "kind": "initial",
        "table_name": "coverage",
        "file_format": "csv",
        "object_id": "1",
    }


def demo_path(route: Route, ids: dict[str, str]) -> str:
    values = {}
    for name, _type in route.converters:
        if name == "slug":
            values[name] = ids["agency_slug" if "agenc" in route.name else "jurisdiction_slug"]
        else:
            values[name] = ids.get(name, "1")
    return build_path(route, values)
