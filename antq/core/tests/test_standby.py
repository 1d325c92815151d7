"""On a real PostgreSQL primary and a real streaming hot standby (made here
with initdb and pg_basebackup, on loopback ports): GET requests read from the
standby; a client who has just written reads its own write from the
primary; a standby that lags or is gone is not used; and workers in two
processes claim queued tasks with SKIP LOCKED, so none runs twice.

Skipped, with the reason, where PostgreSQL's server programs are absent or
cannot be run (they refuse root, so root runs them as `postgres`)."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
PG_BIN = BINS[-1] if BINS else None


def _why_not() -> str | None:
    if PG_BIN is None or not (PG_BIN / "pg_basebackup").exists():
        return "PostgreSQL's server programs are not installed (apt-get install postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser is needed to run PostgreSQL as postgres"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres account to run the servers as"
    return None


pytestmark = [
    pytest.mark.skipif(_why_not() is not None, reason=_why_not() or ""),
    pytest.mark.real_clock,
]


def _free_port() -> int:
    for port in range(24000, 24900):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 24000-24899")


def _as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, **kwargs)


class Pair:
    """A primary and its streaming standby, trust on 127.0.0.1 only."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="antq-standby-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.primary_port = _free_port()
        primary = self.dir / "primary"
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self._start(primary, self.primary_port)
        self.standby_port = _free_port()
        standby = self.dir / "standby"
        _as_postgres(
            str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port),
            "-U", "postgres", "-D", str(standby), "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        self._start(standby, self.standby_port)
        self.primary, self.standby = primary, standby

    def _start(self, data: Path, port: int) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {self.dir} -c fsync=off "
            "-c wal_level=replica -c max_wal_senders=4 -c hot_standby=on "
            "-c wal_receiver_status_interval=1s"
        )
        _as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(data) + ".log", "-w",
            "-o", options, "start",
        )  # fmt: skip

    def url(self, port: int, name: str = "antq") -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{name}"

    def stop(self, data: Path) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")

    def close(self) -> None:
        for data in (self.standby, self.primary):
            with contextlib.suppress(subprocess.CalledProcessError):  # stopped by a test
                self.stop(data)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def pair():
    made = Pair()
    try:
        subprocess.run(
            [PG_BIN / "psql", made.url(made.primary_port, "postgres"), "-qc",
             "CREATE DATABASE antq"],
            check=True, capture_output=True,
        )  # fmt: skip
        yield made
    finally:
        made.close()


