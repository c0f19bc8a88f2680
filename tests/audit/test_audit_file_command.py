"""`manage.py audit_file`: readable output, --json shape, exit 2 on unreadable files."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from .conftest import DATASETS

ROOT = DATASETS.parent


def test_json_output_has_the_promised_shape(capsys):
    call_command("audit_file", str(DATASETS / "cjp_calls_by_district_2008_2011.csv"), "--json")
    payload = json.loads(capsys.readouterr().out)
    (table,) = payload["tables"]
    for key in ("name", "rows", "granularity", "time_resolution", "geo_resolution", "period"):
        assert key in table
    assert table["granularity"] == "aggregate"
    assert table["total_by_year"]["2011"] == 6_595_636
    assert set(table["period"]) == {"start", "end"}
    assert {"name", "role", "null_rate"} <= set(table["columns"][0])
    assert {"code", "severity", "message", "evidence"} == set(table["flags"][0])


def test_readable_output_lists_flags(capsys):
    call_command(
        "audit_file", str(DATASETS / "chicago_calls_cad_2011.csv"), "--jurisdiction", "chicago"
    )
    out = capsys.readouterr().out
    assert "chicago_calls_cad_2011.csv: 4,000 rows, record-level" in out
    assert "HIGH_NULL_KEY" in out


@pytest.mark.parametrize("name", ["empty.csv", "nested_zip.zip", "does_not_exist.csv"])
def test_unreadable_file_exits_2_with_one_line_error(name, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("audit_file", str(ROOT / "tests" / "corpus" / name), "--json")
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1


def test_unreadable_file_exits_2_without_traceback_from_the_shell():
    path = ROOT / "tests" / "corpus" / "png_renamed.csv"
    result = subprocess.run(
        [sys.executable, "manage.py", "audit_file", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("audit_file: ")
