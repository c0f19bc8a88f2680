"""Tell a file's type from its first bytes, never from its name."""

import zipfile
from typing import BinaryIO

from .errors import UnreadableFileError

SAMPLE_BYTES = 65536

# Signatures of formats people send by mistake, so the refusal can name them.
_KNOWN_BINARIES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
]
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def sniff_stream(stream: BinaryIO, display_name: str) -> str:
    """Return "csv", "xlsx", "xls" or "zip" for the bytes in stream; refuse anything else."""
    head = stream.read(SAMPLE_BYTES)
    if not head.strip():
        raise UnreadableFileError(f"{display_name} is empty: it holds no data at all.")
    if head.startswith(_OLE_SIGNATURE):
        return "xls"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(stream, display_name)
    for signature, description in _KNOWN_BINARIES:
        if head.startswith(signature):
            raise UnreadableFileError(
                f"{display_name} is {description}, not a table: upload CSV, Excel or ZIP."
            )
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):
        raise UnreadableFileError(
            f"{display_name} is a binary file, not text or Excel: upload CSV, Excel or ZIP."
        )
    _refuse_markup(head, display_name)
    return "csv"


def _refuse_markup(head: bytes, display_name: str) -> None:
    # Portals sometimes save their error page (HTML) or an XML export under a .csv name.
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        raise UnreadableFileError(
            f"{display_name} is a web page (HTML), not a table: it may be a portal's error page."
        )
    if start.startswith(b"<?xml"):
        raise UnreadableFileError(
            f"{display_name} is an XML document, not a table: ask for CSV or Excel instead."
        )


def _zip_kind(stream: BinaryIO, display_name: str) -> str:
    """An Office workbook is a ZIP with a workbook part inside; anything else is an archive."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFileError(
            f"{display_name} looks like a ZIP file but is damaged."
        ) from error
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "[Content_Types].xml" in names:
        raise UnreadableFileError(
            f"{display_name} is an Office document but not an Excel workbook."
        )
    return "zip"
