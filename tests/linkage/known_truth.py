"""Small synthetic call and report tables whose true links are known, built for the tests.

The calls imitate a CAD export (`Event#, Date, Type, Address, District, Beat, Latitude,
Longitude, RD #`) and the reports Chicago's "Crimes – 2001 to Present" (`ID, Case Number,
Date, Block, Primary Type, Beat, District, Latitude, Longitude`). All values are made up.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd

CALL_TO_OFFENSE = {
    "BATTERY IN PROGRESS": "BATTERY",
    "THEFT": "THEFT",
    "BURGLARY ALARM": "BURGLARY",
    "DOMESTIC DISTURBANCE": "DOMESTIC VIOLENCE",
    "ROBBERY JUST OCCURRED": "ROBBERY",
    "SHOTS FIRED": "WEAPONS VIOLATION",
    "ASSAULT": "ASSAULT",
    "NARCOTICS": "NARCOTICS",
}
STREETS = ["MADISON ST", "STATE ST", "HALSTED ST", "ASHLAND AVE", "CICERO AVE", "KEDZIE AVE"]
DISTRICTS = [d for d in range(1, 26) if d not in (13, 21, 23)]


@dataclass
class KnownTruth:
    calls: pd.DataFrame
    reports: pd.DataFrame
    true_pairs: set[tuple[int, int]] = field(default_factory=set)  # (call row, report row)


def calls_and_reports(
    *, calls: int, reports: int, days: int = 30, seed: int = 7, with_keys: bool = True
) -> KnownTruth:
    """`reports` of the `calls` led to a report: a few minutes off, place and type mostly kept.

    With keys, the call's RD # and the report's Case Number are the same RD number
    (canonical on the report side, plain on the call side); without, neither column exists.
    """
    rng = random.Random(seed)
    start = datetime(2023, 3, 1)
    call_rows = [_call(rng, start, days) for _ in range(calls)]
    chosen = rng.sample(range(calls), reports)
    report_rows, truth = [], set()
    for report_index, call_index in enumerate(chosen):
        report_rows.append(_report_for(rng, call_rows[call_index]))
        truth.add((call_index, report_index))
    calls_frame = pd.DataFrame(call_rows).drop(columns=["hundred", "street", "call_type"])
    reports_frame = pd.DataFrame(report_rows)
    if with_keys:
        numbers = [f"HT{100000 + i}" for i in range(reports)]
        rd = [None] * calls
        for report_index, call_index in enumerate(chosen):
            rd[call_index] = numbers[report_index]
        calls_frame["RD #"] = rd
        reports_frame.insert(0, "Case Number", numbers)
    return KnownTruth(calls_frame, reports_frame, truth)


def _call(rng: random.Random, start: datetime, days: int) -> dict:
    when = start + timedelta(seconds=rng.randrange(days * 86400))
    district = rng.choice(DISTRICTS)
    hundred, street = rng.randrange(120), f"{rng.choice('NSEW')} {rng.choice(STREETS)}"
    call_type = rng.choice(list(CALL_TO_OFFENSE))
    return {
        "Event#": f"23{rng.randrange(10**8):08d}",
        "Date": when.strftime("%Y-%m-%d %H:%M:%S"),
        "Type": call_type,
        "Address": f"{hundred * 100 + rng.randrange(100)} {street}",
        "District": str(district),
        "Beat": str(district * 100 + rng.randint(1, 15)),
        "Latitude": round(41.65 + rng.random() * 0.37, 6),
        "Longitude": round(-87.85 + rng.random() * 0.33, 6),
        "hundred": hundred,
        "street": street,
        "call_type": call_type,
    }


def _report_for(rng: random.Random, call: dict) -> dict:
    when = datetime.strptime(call["Date"], "%Y-%m-%d %H:%M:%S")
    when += timedelta(seconds=rng.randint(-15 * 60, 5 * 60))
    district = int(call["District"])
    beat = int(call["Beat"]) if rng.random() < 0.95 else district * 100 + rng.randint(1, 15)
    hundred = call["hundred"] if rng.random() < 0.9 else rng.randrange(120)
    offense = CALL_TO_OFFENSE[call["call_type"]]
    if rng.random() < 0.1:
        offense = rng.choice(list(CALL_TO_OFFENSE.values()))
    return {
        "ID": 12_000_000 + rng.randrange(10**6),
        "Date": when.strftime("%m/%d/%Y %I:%M:%S %p"),
        "Block": f"{hundred:03d}XX {call['street']}",
        "Primary Type": offense,
        "Beat": f"{beat:04d}",
        "District": f"{district:03d}",
        # the report's point is the call's, moved by up to about 30 m
        "Latitude": round(call["Latitude"] + rng.uniform(-0.0003, 0.0003), 6),
        "Longitude": round(call["Longitude"] + rng.uniform(-0.0003, 0.0003), 6),
    }


def precision_recall(
    found: set[tuple[int, int]], truth: set[tuple[int, int]]
) -> tuple[float, float]:
    """Share of found pairs that are true, and share of true pairs found."""
    true_found = len(found & truth)
    return (true_found / len(found) if found else 0.0), true_found / len(truth)
