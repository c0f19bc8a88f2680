"""What users run, end to end (issue 16), each once, each in its own process:

- `manage.py link_files calls.csv incidents.csv --json` on bench_linkage's SYNTHETIC 1 M
  calls × 300 k reports (audit of both files with a Parquet copy, key check, link);
- a `LinkRun` task (`link_run_execute`) between the same two files already uploaded and
  audited (so reading their Parquet copies), in a SQLite database and media root under
  benchmarks/out/endtoend/ made by a setup child (not timed);
- the baseline of both: DuckDB reading the two CSVs, normalising the keys (the same
  link_key macro) and joining, counting linked rows on each side;
- the keyless probabilistic link (time + place + type) on the same two Parquet copies,
  scored against bench_linkage's truth.parquet (targets: precision >= 0.99, recall >= 0.97;
  splink's figures are bench_linkage's (d));
- `manage.py audit_file --json` against `pyarrow.csv.read_csv` on bench_audit's SYNTHETIC
  calls file at 1 M, 3 M and 6.6 M rows.

Wall seconds are timed in the child around the work (imports and Django setup not); CPU
seconds and peak memory (VmHWM, benchmarks/memory.py) are the child's own. The load
average is printed beside each figure: the machine may be shared.
`BENCH_E2E_SIZES=1000000` limits the audit sizes.
"""

# SQL here holds only our own file paths and column names.
# ruff: noqa: S608

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "endtoend"
LINK_OUT = ROOT / "benchmarks" / "out" / "linkage"
AUDIT_OUT = ROOT / "benchmarks" / "out"
SIZES = [int(n) for n in os.environ.get("BENCH_E2E_SIZES", "1000000,3000000,6600000").split(",")]
CALLS, INCIDENTS = LINK_OUT / "calls.csv", LINK_OUT / "incidents.csv"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foiatrack.settings")
    os.environ["DEBUG"] = "0"
    os.environ.pop("REDIS_URL", None)  # tasks in-process: the figure is the work, no broker
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ["DATABASE_URL"] = f"sqlite:///{OUT / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(OUT / "media")
    import django

    django.setup()


def baseline() -> dict:
    """DuckDB reads both CSVs, normalises the keys with the link_key macro, joins."""
    from foiatrack.audit.link_sql import connect

    row = (
        connect()
        .execute(
            f"""
        WITH calls AS (SELECT link_key("RD #") AS k FROM read_csv('{CALLS}', all_varchar = true)),
             reports AS (SELECT link_key("Case Number") AS k
                         FROM read_csv('{INCIDENTS}', all_varchar = true))
        SELECT (SELECT count(*) FROM calls WHERE k IN (SELECT k FROM reports)),
               (SELECT count(*) FROM reports WHERE k IN (SELECT k FROM calls))
        """
        )
        .fetchone()
    )
    return {"linked_left": row[0], "linked_right": row[1]}


def link_files() -> dict:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("link_files", str(CALLS), str(INCIDENTS), "--json", stdout=out)
    result = json.loads(out.getvalue())
    return {k: result[k] for k in ("left_rows", "right_rows", "linked_left", "linked_right")}


def setup_tables() -> dict:
    """Not timed as a measurement: a fresh database, the two files uploaded and audited."""
    import shutil

    from django.core.management import call_command

    from foiatrack.received.auditing import table_audit
    from foiatrack.received.uploads import received_file_create

    call_command("migrate", verbosity=0)
    ids = []
    for path in (CALLS, INCIDENTS):
        with path.open("rb") as handle:
            chunks = iter(lambda: handle.read(1 << 20), b"")
            received, _ = received_file_create(chunks=chunks, original_name=path.name)
        table = received.tables.get()
        table_audit(table_id=table.id)
        table.refresh_from_db()
        ids.append(table.id)
        assert table.columnar_name, table.error_message
    shutil.rmtree(OUT / "duckdb", ignore_errors=True)
    return {"tables": ids}


def link_run() -> dict:
    from foiatrack.pipeline.linkruns import link_run_create, link_run_execute
    from foiatrack.pipeline.models import LinkRun
    from foiatrack.received.models import Table

    left, right = Table.objects.order_by("id")[:2]
    run = link_run_create(left_table=left, right_table=right)
    link_run_execute(run_id=run.id)
    run = LinkRun.objects.get(id=run.id)
    return {
        "status": run.status,
        "left_rows": run.left_rows,
        "right_rows": run.right_rows,
        "linked_left": run.linked_left,
        "linked_right": run.linked_right,
    }


