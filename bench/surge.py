"""The deadline surge: N commune officers save and submit their monthly form
through the API at once, against antq under `antq serve`'s gunicorn
configuration on PostgreSQL; in the same run, the same load against a floor
view (the same writes, hand-written, no framework) and a bare Django project
(a small JSON view, a one-INSERT view). Prints saves/s, p50/p95/p99, errors
and the ratios, then checks in the database that every acknowledged save is
stored, every acknowledged submission submitted, and the province totals equal
the sum of the values.

    DATABASE_URL=postgres://…/antq_bench python bench/surge.py [--seconds 10] [--officers 8,16,32]

The database is set up from empty (migrate, units, catalogue, one officer and
token per commune of Quảng Ninh). Benchmarks print; they are never tests.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

PROVINCE = "22"
# a starved shared machine imports for longer than gunicorn's 60 s: raise it there
TIMEOUT = os.environ.get("BENCH_GUNICORN_TIMEOUT", "60")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare() -> list[tuple[str, str]]:
    """An empty database made ready: returns (commune code, token) per officer."""
    from antq.accounts.models import Assignment, Role, User
    from antq.accounts.services import token_issue
    from antq.indicators.services import catalogue_load
    from antq.units.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(code=PROVINCE).exists():
        call_command("load_units", verbosity=0)
    catalogue_load()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_bare_row (id bigserial, payload bytea)")
    communes = bench_communes()
    officers = []
    for commune in communes:
        user, made = User.objects.get_or_create(username=f"bench.{commune.code}")
        if made:
            Assignment.objects.create(user=user, role=Role.DATA_ENTRY, unit=commune)
        officers.append((commune.code, token_issue(user=user, name="surge")))
    return officers


def bench_communes() -> list:
    """The officers' communes: one per commune of the province today, founded
    in 2000 (codes 9xxxx, no real unit has them). Saves may not be dated after
    today nor before a unit existed, so a bench that writes a fresh report per
    save needs hundreds of past months: today's communes date from 07/2025."""
    from datetime import date

    from antq.units.models import Unit
    from antq.units.services import unit_refresh_derived, unit_set_path

    province = Unit.objects.get(code=PROVINCE, valid_to__isnull=True)
    count = (
        Unit.objects.filter(parent=province, type="commune", valid_to__isnull=True)
        .exclude(code__startswith="9")
        .count()
    )
    made = []
    for number in range(1, count + 1):
        code = f"9{number:04d}"
        unit = Unit.objects.filter(code=code).first()
        if unit is None:  # as load_units writes communes (no service makes one)
            unit = Unit(
                parent=province, path="", code=code, name=f"Xã Thử Tải {number:02d}",
                type="commune", kind="xa", valid_from=date(2000, 1, 1),
            )  # fmt: skip
            unit_refresh_derived(unit)
            unit.save()
            unit_set_path(unit)
            unit.save(update_fields=["path", "depth", "carrier_path"])
        made.append(unit)
    return made


def form_rows(code: str, period: str) -> list[dict]:
    from antq.indicators.models import ReportForm

    rows = []
    form = ReportForm.objects.get(code="BC-THANG-XA")
    for line in form.lines.select_related("indicator"):
        options = [o["code"] for o in line.indicator.options] or [""]
        for option in options:
            row = {"dataElement": line.indicator.code, "period": period, "orgUnit": code}
            rows.append(row | {"value": "1", **({"categoryOptionCombo": option} if option else {})})
    return rows


FIRST_MONTH = (2000, 1)


def months_available() -> int:
    """Past months from 01/2000 to the last one that has ended."""
    from datetime import date

    today = date.today()
    return (today.year - FIRST_MONTH[0]) * 12 + today.month - FIRST_MONTH[1]


def month(k: int) -> str:
    """The k-th month from 01/2000: every save writes a report of its own, and
    antq takes no period after today (resets between runs keep k small)."""
    if k >= months_available():
        raise ValueError(f"bench month {k} would be after today: reset_months() between runs")
    year, index = divmod(FIRST_MONTH[1] - 1 + k, 12)
    return f"{FIRST_MONTH[0] + year}{index + 1:02d}"


