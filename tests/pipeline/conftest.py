"""Fixtures for pipeline tests: the agency directory, small agency-like files, uploads.

Every file here is synthetic and follows a real published schema, named on each helper.
"""

from datetime import date
from pathlib import Path

import pytest
from django.core.files import File

from foiatrack.core.models import Stage
from foiatrack.foia.directory import directory_load
from foiatrack.foia.models import Agency, FoiaRequest, Status
from foiatrack.pipeline.services import coverage_recompute
from foiatrack.received.models import Table
from foiatrack.received.services import received_file_create

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


def cjp_calls_aggregate_csv(years=(2010, 2011)) -> bytes:
    """Calls counted by year × district × event type, shaped like the Chicago Justice
    Project's FOIA return from OEMC (Year, District, Event Type, Calls): no IDs."""
    lines = ["Year,District,Event Type,Calls"]
    for year in years:
        for district in range(1, 26):
            for event_type in ("DISTURBANCE", "THEFT", "ALARM BURGLAR"):
                lines.append(f"{year},{district},{event_type},{1000 + district * 7}")
    return ("\n".join(lines) + "\n").encode()


def seattle_fire_csv(rows: int = 30, *, with_incident_number: bool = True) -> bytes:
    """Seattle Fire "Real Time 911" rows (Address, Type, Datetime, Latitude, Longitude,
    Report Location, Incident Number); optionally without the incident number."""
    header = "Address,Type,Datetime,Latitude,Longitude,Report Location"
    lines = [header + (",Incident Number" if with_incident_number else "")]
    for index in range(rows):
        line = (
            f"{100 + index} Pine St,Aid Response,2019-0{1 + index % 9}-{1 + index % 28:02d} "
            f"1{index % 10}:04:00,47.6{index % 10:02d},-122.3{index % 7:02d},"
            f"POINT (-122.3{index % 7:02d} 47.6{index % 10:02d})"
        )
        lines.append(line + (f",F19{index:06d}" if with_incident_number else ""))
    return ("\n".join(lines) + "\n").encode()


def chicago_reports_csv(case_numbers: list[str]) -> bytes:
    """Incident reports shaped like Chicago "Crimes – 2001 to Present" (a column subset:
    ID, Case Number, Date, Block, Primary Type, Beat, District)."""
    lines = ["ID,Case Number,Date,Block,Primary Type,Beat,District"]
    for index, case in enumerate(case_numbers):
        lines.append(
            f"{9000000 + index},{case},03/0{1 + index % 9}/2011 0{index % 10}:15:00 PM,"
            f"0{index % 9}1XX N STATE ST,THEFT,011{index % 10},1"
        )
    return ("\n".join(lines) + "\n").encode()


def chicago_arrests_csv(case_numbers: list[str]) -> bytes:
    """Arrests shaped like Chicago "Arrests" (CB_NO, CASE NUMBER, ARREST DATE, …)."""
    lines = ["CB_NO,CASE NUMBER,ARREST DATE,CHARGE 1 STATUTE"]
    for index, case in enumerate(case_numbers):
        lines.append(f"{18000000 + index},{case},03/1{index % 9}/2011 10:00:00 AM,720 ILCS 5/16")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def directory(db, stages):
    """The starting directory: Chicago, Cook County, Seattle, Milwaukee and their agencies."""
    directory_load()
    return {agency.slug: agency for agency in Agency.objects.select_related("jurisdiction")}


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Store a file as received from an agency and run its audits (in-process)."""

    def store(name: str, content: bytes, *, agency=None, stage=None, request=None) -> Table:
        stage_row = Stage.objects.get(code=stage) if stage else None
        with django_capture_on_commit_callbacks(execute=True):
            received, _created = received_file_create(
                chunks=[content],
                original_name=name,
                agency=agency,
                stage=stage_row,
                request=request,
            )
        return received.tables.order_by("position").first()

    return store


@pytest.fixture
def ingest_sample(ingest):
    """Store one of the synthetic samples in datasets/."""

    def store(name: str, **kwargs) -> Table:
        with (DATASETS / name).open("rb") as handle:
            return ingest(name, b"".join(File(handle).chunks()), **kwargs)

    return store


@pytest.fixture
def make_request(staff_user):
    """A request row (not through the lifecycle: these tests need only its status)."""

    def make(agency, *, stages=(), status=Status.SUBMITTED, start=None, end=None, **extra):
        request = FoiaRequest.objects.create(
            title=extra.pop("title", "Calls for service"),
            records_requested="All records",
            agency=agency,
            requester=staff_user,
            status=status,
            period_start=start,
            period_end=end,
            date_received=extra.pop("date_received", date(2024, 1, 2)),
            **extra,
        )
        request.stages.set(Stage.objects.filter(code__in=stages))
        return request

    return make


@pytest.fixture
def recompute():
    return coverage_recompute


def calls_and_reports_without_keys(calls: int = 400, seed: int = 7) -> tuple[bytes, bytes]:
    """Calls shaped like a CAD extract (Event#, Date, Type, Address, District, Beat) and
    reports shaped like Chicago "Crimes" (ID, Date, Primary Type, Block, District, Beat)
    that share no number: every second call became a report 3–15 minutes later at the same
    block and beat with the same type, so exactly calls // 2 pairs are true."""
    import random
    from datetime import datetime, timedelta

    rng = random.Random(seed)
    types = ["THEFT", "BATTERY", "ROBBERY", "ASSAULT", "BURGLARY", "NARCOTICS"]
    streets = ["N STATE ST", "S HALSTED ST", "W MADISON ST", "W 63RD ST", "N CLARK ST"]
    call_lines = ["Event#,Date,Type,Address,District,Beat"]
    report_lines = ["ID,Date,Primary Type,Block,District,Beat"]
    start = datetime(2011, 3, 1)
    for n in range(calls):
        when = start + timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
        district = rng.randrange(1, 4)
        beat = f"{district:02d}{rng.randrange(1, 6)}"
        block = f"0{rng.randrange(0, 9)}{rng.randrange(0, 9)}XX {rng.choice(streets)}"
        kind = rng.choice(types)
        call_lines.append(
            f"{11000000 + n},{when:%m/%d/%Y %I:%M:%S %p},{kind},{block},{district},{beat}"
        )
        if n % 2 == 0:
            later = when + timedelta(minutes=rng.randrange(3, 15))
            report_lines.append(
                f"{9000000 + n},{later:%m/%d/%Y %I:%M:%S %p},{kind},{block},{district},{beat}"
            )
    return ("\n".join(call_lines) + "\n").encode(), ("\n".join(report_lines) + "\n").encode()
