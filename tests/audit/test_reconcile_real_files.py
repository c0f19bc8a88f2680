"""Reconciliation and delivery comparison on real published files (../shared/realdata):
Seattle's 911 incident export against a degraded copy made here, and the Florida court
dispositions aggregate against a record table derived from it here. Expected figures come
from plain pandas. Skipped when the folder is absent; failed under CI=true."""

import json
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command

from tests.conftest import REPO_ROOT, require

REAL = REPO_ROOT.parent / "shared" / "realdata" / "files"
SEATTLE = REAL / "seattle_911_calls_2016-03.csv"
FLORIDA = REAL / "florida_court_dispositions_1986_2013.csv"


def _run(command: str, *args) -> dict:
    out = StringIO()
    call_command(command, *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def seattle(tmp_path):
    require(SEATTLE.exists(), f"{SEATTLE} is not here")
    old = pd.read_csv(SEATTLE, dtype=str, keep_default_na=False)
    sector = "District/Sector"
    lost = sorted(old.loc[old[sector] != "", sector].value_counts().index[-2:])
    new = old[~old[sector].isin(lost)].drop(columns=["Census Tract"]).copy()
    new = new.rename(columns={"Initial Type Description": "Call Type"})
    redact = new.index % 3 == 0
    new.loc[redact, "Hundred Block Location"] = "REDACTED"
    path = tmp_path / "seattle_second_delivery.csv"
    new.to_csv(path, index=False)
    return old, new, path, lost


def test_a_degraded_copy_of_the_seattle_export_shows_each_change(seattle):
    old, new, path, lost = seattle
    diff = _run("compare_files", SEATTLE, path, "--area-column", "District/Sector")
    assert [c["column"] for c in diff["columns_dropped"]] == ["Census Tract"]
    assert [(r["old"], r["new"]) for r in diff["columns_renamed"]] == [
        ("Initial Type Description", "Call Type")
    ]
    (redaction,) = [c for c in diff["redaction_changes"] if c["column"] == "Hundred Block Location"]
    assert redaction["new"] == pytest.approx(
        (new["Hundred Block Location"] == "REDACTED").mean(), abs=1e-6
    )
    assert diff["areas_lost"] == lost
    months = pd.to_datetime(old["Event Clearance Date"], format="%m/%d/%Y %I:%M:%S %p")
    new_months = months.loc[new.index]
    expected = {
        m: (
            int((months.dt.strftime("%Y-%m") == m).sum()),
            int((new_months.dt.strftime("%Y-%m") == m).sum()),
        )
        for m in months.dt.strftime("%Y-%m").unique()
    }
    assert {r["period"]: (r["old"], r["new"]) for r in diff["rows_per_period"]} == expected
    kinds = {d["kind"] for d in diff["degradations"]}
    assert {"newly_redacted", "areas_lost", "fewer_rows"} <= kinds
    # Census Tract has no known role (nobody asks for "other"), so dropping it is a change
    # but not a degradation.
    assert "column_dropped" not in kinds


@pytest.fixture
def florida(tmp_path):
    """The real aggregate (murder cases by county and year, 2009-2013) in long form, and a
    record table derived from it with every seventh case left out."""
    require(FLORIDA.exists(), f"{FLORIDA} is not here")
    wide = pd.read_csv(FLORIDA, lineterminator="\r", thousands=",", dtype={"Circuit": str})
    wide = wide[wide["Type of Case"].isin(["Capital Murder", "Non Capital Murder"])]
    years = [str(y) for y in range(2009, 2014)]
    long = wide.melt(
        id_vars=["County", "Type of Case"], value_vars=years, var_name="Year", value_name="Cases"
    )
    long = long.dropna(subset=["Cases"])
    long["Cases"] = long["Cases"].astype(int)
    long = long.groupby(["Year", "County", "Type of Case"], as_index=False)["Cases"].sum()
    records, number = [], 0
    for year, county, case_type, cases in long.itertuples(index=False):
        for index in range(cases):
            number += 1
            if number % 7 == 0:
                continue
            records.append(
                (f"FL{number:07d}", f"{year}-{1 + index % 12:02d}-15", county, case_type)
            )
    records = pd.DataFrame(records, columns=["Case ID", "Disposition Date", "County", "Case Type"])
    long.to_csv(tmp_path / "florida_long.csv", index=False)
    records.to_csv(tmp_path / "florida_records.csv", index=False)
    return long, records, tmp_path


def test_florida_per_year_totals_reconcile_with_a_derived_record_table(florida):
    long, records, folder = florida
    result = _run(
        "reconcile_files",
        folder / "florida_long.csv",
        folder / "florida_records.csv",
        "--area-column", "County",
        "--type-column", "Type of Case,Case Type",
        "--count-column", "Cases",
    )  # fmt: skip
    stated = long.groupby("Year")["Cases"].sum()
    received = records.groupby(records["Disposition Date"].str[:4]).size()
    assert [p["period"] for p in result["periods"]] == list(stated.index)
    for row in result["periods"]:
        assert row["stated"] == stated[row["period"]]
        assert row["received"] == received.get(row["period"], 0)
        assert row["missing"] == stated[row["period"]] - received.get(row["period"], 0)
    assert result["stated_total"] == int(long["Cases"].sum())
    assert result["received_total"] == len(records)
    assert result["unmatched"]["types_only_in_records"] == []
