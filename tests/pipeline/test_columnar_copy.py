"""The columnar copy's life cycle (issue 16): written once per audit in the audit's one read,
read by link runs instead of the upload, replaced on a re-audit, deleted with its table or
file, and never reachable from any URL.

Synthetic files follow the layouts of tests/pipeline/conftest.py (Chicago "Crimes" and
"Arrests" exports); the real-file test uses Reno's CAD and RMS exports.
"""

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from foiatrack.audit import columnar
from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.services import link_run_create
from foiatrack.received.models import ReceivedFile, Table
from foiatrack.received.services import table_roles_correct
from tests.conftest import REPO_ROOT, require, wait_until
from tests.pipeline.conftest import chicago_arrests_csv, chicago_reports_csv

REAL = REPO_ROOT.parent / "shared" / "realdata" / "files"


@pytest.fixture
def copy_writes(monkeypatch):
    """Every finished write of a columnar copy, by final path."""
    written: list[Path] = []
    original = columnar.ColumnarCopy.finish

    def finish(self, types=None):
        written.append(self.path)
        return original(self, types)

    monkeypatch.setattr(columnar.ColumnarCopy, "finish", finish)
    return written


@pytest.fixture
def run_link(django_capture_on_commit_callbacks):
    def run(left, right) -> LinkRun:
        with django_capture_on_commit_callbacks(execute=True):
            created = link_run_create(left_table=left, right_table=right)
        return LinkRun.objects.get(id=created.id)

    return run


def _copy_path(table: Table) -> Path:
    table.refresh_from_db()
    assert table.columnar_name
    return Path(default_storage.path(table.columnar_name))


def _reports_csv(cases: list[str]) -> bytes:
    """SYNTHETIC reports in a subset of Chicago "Crimes – 2001 to Present"'s columns, every
    time valid (the shared fixture's "00:15 PM" is not a time)."""
    lines = ["ID,Case Number,Date,Block,Primary Type,Beat,District"]
    for index, case in enumerate(cases):
        lines.append(
            f"{9000000 + index},{case},03/{1 + index % 28:02d}/2011 {1 + index % 12:02d}:15:00 PM,"
            f"0{index % 9}1XX N STATE ST,THEFT,011{index % 10},1"
        )
    return ("\n".join(lines) + "\n").encode()


def _reports_with_extras() -> bytes:
    """_reports_csv, plus what the audit must leave out: a repeated header, a total row,
    and a missing token."""
    text = _reports_csv([f"HT{100000 + n}" for n in range(30)]).decode()
    lines = text.strip().split("\n")
    lines.insert(11, lines[0])  # the header again mid-file (a paginated export)
    lines[5] = lines[5].replace("HT100004", "N/A")
    lines.append("Total,30,,,,")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
def test_the_audit_writes_one_copy_of_the_cleaned_rows_with_known_types(
    directory, ingest, copy_writes
):
    content = _reports_with_extras()
    table = ingest("reports.csv", content, stage="report")

    path = _copy_path(table)
    assert copy_writes == [path]  # once per audit
    raw = pd.read_csv(pd.io.common.BytesIO(content), dtype=str, keep_default_na=False)
    header = list(raw.columns)
    data = raw[(raw[header[0]] != header[0]) & ~raw[header[0]].str.startswith("Total")]
    copy = pq.read_table(path)
    assert copy.num_rows == len(data) == table.rows
    assert copy.column_names == header
    case = header[1]
    assert copy.column(case).null_count == (data[case] == "N/A").sum() == 1
    assert copy.schema.field(case).type == "string"  # identifiers stay text
    date = next(c.name for c in table.columns.all() if c.role in ("timestamp", "date"))
    assert str(copy.schema.field(date).type).startswith("timestamp")
    expected = pd.to_datetime(data[date], format="%m/%d/%Y %I:%M:%S %p")
    assert list(copy.column(date).to_pandas()) == list(expected)
    assert table.columnar_bytes == path.stat().st_size
    assert table.columnar_written_at is not None


@pytest.mark.django_db
def test_a_link_run_reads_the_copies_not_the_uploads(directory, ingest, run_link):
    cases = [f"HT{100000 + n}" for n in range(20)]
    reports = ingest("reports.csv", chicago_reports_csv(cases), stage="report")
    arrests = ingest("arrests.csv", chicago_arrests_csv(cases[:12]), stage="arrest")
    for table in (reports, arrests):  # the uploads are gone; only the copies remain
        table.received_file.stored_file.delete(save=False)
        assert _copy_path(table).is_file()

    run = run_link(reports, arrests)

    assert run.status == LinkRun.Status.DONE, run.error_message
    assert (run.left_rows, run.right_rows) == (20, 12)
    assert (run.linked_left, run.linked_right) == (12, 12)


@pytest.mark.django_db
def test_a_role_correction_replaces_the_copy_atomically(
    directory, ingest, copy_writes, django_capture_on_commit_callbacks
):
    table = ingest("reports.csv", _reports_csv(["HT1", "HT2", "HT3"]), stage="report")
    path = _copy_path(table)
    first_written = table.columnar_written_at
    date = next(c.name for c in table.columns.all() if c.role in ("timestamp", "date"))
    assert str(pq.read_schema(path).field(date).type).startswith("timestamp")

    with django_capture_on_commit_callbacks(execute=True):
        table_roles_correct(table_id=table.id, role_overrides={date: "other"})

    assert _copy_path(table) == path
    assert copy_writes == [path, path]
    assert table.columnar_written_at > first_written
    assert pq.read_schema(path).field(date).type == "string"  # no longer a time: text
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


