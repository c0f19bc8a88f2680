"""`manage.py ingest_email PATH.eml [--json]`: its JSON contract and its exit codes."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from foiatrack.mail.addresses import reply_address
from foiatrack.mail.models import MailMessage
from foiatrack.received.models import ReceivedFile
from tests.conftest import REPO_ROOT, require
from tests.mail.conftest import REAL_FILES
from tests.mail.factories import agency_reply

KEYS = {"request_id", "communication_id", "matched_by", "received_files", "suggested_status"}
RENO = REAL_FILES / "reno_cad_calls_2011-10-06.csv"


def _ingest(path) -> dict:
    out = io.StringIO()
    call_command("ingest_email", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_contract_for_a_matched_reply_with_a_real_csv(tmp_path, draft_request):
    require(RENO.exists(), f"{RENO} is missing")
    path = tmp_path / "reply.eml"
    path.write_bytes(
        agency_reply(
            to=reply_address(draft_request),
            body="Attached are the responsive records.",
            attachments=(("cad.csv", RENO.read_bytes(), "text/csv"),),
        )
    )

    payload = _ingest(path)

    message = MailMessage.objects.get()
    assert set(payload) == KEYS
    assert payload == {
        "request_id": draft_request.id,
        "communication_id": message.communication_id,
        "matched_by": "reply_address",
        "received_files": [ReceivedFile.objects.get(request=draft_request).id],
        "suggested_status": "fulfilled",
    }


def test_an_unmatched_message_is_null_and_triage(tmp_path, db):
    path = tmp_path / "other.eml"
    path.write_bytes(agency_reply(to="press@city.example", subject="Lunch", body="See you."))

    payload = _ingest(path)

    assert payload == {
        "request_id": None,
        "communication_id": None,
        "matched_by": "triage",
        "received_files": [],
        "suggested_status": None,
    }


def test_the_tracking_number_in_the_subject_matches(tmp_path, draft_request):
    draft_request.tracking_number = "P123456-031426"
    draft_request.save()
    path = tmp_path / "ack.eml"
    path.write_bytes(
        agency_reply(
            to="records@city.example",
            subject="FOIA P123456-031426 received",
            body="We have received your request.",
        )
    )

    payload = _ingest(path)

    assert (payload["request_id"], payload["matched_by"]) == (draft_request.id, "tracking_number")
    assert payload["suggested_status"] == "acknowledged"


def _run(*args) -> subprocess.CompletedProcess:
    env_python = sys.executable
    return subprocess.run(
        [env_python, "manage.py", "ingest_email", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "foiatrack.settings_test", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n\x00\x01 not mail"])
def test_an_unreadable_message_exits_2_with_one_line(tmp_path, content):
    path = tmp_path / "bad.eml"
    path.write_bytes(content)

    done = _run(str(path), "--json")

    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("ingest_email: ")


def test_a_missing_file_exits_2_with_one_line(tmp_path):
    done = _run(str(tmp_path / "nope.eml"))

    assert done.returncode == 2
    assert done.stderr.strip() == f"ingest_email: cannot read {tmp_path / 'nope.eml'}: " + (
        "No such file or directory"
    )
