"""SYNTHETIC files for the reconciliation and delivery-comparison tests, each following a
real published layout (named on each function). No value comes from a real call.

- cjp_aggregate: the Chicago Justice Project's FOIA return of OEMC 911 calls, counts by
  year (or month) × police district × event type (`Year, District, Event Type, Calls`,
  as datasets/cjp_calls_by_district_2008_2011.csv).
- cad_calls: an OEMC CAD call extract (`Event#, Date, Type, Pri, Address, District, Beat,
  RD #, Latitude, Longitude`, as datasets/chicago_calls_cad_2011.csv), holding fewer calls
  than the aggregate states, with type labels spelled differently, one type the aggregate
  lacks and one district with no calls.
"""

import random
from datetime import datetime, timedelta

import pandas as pd

AGGREGATE_TYPES = ["ALARM BURGLAR", "DISTURBANCE", "THEFT", "911 HANG UP", "FIRE"]
# How the CAD extract spells the same types; FIRE has no records, LOUD MUSIC no count.
RECORD_SPELLING = {
    "ALARM BURGLAR": "Alarm-Burglar",
    "DISTURBANCE": "disturbance",
    "THEFT": "THEFT",
    "911 HANG UP": "911 hang up",
}
EXTRA_RECORD_TYPE = "LOUD MUSIC"
DISTRICTS = [str(d) for d in range(1, 26)]
SILENT_DISTRICT = "13"  # counted, but no calls were sent for it


def cjp_aggregate(years=(2010, 2011), *, by_month: bool = False, seed: int = 3) -> pd.DataFrame:
    """Stated counts per (period, district, type); small enough to write out as calls."""
    rng = random.Random(seed)
    rows = []
    for year in years:
        periods = [f"{year}-{m:02d}" for m in range(1, 13)] if by_month else [str(year)]
        for period in periods:
            for district in DISTRICTS:
                for event_type in AGGREGATE_TYPES:
                    rows.append(
                        (period, district, event_type, rng.randrange(3, 12 if by_month else 30))
                    )
    column = "Month" if by_month else "Year"
    return pd.DataFrame(rows, columns=[column, "District", "Event Type", "Calls"])


def cad_calls(aggregate: pd.DataFrame, year: int = 2011, *, seed: int = 5) -> pd.DataFrame:
    """Calls for `year`: per stated cell a random share of the count (none for FIRE or
    the silent district), plus calls of a type the aggregate does not count."""
    rng = random.Random(seed)
    period_column = aggregate.columns[0]
    rows = []
    number = 11_000_000
    for period, district, event_type, stated in aggregate.itertuples(index=False):
        if not str(period).startswith(str(year)):
            continue
        if event_type == "FIRE" or district == SILENT_DISTRICT:
            continue
        sent = rng.randrange(0, stated + 1)
        for _ in range(sent):
            rows.append(
                _call(rng, number, period, period_column, district, RECORD_SPELLING[event_type])
            )
            number += 1
    for _ in range(37):
        district = rng.choice(DISTRICTS[:5])
        period = f"{year}-{rng.randrange(1, 13):02d}" if period_column == "Month" else str(year)
        rows.append(_call(rng, number, period, period_column, district, EXTRA_RECORD_TYPE))
        number += 1
    columns = [
        "Event#",
        "Date",
        "Type",
        "Pri",
        "Address",
        "District",
        "Beat",
        "RD #",
        "Latitude",
        "Longitude",
    ]
    return pd.DataFrame(rows, columns=columns)


def _call(rng, number, period, period_column, district, event_type) -> tuple:
    if period_column == "Month":
        start = datetime(int(period[:4]), int(period[5:7]), 1)
        when = start + timedelta(minutes=rng.randrange(0, 27 * 24 * 60))
    else:
        when = datetime(int(period), 1, 1) + timedelta(minutes=rng.randrange(0, 364 * 24 * 60))
    report = f"HT{rng.randrange(100000, 999999)}" if rng.random() < 0.3 else ""
    return (
        number,
        when.strftime("%m/%d/%Y %I:%M:%S %p"),
        event_type,
        rng.randrange(1, 4),
        f"{rng.randrange(1, 120) * 100} N {rng.choice(['CLARK', 'STATE', 'HALSTED'])} ST",
        district,
        f"{int(district):02d}{rng.randrange(1, 4):02d}",
        report,
        f"41.{rng.randrange(600000, 999999)}",
        f"-87.{rng.randrange(500000, 899999)}",
    )


def degraded_delivery(calls: pd.DataFrame, *, seed: int = 11) -> pd.DataFrame:
    """The same request answered a year later, worse: Beat dropped, "RD #" renamed
    "Report Number", two in five addresses REDACTED, district 7 and December gone, and a
    quarter of March's calls missing."""
    rng = random.Random(seed)
    new = calls.drop(columns=["Beat"]).rename(columns={"RD #": "Report Number"}).copy()
    new["Address"] = [a if rng.random() >= 0.4 else "REDACTED" for a in new["Address"]]
    months = pd.to_datetime(new["Date"], format="%m/%d/%Y %I:%M:%S %p").dt.month
    keep = (new["District"] != "7") & (months != 12)
    march = (months == 3).to_numpy()
    dropped_march = [m and rng.random() < 0.25 for m in march]
    keep &= ~pd.Series(dropped_march, index=new.index)
    return new[keep]