@pytest.mark.django_db
def test_a_copy_is_deleted_with_its_table_and_with_its_file(
    directory, ingest, django_capture_on_commit_callbacks
):
    first = ingest("a.csv", chicago_reports_csv(["HT1", "HT2"]), stage="report")
    second = ingest("b.csv", chicago_reports_csv(["HT3", "HT4"]), stage="report")
    first_copy, second_copy = _copy_path(first), _copy_path(second)

    with django_capture_on_commit_callbacks(execute=True):
        Table.objects.filter(id=first.id).delete()
    assert not first_copy.exists()
    assert second_copy.exists()

    with django_capture_on_commit_callbacks(execute=True):
        ReceivedFile.objects.filter(id=second.received_file_id).delete()
    assert not second_copy.exists()


@pytest.mark.django_db
def test_a_failed_re_audit_leaves_no_copy(directory, ingest, django_capture_on_commit_callbacks):
    table = ingest("reports.csv", chicago_reports_csv(["HT1", "HT2", "HT3"]), stage="report")
    path = _copy_path(table)
    Path(default_storage.path(table.received_file.stored_file.name)).write_bytes(b"\x00" * 64)

    with django_capture_on_commit_callbacks(execute=True):
        table_roles_correct(table_id=table.id, role_overrides={})

    table.refresh_from_db()
    assert table.status == Table.Status.FAILED
    assert table.columnar_name == ""
    assert not path.exists()


@pytest.mark.django_db
def test_no_url_serves_the_copy(client, staff_user, data_admin, directory, ingest):
    table = ingest("reports.csv", chicago_reports_csv(["HT1", "HT2", "HT3"]), stage="report")
    table.refresh_from_db()
    name = table.columnar_name
    guesses = [
        f"/media-not-served/{name}",
        f"/media/{name}",
        f"/{name}",
        f"/received/{name}",
        f"/static/{name}",
    ]
    for user in (None, staff_user, data_admin):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in guesses:
            assert client.get(url).status_code == 404, (user, url)
    download = reverse("received:file_download", args=[table.received_file_id])
    client.logout()
    assert client.get(download).status_code in (302, 403)
    client.force_login(staff_user)
    assert client.get(download).status_code in (302, 403)
    client.force_login(data_admin)
    response = client.get(download)
    served = b"".join(response.streaming_content)
    assert served == table.received_file.stored_file.open("rb").read()
    assert not served.startswith(b"PAR1")  # the original, never the copy


@pytest.mark.django_db
def test_reno_cad_and_rms_link_on_their_copies_as_pandas_counts(directory, ingest, run_link):
    cad_path = REAL / "reno_cad_calls_2011-10-06.csv"
    rms_path = REAL / "reno_rms_reports_2011-10-06.csv"
    require(cad_path.exists() and rms_path.exists(), "Reno real files not present")
    cad = pd.read_csv(cad_path, header=None, dtype=str)
    rms = pd.read_csv(rms_path, header=None, dtype=str)
    shared = set(cad[0].str.strip()) & set(rms[0].str.strip())
    calls = ingest("cad.csv", cad_path.read_bytes(), stage="call")
    reports = ingest("rms.csv", rms_path.read_bytes(), stage="report")
    for table in (calls, reports):
        table.received_file.stored_file.delete(save=False)

    run = run_link(calls, reports)

    assert run.status == LinkRun.Status.DONE, run.error_message
    assert (run.left_rows, run.right_rows) == (len(cad), len(rms))
    assert run.method == "deterministic"
    assert run.linked_left == cad[0].str.strip().isin(shared).sum()
    assert run.linked_right == rms[0].str.strip().isin(shared).sum()
    assert pq.read_metadata(_copy_path(calls)).num_rows == len(cad)


@pytest.mark.services
def test_on_a_real_worker_the_audit_writes_the_copy_and_the_link_run_reads_it(
    celery_worker, stages, directory, ingest
):
    cases = [f"HT{100000 + n}" for n in range(30)]
    reports = ingest("reports.csv", _reports_csv(cases), stage="report")
    arrests = ingest("arrests.csv", chicago_arrests_csv(cases[:18]), stage="arrest")
    wait_until(
        lambda: Table.objects.filter(status="done").count() == 2,
        message="audits on the worker\n" + celery_worker.log(),
    )
    for table in (reports, arrests):
        path = _copy_path(table)
        assert pq.read_metadata(path).num_rows == table.rows
        table.received_file.stored_file.delete(save=False)  # the copy must be enough

    run = link_run_create(left_table=reports, right_table=arrests)

    wait_until(
        lambda: LinkRun.objects.get(id=run.id).status in ("done", "failed"),
        message="link run on the worker\n" + celery_worker.log(),
    )
    run.refresh_from_db()
    assert run.status == "done", run.error_message
    assert (run.linked_left, run.linked_right) == (18, 18)