def _run(pair: Pair, script: str, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ANTQ_")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "antq.settings",
        "DATABASE_URL": pair.url(pair.primary_port),
        "ANTQ_STANDBY_URL": pair.url(pair.standby_port),
        "ANTQ_STANDBY_MAX_LAG_SECONDS": "1",
        "ANTQ_PIN_SECONDS": "30",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


ROUTING = r"""
import json, time
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from antq.core.routing import ReadRoutingMiddleware, forget_standby_health, PIN_COOKIE
from antq.core.routing import standby_lag

with connection.schema_editor() as editor:
    editor.create_model(ContentType)
# the shared cache that keeps a token's pin (the database cache by default)
from django.core.management import call_command
call_command("createcachetable")
ContentType.objects.create(app_label="t", model="first")

def wait_for_standby(count):
    for _ in range(100):
        with connections["standby"].cursor() as c:
            c.execute("SELECT count(*) FROM django_content_type")
            if c.fetchone()[0] == count:
                return
        time.sleep(0.1)
    raise SystemExit("the standby never caught up")

def wait_until_replayed():
    # the rows can be visible while WAL written after them (a cache row, a
    # checkpoint) is still on its way: the lag then counts from the last
    # replayed commit, so wait for nothing to be pending, as a router would
    for _ in range(100):
        if standby_lag() == 0:
            return
        time.sleep(0.1)
    raise SystemExit("the standby never replayed all it received")

wait_for_standby(1)
wait_until_replayed()

def reading(request):
    return HttpResponse(str(ContentType.objects.count()))

def writing(request):
    ContentType.objects.create(app_label="t", model=request.GET["m"])
    return HttpResponse(str(ContentType.objects.count()))

def in_transaction(request):
    with transaction.atomic():
        return HttpResponse(str(ContentType.objects.count()))

factory = RequestFactory()
def get(view, **extra):
    response = ReadRoutingMiddleware(view)(factory.get("/", **extra))
    return response["X-Antq-Read"], int(response.content), response

out = {}
out["get"] = get(reading)[:2]
out["get_in_transaction"] = get(in_transaction)[:2]
response = ReadRoutingMiddleware(writing)(factory.post("/?m=second", HTTP_AUTHORIZATION="Bearer a"))
out["post"] = [response["X-Antq-Read"], int(response.content)]
out["pin_cookie"] = PIN_COOKIE in response.cookies
# the standby stops replaying: a write lands on the primary only
with connections["standby"].cursor() as c:
    c.execute("SELECT pg_wal_replay_pause()")
time.sleep(0.3)
pinned_cookie = {PIN_COOKIE: response.cookies[PIN_COOKIE].value}
response = ReadRoutingMiddleware(writing)(factory.post("/?m=third", HTTP_AUTHORIZATION="Bearer a"))
factory.cookies.load(pinned_cookie)
out["after_write_browser"] = get(reading)[:2]
factory.cookies.clear()
out["after_write_token"] = get(reading, HTTP_AUTHORIZATION="Bearer a")[:2]
time.sleep(1.5)
forget_standby_health()
out["lagging_other_client"] = get(reading, HTTP_AUTHORIZATION="Bearer b")[:2]
with connections["standby"].cursor() as c:
    c.execute("SELECT pg_wal_replay_resume()")
wait_for_standby(3)
wait_until_replayed()
forget_standby_health()
out["caught_up_other_client"] = get(reading, HTTP_AUTHORIZATION="Bearer b")[:2]
print(json.dumps(out))
"""


def test_reads_go_to_the_standby_writes_pin_their_client_and_a_lagging_standby_is_left(pair):
    out = _run(pair, ROUTING)
    assert out["get"] == ["standby", 1]
    assert out["get_in_transaction"] == ["primary", 1]  # a service reading what it changes
    assert out["post"] == ["primary", 2]  # a write, then reading it, in one request
    assert out["pin_cookie"] is True
    # the standby has stopped at 2 rows; whoever wrote the third sees it
    assert out["after_write_browser"] == ["primary", 3]  # the cookie pins a browser
    assert out["after_write_token"] == ["primary", 3]  # the cache pins a token's client
    # another client: the standby is more than a second behind, so the primary
    assert out["lagging_other_client"] == ["primary", 3]
    assert out["caught_up_other_client"] == ["standby", 3]


GONE = r"""
import json
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import RequestFactory
from antq.core.routing import ReadRoutingMiddleware

def reading(request):
    return HttpResponse(str(ContentType.objects.count()))

response = ReadRoutingMiddleware(reading)(RequestFactory().get("/"))
print(json.dumps([response["X-Antq-Read"], int(response.content)]))
"""


def test_a_standby_that_is_gone_leaves_every_read_to_the_primary(pair):
    subprocess.run(
        [PG_BIN / "psql", pair.url(pair.primary_port), "-qc",
         "CREATE TABLE IF NOT EXISTS django_content_type (id serial PRIMARY KEY, "
         "app_label varchar(100), model varchar(100))"],
        check=True, capture_output=True,
    )  # fmt: skip
    pair.stop(pair.standby)
    try:
        assert _run(pair, GONE)[0] == "primary"
    finally:
        pair._start(pair.standby, pair.standby_port)


CLAIMING = r"""
import json, os, subprocess, sys, time
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", "django_tasks_database", verbosity=0)
with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS probe_run (n int, worker text)")
from antq.core.tests.standby_tasks import probe
for n in range(60):
    probe.enqueue(n)
workers = [
    subprocess.Popen(
        [sys.executable, "-m", "antq", "db_worker", "--batch", "--interval", "0.1",
         "--no-startup-delay", "--worker-id", f"node-{i}"],
        env=os.environ | {"ANTQ_NODE_NAME": f"node-{i}"},
    )
    for i in (1, 2)
]
for worker in workers:
    worker.wait(timeout=150)
with connection.cursor() as c:
    c.execute("SELECT n, count(*) FROM probe_run GROUP BY n")
    runs = dict(c.fetchall())
    c.execute("SELECT worker, count(*) FROM probe_run GROUP BY worker")
    by_worker = dict(c.fetchall())
print(json.dumps({"runs": {str(k): v for k, v in runs.items()}, "by_worker": by_worker}))
"""


def test_workers_on_two_nodes_claim_with_skip_locked_and_run_each_task_once(pair):
    out = _run(
        pair,
        CLAIMING,
        ANTQ_STANDBY_URL="",
        ANTQ_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    assert sorted(int(n) for n in out["runs"]) == list(range(60))
    assert set(out["runs"].values()) == {1}  # no task ran twice
    assert set(out["by_worker"]) == {"node-1", "node-2"}  # both nodes took work
