"""Hostile files through the real upload path and a real worker: the bad-input corpus, a
ZIP bomb, archive members named to escape the folder, Excel files with macros or external
links. Each ends in a done or failed table with a message; the worker survives, nothing
is written outside the uploads folder, and a good file after them is audited as usual."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.received.models import ReceivedFile, Table
from tests.conftest import wait_until
from tests.received.conftest import seattle_fire_911_csv

pytestmark = pytest.mark.services

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _workbook() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["District", "Year", "Calls"])
    for district in range(1, 6):
        sheet.append([district, 2011, 1000 + district])
    sheet["E1"] = "=[1]Sheet1!A1"  # a formula pointing into another (external) workbook
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(xlsx: bytes, extra: dict[str, bytes], content_types=None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and content_types:
                data = content_types(data)
            target.writestr(item.filename, data)
        for name, data in extra.items():
            target.writestr(name, data)
    return buffer.getvalue()


def xlsm_with_macro() -> bytes:
    """A macro-enabled workbook: a vbaProject part that an Excel would run on open."""
    return _rewrite(
        _workbook(),
        {"xl/vbaProject.bin": b'\xd0\xcf\x11\xe0 Sub AutoOpen(): Shell "calc": End Sub'},
        content_types=lambda data: data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml"),
    )


def xlsx_with_external_link(target: str) -> bytes:
    link = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships"/></externalLink>'
    )
    relationship = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" TargetMode="External" Type="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships/externalLinkPath" Target="{target}"/>'
        "</Relationships>"
    ).encode()
    return _rewrite(
        _workbook(),
        {
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": relationship,
        },
    )


def xlsb_with_macro() -> bytes:
    """The parts of a binary workbook (.xlsb) carrying a VBA project; never to be run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.bin" ContentType="application/'
            'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00")
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub Workbook_Open()")
    return buffer.getvalue()


def zip_escaping_to(outside: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        content = seattle_fire_911_csv(5)
        archive.writestr("../../../../../../" + str(outside / "relative.csv").lstrip("/"), content)
        archive.writestr(str(outside / "absolute.csv"), content)
        archive.writestr("..\\..\\windows.csv", content)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """256 MiB of zeros in a ~250 KB archive (over 1,000 to 1)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("calls.csv", "w", force_zip64=True) as member,
    ):
        block = b"0" * (1 << 20)
        for _ in range(256):
            member.write(block)
    return buffer.getvalue()


def test_hostile_files_end_in_finished_tables_and_the_worker_survives(
    celery_worker, client, data_admin, tmp_path
):
    client.force_login(data_admin)
    outside = tmp_path / "outside"
    outside.mkdir()
    # The hostile files stand at the top; sub-folders hold the audit's reading and meaning corpora.
    files = {p.name: p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.is_file()}
    files.pop("make_corpus.py")
    files["macros.xlsm"] = xlsm_with_macro()
    files["macros.xlsb"] = xlsb_with_macro()
    files["linked.xlsx"] = xlsx_with_external_link(f"file://{outside}/secret.xlsx")
    files["linked-web.xlsx"] = xlsx_with_external_link("http://127.0.0.1:9/evil.xlsx")
    files["escape.zip"] = zip_escaping_to(outside)
    files["bomb.zip"] = zip_bomb()

    statuses = {
        name: client.post(
            reverse("received:upload"), {"file": SimpleUploadedFile(name, content)}
        ).status_code
        for name, content in files.items()
    }
    assert set(statuses.values()) == {302}, statuses

    def all_finished():
        return (
            Table.objects.exists()
            and not Table.objects.exclude(
                status__in=[Table.Status.DONE, Table.Status.FAILED]
            ).exists()
        )

    wait_until(all_finished, timeout=120, message=celery_worker.log()[-3000:])
    assert celery_worker.process.poll() is None, "the worker died"
    silent = Table.objects.filter(status=Table.Status.FAILED, error_message="")
    assert not silent.exists(), list(silent.values_list("name", flat=True))
    assert list(outside.iterdir()) == []  # nothing escaped the uploads folder
    # Workbooks are read for their cell values only: the macro one audits as the data it
    # holds, the binary one is refused in words; the external link is never followed.
    macros = Table.objects.get(received_file__original_name="macros.xlsm")
    assert (macros.status, macros.rows) == (Table.Status.DONE, 5)
    binary = Table.objects.get(received_file__original_name="macros.xlsb")
    assert binary.status == Table.Status.FAILED and "could not be opened" in binary.error_message
    linked = Table.objects.get(received_file__original_name="linked.xlsx")
    assert (linked.status, linked.rows) == (Table.Status.DONE, 5)
    bomb = Table.objects.get(received_file__original_name="bomb.zip")
    assert bomb.status == Table.Status.FAILED and "bomb" in bomb.error_message.lower()

    # Other uploads are unaffected: a good file after all that is audited as usual.
    client.post(
        reverse("received:upload"), {"file": SimpleUploadedFile("good.csv", seattle_fire_911_csv())}
    )
    good = ReceivedFile.objects.get(original_name="good.csv").tables.get()
    wait_until(
        lambda: Table.objects.get(id=good.id).status == Table.Status.DONE,
        timeout=60,
        message=celery_worker.log()[-3000:],
    )
