"""Bad input never breaks the audit: each corpus file ends in a clear UnreadableFileError or
in audited tables carrying the expected flag. Small files live in tests/corpus/ (made by
make_corpus.py); big ones are generated here into tmp_path."""

import zipfile
from pathlib import Path

import pytest

from foiatrack.audit import UnreadableFileError, audit_path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# file -> ("error", words the message must contain) or ("audited", rows, flag or None)
EXPECTED = {
    "empty.csv": ("error", "is empty"),
    "whitespace_only.csv": ("error", "is empty"),
    "png_renamed.csv": ("error", "PNG image"),
    "elf_renamed.csv": ("error", "program"),
    "pdf_renamed.xlsx": ("error", "PDF document"),
    "gzip_renamed.csv": ("error", "gzip archive"),
    "excel_no_data.xlsx": ("error", "no data on any sheet"),
    "corrupt_zip.zip": ("error", "damaged"),
    "zip_path_traversal.zip": ("error", "unsafe path"),
    "zip_absolute_path.zip": ("error", "unsafe path"),
    "nested_zip.zip": ("error", "archives inside archives"),
    "zip_of_images.zip": ("error", "no table files"),
    "html_error_page.csv": ("error", "web page (HTML)"),
    "zip_damaged_member.zip": ("error", "calls.csv (damaged)"),
    "xml_export.csv": ("error", "XML document"),
    "ragged_rows.csv": ("audited", 30, "UNPARSEABLE"),
    "header_only.csv": ("audited", 0, "UNPARSEABLE"),
    "only_totals.csv": ("audited", 0, "UNPARSEABLE"),
    "invalid_bytes.csv": ("audited", 20, None),
    "mixed_encodings.csv": ("audited", 2, None),
    "single_column.csv": ("audited", 30, "NO_RECORD_ID"),
    "all_null_columns.csv": ("audited", 20, None),
    "duplicate_column_names.csv": ("audited", 5, None),
    "utf8_bom.csv": ("audited", 30, None),
    "utf16_bom.csv": ("audited", 30, None),
    "crlf_line_endings.csv": ("audited", 30, None),
    "cr_line_endings.csv": ("audited", 30, None),
    "semicolon_delimiter.csv": ("audited", 30, None),
    "tab_delimited.tsv": ("audited", 30, None),
    "quoted_newlines.csv": ("audited", 3, None),
    "numbers_only_no_header.csv": ("audited", 20, None),
    "wide_2000_columns.csv": ("audited", 5, None),
    "xlsx_really_zip_of_text.xlsx": ("audited", 30, None),
}


def test_every_committed_corpus_file_has_an_expected_outcome():
    committed = {p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".py"}
    assert committed == set(EXPECTED)
    assert len(committed) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_ends_in_a_clear_error_or_a_flagged_audit(name):
    expected = EXPECTED[name]
    path = str(CORPUS / name)
    if expected[0] == "error":
        with pytest.raises(UnreadableFileError) as raised:
            audit_path(path)
        message = str(raised.value)
        assert expected[1] in message
        assert "\n" not in message and "Traceback" not in message
        return
    _, rows, flag = expected
    audits = audit_path(path)
    assert len(audits) == 1
    assert audits[0].rows == rows
    if flag:
        assert flag in {f.code for f in audits[0].flags}
    else:
        assert "UNPARSEABLE" not in {f.code for f in audits[0].flags}


def test_ten_megabyte_single_line_ends_in_an_unparseable_table(tmp_path):
    path = tmp_path / "one_line.csv"
    path.write_bytes(b"a" * (10 * 1024**2))
    audits = audit_path(str(path))
    assert [f.code for f in audits[0].flags] == ["UNPARSEABLE"]
    assert "no line break" in audits[0].flags[0].message


def test_ten_megabyte_line_after_a_header_is_flagged_not_crashing(tmp_path):
    path = tmp_path / "long_row.csv"
    path.write_bytes(b"Event#,Narrative\n1,short\n2," + b"x" * (40 * 1024**2) + b"\n")
    audits = audit_path(str(path))
    assert audits[0].flags[0].code == "UNPARSEABLE"
    assert "longer than" in audits[0].flags[0].message


def test_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    path = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("calls.csv", "w") as member,
    ):
        for _ in range(64):
            member.write(b"0" * 1024**2)
    with pytest.raises(UnreadableFileError, match="ZIP bomb"):
        audit_path(str(path))


def test_member_damaged_beyond_the_sample_ends_in_an_unparseable_table(tmp_path):
    rows = b"Event#,Type\n" + b"".join(b"%d,THEFT\n" % i for i in range(100_000))
    path = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path, "w") as archive:  # stored, so bytes can be flipped in place
        archive.writestr("calls.csv", rows)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    (audit,) = audit_path(str(path))
    assert audit.flags[0].code == "UNPARSEABLE"
    assert "damaged inside its archive" in audit.flags[0].message


def test_bad_member_in_an_archive_does_not_stop_the_good_one(tmp_path):
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("calls.csv", (CORPUS / "crlf_line_endings.csv").read_bytes())
        archive.writestr("empty.csv", b"Event#,Date\n")
    audits = audit_path(str(path))
    assert [a.rows for a in audits] == [30, 0]
    assert audits[1].flags[0].code == "UNPARSEABLE"
