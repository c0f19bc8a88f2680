"""Faults seen from the client: uploads through gunicorn (its real 30 s timeout) on the
real PostgreSQL test database, each test asserting the HTTP answer, the stored bytes and
the final state of every table.

- Redis down (the gunicorn's REDIS_URL is a closed port): a ZIP of many members is
  answered at once and loses nothing; once Redis is back (the outbox sweeper, a real
  worker on the real Redis) every table is audited.
- A large workbook: the request only stores it (its memory stays bounded), the worker
  lists and audits its sheet.
- A full disk (a 5 MB tmpfs as MEDIA_ROOT): 507 with a sentence, no partial file, no row.

Files are SYNTHETIC, shaped like Seattle Fire's "Real Time 911" export.
"""

import hashlib
import os
import random
import re
import socket
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings

from foiatrack.core import jobs
from foiatrack.core.models import OutboxJob
from foiatrack.received.models import ReceivedFile, Table
from tests.conftest import REPO_ROOT, WorkerProcess, _worker_env, require, wait_until
from tests.received.conftest import seattle_fire_911_csv, zip_of
from tests.reliability.conftest import celery_routed_to

pytestmark = pytest.mark.services

GUNICORN_TIMEOUT = 30  # gunicorn's default, as deployed (docs/operations.md)
PROMPT_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(redis_url: str, log_dir: Path, **env):
    """gunicorn serving the app on a free loopback port, on the test database."""
    port = _free_port()
    environment = {
        **_worker_env(redis_url, "unused"),
        # Plain HTTP on loopback: the cookies must not be HTTPS-only for the client to send.
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        **{k: str(v) for k, v in env.items()},
    }
    log = (log_dir / f"gunicorn-{port}.log").open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "foiatrack.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            str(GUNICORN_TIMEOUT),
        ],
        cwd=REPO_ROOT,
        env=environment,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(base), timeout=60, message="gunicorn did not start")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _logged_in(client, user) -> requests.Session:
    """A requests session carrying the data admin's session cookie (committed to the test
    database) and the upload form's CSRF token."""
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(django_settings.SESSION_COOKIE_NAME, client.cookies["sessionid"].value)
    return session


def _upload(session: requests.Session, base: str, name: str, content: bytes):
    form = session.get(f"{base}/received/upload/", timeout=30)
    assert form.status_code == 200, form.text[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    started = time.monotonic()
    response = session.post(
        f"{base}/received/upload/",
        data={"csrfmiddlewaretoken": token},
        files={"file": (name, content)},
        allow_redirects=False,
        timeout=GUNICORN_TIMEOUT + 30,
    )
    return response, time.monotonic() - started


def _closed_redis_url() -> str:
    return f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there


def _stored_sha(received: ReceivedFile) -> str:
    with received.stored_file.open("rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


@pytest.fixture
def gunicorn_services(services, data_admin, client, tmp_path):
    require(_using_postgres_here(), "the gunicorn tests need DATABASE_URL at PostgreSQL")
    return _logged_in(client, data_admin)


def _using_postgres_here() -> bool:
    return django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _audited_by_a_worker(redis_url: str, settings, expected: int, timeout: float = 180) -> None:
    """Redis is back: a real worker on the real Redis, and the outbox sweeper sends what
    waited (the listing jobs then queue their sheets through the outbox themselves)."""
    worker = WorkerProcess(redis_url).start()
    try:
        with celery_routed_to(redis_url, worker.queue):
            wait_until(lambda: "ready" in worker.log(), timeout=60, message=worker.log())
            settings.FOIATRACK_OUTBOX_RESEND_SECONDS = 0

            def finished() -> bool:
                jobs.outbox_sweep()
                tables = Table.objects.all()
                return tables.count() == expected and all(t.is_finished for t in tables)

            wait_until(finished, timeout=timeout, interval=1, message=worker.log()[-3000:])
    finally:
        worker.stop()


def test_a_zip_uploaded_while_redis_is_down_is_answered_at_once_and_loses_nothing(
    gunicorn_services, redis_url, settings, tmp_path
):
    members = {f"calls-2021-{m:02d}.csv": seattle_fire_911_csv(20 + m) for m in range(1, 13)}
    content = zip_of(members)

    with gunicorn(_closed_redis_url(), tmp_path) as (base, process):
        before = _peak_rss_of_children(process.pid).keys()
        response, seconds = _upload(gunicorn_services, base, "calls-2021.zip", content)
        wait_until(lambda: _answers(base), timeout=GUNICORN_TIMEOUT * 2, message="no answer")
        # The same web worker: the sends after the response did not outlast its timeout.
        assert _peak_rss_of_children(process.pid).keys() == before

    assert response.status_code in (302, 303), response.text[:300]
    assert seconds < PROMPT_SECONDS, seconds
    received = ReceivedFile.objects.get()
    assert _stored_sha(received) == hashlib.sha256(content).hexdigest()
    assert Table.objects.filter(received_file=received).count() == len(members)
    assert set(Table.objects.values_list("status", flat=True)) == {Table.Status.QUEUED}
    assert OutboxJob.objects.filter(sent_at__isnull=True).count() == len(members)

    _audited_by_a_worker(redis_url, settings, expected=len(members))

    for table in Table.objects.all():
        member = table.source["member"]
        assert table.status == Table.Status.DONE, (member, table.error_message)
        assert table.rows == len(members[member].splitlines()) - 1


def _large_workbook(path: Path, rows: int) -> None:
    """A one-sheet XLSX written as raw SpreadsheetML (fast to make), inline strings and
    numbers in the Seattle 911 layout; synthetic, random values so it compresses little."""
    rng = random.Random(21)
    header = ["Address", "Type", "Datetime", "Latitude", "Longitude", "Incident Number"]

    def cell(value) -> str:
        if isinstance(value, float):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'

    def row_xml(values) -> str:
        return "<row>" + "".join(cell(v) for v in values) + "</row>"

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_HEAD.encode())
            sheet.write(row_xml(header).encode())
            for start in range(0, rows, 10_000):
                chunk = []
                for index in range(start, min(start + 10_000, rows)):
                    chunk.append(
                        row_xml(
                            [
                                f"{rng.randint(100, 9999)} {rng.choice('ABCDEFGH')}th Ave",
                                rng.choice(["Aid Response", "Medic Response", "Auto Fire Alarm"]),
                                f"2021-03-{1 + index % 28:02d} {index % 24:02d}:"
                                f"{rng.randint(0, 59):02d}:00",
                                round(47.5 + rng.random() / 5, 6),
                                round(-122.4 + rng.random() / 5, 6),
                                f"F21{index:07d}",
                            ]
                        )
                    )
                sheet.write("".join(chunk).encode())
            sheet.write(b"</sheetData></worksheet>")


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
    'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="calls" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
    'org/spreadsheetml/2006/main"><sheetData>'
)

