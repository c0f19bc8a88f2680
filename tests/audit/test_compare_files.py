"""`manage.py compare_files`: two deliveries of the same calls file a year apart (SYNTHETIC,
following the OEMC CAD extract layout; see reconcile_samples.py), each change checked
against plain pandas; bad pairs exit 2 with one line."""

import json
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command

from tests.conftest import REPO_ROOT

from . import reconcile_samples as samples

CORPUS = REPO_ROOT / "tests" / "corpus"
MISSING = {"", "REDACTED"}


def _run(*args) -> dict:
    out = StringIO()
    call_command("compare_files", *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def deliveries(tmp_path):
    old = samples.cad_calls(samples.cjp_aggregate(years=(2011,)))
    new = samples.degraded_delivery(old)
    old.to_csv(tmp_path / "calls_2012_answer.csv", index=False)
    new.to_csv(tmp_path / "calls_2013_answer.csv", index=False)
    return old.astype(str), new.astype(str), tmp_path


@pytest.fixture
def diff(deliveries):
    _old, _new, folder = deliveries
    return _run(folder / "calls_2012_answer.csv", folder / "calls_2013_answer.csv")


def test_the_contract_keys_are_all_there(diff):
    for key in (
        "columns_added", "columns_dropped", "columns_renamed", "fill_changes",
        "redaction_changes", "periods_lost", "areas_lost", "rows_per_period",
        "flags_added", "flags_cleared",
    ):  # fmt: skip
        assert key in diff


def test_dropped_and_renamed_columns_match_the_headers(deliveries, diff):
    old, new, _folder = deliveries
    gone, came = set(old.columns) - set(new.columns), set(new.columns) - set(old.columns)
    renamed = [(r["old"], r["new"]) for r in diff["columns_renamed"]]
    # "RD #" and "Report Number" hold the same values with the same role: one column.
    shared = set(old["RD #"]) & set(new["Report Number"]) - MISSING
    assert len(shared) > 0.9 * len(set(new["Report Number"]) - MISSING)
    assert renamed == [("RD #", "Report Number")]
    assert {c["column"] for c in diff["columns_dropped"]} == gone - {"RD #"} == {"Beat"}
    assert {c["column"] for c in diff["columns_added"]} == came - {"Report Number"} == set()


def test_fill_and_redaction_changes_match_pandas(deliveries, diff):
    old, new, _folder = deliveries
    redacted = (new["Address"] == "REDACTED").mean()
    (change,) = [c for c in diff["redaction_changes"] if c["column"] == "Address"]
    assert change["old"] == 0
    assert change["new"] == pytest.approx(redacted, abs=1e-6)
    (fill,) = [c for c in diff["fill_changes"] if c["column"] == "Address"]
    assert fill["old"] == 1
    assert fill["new"] == pytest.approx(1 - (new["Address"].isin(MISSING)).mean(), abs=1e-6)
    assert "REDACTED_FIELDS" in diff["flags_added"]


def test_periods_areas_and_rows_per_month_match_pandas(deliveries, diff):
    old, new, _folder = deliveries

    def per_month(frame):
        when = pd.to_datetime(frame["Date"], format="%m/%d/%Y %I:%M:%S %p")
        return when.dt.strftime("%Y-%m").value_counts().to_dict()

    before, after = per_month(old), per_month(new)
    assert diff["periods_lost"] == sorted(set(before) - set(after)) == ["2011-12"]
    assert diff["areas_lost"] == sorted(set(old["District"]) - set(new["District"])) == ["7"]
    rows = {r["period"]: (r["old"], r["new"]) for r in diff["rows_per_period"]}
    assert rows == {p: (before.get(p, 0), after.get(p, 0)) for p in set(before) | set(after)}


def test_the_degradations_name_each_way_it_got_worse(deliveries, diff):
    kinds = {d["kind"] for d in diff["degradations"]}
    assert {"column_dropped", "newly_redacted", "periods_lost", "areas_lost", "fewer_rows"} <= kinds
    (fewer,) = [d for d in diff["degradations"] if d["kind"] == "fewer_rows"]
    assert "2011-03" in {p["period"] for p in fewer["periods"]}


def test_a_delivery_compared_with_itself_has_no_changes(deliveries):
    _old, _new, folder = deliveries
    same = _run(folder / "calls_2012_answer.csv", folder / "calls_2012_answer.csv")
    assert same["columns_added"] == same["columns_dropped"] == same["columns_renamed"] == []
    assert same["fill_changes"] == same["redaction_changes"] == []
    assert same["periods_lost"] == same["areas_lost"] == []
    assert all(row["change"] == 0 for row in same["rows_per_period"])
    assert same["degradations"] == []


def _fails(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exited:
        call_command("compare_files", *map(str, args), "--json")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("compare_files: ")
    return err


def test_an_unreadable_file_exits_2_with_one_line(capsys, deliveries):
    _old, _new, folder = deliveries
    _fails(capsys, folder / "calls_2012_answer.csv", CORPUS / "html_error_page.csv")
    _fails(capsys, folder / "missing.csv", folder / "calls_2012_answer.csv")


def test_tables_with_nothing_in_common_exit_2(capsys, tmp_path):
    pd.DataFrame({"Alpha": ["a", "b"], "Beta": ["c", "d"]}).to_csv(tmp_path / "a.csv", index=False)
    pd.DataFrame({"Gamma": ["1", "2"], "Delta": ["3", "4"]}).to_csv(tmp_path / "b.csv", index=False)
    err = _fails(capsys, tmp_path / "a.csv", tmp_path / "b.csv")
    assert "no column in common" in err
