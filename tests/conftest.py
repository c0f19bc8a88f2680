"""Shared fixtures: users per role, a real Celery worker, a real browser.

Tests that need PostgreSQL, Redis, a worker or Chromium skip on a laptop without them,
and fail instead when CI=true, so CI can never pass by skipping.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from foiatrack.core.roles import DATA_ADMIN_GROUP, STAFF_GROUP

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip when a service is missing; in CI, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Each test stores uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_celery_by_default():
    """Tasks run in-process unless a test asks for the real worker."""
    from foiatrack.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _make_user(django_user_model, username: str, group: str | None, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        password="correct horse battery",
        email=f"{username}@example.org",
        **extra,
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def staff_user(db, django_user_model):
    return _make_user(django_user_model, "staffer", STAFF_GROUP)


@pytest.fixture
def data_admin(db, django_user_model):
    return _make_user(django_user_model, "dataadmin", DATA_ADMIN_GROUP, is_staff=True)


@pytest.fixture
def plain_user(db, django_user_model):
    """Logged in, but with no role."""
    return _make_user(django_user_model, "visitor", None)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "correct horse")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def data_admin_client(client, data_admin):
    client.force_login(data_admin)
    return client


# --- Real services -----------------------------------------------------------------


def _using_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError as error:
        require(False, f"Redis at REDIS_URL does not answer: {error}")
    return url


def _worker_env(redis_url: str, queue: str) -> dict:
    from django.db import connection

    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foiatrack.settings_test",
        # The worker must use the test database that pytest-django created.
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TEST_QUEUE": queue,
    }


class WorkerProcess:
    """A real `celery worker` subprocess consuming a queue private to this test."""

    def __init__(self, redis_url: str, concurrency: int = 1):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.redis_url = redis_url
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log_path = Path(settings.MEDIA_ROOT).parent / f"worker-{self.queue}.log"

    def start(self) -> "WorkerProcess":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "foiatrack",
                "worker",
                "-Q",
                self.queue,
                "--concurrency",
                str(self.concurrency),
                "--pool",
                "prefork",
                "--loglevel",
                "INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=REPO_ROOT,
            env=_worker_env(self.redis_url, self.queue),
            stdout=log,
            stderr=log,
        )
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def celery_worker(transactional_db, redis_url):
    """Start a real Celery worker against Redis and the PostgreSQL test database.

    The test's tasks go to a queue only this worker consumes, so parallel test
    processes never take each other's jobs. Data must be committed for the worker to
    see it, hence transactional_db.
    """
    require(_using_postgres(), "the worker tests need DATABASE_URL pointing at PostgreSQL")
    from foiatrack.celery import app

    worker = WorkerProcess(redis_url).start()
    # settings already point the broker at REDIS_URL; only routing changes here.
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker.queue
    try:
        result = app.send_task("foiatrack.ping", args=["ready"], queue=worker.queue)
        assert result.get(timeout=60) == "ready", worker.log()
        yield worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        worker.stop()


def wait_until(predicate, timeout: float = 60, interval: float = 0.2, message: str = ""):
    """Poll until predicate() is truthy; fail with message after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s: {message}")


# --- Real browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    require(
        shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists(),
        f"{CHROMIUM} is not installed",
    )
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login_in_browser(page):
    """Log a user in through the real login form."""

    def login(username: str, password: str = "correct horse battery"):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return login


@pytest.fixture
def stages(db):
    """The pipeline stages. Migrations create them, but transactional tests flush them."""
    from foiatrack.core.services import stages_ensure

    return {stage.code: stage for stage in stages_ensure()}