class Server:
    def __init__(self, settings_module: str, wsgi: str, workers: int, root: Path = ROOT):
        self.port = free_port()
        env = dict(os.environ) | {
            "DJANGO_SETTINGS_MODULE": settings_module,
            "ANTQ_DEBUG": "false",
            "ANTQ_SECRET_KEY": secrets.token_urlsafe(50),
            "ANTQ_ALLOWED_HOSTS": "127.0.0.1",
            "ANTQ_API_RATE_PER_MINUTE": "100000",
            "PYTHONWARNINGS": "ignore",
            "PYTHONPATH": str(root),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", wsgi, "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", TIMEOUT, "--log-level", "warning",
             "--preload"],
            cwd=root, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:  # a starved machine: stop it hard
            self.process.kill()
            self.process.wait()


def load(port: int, officers, seconds: float, step, first: int = 0, rate: float = 0) -> dict:
    """Each officer loops `step(connection, officer, k)` for `seconds`; returns
    latencies (of the measured call), errors and acknowledged work.

    `rate` 0: closed loop, each officer starts again as soon as answered (the
    machine's saturation: latency is then queueing, N / throughput by
    Little's law). `rate` > 0: the officers together start `rate` iterations
    a second, each on its own schedule (staggered), starting late ones at
    once: the latency a busy deadline sees below saturation."""
    latencies: list[float] = []
    errors: list[str] = []
    acknowledged: list[tuple] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(officers))

    interval = len(officers) / rate if rate else 0

    def run(j: int, officer) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        barrier.wait()
        begin = time.monotonic()
        end, k = begin + seconds, first
        due = begin + interval * j / len(officers)
        while k == first or time.monotonic() < end:  # at least once
            if interval:
                time.sleep(max(0.0, due - time.monotonic()))
                due += interval
            started = time.perf_counter()
            try:
                outcome = step(conn, officer, k)
            except Exception as exc:  # a hung or dropped call counts as an error
                outcome = f"{type(exc).__name__}: {exc}"
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                if isinstance(outcome, str):
                    errors.append(outcome)
                else:
                    latencies.append(elapsed)
                    acknowledged.append(outcome)
            k += 1

    threads = [threading.Thread(target=run, args=(j, o)) for j, o in enumerate(officers)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    return {"latencies": latencies, "errors": errors, "ack": acknowledged, "wall": wall}


def warm_up(port: int, token: str, workers: int, path: str) -> None:
    """A few calls per worker first: the figures are of a running server, not of
    its first requests (Python imports, URL patterns, connections)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(workers * 6):
        try:
            call(conn, "GET", path, None, token)
        except OSError:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def call(conn, method: str, path: str, body=None, token: str = "") -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def antq_save_and_submit(conn, officer, k):
    code, token = officer
    period = month(k)
    started = time.perf_counter()
    status, body = call(
        conn,
        "POST",
        "/api/v1/statistics/dataValueSets",
        {"dataValues": form_rows(code, period)},
        token,
    )
    saved = time.perf_counter() - started
    if status != 200:
        return f"save {status}: {body[:120]!r}"
    status, body = call(
        conn, "GET", f"/api/v1/statistics/submissions?form=BC-THANG-XA&period={period}", None, token
    )
    found = [s for s in json.loads(body) if s["unit"] == code]
    if status != 200 or not found:
        return f"list {status}"
    status, body = call(
        conn, "POST", f"/api/v1/statistics/submissions/{found[0]['id']}/submit", None, token
    )
    if status != 200:
        return f"submit {status}: {body[:120]!r}"
    return (code, period, saved)


def antq_save_then_submit(conn, officer, k):
    """Two calls: the save answers its report's id, so no find."""
    code, token = officer
    period = month(k)
    started = time.perf_counter()
    status, body = call(
        conn, "POST", "/api/v1/statistics/dataValueSets",
        {"dataValues": form_rows(code, period)}, token,
    )  # fmt: skip
    saved = time.perf_counter() - started
    if status != 200:
        return f"save {status}: {body[:120]!r}"
    report = json.loads(body)["reports"][0]["id"]
    status, body = call(
        conn, "POST", f"/api/v1/statistics/submissions/{report}/submit", None, token
    )
    if status != 200:
        return f"submit {status}: {body[:120]!r}"
    return (code, period, saved)


def antq_save_and_submit_in_one(conn, officer, k):
    """One call: `?submit=true`."""
    code, token = officer
    period = month(k)
    started = time.perf_counter()
    status, body = call(
        conn, "POST", "/api/v1/statistics/dataValueSets?submit=true",
        {"dataValues": form_rows(code, period)}, token,
    )  # fmt: skip
    saved = time.perf_counter() - started
    if status != 200 or json.loads(body)["reports"][0]["status"] != "submitted":
        return f"save+submit {status}: {body[:120]!r}"
    return (code, period, saved)


def floor_save(conn, officer, k):
    """The floor's three calls, like antq's: save, find, submit."""
    code, token = officer
    period = month(k)
    started = time.perf_counter()
    status, body = call(conn, "POST", "/floor/save", {"dataValues": form_rows(code, period)}, token)
    saved = time.perf_counter() - started
    if status != 200:
        return f"floor save {status}: {body[:120]!r}"
    status, body = call(
        conn, "GET", f"/floor/submissions?form=BC-THANG-XA&period={period}", None, token
    )
    found = [s for s in json.loads(body) if s["unit"] == code]
    if status != 200 or not found:
        return f"floor find {status}"
    status, body = call(conn, "POST", f"/floor/submissions/{found[0]['id']}/submit", None, token)
    if status != 200:
        return f"floor submit {status}: {body[:120]!r}"
    return (code, period, saved)


def bare_json(conn, officer, k):
    status, _body = call(conn, "GET", "/hello")
    return () if status == 200 else f"hello {status}"


def bare_insert(conn, officer, k):
    status, _body = call(conn, "POST", "/insert", {"k": k})
    return () if status == 200 else f"insert {status}"


def reset_months() -> None:
    """Every variant writes the same months: start each from none of them."""
    from antq.indicators.models import DataValue, Submission
    from antq.indicators.totals import totals_rebuild

    Submission.objects.filter(unit__code__startswith="9").delete()
    DataValue.objects.filter(unit__code__startswith="9").delete()
    totals_rebuild()


def summary(name: str, n: int, result: dict) -> dict:
    lat = sorted(result["latencies"])
    rate = len(lat) / result["wall"]

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    row = {
        "name": name,
        "n": n,
        "rate": rate,
        "p50": statistics.median(lat) * 1000 if lat else float("nan"),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": len(result["errors"]),
        "save_p95": float("nan"),
    }
    print(
        f"{name:<25} N={n:<3} {rate:8.1f}/s  p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  "
        f"p99 {row['p99']:7.1f} ms  errors {row['errors']}"
        + (f"  first: {result['errors'][0]}" if result["errors"] else "")
    )
    saves = sorted(a[2] for a in result["ack"] if len(a) == 3)
    if saves:
        p95 = saves[min(len(saves) - 1, int(0.95 * len(saves)))] * 1000
        print(f"{'   of which the save':<25}        p50 {statistics.median(saves) * 1000:7.1f} ms  "
              f"p95 {p95:7.1f} ms")  # fmt: skip
        row["save_p95"] = p95
    return row


def verify(acknowledged: list[tuple]) -> None:
    from antq.indicators.models import DataValue, Submission
    from antq.indicators.totals import totals_mismatches

    submitted = set(
        Submission.objects.filter(status="submitted").values_list("unit__code", "period")
    )
    stored = set(DataValue.objects.values_list("unit__code", "period").distinct())
    missing_values = [a for a in acknowledged if a[:2] not in stored]
    not_submitted = [a for a in acknowledged if a[:2] not in submitted]
    mismatches = totals_mismatches()
    print(
        f"verify: {len(acknowledged)} acknowledged submissions; values missing for "
        f"{len(missing_values)}, not submitted {len(not_submitted)}; province totals "
        f"differing from the values: {len(mismatches)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--officers", default="16")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--bare", action="store_true", help="also the bare Django project")
    parser.add_argument("--baseline", help="a checkout of the code before, measured alongside")
    parser.add_argument(
        "--rate",
        type=float,
        default=20,
        help="also each variant paced at this many iterations a second (0: not)",
    )
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("the surge is measured on PostgreSQL: set DATABASE_URL")
    officers = prepare()
    workers = 2 * (os.cpu_count() or 1) + 1
    print(f"{len(officers)} communes of province {PROVINCE}; gunicorn, {workers} sync workers")
    rows = []
    variants = [
        ("floor: save, find, submit", "bench.floor_settings", "antq.wsgi", floor_save),
        ("antq: save, find, submit", "antq.settings", "antq.wsgi", antq_save_and_submit),
        ("antq: save, submit", "antq.settings", "antq.wsgi", antq_save_then_submit),
        ("antq: save?submit=true", "antq.settings", "antq.wsgi", antq_save_and_submit_in_one),
    ]
    if options.baseline:  # another checkout (main before this work), same database
        variants.insert(
            1, ("baseline: save, find, submit", "antq.settings", "antq.wsgi", antq_save_and_submit)
        )
    if options.bare:
        bare = "django.core.wsgi:get_wsgi_application()"
        variants = [
            ("bare Django: JSON", "bench.bare.settings", bare, bare_json),
            ("bare Django: INSERT", "bench.bare.settings", bare, bare_insert),
            *variants,
        ]
    results = []
    for n in [int(x) for x in options.officers.split(",")]:
        group = (officers * (n // len(officers) + 1))[:n]
        for round_ in range(options.rounds):  # interleaved: the load of the machine moves
            for name, settings_module, wsgi, step in variants:
                reset_months()
                root = Path(options.baseline) if name.startswith("baseline") else ROOT
                server = Server(settings_module, wsgi, workers, root)
                try:
                    path = "/hello" if settings_module.startswith("bench.bare") else "/api/v1/units"
                    warm_up(server.port, group[0][1], workers, path)
                    # every worker through the measured path once (imports, catalogue)
                    load(server.port, group, 0.001, step, first=months_available() - 1)
                    result = load(server.port, group, options.seconds, step)
                    row = summary(f"{name} #{round_ + 1}", n, result)
                    rows.append(row | {"variant": name, "round": round_})
                    verify(result["ack"])
                    if options.rate:  # the same server, paced below saturation
                        reset_months()
                        paced = load(server.port, group, options.seconds, step, rate=options.rate)
                        label = f"{name} at {options.rate:g}/s"
                        row = summary(f"{label} #{round_ + 1}", n, paced)
                        rows.append(row | {"variant": label, "round": round_})
                        verify(paced["ack"])
                finally:
                    server.stop()
        by: dict[str, list] = {}
        for row in rows:
            if row["n"] == n:
                by.setdefault(row["variant"], []).append(row)
        floor = statistics.median(r["rate"] for r in by["floor: save, find, submit"])
        # closed loop first (throughput against the floor), then paced (latency)
        for name, found in sorted(by.items(), key=lambda item: " at " in item[0]):
            rate = statistics.median(r["rate"] for r in found)
            save_p95 = statistics.median(r["save_p95"] for r in found)
            print(f"  N={n}: {name:<28} {rate:6.1f}/s  {rate / floor:5.0%} of the floor  "
                  f"save p95 {save_p95:6.1f} ms")  # fmt: skip
            results.append(
                {"measure": f"surge N={n}: {name}", "n": n, "rate": rate, "floor": floor,
                 "ratio": rate / floor, "save_p95_ms": save_p95}
            )  # fmt: skip
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "surge.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
