"""A national-scale benchmark database: 18,000 agencies in 3,000 jurisdictions, 100,000
FOIA requests and 20,000 audited tables, on PostgreSQL.

Everything here is SYNTHETIC. Jurisdictions are 50 state-like places, each the parent of
county- and city-like places (the shape of the PDAP agency directory: a state, its
counties, their cities), plus the starting directory (foia/directory.py) so the demo's
addresses (/gaps/jurisdictions/chicago/) exist. Each place has 6 agencies (police,
sheriff, 911 centre, prosecutor, court clerk, jail) with their stages. Requests spread
over the agencies, four statuses, half public, due dates around today. Tables are stored
rows made with bulk_create, not audits of 20,000 files: each copies the findings, column
profiles and flags of a real audit of one of five SYNTHETIC samples in datasets/, with
periods spread over 2005–2021. The coverage matrix is then rebuilt in full.

    .venv/bin/python -m benchmarks.national_db            # full size, foiatrack_bench_national
    .venv/bin/python -m benchmarks.national_db --scale 0.1 --database foiatrack_bench_small

The server is BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432); the
database is dropped and made afresh. About 2–4 minutes at full size on 2 shared cores.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DEFAULT_DB = "foiatrack_bench_national"
FULL = {"jurisdictions": 3000, "agencies": 18000, "requests": 100000, "tables": 20000}
AGENCY_KINDS = [
    ("police", "Police Department", ["report", "arrest"]),
    ("sheriff", "Sheriff's Office", ["arrest", "jail"]),
    ("911", "Emergency Communications", ["call"]),
    ("prosecutor", "Prosecuting Attorney", ["charge", "court"]),
    ("clerk", "Clerk of Court", ["court"]),
    ("corrections", "Department of Corrections", ["jail", "sentence"]),
]
SAMPLES = [
    "cjp_calls_by_district_2008_2011.csv",
    "chicago_calls_cad_2011.csv",
    "chicago_crimes_2011.csv",
    "jail_bookings_2011.csv",
    "ccsao_dispositions_sentencing_2011.csv",
]
BATCH = 2000


def sizes(scale: float) -> dict[str, int]:
    """The counts at this scale (1.0: the national size)."""
    return {name: max(1, int(count * scale)) for name, count in FULL.items()}


def database_url(name: str) -> str:
    return f"{SERVER.rstrip('/')}/{name}"


def recreate(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def django_env(url: str) -> dict:
    """The environment of a Django process on the benchmark database (no Redis)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foiatrack.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnop",
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


# --- Building (in a process with Django set up) -------------------------------------


