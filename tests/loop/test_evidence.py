"""The evidence bundle holds every piece of a request's record."""

import csv
import io
import json
import zipfile

from django.urls import reverse

from foiatrack.foia.models import Communication, Exemption
from tests.loop.samples import cad_calls_csv


def test_bundle_contains_letters_messages_attachments_audits_and_comparison(
    staff_client, oemc, make_request, ingest, attachment
):
    request = make_request(oemc)
    Communication.objects.create(
        request=request,
        direction="in",
        subject="Partial denial",
        body="See attached.",
        attachment=attachment,
    )
    Exemption.objects.create(
        request=request, section="5 ILCS 140/7(1)(c)", text="Personal privacy.", fields=["address"]
    )
    table = ingest("calls.csv", cad_calls_csv(address="REDACTED"), request=request)

    response = staff_client.get(reverse("pipeline:evidence_bundle", args=[request.id]))

    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = bundle.namelist()
    assert {"request.txt", "MANIFEST.txt", "asked_vs_received.csv"} <= set(names)
    assert {"letters/initial.txt", "letters/follow-up.txt", "letters/appeal.txt"} <= set(names)
    assert any(name.startswith("communications/01-") for name in names)
    attachment_name = next(name for name in names if name.startswith("attachments/"))
    assert bundle.read(attachment_name) == b"We withhold addresses under 7(1)(c).\n"
    report = f"audit/{table.received_file_id}-{table.id}-calls.csv"
    findings = json.loads(bundle.read(report + ".json"))
    assert findings["rows"] == 48
    assert all("examples" not in column for column in findings["columns"])
    assert "Address — Street address — 0.0 %" in bundle.read(report + ".txt").decode()
    rows = list(csv.reader(io.StringIO(bundle.read("asked_vs_received.csv").decode())))
    assert rows[3][:3] == ["field", "Address or block", "redacted"]
    assert "5 ILCS 140/7(1)(c)" in bundle.read("letters/appeal.txt").decode()
    assert table.received_file.sha256 in bundle.read("MANIFEST.txt").decode()
