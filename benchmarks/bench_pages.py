"""Serve the public coverage and gap pages under load: p50/p95/p99 at 16 concurrent clients.

Builds a database holding 1,000 FOIA requests and 200 audited tables (rows made with
bulk_create; each table's findings JSON is copied from a real audit of a SYNTHETIC sample
in datasets/), rebuilds the coverage matrix, serves the app with gunicorn on 127.0.0.1 (a
free port) and drives it with 16 threads of http.client over loopback, each bounded by a
request count and a time limit. Target: p95 < 50 ms per page.

Database: PostgreSQL when BENCH_POSTGRES_URL names a server (e.g.
postgres://postgres@127.0.0.1:5432; a database `foiatrack_bench_pages` is dropped and
made afresh there), otherwise a SQLite file in benchmarks/out/.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CLIENTS = int(os.environ.get("BENCH_PAGES_CLIENTS", "16"))
REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_PAGES_REQUESTS", "150"))
TIME_LIMIT_SECONDS = float(os.environ.get("BENCH_PAGES_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_PAGES_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
BENCH_DB_NAME = "foiatrack_bench_pages"
TABLES = 200
REQUESTS = 1000


def _database_url() -> str:
    server = os.environ.get("BENCH_POSTGRES_URL", "")
    if server:
        return f"{server.rstrip('/')}/{BENCH_DB_NAME}"
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "bench_pages.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _env(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foiatrack.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnop",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def _recreate_postgres_database() -> None:
    import psycopg

    server = os.environ["BENCH_POSTGRES_URL"].rstrip("/") + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}"')
        connection.execute(f'CREATE DATABASE "{BENCH_DB_NAME}"')


# --- Building the data (runs in a subprocess with Django set up) --------------------


def _real_findings() -> list:
    """Findings of real audits of three samples: aggregate, record-level, personal."""
    from foiatrack import audit

    names = [
        "cjp_calls_by_district_2008_2011.csv",
        "chicago_calls_cad_2011.csv",
        "chicago_crimes_2011.csv",
        "jail_bookings_2011.csv",
        "ccsao_dispositions_sentencing_2011.csv",
    ]
    return [audit.audit_path(str(ROOT / "datasets" / name))[0] for name in names]


def _prepare() -> None:
    import django

    django.setup()
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from foiatrack.foia.directory import directory_load
    from foiatrack.foia.models import Agency, FoiaRequest, Status
    from foiatrack.pipeline.services import coverage_recompute
    from foiatrack.received.models import ColumnProfile, GapFlag, ReceivedFile, Table

    call_command("migrate", verbosity=0)
    directory_load()
    user = get_user_model().objects.create_user("bench")
    agencies = list(Agency.objects.prefetch_related("stages"))
    audits = _real_findings()
    now = timezone.now()
    files = ReceivedFile.objects.bulk_create(
        ReceivedFile(
            original_name=f"returned-{n}.csv",
            stored_file=f"received/bench/{n}.csv",
            size_bytes=1000,
            sha256=f"{n:064x}",
            detected_format="csv",
            agency=agencies[n % len(agencies)],
            stage=(list(agencies[n % len(agencies)].stages.all()) or [None])[0],
        )
        for n in range(TABLES)
    )
    tables = []
    for n, received in enumerate(files):
        result = audits[n % len(audits)]
        shift = n % 15  # spread the periods over 15 years so the matrix is wide
        tables.append(
            Table(
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
        )
    tables = Table.objects.bulk_create(tables)
    ColumnProfile.objects.bulk_create(
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
        for n, table in enumerate(tables)
        for position, column in enumerate(audits[n % len(audits)].columns)
    )
    GapFlag.objects.bulk_create(
        GapFlag(
            table=table,
            position=position,
            code=flag.code,
            severity=flag.severity,
            message=flag.message,
            evidence=flag.evidence,
        )
        for n, table in enumerate(tables)
        for position, flag in enumerate(audits[n % len(audits)].flags)
    )
    statuses = [Status.SUBMITTED, Status.PROCESSING, Status.FULFILLED, Status.REJECTED]
    requests = FoiaRequest.objects.bulk_create(
        FoiaRequest(
            title=f"Records request {n}",
            records_requested="All records of the stage, record-level, with identifiers.",
            agency=agencies[n % len(agencies)],
            requester=user,
            status=statuses[n % len(statuses)],
            date_received=date(2024, 1, 2) + timedelta(days=n % 300),
            date_closed=date(2024, 3, 1) if statuses[n % len(statuses)] in statuses[2:] else None,
            period_start=date(2005 + n % 18, 1, 1),
            period_end=date(2005 + n % 18, 12, 31),
            is_public=n % 2 == 0,
        )
        for n in range(REQUESTS)
    )
    through = FoiaRequest.stages.through
    through.objects.bulk_create(
        through(foiarequest_id=request.id, stage_id=stage.id)
        for request, agency in ((r, agencies[i % len(agencies)]) for i, r in enumerate(requests))
        for stage in agency.stages.all()
    )
    started = time.perf_counter()
    coverage_recompute()
    print(
        f"coverage_recompute over {TABLES} tables and {REQUESTS} requests: "
        f"{time.perf_counter() - started:.2f} s"
    )
    print(f"first table id: {tables[0].id}")


# --- Serving and measuring ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/gaps/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _client(port: int, urls: list[str], offset: int, stop_at: float, samples: dict, errors: dict):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for n in range(REQUESTS_PER_CLIENT):
        if time.monotonic() > stop_at:
            break
        url = urls[(offset + n) % len(urls)]
        started = time.perf_counter()
        try:
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        elapsed = (time.perf_counter() - started) * 1000
        if ok:
            samples[url].append(elapsed)
        else:
            errors[url] += 1
    connection.close()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _load(port: int, urls: list[str], clients: int) -> dict:
    samples = {url: [] for url in urls}
    errors = dict.fromkeys(urls, 0)
    for url in urls:  # warm each worker's imports and connections
        for _ in range(3 * WORKERS):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", url)
            connection.getresponse().read()
            connection.close()
    stop_at = time.monotonic() + TIME_LIMIT_SECONDS
    started = time.perf_counter()
    threads = [
        threading.Thread(target=_client, args=(port, urls, n, stop_at, samples, errors))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"samples": samples, "errors": errors, "seconds": time.perf_counter() - started}


def _report(measured: dict, clients: int) -> None:
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    everything = []
    for url, values in measured["samples"].items():
        everything += values
        if values:
            print(
                f"| `{url}` | {len(values)} | {measured['errors'][url]} | "
                f"{statistics.median(values):.1f} | {_percentile(values, 0.95):.1f} | "
                f"{_percentile(values, 0.99):.1f} |"
            )
    total_errors = sum(measured["errors"].values())
    print(
        f"| all | {len(everything)} | {total_errors} | {statistics.median(everything):.1f} | "
        f"{_percentile(everything, 0.95):.1f} | {_percentile(everything, 0.99):.1f} |"
    )
    print(
        f"{clients} client(s), {WORKERS} gunicorn workers, "
        f"{len(everything) / measured['seconds']:.0f} requests/s over {measured['seconds']:.1f} s"
    )


def main() -> None:
    database_url = _database_url()
    if database_url.startswith("postgres"):
        _recreate_postgres_database()
    env = _env(database_url)
    kind = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"database: {kind}; building {REQUESTS} requests and {TABLES} audited tables")
    prepared = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_pages", "--prepare"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    print(prepared.stdout.strip())
    first_table = int(prepared.stdout.strip().rsplit(" ", 1)[-1])
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "foiatrack.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_up(port)
        urls = [
            "/gaps/",
            "/gaps/matrix/",
            "/gaps/jurisdictions/chicago/",
            "/gaps/datasets/",
            f"/gaps/datasets/{first_table}/",
            "/gaps/funnel/",
        ]
        print(f"load average before: {os.getloadavg()[0]:.1f} (other processes share the CPUs)")
        # One client first: the service time with no queueing, then the 16 concurrent.
        for clients in (1, CLIENTS):
            _report(_load(port, urls, clients), clients)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        _prepare()
    else:
        main()