def _places(count: int) -> list:
    """Synthetic jurisdictions: states, then counties and cities under them."""
    from foiatrack.foia.models import Jurisdiction

    states = Jurisdiction.objects.bulk_create(
        Jurisdiction(name=f"State {n:02d}", slug=f"bench-state-{n}", level="state", law="il-foia")
        for n in range(min(50, count))
    )
    rest = count - len(states)
    counties = Jurisdiction.objects.bulk_create(
        (
            Jurisdiction(
                name=f"County {n:04d}",
                slug=f"bench-county-{n}",
                level="county",
                law="il-foia",
                parent=states[n % len(states)],
            )
            for n in range(rest // 2)
        ),
        batch_size=BATCH,
    )
    cities = Jurisdiction.objects.bulk_create(
        (
            Jurisdiction(
                name=f"City {n:04d}",
                slug=f"bench-city-{n}",
                level="city",
                law="il-foia",
                parent=(counties or states)[n % len(counties or states)],
            )
            for n in range(rest - len(counties))
        ),
        batch_size=BATCH,
    )
    return states + counties + cities


def _agencies(places: list, count: int) -> list:
    from foiatrack.core.models import Stage
    from foiatrack.foia.models import Agency

    stage_ids = dict(Stage.objects.values_list("code", "id"))
    rows, kinds = [], []
    for n in range(count):
        place = places[n // len(AGENCY_KINDS) % len(places)]
        slug, title, _stages = AGENCY_KINDS[n % len(AGENCY_KINDS)]
        rows.append(
            Agency(name=f"{place.name} {title}", slug=f"bench-{n}-{slug}", jurisdiction=place)
        )
        kinds.append(n % len(AGENCY_KINDS))
    agencies = Agency.objects.bulk_create(rows, batch_size=BATCH)
    Agency.stages.through.objects.bulk_create(
        (
            Agency.stages.through(agency_id=agency.id, stage_id=stage_ids[code])
            for agency, kind in zip(agencies, kinds, strict=True)
            for code in AGENCY_KINDS[kind][2]
        ),
        batch_size=BATCH,
    )
    return agencies


def _requests(agencies: list, count: int, users: list) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    from foiatrack.foia.models import FoiaRequest, Status

    statuses = [Status.SUBMITTED, Status.PROCESSING, Status.FULFILLED, Status.REJECTED]
    today = timezone.localdate()
    rows = []
    for n in range(count):
        status = statuses[n % len(statuses)]
        closed = status in (Status.FULFILLED, Status.REJECTED)
        rows.append(
            FoiaRequest(
                title=f"Records request {n}",
                records_requested="All records of the stage, record-level, with identifiers.",
                agency=agencies[(n * 7) % len(agencies)],
                requester=users[n % len(users)],
                status=status,
                date_received=date(2024, 1, 2) + timedelta(days=n % 600),
                date_due=today + timedelta(days=(n % 60) - 30),
                date_closed=date(2024, 3, 1) if closed else None,
                period_start=date(2005 + n % 17, 1, 1),
                period_end=date(2005 + n % 17, 12, 31),
                is_public=n % 2 == 0,
            )
        )
    FoiaRequest.objects.bulk_create(rows, batch_size=BATCH)


def _request_stages() -> None:
    """Each request asks for its agency's stages (one INSERT … SELECT)."""
    from django.db import connection

    from foiatrack.foia.models import Agency, FoiaRequest

    through = FoiaRequest.stages.through._meta.db_table
    agency_stages = Agency.stages.through._meta.db_table
    requests = FoiaRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {through} (foiarequest_id, stage_id)"  # noqa: S608 - model tables
            f" SELECT r.id, s.stage_id FROM {requests} r"
            f" JOIN {agency_stages} s ON s.agency_id = r.agency_id"
        )


def _tables(agencies: list, count: int) -> None:
    from django.utils import timezone

    from foiatrack import audit
    from foiatrack.foia.models import Agency
    from foiatrack.received.models import ColumnProfile, GapFlag, ReceivedFile, Table

    audits = [audit.audit_path(str(ROOT / "datasets" / name))[0] for name in SAMPLES]
    first_stage = dict(
        Agency.stages.through.objects.order_by("agency_id", "stage_id")
        .values_list("agency_id", "stage_id")
        .distinct()
    )
    now = timezone.now()
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        files = ReceivedFile.objects.bulk_create(
            ReceivedFile(
                original_name=f"returned-{n}.csv",
                stored_file=f"received/bench/{n}.csv",
                size_bytes=1000,
                sha256=f"{n:064x}",
                detected_format="csv",
                agency=agencies[(n * 13) % len(agencies)],
                stage_id=first_stage.get(agencies[(n * 13) % len(agencies)].id),
            )
            for n in numbers
        )
        tables = Table.objects.bulk_create(
            _table(n, received, audits[n % len(audits)], now)
            for n, received in zip(numbers, files, strict=True)
        )
        ColumnProfile.objects.bulk_create(
            (
                ColumnProfile(
                    table=table,
                    position=position,
                    name=column.name,
                    role=column.role,
                    inferred_type=column.inferred_type,
                    null_count=column.null_count,
                    null_rate=column.null_rate,
                    distinct_count=column.distinct_count,
                )
                for n, table in zip(numbers, tables, strict=True)
                for position, column in enumerate(audits[n % len(audits)].columns)
            ),
            batch_size=BATCH,
        )
        GapFlag.objects.bulk_create(
            (
                GapFlag(
                    table=table,
                    position=position,
                    code=flag.code,
                    severity=flag.severity,
                    message=flag.message,
                    evidence=flag.evidence,
                )
                for n, table in zip(numbers, tables, strict=True)
                for position, flag in enumerate(audits[n % len(audits)].flags)
            ),
            batch_size=BATCH,
        )


def _table(n: int, received, result, now):
    from datetime import date

    from foiatrack.received.models import Table

    shift = n % 15  # periods over 2005–2021, so the matrix is wide
    return Table(
        received_file=received,
        name=f"returned-{n}.csv",
        source={"name": f"returned-{n}.csv", "format": "csv"},
        status=Table.Status.DONE,
        findings=result.to_dict(),
        granularity=result.granularity,
        time_resolution=result.time_resolution,
        geo_resolution=result.geo_resolution,
        period_start=date(2005 + shift, 1, 1),
        period_end=date(2005 + shift + n % 3, 12, 31),
        rows=result.rows,
        rows_read=result.rows,
        progress=100,
        audited_at=now,
    )


def build(scale: float) -> None:
    """Fill the (migrated, empty) database named by DATABASE_URL; print each step's time."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from foiatrack.foia.directory import directory_load
    from foiatrack.foia.models import Agency, Jurisdiction
    from foiatrack.pipeline.services import coverage_recompute

    counts = sizes(scale)
    clock = time.perf_counter()

    def step(what: str) -> None:
        nonlocal clock
        print(f"  {what}: {time.perf_counter() - clock:.1f} s", flush=True)
        clock = time.perf_counter()

    call_command("migrate", verbosity=0)
    directory_load()
    step("migrate and starting directory")
    staff, _ = Group.objects.get_or_create(name="staff")
    users = [get_user_model().objects.create_user(f"bench{n}") for n in range(20)]
    for user in users:
        user.groups.add(staff)
    existing = Jurisdiction.objects.count()
    places = list(Jurisdiction.objects.all()) + _places(counts["jurisdictions"] - existing)
    agencies = list(Agency.objects.all())
    agencies += _agencies(places, counts["agencies"] - len(agencies))
    step(f"{len(places)} jurisdictions, {len(agencies)} agencies")
    _requests(agencies, counts["requests"], users)
    _request_stages()
    step(f"{counts['requests']} requests")
    _tables(agencies, counts["tables"])
    step(f"{counts['tables']} audited tables with profiles and flags")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    coverage_recompute()
    step("full coverage rebuild")


def generate(name: str, scale: float) -> str:
    """Make database `name` afresh at this scale; returns its URL."""
    recreate(name)
    url = database_url(name)
    started = time.perf_counter()
    print(f"building {name} at scale {scale}: {sizes(scale)}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "benchmarks.national_db", "--build", str(scale)],
        cwd=ROOT,
        env=django_env(url),
        check=True,
    )
    print(f"built {name} in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--build", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build(args.build)
    else:
        generate(args.database, args.scale)


if __name__ == "__main__":
    main()
