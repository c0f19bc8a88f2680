"""Issue 14: private and embargoed requests, and the files received for them, count in NO
public number, text or chart: scorecards, exemptions, availability tiers, stage links,
funnel, matrix, datasets, on pages, downloads and API answers alike.

The check: load the demo, give one agency a private request (with a received demo file, a
distinctive period, an exemption, an appeal, a message) and an embargoed one, plus a batch
of private answered requests; take every public page, download and API answer. Then remove
all of that and take them again. The two must be identical, times of day aside: nothing
private moved any public figure."""

import re

from django.utils import timezone

from tests.security.test_privacy import _public_bodies

MARKERS = ("PRIVSECT-77Q", "EMBARGOSECT-4Z8", "PRIVATE-AGG-TITLE", "EMBARGO-AGG-TITLE")
# When a page was built or data audited: differs between the two snapshots by design.
TIMES = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")
VERSIONS = re.compile(r"(version|v)=[0-9a-f.:]+")


def _scrub(body: str) -> str:
    body = TIMES.sub("<time>", body)
    body = VERSIONS.sub("<version>", body)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "<csrf>", body)
    # "Last rebuilt 1 Dec 2026, 22:47" and the like
    return re.sub(r"\b\d\d?:\d\d\b", "<hh:mm>", body)


def _snapshot() -> dict[str, str]:
    from foiatrack.pipeline.services import coverage_recompute

    coverage_recompute()
    return {path: _scrub(body) for path, body in _public_bodies()}


def _add_private(demo) -> dict:
    from foiatrack.core.models import Stage
    from foiatrack.foia.models import Appeal, Communication, Exemption, FoiaRequest
    from foiatrack.received.models import ReceivedFile

    received = ReceivedFile.objects.select_related("agency").get(
        original_name="jail_bookings_2011.csv"
    )
    agency = received.agency
    today = timezone.localdate()
    jail = Stage.objects.filter(code="jail")

    def request(**fields):
        item = FoiaRequest.objects.create(
            records_requested="AGG-RECORDS-TEXT",
            agency=agency,
            requester=demo["private"].requester,
            date_received=today.replace(year=today.year - 1),
            **fields,
        )
        item.stages.set(jail)
        return item

    private = request(
        title="PRIVATE-AGG-TITLE",
        status="submitted",
        period_start=today.replace(year=1971, month=1, day=1),
        period_end=today.replace(year=1971, month=12, day=31),
        fields_not_held=["disposition"],
    )
    embargoed = request(
        title="EMBARGO-AGG-TITLE",
        status="partially_fulfilled",
        is_public=True,
        embargo_until=today.replace(year=today.year + 1),
        date_closed=today,
        period_start=today.replace(year=1972, month=1, day=1),
    )
    answered = [
        request(title=f"PRIVATE-AGG-TITLE {n}", status="fulfilled", date_closed=today)
        for n in range(23)
    ]
    for item, section in ((private, "PRIVSECT-77Q"), (embargoed, "EMBARGOSECT-4Z8")):
        Exemption.objects.create(request=item, section=section, text="x", fields=["address"])
        Appeal.objects.create(request=item, filed_with="Counselor", filed_on=today)
        Communication.objects.create(request=item, direction="in", date=today, subject="x")
    received.request = private
    received.save(update_fields=["request"])
    return {"file": received, "requests": [private, embargoed, *answered]}


def test_nothing_private_moves_any_public_figure(demo):
    from foiatrack.foia.models import FoiaRequest

    added = _add_private(demo)
    with_private = _snapshot()
    leaks = [
        f"{path}: {marker}"
        for path, body in with_private.items()
        for marker in MARKERS
        if marker in body
    ]
    assert leaks == []

    added["file"].delete()
    FoiaRequest.objects.filter(id__in=[r.id for r in added["requests"]]).delete()
    without = _snapshot()

    # The probe ids (tests.security.conftest.ids_for_demo) may pick another request.
    common = set(with_private) & set(without)
    assert len(common) >= len(without) - 2
    changed = sorted(path for path in common if with_private[path] != without[path])
    assert changed == [], changed