def probabilistic_on_copies() -> dict:
    """The keyless link (time + place + type) read from the two tables' Parquet copies."""
    from benchmarks.bench_linkage import _precision_recall
    from foiatrack.audit.linkage import LinkSide, link_tables
    from foiatrack.received.columnar import columnar_path
    from foiatrack.received.models import Table

    calls, incidents = (str(columnar_path(t)) for t in Table.objects.order_by("id")[:2])
    result = link_tables(
        LinkSide(
            calls,
            timestamp="Date",
            places={"district": "District", "beat": "Beat", "address": "Address"},
            type_column="Type",
        ),
        LinkSide(
            incidents,
            timestamp="Date",
            places={"district": "District", "beat": "Beat", "block": "Block"},
            type_column="Primary Type",
        ),
        method="probabilistic",
        keep_pairs=True,
    )
    figures = {"linked_left": result.linked_left, "linked_right": result.linked_right}
    figures.update(_precision_recall(result.pairs.select(["left_row", "right_row"])))
    return figures


def read_csv(path: str) -> dict:
    import pyarrow.csv as pacsv

    return {"rows": pacsv.read_csv(path).num_rows}


def audit_file(path: str) -> dict:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("audit_file", path, "--json", stdout=out)
    return {"rows": json.loads(out.getvalue())["tables"][0]["rows"]}


CHILDREN = {
    "baseline": baseline,
    "link_files": link_files,
    "setup_tables": setup_tables,
    "link_run": link_run,
    "probabilistic": probabilistic_on_copies,
    "read_csv": read_csv,
    "audit_file": audit_file,
}
NEEDS_DJANGO = {"link_files", "setup_tables", "link_run", "probabilistic", "audit_file"}


def _child(name: str, *args: str) -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.memory import own_peak_rss_mib

    if name in NEEDS_DJANGO:
        _django()
    import foiatrack.audit.linkage  # noqa: F401  imports are not part of the work timed

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    figures = CHILDREN[name](*args)
    figures["seconds"] = round(time.perf_counter() - started, 3)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    figures["cpu_seconds"] = round(cpu, 2)
    figures["peak_rss_mib"] = own_peak_rss_mib()
    print(json.dumps(figures))


def _run(name: str, *args: str) -> dict:
    load = os.getloadavg()[0]
    result = subprocess.run(
        [sys.executable, __file__, "--child", name, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode:
        return {"error": result.stderr.strip().splitlines()[-1:], "load": load}
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["load_before"] = round(load, 1)
    return figures


def _prepare() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks import bench_audit, bench_linkage

    bench_linkage.generate()
    for rows in SIZES:
        path = AUDIT_OUT / f"calls_{rows}.csv"
        if not path.exists():
            bench_audit.generate(path, rows)
    import shutil

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)


def _ratio(ours: dict, base: dict) -> str:
    if "seconds" not in ours or "seconds" not in base:
        return "n/a"
    wall = ours["seconds"] / base["seconds"]
    cpu = ours["cpu_seconds"] / max(base["cpu_seconds"], 0.01)
    return f"{wall:.2f}x wall, {cpu:.2f}x CPU"


def main() -> None:
    """Generate inputs (if missing), run each measurement once, print figures and ratios."""
    _prepare()
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()}")
    results = {"baseline": _run("baseline"), "link_files": _run("link_files")}
    results["setup_tables"] = _run("setup_tables")
    results["link_run"] = _run("link_run")
    results["probabilistic"] = _run("probabilistic")
    for name, figures in results.items():
        print(f"{name}: {json.dumps(figures)}")
    base = results["baseline"]
    print(f"link_files vs baseline: {_ratio(results['link_files'], base)} (target <= 2x, < 1 GiB)")
    print(f"LinkRun vs baseline: {_ratio(results['link_run'], base)} (target <= 1x, < 1 GiB)")
    for rows in SIZES:
        path = str(AUDIT_OUT / f"calls_{rows}.csv")
        read, audit = _run("read_csv", path), _run("audit_file", path)
        print(f"{rows:,} rows: read_csv {json.dumps(read)}")
        print(f"{rows:,} rows: audit_file {json.dumps(audit)}")
        print(f"{rows:,} rows: audit_file vs read: {_ratio(audit, read)} (target <= 2x, < 1 GiB)")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        _child(sys.argv[2], *sys.argv[3:])
    else:
        main()
