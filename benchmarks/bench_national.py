"""National scale: every public page and API list at 16 clients against gunicorn, on the
database of benchmarks/national_db.py (18,000 agencies, 3,000 jurisdictions, 100,000
requests, 20,000 audited tables; all SYNTHETIC), cache cold and warm apart; the coverage
rebuild after one audit; the staff dashboard and request list; queries per page at that
size and at a tenth of it (they must be equal).

Cold: every request carries a query string of its own (`_cold=N`), so it misses the
public cache and the page is rendered from stored rows. Warm: the plain addresses, after
each gunicorn worker has served each once. Each client is bounded by
BENCH_NATIONAL_REQUESTS requests and BENCH_NATIONAL_SECONDS seconds per phase.

BENCH_NATIONAL_REUSE=1 keeps the two databases of an earlier run instead of generating
them again (about 3 minutes). Targets: public p95 < 50 ms at 16 clients; the rebuild
after one audit < 1 s and only its jurisdiction; dashboard and request list < 200 ms.
"""

import json
import os
import subprocess
import sys
import time

from benchmarks import national_db
from benchmarks.bench_pages import _free_port, _percentile

CLIENTS = int(os.environ.get("BENCH_NATIONAL_CLIENTS", "16"))
REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_NATIONAL_REQUESTS", "200"))
SECONDS = float(os.environ.get("BENCH_NATIONAL_SECONDS", "30"))
WORKERS = 2 * (os.cpu_count() or 1) + 1
SMALL_DB = "foiatrack_bench_national_small"
SMALL_SCALE = 0.1


def public_urls() -> list[str]:
    """Every public page and API list, and one detail page of each kind."""
    from foiatrack.foia.models import Agency, FoiaRequest
    from foiatrack.received.models import Table

    table = Table.objects.filter(status="done").order_by("id").values_list("id", flat=True)[0]
    agency = Agency.objects.order_by("id").values_list("slug", flat=True)[0]
    public = FoiaRequest.objects.filter(is_public=True).order_by("id").values_list("id", flat=True)
    return [
        "/",
        "/gaps/",
        "/gaps/matrix/",
        "/gaps/jurisdictions/chicago/",
        "/gaps/datasets/",
        f"/gaps/datasets/{table}/",
        "/gaps/funnel/",
        "/gaps/agencies/",
        "/gaps/requests/",
        "/agencies/",
        f"/agencies/{agency}/",
        "/public/requests/",
        "/api/v1/jurisdictions/",
        "/api/v1/agencies/",
        "/api/v1/datasets/",
        "/api/v1/public/requests/",
        f"/api/v1/public/requests/{public[0]}/",
        "/api/v1/coverage/",
        "/api/v1/funnel/",
    ]


# --- In a Django process on one database ---------------------------------------------


def _staff_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="bench0"))
    return client


