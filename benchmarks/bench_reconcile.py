"""Reconciliation benchmark: 6,600,000 record-level calls against a CJP-shaped aggregate
(issue 19), in bounded memory.

Synthetic files, written to benchmarks/out/reconcile/ (git-ignored):
- calls.csv imitates an OEMC CAD extract (`Event#, Date, Type, Pri, Address, District,
  Beat`), 6.6M calls in 2011 (about the 6,595,636 the Chicago Justice Project's count
  states for that year), US-format timestamps;
- cjp.csv imitates the CJP's FOIA return: `Year, District, Event Type, Calls` for
  2010-2011, 25 districts × 30 event types, 2011's counts a little above the calls
  written (so there is something missing to find).

Each measurement runs once in its own subprocess (the machine is shared; run it rarely);
wall seconds are timed inside the child around the work, peak RSS is the child's own
high-water mark (benchmarks/memory.py):
  (a) plain DuckDB: read_csv_auto + GROUP BY year, district, type of the calls file;
  (b) `manage.py reconcile_files cjp.csv calls.csv --json` end to end: both files read
      and audited by the audit engine, then grouped and reconciled.
"""

# SQL here holds only our own file paths.
# ruff: noqa: S608

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

REPO_ROOT = Path(__file__).resolve().parent.parent
# BENCH_RECONCILE_CALLS: a smaller file for a quick check of the benchmark itself.
CALLS = int(os.environ.get("BENCH_RECONCILE_CALLS", "6600000"))
OUT = REPO_ROOT / "benchmarks" / "out" / f"reconcile-{CALLS}"
SEED = 19
TYPES = [f"EVENT TYPE {n:02d}" for n in range(30)]
DISTRICTS = np.arange(1, 26)
BATCH = 1_100_000


def generate(out: Path = OUT) -> None:
    """Write calls.csv and cjp.csv (skipped if already there)."""
    if (out / "cjp.csv").exists():
        return
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    counts = np.zeros((len(DISTRICTS), len(TYPES)), dtype=np.int64)
    with pa_csv.CSVWriter(out / "calls.csv", _calls_schema()) as writer:
        for start in range(0, CALLS, BATCH):
            batch, district, kind = _calls(rng, start, min(BATCH, CALLS - start))
            np.add.at(counts, (district - 1, kind), 1)
            writer.write_table(batch)
    _write_aggregate(rng, counts, out / "cjp.csv")


def _calls_schema() -> pa.Schema:
    names = ["Event#", "Date", "Type", "Pri", "Address", "District", "Beat"]
    return pa.schema([(name, pa.string()) for name in names])


def _calls(rng, start: int, n: int):
    seconds = rng.integers(0, 365 * 86400, n)
    times = np.datetime64("2011-01-01T00:00:00") + seconds.astype("timedelta64[s]")
    text = pc.strftime(pa.array(times), format="%m/%d/%Y %I:%M:%S %p")
    district = rng.choice(DISTRICTS, n)
    kind = rng.integers(0, len(TYPES), n)
    house = rng.integers(1, 12000, n).astype(str)
    table = pa.table(
        {
            "Event#": pa.array(
                np.char.add("11", np.char.zfill(np.arange(start, start + n).astype(str), 8))
            ),
            "Date": text,
            "Type": pa.array(np.array(TYPES)[kind]),
            "Pri": pa.array(rng.choice(["1", "2", "3"], n)),
            "Address": pa.array(np.char.add(house, " N STATE ST")),
            "District": pa.array(district.astype(str)),
            "Beat": pa.array((district * 100 + rng.integers(1, 16, n)).astype(str)),
        },
        schema=_calls_schema(),
    )
    return table, district, kind


def _write_aggregate(rng, counts: np.ndarray, path: Path) -> None:
    rows = ["Year,District,Event Type,Calls"]
    for year in (2010, 2011):
        for d, district in enumerate(DISTRICTS):
            for t, kind in enumerate(TYPES):
                stated = counts[d, t] + (int(rng.integers(0, 50)) if year == 2011 else 0)
                rows.append(f"{year},{district},{kind},{stated}")
    path.write_text("\n".join(rows) + "\n")


# ---------------------------------------------------------------- measurements (child)


def measure_plain_duckdb() -> dict:
    import duckdb

    query = f"""
        SELECT year(strptime("Date", '%m/%d/%Y %I:%M:%S %p')) AS year, "District", "Type",
               count(*) AS received
        FROM read_csv_auto('{OUT / "calls.csv"}', all_varchar = true)
        GROUP BY ALL
    """
    rows = duckdb.connect().execute(query).fetchall()
    return {"groups": len(rows), "records": sum(r[3] for r in rows)}


def measure_reconcile_files() -> dict:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "reconcile_files", str(OUT / "cjp.csv"), str(OUT / "calls.csv"), "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    return {
        "cells": len(result["cells"]),
        "stated_total": result["stated_total"],
        "received_total": result["received_total"],
        "missing_total": result["missing_total"],
    }


MEASUREMENTS = {
    "a_plain_duckdb_group_by": measure_plain_duckdb,
    "b_reconcile_files": measure_reconcile_files,
}


def _child(name: str) -> None:
    sys.path.insert(0, str(REPO_ROOT))
    from benchmarks.memory import own_peak_rss_mib

    if name == "b_reconcile_files":  # Django's start-up is not part of the work timed
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foiatrack.settings")
        os.environ.setdefault("DEBUG", "1")
        import django

        django.setup()
        import foiatrack.audit.reconcile  # noqa: F401
    started = time.perf_counter()
    figures = MEASUREMENTS[name]()
    figures["seconds"] = round(time.perf_counter() - started, 3)
    figures["peak_rss_mib"] = own_peak_rss_mib()
    print(json.dumps(figures))


def run_child(name: str) -> dict:
    """One measurement in a fresh interpreter, with its CPU seconds."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", name], stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"{name} failed")
    figures = json.loads(output.strip().splitlines()[-1])
    figures["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    return figures


def main() -> None:
    """Generate the files if needed, run (a) and (b) once each, print the figures."""
    started = time.perf_counter()
    generate()
    size = (OUT / "calls.csv").stat().st_size / 2**20
    print(f"data ready in {time.perf_counter() - started:.1f} s: {OUT} (calls.csv {size:.0f} MiB)")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    results = {name: run_child(name) for name in MEASUREMENTS}
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for name, figures in results.items():
        print(f"{name}: {json.dumps(figures)}")
    plain, ours = results["a_plain_duckdb_group_by"], results["b_reconcile_files"]
    print(f"reconcile_files / plain DuckDB: {ours['seconds'] / plain['seconds']:.1f}× the time")
    assert ours["received_total"] == plain["records"], "both must count every call"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        main()
