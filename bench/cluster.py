"""`make cluster-check`: the deadline surge through HAProxy on the cluster of
`make cluster`, while, in order, an app node is killed, a worker node is
killed and the PostgreSQL primary is stopped. Writes var/bench/cluster.json.

    python bench/cluster.py [--seconds 90] [--officers 8] [--readers 4]

Officers of Quảng Ninh's communes (one per commune) save their monthly form
through `POST /api/v1/statistics/dataValueSets` as fast as they can; a 503
or 502 is sent again after its Retry-After, as docs/api.md tells clients to.
Readers (a province viewer's token, and the public page) read at the same
time. First, the same saves with one app node and with two (the other taken
out of HAProxy), for the throughput ratio. Jobs are queued just before the
worker node dies: the one it was running is reaped and run again elsewhere.

Afterwards, on the primary: every acknowledged save is stored (lost = 0),
the province totals equal the values, each job ran to its end once.
Benchmarks print; they are never tests.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "cluster"))
sys.path.insert(0, str(ROOT))
import local as cluster  # noqa: E402  (deploy/cluster/local.py)

if cluster.running("haproxy") is None:
    sys.exit("cluster-check: the cluster is not up (make cluster)")
# this process talks to the primary directly, as a node would without a standby
os.environ.update(cluster.node_environment(ANTQ_STANDBY_URL="", ANTQ_PGBOUNCER="false"))
os.environ["DATABASE_URL"] = cluster.database_urls()["PRIMARY_URL"]
os.environ.pop("ANTQ_REDIS_URL", None)

from bench import surge  # noqa: E402  (sets Django up)

T = cluster.T
WEB = (T["HAPROXY_ADDR"], int(T["HAPROXY_WEB_PORT"]))
OUT = ROOT / "var" / "bench" / "cluster.json"
JOB_RUNNER = "bench.cluster_jobs.slow_job"


# -- the clients -------------------------------------------------------------


class Record:
    def __init__(self):
        self.lock = threading.Lock()
        self.saves: list[dict] = []  # one per save: started, finished, ok, attempts
        self.answers: dict[int, int] = {}  # status → count, over every call
        self.reads: list[tuple[float, str, int]] = []  # (time, served by, status)
        self.began = time.monotonic()
        self.server_errors: list[dict] = []  # what a 500 answered, to find its cause

    def answer(self, status: int, path: str = "", body: bytes = b"") -> None:
        with self.lock:
            self.answers[status] = self.answers.get(status, 0) + 1
            if status >= 500 and status != 503:
                self.server_errors.append(
                    {"at_s": round(time.monotonic() - self.began, 1), "status": status,
                     "path": path, "body": body[:400].decode("utf-8", "replace")}
                )  # fmt: skip


def _connection():
    return http.client.HTTPConnection(*WEB, timeout=70)


def _call(conn, method, path, body=None, token=""):
    headers = {"Content-Type": "application/json", "Host": T["HAPROXY_ADDR"]}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    return response.status, response.read(), response


def officer(record: Record, who, until: float, start_k: int, stop: threading.Event, rows):
    code, token = who
    conn, k = _connection(), start_k
    while time.monotonic() < until and not stop.is_set():
        period = surge.month(k % surge.months_available())  # a long surge comes round again
        payload = {"dataValues": [r | {"period": period, "value": str(k + 1)} for r in rows]}
        started, attempts, ok = time.monotonic(), 0, False
        while time.monotonic() < until + 30 and attempts < 12:
            attempts += 1
            try:
                status, _body, response = _call(
                    conn, "POST", "/api/v1/statistics/dataValueSets", payload, token
                )
            except (OSError, http.client.HTTPException):
                status, _body, response = 0, b"", None
                conn = _connection()
            record.answer(status, "POST /api/v1/statistics/dataValueSets", _body)
            if status == 200:
                ok = True
                break
            wait = 1.0
            if response is not None and response.getheader("Retry-After", "").isdigit():
                wait = min(5.0, float(response.getheader("Retry-After")))
            time.sleep(wait)
        with record.lock:
            record.saves.append(
                {"code": code, "period": period, "value": k + 1, "started": started,
                 "finished": time.monotonic(), "ok": ok, "attempts": attempts}
            )  # fmt: skip
        k += 1


def reader(record: Record, token: str, until: float, stop: threading.Event) -> None:
    conn = _connection()
    paths = [
        (f"/api/v1/statistics/submissions?form=BC-THANG-XA&period={surge.month(0)}", token),
        (f"/cong-khai/{surge.PROVINCE}/", ""),
    ]
    i = 0
    while time.monotonic() < until and not stop.is_set():
        path, tok = paths[i % len(paths)]
        i += 1
        try:
            status, body, response = _call(conn, "GET", path, None, tok)
            served = response.getheader("X-Antq-Read", "?")
        except (OSError, http.client.HTTPException):
            status, body, served = 0, b"", "?"
            conn = _connection()
        record.answer(status, f"GET {path}", body)
        with record.lock:
            record.reads.append((time.monotonic(), served, status))
        time.sleep(0.05 if status == 200 else 1.0)


# -- HAProxy's admin socket ----------------------------------------------------


def haproxy(command: str) -> str:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(cluster.STATE / "haproxy" / "admin.sock"))
        sock.sendall(command.encode() + b"\n")
        return sock.recv(65536).decode()


# -- the run -------------------------------------------------------------------


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p * len(values)))] * 1000, 1)


def window(record: Record, start: float, end: float) -> dict:
    """p50/p95 (ms) of the saves acknowledged in [start, end) and their count."""
    took = [s["finished"] - s["started"] for s in record.saves
            if s["ok"] and start <= s["finished"] < end]  # fmt: skip
    return {
        "saves": len(took),
        "p50_ms": round(statistics.median(took) * 1000, 1) if took else None,
        "p95_ms": pct(took, 0.95),
    }


def prepare_reader() -> str:
    from antq.accounts.models import Assignment, Role, User
    from antq.accounts.services import token_issue
    from antq.units.models import Unit

    province = Unit.objects.get(code=surge.PROVINCE, valid_to__isnull=True)
    user, made = User.objects.get_or_create(username="bench.viewer")
    if made:
        Assignment.objects.create(user=user, role=Role.VIEWER, unit=province)
    return token_issue(user=user, name="cluster")


def queue_jobs(count: int) -> list[int]:
    from antq.core.actors import SystemActor
    from antq.core.jobs import job_enqueue

    return [
        job_enqueue(kind="bench", label=f"bench-{i}", by=SystemActor("bench"), runner=JOB_RUNNER).pk
        for i in range(count)
    ]


def stop_primary() -> str | None:
    name = cluster.leader()
    if name is None:
        return None
    cluster.kill(name)  # Patroni and its PostgreSQL: the machine is gone
    data = cluster.STATE / name / "data"
    subprocess.run(
        ["runuser", "-u", "postgres", "--", f"{cluster.pg_bin()}/pg_ctl", "-D", str(data),
         "-m", "immediate", "stop"],
        capture_output=True,
    )  # fmt: skip
    return name


def verify(record: Record, job_ids: list[int]) -> dict:
    from django.db import connection
    from django.db.models import Count

    from antq.core.models import Job
    from antq.indicators.models import DataValue
    from antq.indicators.totals import totals_mismatches

    connection.close()
    acknowledged = [s for s in record.saves if s["ok"]]
    stored = {}
    for code, period, value in DataValue.objects.filter(
        unit__code__in={s["code"] for s in acknowledged}
    ).values_list("unit__code", "period", "value"):
        stored.setdefault((code, period), set()).add(int(value))
    # A month comes round again in a long surge: an acknowledged save is lost
    # unless its value is stored or a later save of the same report (by the
    # same officer, one at a time; acknowledged or not, since an answer can be
    # cut off after the commit) replaced it.
    later, replaced_by = {}, {}
    for save in sorted(record.saves, key=lambda s: s["started"], reverse=True):
        key = (save["code"], save["period"])
        replaced_by[id(save)] = set(later.get(key, ()))
        later.setdefault(key, set()).add(save["value"])
    lost = [
        s
        for s in acknowledged
        if not (stored.get((s["code"], s["period"]), set()) & ({s["value"]} | replaced_by[id(s)]))
    ]
    all_jobs = Job.objects.filter(kind="bench")
    with connection.cursor() as cursor:
        cursor.execute("SELECT label, count(*) FROM bench_job_run GROUP BY label")
        runs = dict(cursor.fetchall())
    labels = {j.label for j in all_jobs}
    return {
        "lost": len(lost),
        "lost_examples": lost[:5],
        "province_totals_equal_values": not totals_mismatches(),
        "jobs": {
            "queued": len(job_ids),
            "reaped_and_queued_again": all_jobs.filter(retry_of__isnull=False).count(),
            "labels_finished": sum(1 for label in labels if runs.get(label)),
            "labels_run_twice_to_the_end": sum(1 for n in runs.values() if n > 1),
            "still_running_or_queued": all_jobs.filter(status__in=["queued", "running"]).count(),
            "done_by_worker": dict(
                Job.objects.filter(kind="bench", status="done")
                .values_list("worker")
                .annotate(n=Count("id"))
            ),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--officers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--ratio-seconds", type=float, default=12)
    options = parser.parse_args()
    from django.db import connection

    print("cluster-check: preparing (units, catalogue, officers) on the primary", flush=True)
    officers = surge.prepare()[: options.officers]
    reader_token = prepare_reader()
    rows = [
        {k: v for k, v in r.items() if k not in {"period", "value"}}
        for r in surge.form_rows(officers[0][0], surge.month(0))
    ]
    rows_for = {}
    for code, _token in officers:
        rows_for[code] = [r | {"orgUnit": code} for r in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_job_run (id bigserial, label text, worker text)"
        )
    surge.reset_months()
    connection.close()

    def per_officer(k0):
        return [(who, rows_for[who[0]], k0) for who in officers]

    # throughput: 1 app node, then 2 (warmed up by the first)
    results = {}
    for nodes, k0 in ((1, 0), (2, 60)):
        haproxy(("disable" if nodes == 1 else "enable") + " server app/app2")
        time.sleep(2.5)
        record = Record()
        stop = threading.Event()
        until = time.monotonic() + options.ratio_seconds
        threads = [
            threading.Thread(target=officer, args=(record, who, until, k, stop, r))
            for who, r, k in per_officer(k0)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ok = [s for s in record.saves if s["ok"]]
        results[nodes] = {
            "saves_per_s": round(len(ok) / (time.monotonic() - began), 1),
            "p50_ms": window(record, 0, float("inf"))["p50_ms"],
            "p95_ms": window(record, 0, float("inf"))["p95_ms"],
        }
        print(f"  {nodes} app node(s): {results[nodes]}", flush=True)
    haproxy("enable server app/app2")
    time.sleep(2.5)

    s = options.seconds
    job_ids: list[int] = []

    def kill_app():
        cluster.kill("app2")

    def kill_worker():
        from antq.core.models import Job

        job_ids.extend(queue_jobs(12))
        for _ in range(100):  # until the worker node is in the middle of one
            if Job.objects.filter(kind="bench", status="running", worker__startswith="worker-1:"):
                break
            time.sleep(0.1)
        time.sleep(0.3)
        cluster.kill("worker1")

    stopped = {}

    def kill_primary():
        stopped["name"] = stop_primary()

    print(f"cluster-check: the surge, {s:.0f} s, {len(officers)} officers, "
          f"{options.readers} readers", flush=True)  # fmt: skip
    big_k = 120
    record = Record()
    stop = threading.Event()
    began = time.monotonic()
    until = began + s
    threads = [
        threading.Thread(target=officer, args=(record, who, until, big_k, stop, r))
        for who, r, _k in per_officer(big_k)
    ]
    threads += [
        threading.Thread(target=reader, args=(record, reader_token, until, stop))
        for _ in range(options.readers)
    ]
    for thread in threads:
        thread.start()
    happened = {}
    for at, name, action in (
        (0.2 * s, "kill app node app2 (SIGKILL)", kill_app),
        (0.4 * s, "kill worker node worker1 (SIGKILL)", kill_worker),
        (0.65 * s, "stop the PostgreSQL primary (Patroni and PostgreSQL killed)", kill_primary),
    ):
        delay = began + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        happened[name] = time.monotonic()
        action()
        print(f"  t={happened[name] - began:5.1f} s  {name}", flush=True)
    for thread in threads:
        thread.join()
    ended = time.monotonic()

    # writes succeed again: the first save sent after the primary stopped
    # that was acknowledged (one sent before may have committed before the stop)
    primary_stop = list(happened.values())[2]
    after = [x["finished"] for x in record.saves if x["ok"] and x["started"] > primary_stop]
    first_ok = min(after) if after else None
    recovery = round(first_ok - primary_stop, 1) if first_ok else None
    new_leader = None
    for _ in range(40):
        new_leader = cluster.leader()
        if new_leader:
            break
        time.sleep(0.5)

    # the jobs: wait for the reaped one to run again
    from antq.core.models import Job

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if not Job.objects.filter(kind="bench", status__in=["queued", "running"]).exists():
                break
        except Exception:
            connection.close()
        time.sleep(1)

    faults = {}
    names = list(happened)
    bounds = [began, *happened.values(), ended]
    for i, name in enumerate(names):
        at = happened[name]
        settle = 10.0 if i < 2 else (recovery or 10.0) + 2
        faults[name] = {
            "at_s": round(at - began, 1),
            "before": window(record, bounds[i], at),
            "during": window(record, at, at + settle),
            "after": window(record, at + settle, bounds[i + 2]),
        }
    reads = record.reads
    served = [r for r in reads if r[2] == 200]
    by_standby = [r for r in served if r[1] == "standby"]
    before_primary = [r for r in served if r[0] < primary_stop]
    facts = verify(record, job_ids)
    attempted = len(record.saves)
    ok = sum(1 for x in record.saves if x["ok"])
    report = {
        "seconds": s,
        "officers": len(officers),
        "values_per_save": len(rows),
        "saves": {
            "attempted": attempted,
            "ok": ok,
            "failed": attempted - ok,
            "lost": facts["lost"],
            "sent_again_after_an_error": sum(x["attempts"] - 1 for x in record.saves),
        },
        "answers": {str(k): v for k, v in sorted(record.answers.items())},
        "server_errors_500": record.answers.get(500, 0),
        "server_errors": record.server_errors[:10],
        "province_totals_equal_values": facts["province_totals_equal_values"],
        "primary_stopped": stopped.get("name"),
        "new_primary": new_leader,
        "seconds_until_writes_succeed_after_primary_stops": recovery,
        "reads": {
            "answered": len(served),
            "served_by_standby_share": round(len(by_standby) / len(served), 3) if served else None,
            "served_by_standby_share_before_primary_stop": (
                round(sum(1 for r in before_primary if r[1] == "standby") / len(before_primary), 3)
                if before_primary
                else None
            ),
        },
        "faults": faults,
        "throughput_saves_per_s": {"1 node": results[1], "2 nodes": results[2]},
        "jobs": facts["jobs"],
        "lost_examples": facts["lost_examples"],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps({k: v for k, v in report.items() if k != "lost_examples"}, indent=2))
    print(f"written: {OUT.relative_to(ROOT)}")
    good = (
        facts["lost"] == 0
        and record.answers.get(500, 0) == 0
        and facts["province_totals_equal_values"]
        and recovery is not None
        and recovery < 30
    )
    print("cluster-check: " + ("PASS" if good else "FAIL"))
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
