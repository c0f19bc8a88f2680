"""Fault injection on the real services: workers killed, a Redis of our own restarted,
PostgreSQL connections terminated.

The shared Redis on 6379 and the shared PostgreSQL server are never stopped: a test that
restarts Redis starts its own throwaway redis-server, and a dropped database connection
is simulated with pg_terminate_backend on this test database only.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.db import connection, transaction
from kombu import pools as kombu_pools

from foiatrack.received.models import Table
from tests.conftest import WorkerProcess, _using_postgres, require, wait_until
from tests.reliability.files import chicago_crimes_csv

# Big enough that auditing it takes a few seconds on 2 cores, so a fault lands mid-audit.
BIG_FILE_ROWS = 1_000_000
PRIVATE_REDIS_PORTS = range(6390, 6420)


@pytest.fixture(scope="session")
def big_csv(tmp_path_factory) -> Path:
    """A ~100 MB record-level incident file (synthetic, Chicago-crimes-shaped)."""
    return chicago_crimes_csv(tmp_path_factory.mktemp("big") / "crimes-2021.csv", BIG_FILE_ROWS)


def _free_port() -> int:
    for port in PRIVATE_REDIS_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for a private redis-server")


class PrivateRedis:
    """A throwaway redis-server without persistence: a restart empties it, as a crash
    of an unpersisted broker would."""

    def __init__(self, directory: Path):
        self.port = _free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "PrivateRedis":
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / f"redis-{self.port}.log"),
            ],
            check=True,
        )
        wait_until(self.answers, timeout=10, message=f"redis-server on {self.port} did not start")
        return self

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )
        wait_until(lambda: not self.answers(), timeout=10, message="redis-server did not stop")

    def answers(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, check=False
        )
        return result.stdout.strip() == b"PONG"


@pytest.fixture
def private_redis(tmp_path):
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    directory = tmp_path / "redis"
    directory.mkdir()
    server = PrivateRedis(directory).start()
    try:
        yield server
    finally:
        server.stop()


def _reset_celery_connections(app) -> None:
    # kombu keeps pools per broker address in a global registry; closing one without
    # removing it leaves a closed pool that the next send to that address would get.
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def celery_routed_to(redis_url: str, queue: str):
    """Send this process's tasks to `queue` on the broker at redis_url, for real."""
    from foiatrack.celery import app

    saved = (
        app.conf.broker_url,
        app.conf.result_backend,
        app.conf.task_always_eager,
        app.conf.task_default_queue,
    )
    app.conf.broker_url = redis_url
    app.conf.result_backend = redis_url
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    _reset_celery_connections(app)
    try:
        yield app
    finally:
        (
            app.conf.broker_url,
            app.conf.result_backend,
            app.conf.task_always_eager,
            app.conf.task_default_queue,
        ) = saved
        _reset_celery_connections(app)


@pytest.fixture
def services(transactional_db, redis_url):
    """Real PostgreSQL (the worker must see committed rows) and a reachable Redis."""
    require(_using_postgres(), "fault tests need DATABASE_URL pointing at PostgreSQL")
    return redis_url


@contextmanager
def workers(redis_url: str, monkeypatch, count: int = 1, concurrency: int = 1, **settings_env):
    """`count` real worker processes consuming one private queue, with extra settings
    passed through the environment (e.g. TABLE_STALE_SECONDS=3)."""
    for name, value in settings_env.items():
        monkeypatch.setenv(name, str(value))
    started = [WorkerProcess(redis_url, concurrency=concurrency)]
    queue = started[0].queue
    for _ in range(count - 1):
        extra = WorkerProcess(redis_url, concurrency=concurrency)
        extra.queue = queue
        extra.log_path = extra.log_path.with_name(f"worker-{queue}-{len(started)}.log")
        started.append(extra)
    for worker in started:
        worker.start()
    try:
        with celery_routed_to(redis_url, queue) as app:
            for worker in started:
                wait_until(
                    lambda worker=worker: "ready" in worker.log(),
                    timeout=60,
                    message=f"worker did not start:\n{worker.log()}",
                )
            yield started, app
    finally:
        for worker in started:
            worker.stop()


def start_worker_like(template: WorkerProcess) -> WorkerProcess:
    """Another worker on the same queue and broker as `template`."""
    worker = WorkerProcess(template.redis_url, concurrency=template.concurrency)
    worker.queue = template.queue
    worker.log_path = template.log_path.with_name(f"{template.log_path.stem}-next.log")
    worker.start()
    wait_until(lambda: "ready" in worker.log(), timeout=60, message=worker.log())
    return worker


def child_pids(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def kill_pool_children(worker: WorkerProcess) -> list[int]:
    """SIGKILL the processes doing the work; the worker's main process survives."""
    children = child_pids(worker.process.pid)
    for child in children:
        os.kill(child, signal.SIGKILL)
    return children


def kill_whole_worker(worker: WorkerProcess) -> None:
    """SIGKILL the worker and its pool at once, as when its machine or container dies."""
    children = child_pids(worker.process.pid)
    worker.process.send_signal(signal.SIGKILL)
    for child in children:
        with suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
    worker.process.wait(timeout=10)


def store_upload(path: Path, name: str | None = None):
    """Store a file as an upload and commit, so its audit jobs are sent to the broker."""
    from foiatrack.received.services import received_file_create

    def chunks():
        with path.open("rb") as handle:
            while block := handle.read(1024 * 1024):
                yield block

    with transaction.atomic():
        received, _ = received_file_create(chunks=chunks(), original_name=name or path.name)
    return received


def audit_in_progress(table_id: int):
    """The table while its audit is visibly under way (status running, rows counted)."""
    table = Table.objects.filter(id=table_id).first()
    return table if table and table.status == Table.Status.RUNNING and table.rows_read else None


def finished(table_id: int):
    table = Table.objects.filter(id=table_id).first()
    return table if table and table.is_finished else None


def terminate_other_backends() -> int:
    """Drop every other connection to this test database (the workers'), as a database
    failover or a network cut would. Never touches other databases."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def until(predicate, timeout: float, worker_logs=(), interval: float = 0.05):
    """wait_until with the workers' logs in the failure message."""
    return wait_until(
        predicate,
        timeout=timeout,
        interval=interval,
        message="\n".join(worker.log()[-4000:] for worker in worker_logs),
    )


def pause(seconds: float) -> None:
    time.sleep(seconds)