LARGE_ROWS = int(os.environ.get("FAULT_WORKBOOK_ROWS", "250000"))
# What the request may add to its worker's memory: the upload is streamed to disk in
# chunks, so this is far below what opening the sheet would take.
REQUEST_MEMORY_BOUND = 80 * 1024**2


def _peak_rss_of_children(pid: int) -> dict[int, int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    peaks = {}
    for child in text.split():
        status = Path(f"/proc/{child}/status").read_text()
        peaks[int(child)] = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024
    return peaks


def test_a_large_workbook_upload_is_answered_quickly_in_bounded_memory(
    gunicorn_services, redis_url, settings, tmp_path
):
    path = tmp_path / "calls-2021.xlsx"
    _large_workbook(path, LARGE_ROWS)
    content = path.read_bytes()

    with gunicorn(_closed_redis_url(), tmp_path) as (base, process):
        gunicorn_services.get(f"{base}/received/upload/", timeout=30)  # code loaded
        before = _peak_rss_of_children(process.pid)
        response, seconds = _upload(gunicorn_services, base, "calls-2021.xlsx", content)
        after = _peak_rss_of_children(process.pid)
        wait_until(lambda: _answers(base), timeout=GUNICORN_TIMEOUT * 2, message="no answer")

    assert response.status_code in (302, 303), response.text[:300]
    assert seconds < PROMPT_SECONDS, seconds
    assert after.keys() == before.keys()  # the same web worker: not killed by its timeout
    grown = max(after[pid] - before[pid] for pid in after)
    assert grown < REQUEST_MEMORY_BOUND, (grown, len(content))
    received = ReceivedFile.objects.get()
    assert _stored_sha(received) == hashlib.sha256(content).hexdigest()
    assert Table.objects.get().source.get("listing") is True  # the sheet not opened yet

    _audited_by_a_worker(redis_url, settings, expected=1, timeout=300)

    table = Table.objects.get()
    assert table.status == Table.Status.DONE, table.error_message
    assert table.source["sheet"] == "calls"
    assert table.rows == LARGE_ROWS


@contextmanager
def small_disk(directory: Path, size: str = "5m"):
    directory.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    require(mounted.returncode == 0, f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield directory
    finally:
        subprocess.run(["umount", str(directory)], check=False)


def test_a_full_disk_answers_507_and_leaves_no_partial_file(gunicorn_services, redis_url, tmp_path):
    content = seattle_fire_911_csv(90_000)  # about 9 MB: more than the 5 MB disk
    assert len(content) > 6 * 1024**2
    with small_disk(tmp_path / "small-media") as media:
        with gunicorn(redis_url, tmp_path, MEDIA_ROOT=media) as (base, _process):
            response, seconds = _upload(gunicorn_services, base, "calls.csv", content)
        left = [p for p in media.rglob("*") if p.is_file()]

    assert response.status_code == 507, response.text[:300]
    assert "disk" in response.text.lower()
    assert seconds < PROMPT_SECONDS, seconds
    assert left == []
    assert not ReceivedFile.objects.exists()
    assert not Table.objects.exists()
