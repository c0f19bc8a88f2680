"""Write the small bad-input corpus files (committed). Big ones (a 10 MB line, a ZIP bomb)
are made by tests/audit/test_corpus.py in a temporary folder at test time.

Run: .venv/bin/python tests/corpus/make_corpus.py
"""

import io
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from datasets.make_samples import deterministic_xlsx  # noqa: E402

HERE = Path(__file__).resolve().parent
HEADER = "Event#,Date,Type,District\n"
ROWS = "".join(f"{1000 + i},01/{(i % 28) + 1:02d}/2011,THEFT,{i % 25 + 1}\n" for i in range(30))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x00" * 64


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2012, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _xlsx(rows_per_sheet: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in rows_per_sheet.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic_xlsx(buffer.getvalue())


def _damaged_zip() -> bytes:
    rows = b"Event#,Type\n" + b"".join(b"%d,THEFT\n" % i for i in range(4000))
    data = bytearray(_zip({"calls.csv": rows}))
    middle = len(data) // 2
    data[middle : middle + 50] = bytes(b ^ 0xFF for b in data[middle : middle + 50])
    return bytes(data)


def files() -> dict[str, bytes]:
    """Corpus file name -> content."""
    text = (HEADER + ROWS).encode()
    return {
        "empty.csv": b"",
        "whitespace_only.csv": b"\n\n   \n\t\n",
        "png_renamed.csv": PNG + bytes(200),
        "elf_renamed.csv": ELF,
        "pdf_renamed.xlsx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "gzip_renamed.csv": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(40),
        "ragged_rows.csv": (
            HEADER + ROWS + "1100,02/01/2011,THEFT,3,EXTRA,FIELDS\n1101,02/02/2011\n"
        ).encode(),
        "invalid_bytes.csv": HEADER.encode() + b"1,01/02/2011,TH\x81\x8d\x90EFT,1\n" * 20,
        "header_only.csv": HEADER.encode(),
        "only_totals.csv": (HEADER + "Total,,,1234\nGrand Total,,,1234\n").encode(),
        "single_column.csv": ("Type\n" + "THEFT\nBATTERY\n" * 15).encode(),
        "all_null_columns.csv": (
            "Event#,Notes,Officer\n" + "".join(f"{i},N/A,\n" for i in range(20))
        ).encode(),
        "duplicate_column_names.csv": (
            "Date,Date,Type\n" + "01/02/2011,01/03/2011,X\n" * 5
        ).encode(),
        "utf8_bom.csv": b"\xef\xbb\xbf" + text,
        "crlf_line_endings.csv": text.replace(b"\n", b"\r\n"),
        "cr_line_endings.csv": text.replace(b"\n", b"\r"),
        "semicolon_delimiter.csv": text.replace(b",", b";"),
        "tab_delimited.tsv": text.replace(b",", b"\t"),
        "quoted_newlines.csv": (
            b'Event#,Narrative,District\n1,"line one\nline two",1\n2,"a, b\nc",2\n3,plain,3\n'
        ),
        "mixed_encodings.csv": HEADER.encode()
        + "1,01/02/2011,CAFÉ,1\n".encode()
        + "2,01/03/2011,CAFÉ,2\n".encode("cp1252"),
        "utf16_bom.csv": (HEADER + ROWS).encode("utf-16"),
        "wide_2000_columns.csv": (
            ",".join(f"field_{i}" for i in range(2000))
            + "\n"
            + "".join(",".join(str(r * i) for i in range(2000)) + "\n" for r in range(5))
        ).encode(),
        "numbers_only_no_header.csv": "".join(f"{i},{i * 2},{i * 3}\n" for i in range(20)).encode(),
        "excel_no_data.xlsx": _xlsx({"Sheet1": [], "Sheet2": []}),
        "xlsx_really_zip_of_text.xlsx": _zip({"calls.txt": text}),
        "corrupt_zip.zip": b"PK\x03\x04" + bytes(100),
        "zip_path_traversal.zip": _zip({"../../etc/evil.csv": text}),
        "zip_absolute_path.zip": _zip({"/tmp/evil.csv": text}),
        "nested_zip.zip": _zip({"inner.zip": _zip({"calls.csv": text})}),
        "zip_of_images.zip": _zip({"photo.png": PNG + bytes(100)}),
        "zip_damaged_member.zip": _damaged_zip(),
        "html_error_page.csv": b"<!DOCTYPE html>\n<html><body>Session expired</body></html>\n",
        "xml_export.csv": b'<?xml version="1.0"?>\n<calls><call id="1"/></calls>\n',
    }


def main() -> None:
    for name, content in files().items():
        (HERE / name).write_bytes(content)
    print(f"wrote {len(files())} corpus files")


if __name__ == "__main__":
    main()
