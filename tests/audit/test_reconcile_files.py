"""`manage.py reconcile_files`: stated counts against records, each figure checked against
plain pandas on the same synthetic files (tests/audit/reconcile_samples.py says which real
layouts they follow); exit 2 with one line for bad pairs."""

import json

import pandas as pd
import pytest
from django.core.management import call_command

from tests.conftest import REPO_ROOT

from . import reconcile_samples as samples

CORPUS = REPO_ROOT / "tests" / "corpus"


def _norm(series: pd.Series) -> pd.Series:
    """The test's own label normalisation: upper case, punctuation as one space."""
    return series.astype(str).str.upper().str.replace(r"[^0-9A-Z]+", " ", regex=True).str.strip()


def _run(*args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("reconcile_files", *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())


def _expected_cells(aggregate: pd.DataFrame, calls: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per stated cell inside the records' span: stated, received (0 if none), missing."""
    when = pd.to_datetime(calls["Date"], format="%m/%d/%Y %I:%M:%S %p")
    records = pd.DataFrame(
        {
            "period": when.dt.strftime("%Y-%m" if period == "Month" else "%Y"),
            "area": calls["District"].astype(str),
            "type": _norm(calls["Type"]),
        }
    )
    received = records.value_counts().rename("received").reset_index()
    stated = pd.DataFrame(
        {
            "period": aggregate[period].astype(str),
            "area": aggregate["District"].astype(str),
            "type": _norm(aggregate["Event Type"]),
            "stated": aggregate["Calls"],
        }
    )
    stated = stated[
        (stated["period"] >= records["period"].min())
        & (stated["period"] <= records["period"].max())
    ]
    cells = stated.merge(received, on=["period", "area", "type"], how="left").fillna(
        {"received": 0}
    )
    cells["received"] = cells["received"].astype(int)
    cells["missing"] = cells["stated"] - cells["received"]
    return cells, records


def _as_frame(cells: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(cells)[["period", "area", "type", "stated", "received", "missing"]]
    return frame.sort_values(["period", "area", "type"]).reset_index(drop=True)


@pytest.fixture
def yearly(tmp_path):
    aggregate = samples.cjp_aggregate()
    calls = samples.cad_calls(aggregate)
    aggregate.to_csv(tmp_path / "cjp.csv", index=False)
    calls.to_csv(tmp_path / "calls.csv", index=False)
    return aggregate, calls, tmp_path


def test_each_cell_states_count_records_and_missing_as_pandas_does(yearly):
    aggregate, calls, folder = yearly
    result = _run(folder / "cjp.csv", folder / "calls.csv")
    expected, _records = _expected_cells(aggregate, calls, "Year")
    want = expected[["period", "area", "type", "stated", "received", "missing"]]
    want = want.sort_values(["period", "area", "type"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(_as_frame(result["cells"]), want, check_dtype=False)
    assert result["stated_total"] == int(want["stated"].sum())
    assert result["received_total"] == int(want["received"].sum())
    assert result["missing_total"] == int(want["missing"].sum())


def test_totals_per_period_and_area_match_pandas(yearly):
    aggregate, calls, folder = yearly
    result = _run(folder / "cjp.csv", folder / "calls.csv")
    expected, _records = _expected_cells(aggregate, calls, "Year")
    periods = expected.groupby("period")[["stated", "received", "missing"]].sum()
    assert [p["period"] for p in result["periods"]] == ["2011"]  # 2010 is outside the records
    for row in result["periods"]:
        assert [row["stated"], row["received"], row["missing"]] == periods.loc[
            row["period"]
        ].tolist()
    areas = expected.groupby("area")[["stated", "received", "missing"]].sum()
    assert {a["area"] for a in result["areas"]} == set(areas.index)
    for row in result["areas"]:
        assert [row["stated"], row["received"], row["missing"]] == areas.loc[row["area"]].tolist()
    silent = next(a for a in result["areas"] if a["area"] == samples.SILENT_DISTRICT)
    assert silent["received"] == 0 and silent["missing"] == silent["stated"] > 0


def test_unmatched_types_and_periods_are_listed(yearly):
    aggregate, calls, folder = yearly
    result = _run(folder / "cjp.csv", folder / "calls.csv")
    unmatched = result["unmatched"]
    stated_types = set(_norm(aggregate["Event Type"]))
    record_types = _norm(calls["Type"])
    only_records = sorted(set(record_types) - stated_types)
    assert [t["type"] for t in unmatched["types_only_in_records"]] == only_records
    assert unmatched["types_only_in_records"][0]["records"] == int(
        (record_types == only_records[0]).sum()
    )
    assert unmatched["types_only_in_aggregate"] == sorted(stated_types - set(record_types))
    assert unmatched["periods_outside_records"] == ["2010"]
    assert unmatched["records_without_cell"] == int(record_types.isin(only_records).sum())


def test_a_month_by_district_aggregate_is_compared_by_month(tmp_path):
    aggregate = samples.cjp_aggregate(years=(2011,), by_month=True)
    calls = samples.cad_calls(aggregate)
    aggregate.to_csv(tmp_path / "cjp_month.csv", index=False)
    calls.to_csv(tmp_path / "calls.csv", index=False)
    result = _run(tmp_path / "cjp_month.csv", tmp_path / "calls.csv")
    expected, _records = _expected_cells(aggregate, calls, "Month")
    want = expected[["period", "area", "type", "stated", "received", "missing"]]
    want = want.sort_values(["period", "area", "type"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(_as_frame(result["cells"]), want, check_dtype=False)
    assert len(result["periods"]) == 12
    assert result["dimensions"]["period"]["unit"] == "month"


def test_admin_named_columns_replace_the_roles(tmp_path):
    aggregate = samples.cjp_aggregate(years=(2011,))
    aggregate = aggregate.rename(columns={"District": "Zone", "Calls": "N"})
    calls = samples.cad_calls(samples.cjp_aggregate(years=(2011,))).rename(
        columns={"District": "Area X"}
    )
    aggregate.to_csv(tmp_path / "agg.csv", index=False)
    calls.to_csv(tmp_path / "calls.csv", index=False)
    out = _run(
        tmp_path / "agg.csv",
        tmp_path / "calls.csv",
        "--area-column",
        "Zone,Area X",
        "--count-column",
        "N",
    )
    assert out["dimensions"]["area"] == {"aggregate": "Zone", "records": "Area X"}
    assert out["stated_total"] == int(aggregate["N"].sum())


def _fails(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exited:
        call_command("reconcile_files", *map(str, args), "--json")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reconcile_files: ")
    return err


def test_an_unreadable_file_exits_2_with_one_line(capsys, yearly):
    _aggregate, _calls, folder = yearly
    err = _fails(capsys, CORPUS / "png_renamed.csv", folder / "calls.csv")
    assert "png_renamed.csv" in err
    _fails(capsys, folder / "cjp.csv", folder / "nothing_here.csv")


def test_tables_with_no_shared_dimension_exit_2(capsys, tmp_path):
    pd.DataFrame({"Category": ["a", "b"], "Calls": [10, 20]}).to_csv(
        tmp_path / "agg.csv", index=False
    )
    pd.DataFrame({"Note": ["x", "y", "z"], "Value": ["1", "2", "3"]}).to_csv(
        tmp_path / "rec.csv", index=False
    )
    err = _fails(capsys, tmp_path / "agg.csv", tmp_path / "rec.csv")
    assert "share no period, area or type" in err


def test_a_column_named_that_neither_file_has_exits_2(capsys, yearly):
    _aggregate, _calls, folder = yearly
    err = _fails(capsys, folder / "cjp.csv", folder / "calls.csv", "--type-column", "Nope")
    assert "Nope" in err


def test_a_parquet_copy_groups_like_the_csv_it_came_from(yearly):
    """The stored Parquet copy (all text columns) is read directly, with the same keys."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from foiatrack.audit import list_tables
    from foiatrack.audit.grouping import Dimension, count_groups

    _aggregate, calls, folder = yearly
    pq.write_table(
        pa.Table.from_pandas(calls.astype(str), preserve_index=False), folder / "calls.parquet"
    )
    dimensions = [
        Dimension("period", "Date", role="timestamp", unit="month"),
        Dimension("area", "District"),
        Dimension("type", "Type"),
    ]
    from_csv = count_groups(
        str(folder / "calls.csv"), list_tables(str(folder / "calls.csv"))[0], dimensions, None
    )
    from_parquet = count_groups(str(folder / "calls.parquet"), None, dimensions, None)
    assert from_parquet.counts == from_csv.counts
    when = pd.to_datetime(calls["Date"], format="%m/%d/%Y %I:%M:%S %p").dt.strftime("%Y-%m")
    expected = pd.DataFrame(
        {"p": when, "a": calls["District"], "t": _norm(calls["Type"])}
    ).value_counts()
    assert from_csv.counts == {key: int(n) for key, n in expected.items()}
