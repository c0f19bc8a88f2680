"""The audit's Parquet copy, without Django (foiatrack/audit/columnar.py): the cleaned rows
of the one read, typed where every value fits, replaced only by a successful audit.

Synthetic counts follow the Chicago Justice Project's calls-by-district table (District,
Event Type, Year, Count); the record file is Reno's real CAD export.
"""

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from foiatrack.audit import audit_table, list_tables
from tests.conftest import REPO_ROOT, require

REAL = REPO_ROOT.parent / "shared" / "realdata" / "files"


def _audit(path: Path, copy: Path):
    return audit_table(str(path), list_tables(str(path))[0], parquet_path=str(copy))


def test_a_count_table_keeps_its_labels_as_text_and_its_counts_as_numbers(tmp_path):
    lines = ["District,Event Type,Year,Count"]
    for district in ("001", "002", "003"):
        for year in (2010, 2011):
            lines.append(f"{district},THEFT,{year},{int(district) * 10 + year % 100}")
    lines.append("Total,,,999")
    path = tmp_path / "counts.csv"
    path.write_text("\n".join(lines) + "\n")
    expected = pd.read_csv(path, dtype=str).iloc[:-1]  # the total row is not data

    audit = _audit(path, tmp_path / "counts.parquet")

    copy = pq.read_table(tmp_path / "counts.parquet")
    assert copy.num_rows == len(expected) == audit.rows
    assert copy.column("District").to_pylist() == list(expected["District"])  # "001" kept
    assert copy.schema.field("Count").type == "int64"
    assert copy.column("Count").to_pylist() == [int(v) for v in expected["Count"]]
    assert audit.columnar_bytes == (tmp_path / "counts.parquet").stat().st_size


def test_a_failed_audit_leaves_the_earlier_copy_and_no_temporary(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("District,Event Type,Year,Count\n1,THEFT,2011,5\n2,THEFT,2011,6\n")
    copy = tmp_path / "t.parquet"
    _audit(path, copy)
    before = copy.read_bytes()
    source = list_tables(str(path))[0]
    path.write_text("District,Event Type,Year,Count\n3,THEFT,2012,7\n")

    def stop(rows_read, fraction):  # the worker stops mid-read (claim lost, time limit)
        raise RuntimeError("stopped after the first batch was written")

    with pytest.raises(RuntimeError):
        audit_table(str(path), source, parquet_path=str(copy), progress=stop)

    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet"]


def test_reno_cad_copy_holds_every_row_and_its_date_as_times(tmp_path):
    path = REAL / "reno_cad_calls_2011-10-06.csv"
    require(path.exists(), "Reno real file not present")
    raw = pd.read_csv(path, header=None, dtype=str)

    audit = _audit(path, tmp_path / "cad.parquet")

    copy = pq.read_table(tmp_path / "cad.parquet")
    assert copy.num_rows == len(raw) == audit.rows
    dated = [c.name for c in audit.columns if c.role in ("timestamp", "date")]
    assert dated
    position = copy.column_names.index(dated[0])
    expected = pd.to_datetime(raw[position].str.strip(), format="%m%d%Y")
    assert list(copy.column(position).to_pandas()) == list(expected)
    assert copy.column(0).to_pylist() == list(raw[0].str.strip())