def _timed(client, url: str, runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"p50": sorted(times)[len(times) // 2], "p95": _percentile(times, 0.95)}


def _query_counts(urls: list[str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    anonymous, staff = Client(HTTP_HOST="127.0.0.1"), _staff_client()
    for url in urls:
        client = staff if url.startswith("/foia/") else anonymous
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"_count": "1"})  # a cache miss: the real work
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(captured)
    return counts


def _rebuild_after_audit() -> dict:
    """Re-audit one table (as the audit's save does: a new time) and time the rebuild
    its hook runs; count the cells of other places that changed (must be 0)."""
    from django.utils import timezone

    from foiatrack.pipeline.coverage.partial import table_jurisdictions
    from foiatrack.pipeline.models import CoverageCell
    from foiatrack.pipeline.services import coverage_recompute_after_audit
    from foiatrack.received.models import Table

    table = Table.objects.filter(status="done").order_by("-id").first()
    places = table_jurisdictions(table.id)
    before = CoverageCell.objects.exclude(jurisdiction_id__in=places).order_by("-computed_at")
    stamp = before.values_list("computed_at", flat=True).first()
    Table.objects.filter(id=table.id).update(audited_at=timezone.now())
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        coverage_recompute_after_audit(table_id=table.id)
        timings.append(time.perf_counter() - started)
    others = CoverageCell.objects.exclude(jurisdiction_id__in=places)
    touched = others.filter(computed_at__gt=stamp).count()
    mine = CoverageCell.objects.filter(jurisdiction_id__in=places).count()
    return {"seconds": timings, "cells_rebuilt": mine, "other_cells_touched": touched}


def measure_in_process() -> None:
    """Print one JSON line: query counts, staff pages, the rebuild after an audit."""
    import django

    django.setup()
    urls = public_urls()
    staff_urls = ["/foia/", "/foia/requests/", "/foia/requests/?page=20"]
    result = {"queries": _query_counts(urls + staff_urls)}
    staff = _staff_client()
    result["staff"] = {url: _timed(staff, url, 10) for url in staff_urls}
    if "--rebuild" in sys.argv:
        result["rebuild"] = _rebuild_after_audit()
    result["urls"] = urls
    print(json.dumps(result))


# --- Driving gunicorn ----------------------------------------------------------------


def _wait_until_up(port: int, url: str, timeout: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", url)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def _client(port, urls, offset, stop_at, cold, samples, errors):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for n in range(REQUESTS_PER_CLIENT):
        if time.monotonic() > stop_at:
            break
        url = urls[(offset + n) % len(urls)]
        address = f"{url}{'&' if '?' in url else '?'}_cold={offset}-{n}" if cold else url
        started = time.perf_counter()
        try:
            connection.request("GET", address)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        if ok:
            samples[url].append((time.perf_counter() - started) * 1000)
        else:
            errors[url] += 1
    connection.close()


def _load(port: int, urls: list[str], cold: bool) -> dict:
    import http.client
    import threading

    if not cold:  # every worker serves every page once
        for url in urls:
            for _ in range(2 * WORKERS):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", url)
                connection.getresponse().read()
                connection.close()
    samples = {url: [] for url in urls}
    errors = dict.fromkeys(urls, 0)
    stop_at = time.monotonic() + SECONDS
    started = time.perf_counter()
    threads = [
        threading.Thread(target=_client, args=(port, urls, n, stop_at, cold, samples, errors))
        for n in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"samples": samples, "errors": errors, "seconds": time.perf_counter() - started}


def _report(title: str, measured: dict) -> None:
    print(f"-- {title}: {CLIENTS} clients, {WORKERS} gunicorn workers")
    print("| address | requests | errors | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    everything = []
    for url, values in measured["samples"].items():
        everything += values
        errors = measured["errors"][url]
        if values:
            p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
            print(f"| `{url}` | {len(values)} | {errors} | {p50:.1f} | {p95:.1f} |")
        else:
            print(f"| `{url}` | 0 | {errors} | — | — |")
    if everything:
        print(
            f"| all | {len(everything)} | {sum(measured['errors'].values())} | "
            f"{_percentile(everything, 0.5):.1f} | {_percentile(everything, 0.95):.1f} |"
        )
        print(f"{len(everything) / measured['seconds']:.0f} requests/s")


def _in_process(url: str, rebuild: bool) -> dict:
    command = [sys.executable, "-m", "benchmarks.bench_national", "--measure"]
    done = subprocess.run(
        command + (["--rebuild"] if rebuild else []),
        cwd=national_db.ROOT,
        env=national_db.django_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    big_url = national_db.database_url(national_db.DEFAULT_DB)
    small_url = national_db.database_url(SMALL_DB)
    if os.environ.get("BENCH_NATIONAL_REUSE") != "1":
        national_db.generate(national_db.DEFAULT_DB, 1.0)
        national_db.generate(SMALL_DB, SMALL_SCALE)
    print(f"load average at the start: {os.getloadavg()} (the machine is shared)")
    if os.environ.get("BENCH_NATIONAL_ONLY_LOAD") == "1":  # the in-process part done before
        _serve(big_url, _urls_of(big_url))
        return
    small = _in_process(small_url, rebuild=False)
    big = _in_process(big_url, rebuild=True)
    print("| address | queries at 1/10 size | queries at national size |")
    print("|---|---:|---:|")
    for url, count in big["queries"].items():
        print(f"| `{url}` | {small['queries'].get(url)} | {count} |")
    for url, figures in big["staff"].items():
        print(f"staff {url}: p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms (1 client)")
    rebuild = big["rebuild"]
    print(
        "rebuild after one audit: "
        + ", ".join(f"{s:.2f} s" for s in rebuild["seconds"])
        + f"; {rebuild['cells_rebuilt']} cells of its places rebuilt, "
        f"{rebuild['other_cells_touched']} cells of other places touched"
    )
    _serve(big_url, big["urls"])


def _urls_of(url: str) -> list[str]:
    code = (
        "import django, json; django.setup(); "
        "from benchmarks.bench_national import public_urls; print(json.dumps(public_urls()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=national_db.ROOT,
        env=national_db.django_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _serve(big_url: str, urls: list[str]) -> None:
    """Serve the national database with gunicorn; drive it cold, then warm."""
    env = national_db.django_env(big_url) | {"API_ANON_RATE": "1000000/minute"}
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "foiatrack.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=national_db.ROOT,
        env=env,
    )
    try:
        _wait_until_up(port, "/deadline/")
        print(f"load average before the load: {os.getloadavg()[0]:.1f}")
        _report("cache cold (every request a miss)", _load(port, urls, cold=True))
        _report("cache warm", _load(port, urls, cold=False))
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    if "--measure" in sys.argv:
        measure_in_process()
    else:
        main()
