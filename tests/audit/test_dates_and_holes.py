"""Limits of the stray-date and area × period rules, on small SYNTHETIC files shaped like
Chicago's Socrata crimes export (date, district)."""

import json
from io import StringIO

import numpy as np
import pandas as pd
from django.core.management import call_command


def audit(path) -> dict:
    out = StringIO()
    call_command("audit_file", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    return (data if isinstance(data, list) else data.get("tables", [data]))[0]


def codes(table: dict) -> set[str]:
    return {f["code"] for f in table["flags"]}


def crimes(tmp_path, dates: list[str], districts: list[int]):
    path = tmp_path / "crimes.csv"
    frame = pd.DataFrame(
        {
            "date": dates,
            "district": districts,
            "case_number": [f"HY{100000 + i}" for i in range(len(dates))],
        }
    )
    frame.to_csv(path, index=False)
    return path, frame


def test_a_long_tail_of_old_dates_is_data_not_suspect(tmp_path):
    rng = np.random.default_rng(3)
    bulk = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, 45, 980), unit="D")
    tail = pd.Timestamp("2005-06-01") + pd.to_timedelta(rng.integers(0, 300, 20), unit="D")
    dates = [d.strftime("%Y-%m-%d") for d in [*bulk, *tail]]  # 2 % far away: a backlog
    path, frame = crimes(tmp_path, dates, [1] * len(dates))
    table = audit(path)
    parsed = pd.to_datetime(frame["date"])
    assert "SUSPECT_DATES" not in codes(table)
    assert table["period"]["start"] == str(parsed.min().date())
    assert table["period"]["end"] == str(parsed.max().date())


def test_a_small_area_missing_from_a_year_is_not_called_a_hole(tmp_path):
    years = [2012] * 400 + [2013] * 400
    # district 9 has 3 rows, all in 2012: expected 1.5 in 2013, too few to call it a hole
    districts = [1 + i % 5 for i in range(797)] + [9, 9, 9]
    years = years[:797] + [2012, 2012, 2012]
    dates = [f"{year}-03-{1 + i % 28:02d}" for i, year in enumerate(years)]
    path, frame = crimes(tmp_path, dates, districts)
    counts = frame.groupby([frame["district"], pd.to_datetime(frame["date"]).dt.year]).size()
    assert counts.loc[9].to_dict() == {2012: 3}
    assert "AREA_PERIOD_HOLES" not in codes(audit(path))
