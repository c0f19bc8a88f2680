"""Demo content for `manage.py load_demo`: the directory and a few requests owned by the
demo user "staff". Synthetic: titles and dates are made up. Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from foiatrack.foia import services
from foiatrack.foia.directory import directory_load
from foiatrack.foia.models import Agency, FoiaRequest, Project, Status, Tag

DEMO_TAG = "demo"


def _business_days_ago(days: int):
    day = timezone.localdate()
    while days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def load_demo(stdout) -> None:
    directory_load()
    owner = get_user_model().objects.filter(username="staff").first()
    if owner is None:
        stdout.write("foia: directory loaded; no 'staff' user, so no demo requests.")
        return
    if FoiaRequest.objects.filter(tags__name=DEMO_TAG).exists():
        stdout.write("foia: demo requests already loaded.")
        return
    tag = Tag.objects.get_or_create(name=DEMO_TAG)[0]
    project = Project.objects.get_or_create(
        slug="follow-a-call", defaults={"name": "Follow a 911 call through the pipeline"}
    )[0]
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    specs = [
        # agency, title, stage codes, received business days ago, statuses after submitted
        ("chicago-oemc", "911 calls with event numbers, 2024", ["call"], 12, []),
        ("chicago-police", "Arrests with RD numbers, 2024", ["arrest"], 3, ["acknowledged"]),
        ("cook-county-sheriff", "Jail bookings, 2024", ["jail"], 30, ["processing", "fulfilled"]),
        ("illinois-doc", "Admissions by county, 2020–2024", ["sentence"], 8, ["fee_due"]),
        ("milwaukee-police", "Calls for service, 2024", ["call"], 4, []),
        ("seattle-fire", "Dispatches with incident numbers", ["call"], None, []),
    ]
    for slug, title, stage_codes, received_ago, statuses in specs:
        agency = agencies[slug]
        request = services.request_create(
            requester=owner,
            data={
                "title": title,
                "agency": agency,
                "records_requested": f"{title}: every field kept, as CSV, with record identifiers.",
                "date_received": _business_days_ago(received_ago) if received_ago else None,
                "stages": agency.stages.filter(code__in=stage_codes),
                "tags": [tag],
                "projects": [project],
                "is_public": received_ago is not None,
            },
        )
        for status in statuses:
            services.request_transition(request=request, to_status=Status(status), user=owner)
    stdout.write(f"foia: {len(specs)} demo requests for user 'staff'.")
