"""Public pages under load while files are being ingested: p50/p95/p99 and errors.

Makes a PostgreSQL database `foiatrack_bench_load` afresh (server: BENCH_POSTGRES_URL,
default postgres://postgres@127.0.0.1:5432), loads the demo content, then runs together:
- a real Celery worker on Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/10), at
  nice 10 (BENCH_LOAD_WORKER_NICE),
- gunicorn serving the app on 127.0.0.1 (a free port),
- an ingester that stores a SYNTHETIC 250,000-row incident file (made before the clock
  starts) every few seconds (received_file_create, as an upload does) so the worker audits
  all the time,
- 16 client threads (http.client, keep-alive) cycling through public pages and the public
  API for 60 s, each bounded by a request count and the time limit.
Goal: 0 errors and p95 under 100 ms while ingesting. Loopback only; everything it starts,
it stops.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
MAX_REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_LOAD_MAX_REQUESTS", "20000"))
GUNICORN_WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
INGEST_EVERY_SECONDS = float(os.environ.get("BENCH_LOAD_INGEST_EVERY", "4"))
INGEST_ROWS = 250_000
DB_NAME = "foiatrack_bench_load"
PAGES = [
    "/",
    "/gaps/",
    "/gaps/matrix/",
    "/gaps/datasets/",
    "/gaps/funnel/",
    "/agencies/",
    "/public/requests/",
    "/deadline.json?law=il-foia&received=2026-11-25",
    "/api/v1/datasets/",
    "/api/v1/agencies/",
]

# Runs in its own process with Django set up: stores one of the files made beforehand every
# INGEST_EVERY seconds, as an upload would (hash, copy, tables queued on commit).
INGESTER = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import transaction
from foiatrack.received.services import received_file_create
every, until, paths = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
for number, name in enumerate(paths, start=1):
    if time.time() >= until:
        break
    path = Path(name)
    with path.open("rb") as handle, transaction.atomic():
        chunks = iter(lambda: handle.read(1 << 20), b"")
        received_file_create(chunks=chunks, original_name=path.name)
    print("ingested", number, flush=True)
    time.sleep(every)
"""


def _make_files(count: int) -> list[str]:
    """SYNTHETIC Chicago-crimes-shaped files, made before the clock starts."""
    sys.path.insert(0, str(ROOT))
    from tests.reliability.files import chicago_crimes_csv

    folder = OUT / "load-files"
    folder.mkdir(parents=True, exist_ok=True)
    return [
        str(chicago_crimes_csv(folder / f"incidents-{seed}.csv", INGEST_ROWS, seed=seed))
        for seed in range(1, count + 1)
    ]


def _env() -> dict:
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foiatrack.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnop",
        "DATABASE_URL": f"{server.rstrip('/')}/{DB_NAME}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
        "MEDIA_ROOT": str(OUT / "load-media"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        # All clients come from 127.0.0.1: the anonymous API limit would answer 429s.
        "API_ANON_RATE": "1000000/minute",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _recreate_database(env: dict) -> None:
    server = env["DATABASE_URL"].rsplit("/", 1)[0]
    for statement in (f"DROP DATABASE IF EXISTS {DB_NAME}", f"CREATE DATABASE {DB_NAME}"):
        subprocess.run(["psql", f"{server}/postgres", "-qc", statement], check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str], env: dict, log_name: str) -> subprocess.Popen:
    log = (OUT / log_name).open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_server(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _client(
    port: int, offset: int, until: float, latencies: list, errors: list, by_page: dict
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for number in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= until:
            break
        page = PAGES[(offset + number) % len(PAGES)]
        started = time.perf_counter()
        try:
            connection.request("GET", page)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{page}: {error}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        by_page.setdefault(page, []).append(latencies[-1])
        if status != 200:
            errors.append(f"{page}: HTTP {status}")
    connection.close()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _audited(env: dict) -> str:
    code = (
        "import django; django.setup(); from foiatrack.received.models import Table as T; "
        "print(T.objects.filter(status='done').count(), T.objects.exclude(status__in="
        "['done','failed']).count())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return result.stdout.strip()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    env = _env()
    _recreate_database(env)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # this benchmark's own Redis database
    _manage(env, "migrate", "--noinput", "-v", "0")
    port = _free_port()
    # The worker runs at a lower CPU priority (as docs/operations.md advises), so pages
    # are served first and audits take what is left.
    worker = _start(
        [
            "nice",
            "-n",
            os.environ.get("BENCH_LOAD_WORKER_NICE", "10"),
            sys.executable,
            "-m",
            "celery",
            "-A",
            "foiatrack",
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        env,
        "load-worker.log",
    )
    server = _start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "foiatrack.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--log-level",
            "warning",
        ],
        env,
        "load-gunicorn.log",
    )
    ingester = None
    try:
        _manage(env, "load_demo")  # audited by the worker, then linked on a second run
        time.sleep(10)
        _manage(env, "load_demo")
        _wait_for_server(port)
        for page in PAGES:  # warm-up: each worker imports and caches once
            for _ in range(GUNICORN_WORKERS):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", page)
                connection.getresponse().read()
                connection.close()
        files = _make_files(int(SECONDS / INGEST_EVERY_SECONDS) + 2)
        before = _audited(env)
        load_before = os.getloadavg()[0]
        until_wall = time.time() + SECONDS
        ingester = _start(
            [
                sys.executable,
                "-c",
                INGESTER,
                str(INGEST_EVERY_SECONDS),
                str(until_wall),
                *files,
            ],
            env,
            "load-ingester.log",
        )
        time.sleep(2)  # the first file is being audited before the clients start
        latencies: list[float] = []
        errors: list[str] = []
        by_page: dict[str, list[float]] = {}
        until = time.monotonic() + SECONDS
        started = time.monotonic()
        threads = [
            threading.Thread(target=_client, args=(port, index, until, latencies, errors, by_page))
            for index in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        load = os.getloadavg()[0]
        ingested = (OUT / "load-ingester.log").read_text().count("ingested")
        p50, p95, p99 = (_percentile(latencies, q) for q in (0.5, 0.95, 0.99))
        print(
            f"clients {CLIENTS}, {elapsed:.0f} s, requests {len(latencies)}, "
            f"errors {len(errors)}, p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, "
            f"{len(latencies) / elapsed:.0f} requests/s, files ingested {ingested} of "
            f"{INGEST_ROWS:,} rows, tables done/waiting before {before} after {_audited(env)}, "
            f"load average {load_before:.1f} before, {load:.1f} after"
        )
        for page, values in sorted(by_page.items()):
            p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
            print(f"  {page}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        for error in errors[:10]:
            print("  error:", error)
    finally:
        for process in (ingester, server, worker):
            if process is not None:
                _stop(process)


if __name__ == "__main__":
    main()
