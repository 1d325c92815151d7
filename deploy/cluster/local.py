"""The whole cluster on one machine, from Debian's packages, each part on its
own loopback address (deploy/cluster/topology.env):

    python deploy/cluster/local.py up      # `make cluster`
    python deploy/cluster/local.py status
    python deploy/cluster/local.py down    # `make cluster-down`: stops and removes all

etcd → Patroni (PostgreSQL primary + synchronous streaming standby) → HAProxy
(web, primary, standby) → PgBouncer → Redis → two app nodes (gunicorn, as
`antq serve` runs it) → two worker nodes (`antq worker`). Everything it starts
is a process group recorded under its pids/ folder, and everything it writes
is under /var/tmp/antq-cluster (ANTQ_CLUSTER_DIR); `down` kills those
groups and removes the directory.
Needs root (apt-get, and PostgreSQL/PgBouncer run as `postgres`)."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# outside the checkout: the test suite refuses new files in var/
STATE = Path(os.environ.get("ANTQ_CLUSTER_DIR", "/var/tmp/antq-cluster"))
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def topology() -> dict[str, str]:
    values = {}
    for line in (HERE / "topology.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


T = topology()


def secrets_env() -> dict[str, str]:
    path = STATE / "secrets.json"
    return json.loads(path.read_text()) if path.exists() else {}


def database_urls() -> dict[str, str]:
    s = secrets_env()
    bouncer = f"{T['PGBOUNCER_ADDR']}:{T['PGBOUNCER_PORT']}"
    standby = f"{T['HAPROXY_ADDR']}:{T['HAPROXY_STANDBY_PORT']}"
    return {
        "DATABASE_URL": f"postgres://antq:{s['ANTQ_PASSWORD']}@{bouncer}/antq?connect_timeout=3",
        # reads go straight to HAProxy's standby port: with no standby up,
        # HAProxy refuses at once (PgBouncer would hold the query), and the
        # router falls back to the primary
        "ANTQ_STANDBY_URL": (
            f"postgres://antq:{s['ANTQ_PASSWORD']}@{standby}/antq?connect_timeout=2"
        ),
        # straight to the primary through HAProxy: migrations, the bench's checks
        "PRIMARY_URL": (
            f"postgres://antq:{s['ANTQ_PASSWORD']}@{T['HAPROXY_ADDR']}:"
            f"{T['HAPROXY_PRIMARY_PORT']}/antq"
        ),
    }


def node_environment(**extra: str) -> dict[str, str]:
    """What every app and worker node is given (docs/scaling.md)."""
    urls = database_urls()
    s = secrets_env()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTQ_")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "antq.settings",
        "DATABASE_URL": urls["DATABASE_URL"],
        "ANTQ_STANDBY_URL": urls["ANTQ_STANDBY_URL"],
        "ANTQ_PGBOUNCER": "true",
        "ANTQ_REDIS_URL": f"redis://{T['REDIS_ADDR']}:{T['REDIS_PORT']}/0",
        "ANTQ_DEBUG": "false",
        "ANTQ_SECRET_KEY": s["SECRET_KEY"],
        "ANTQ_TLS": "true",
        "ANTQ_ALLOWED_HOSTS": ",".join(
            [T["HAPROXY_ADDR"], T["APP1_ADDR"], T["APP2_ADDR"], "127.0.0.1"]
        ),
        "ANTQ_TRUSTED_PROXIES": T["HAPROXY_ADDR"] + ",127.0.0.1",
        "ANTQ_VAR_DIR": str(STATE / "var"),
        "ANTQ_MEDIA_ROOT": str(STATE / "shared-media"),
        "ANTQ_JOB_SILENCE_SECONDS": "10",
        "ANTQ_JOB_REAP_SECONDS": "5",
        "ANTQ_API_RATE_PER_MINUTE": "100000",
        "ANTQ_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore",
        **extra,
    }


# -- processes ---------------------------------------------------------------


def _pidfile(name: str) -> Path:
    return STATE / "pids" / f"{name}.pid"


def start(name: str, command: list[str], *, env=None, as_postgres=False) -> subprocess.Popen:
    """A process in its own group (so `kill` stops it and its children),
    logging to var/cluster/logs/<name>.log."""
    if as_postgres and os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    log = open(STATE / "logs" / f"{name}.log", "ab")  # noqa: SIM115 (the child keeps it)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    _pidfile(name).write_text(str(process.pid))
    return process


def running(name: str) -> int | None:
    path = _pidfile(name)
    if not path.exists():
        return None
    pid = int(path.read_text())
    try:
        os.killpg(pid, 0)
    except (ProcessLookupError, PermissionError):
        return None
    return pid


def kill(name: str, sig: int = signal.SIGKILL) -> bool:
    """Kill a part's whole process group (the machine is gone)."""
    pid = running(name)
    if pid is None:
        return False
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return False
    return True


def wait_for(what: str, check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.3)
    raise SystemExit(f"cluster: {what} did not come up in {seconds:.0f} s (logs in {STATE}/logs)")


def port_open(addr: str, port: str | int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((addr, int(port))) == 0


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def patroni(name: str) -> dict:
    addr = T["PG1_ADDR"] if name == "pg1" else T["PG2_ADDR"]
    url = f"http://{addr}:{T['PATRONI_PORT']}/patroni"
    with urllib.request.urlopen(url, timeout=2) as response:
        return json.loads(response.read())


def leader() -> str | None:
    for name in ("pg1", "pg2"):
        try:
            if patroni(name).get("role") in {"master", "primary"}:
                return name
        except Exception:
            continue
    return None


# -- up ----------------------------------------------------------------------


def install_packages() -> None:
    wanted = [
        line.strip()
        for line in (HERE / "packages.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    missing = [
        name
        for name in wanted
        if subprocess.run(["dpkg", "-s", name], capture_output=True).returncode != 0
    ]
    if missing:
        print(f"cluster: apt-get install {' '.join(missing)}", flush=True)
        environment = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=environment)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
            check=True,
            env=environment,
        )
    requirements = ROOT / "requirements-cluster.txt"
    subprocess.run(
        [PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r",
         str(requirements)],
        check=True,
    )  # fmt: skip


def ports_free() -> None:
    taken = []
    for addr_key, port_key in [
        ("HAPROXY_ADDR", "HAPROXY_WEB_PORT"), ("HAPROXY_ADDR", "HAPROXY_PRIMARY_PORT"),
        ("HAPROXY_ADDR", "HAPROXY_STANDBY_PORT"), ("HAPROXY_ADDR", "HAPROXY_STATS_PORT"),
        ("ETCD_ADDR", "ETCD_CLIENT_PORT"), ("ETCD_ADDR", "ETCD_PEER_PORT"),
        ("PGBOUNCER_ADDR", "PGBOUNCER_PORT"), ("REDIS_ADDR", "REDIS_PORT"),
        ("PG1_ADDR", "PG_PORT"), ("PG2_ADDR", "PG_PORT"), ("PG1_ADDR", "PATRONI_PORT"),
        ("PG2_ADDR", "PATRONI_PORT"), ("APP1_ADDR", "APP_PORT"), ("APP2_ADDR", "APP_PORT"),
    ]:  # fmt: skip
        if port_open(T[addr_key], T[port_key]):
            taken.append(f"{T[addr_key]}:{T[port_key]}")
    if taken:
        raise SystemExit(f"cluster: already in use: {', '.join(taken)} (make cluster-down?)")


def render(template: str, target: Path, **values: str) -> Path:
    text = Template((HERE / template).read_text()).substitute(T | values)
    target.write_text(text)
    return target


def chown_postgres(*paths: Path) -> None:
    if os.geteuid() == 0:
        for path in paths:
            shutil.chown(path, "postgres", "postgres")


def pg_bin() -> str:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return str(bins[-1])


def psql(sql: str, *, name: str) -> str:
    addr = T["PG1_ADDR"] if name == "pg1" else T["PG2_ADDR"]
    password = secrets_env()["SUPERUSER_PASSWORD"]
    done = subprocess.run(
        [f"{pg_bin()}/psql", f"postgres://postgres:{password}@{addr}:{T['PG_PORT']}/postgres",
         "-qAtc", sql],
        check=True, capture_output=True, text=True, timeout=10,
    )  # fmt: skip
    return done.stdout.strip()


def up() -> None:
    if os.geteuid() != 0:
        raise SystemExit("cluster: run as root (apt-get; PostgreSQL runs as postgres)")
    install_packages()
    ports_free()
    started = time.monotonic()
    for sub in ("pids", "logs", "etcd", "haproxy", "redis", "var", "shared-media"):
        (STATE / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(STATE, 0o755)
    if not (STATE / "secrets.json").exists():
        words = ["SUPERUSER", "REPLICATION", "REWIND", "ANTQ"]
        values = {f"{w}_PASSWORD": secrets.token_hex(16) for w in words}
        values["SECRET_KEY"] = secrets.token_urlsafe(50)
        (STATE / "secrets.json").write_text(json.dumps(values))
        os.chmod(STATE / "secrets.json", 0o600)
    s = secrets_env()

    etcd_url = f"http://{T['ETCD_ADDR']}"
    start("etcd", [
        "etcd", "--name", "etcd1", "--data-dir", str(STATE / "etcd"),
        "--listen-client-urls", f"{etcd_url}:{T['ETCD_CLIENT_PORT']}",
        "--advertise-client-urls", f"{etcd_url}:{T['ETCD_CLIENT_PORT']}",
        "--listen-peer-urls", f"{etcd_url}:{T['ETCD_PEER_PORT']}",
        "--initial-advertise-peer-urls", f"{etcd_url}:{T['ETCD_PEER_PORT']}",
        "--initial-cluster", f"etcd1={etcd_url}:{T['ETCD_PEER_PORT']}",
        "--log-level", "warn",
    ])  # fmt: skip
    wait_for("etcd", lambda: port_open(T["ETCD_ADDR"], T["ETCD_CLIENT_PORT"]))

    for name, addr in (("pg1", T["PG1_ADDR"]), ("pg2", T["PG2_ADDR"])):
        home = STATE / name
        home.mkdir(exist_ok=True)
        os.chmod(home, 0o700)
        config = render(
            "patroni.yml.in", STATE / f"{name}.yml", NAME=name, ADDR=addr, STATE=str(STATE),
            PG_BIN=pg_bin(), SUPERUSER_PASSWORD=s["SUPERUSER_PASSWORD"],
            REPLICATION_PASSWORD=s["REPLICATION_PASSWORD"], REWIND_PASSWORD=s["REWIND_PASSWORD"],
        )  # fmt: skip
        chown_postgres(home, config)
        start(name, ["patroni", str(config)], as_postgres=True)
        if name == "pg1":
            wait_for("the PostgreSQL primary", lambda: leader() == "pg1", 90)
            wait_for("the primary's sign-in", lambda: psql("SELECT 1", name="pg1") == "1", 60)
    psql(
        "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='antq') THEN "
        f"CREATE ROLE antq LOGIN PASSWORD '{s['ANTQ_PASSWORD']}'; END IF; END$$",
        name="pg1",
    )
    if not psql("SELECT 1 FROM pg_database WHERE datname='antq'", name="pg1"):
        psql("CREATE DATABASE antq OWNER antq", name="pg1")
    wait_for(
        "the streaming standby (synchronous)",
        lambda: psql("SELECT sync_state FROM pg_stat_replication", name="pg1") == "sync",
        300,
    )

    render("haproxy.cfg.in", STATE / "haproxy.cfg", STATE=str(STATE))
    start("haproxy", ["haproxy", "-db", "-f", str(STATE / "haproxy.cfg")])
    wait_for("HAProxy's primary", lambda: port_open(T["HAPROXY_ADDR"], T["HAPROXY_PRIMARY_PORT"]))

    bouncer = STATE / "pgbouncer"
    bouncer.mkdir(exist_ok=True)
    (bouncer / "userlist.txt").write_text(f'"antq" "{s["ANTQ_PASSWORD"]}"\n')
    render("pgbouncer.ini.in", bouncer / "pgbouncer.ini", STATE=str(STATE))
    chown_postgres(bouncer, bouncer / "userlist.txt", bouncer / "pgbouncer.ini")
    os.chmod(bouncer / "userlist.txt", 0o600)
    start("pgbouncer", ["pgbouncer", str(bouncer / "pgbouncer.ini")], as_postgres=True)
    wait_for("PgBouncer", lambda: port_open(T["PGBOUNCER_ADDR"], T["PGBOUNCER_PORT"]))

    render("redis.conf.in", STATE / "redis.conf", STATE=str(STATE))
    start("redis", ["redis-server", str(STATE / "redis.conf")])
    wait_for("Redis", lambda: port_open(T["REDIS_ADDR"], T["REDIS_PORT"]))

    # the schema once, straight to the primary, before any node starts
    # (a schema is not a client's save: it need not wait for the standby)
    primary = database_urls()["PRIMARY_URL"] + "?options=-c%20synchronous_commit%3Dlocal"
    migrate_env = node_environment(DATABASE_URL=primary, ANTQ_STANDBY_URL="")
    subprocess.run([PYTHON, "-m", "antq", "migrate", "--no-input", "-v", "0"], check=True,
                   cwd=ROOT, env=migrate_env)  # fmt: skip
    subprocess.run([PYTHON, "-m", "antq", "collectstatic", "--no-input", "-v", "0"], check=True,
                   cwd=ROOT, env=migrate_env)  # fmt: skip
    for index in (1, 2):
        start_app(index)
        start_worker(index)
    wait_for(
        "the app nodes behind HAProxy",
        lambda: http_status(f"http://{T['HAPROXY_ADDR']}:{T['HAPROXY_WEB_PORT']}/healthz") == 200,
        240,
    )
    print(f"cluster: up in {time.monotonic() - started:.0f} s")
    status()


APP_WORKERS = os.environ.get("ANTQ_CLUSTER_WEB_WORKERS", "2")


def start_app(index: int) -> None:
    """An app node: gunicorn as `antq serve` runs it (--preload, graceful
    drain of 30 s on SIGTERM)."""
    addr = T[f"APP{index}_ADDR"]
    start(f"app{index}", [
        PYTHON, "-m", "gunicorn", "antq.wsgi", "--workers", APP_WORKERS,
        "--bind", f"{addr}:{T['APP_PORT']}", "--timeout", "120", "--graceful-timeout", "30",
        "--forwarded-allow-ips", f"{T['HAPROXY_ADDR']},127.0.0.1", "--preload",
        "--log-level", "warning",
    ], env=node_environment())  # fmt: skip


def start_worker(index: int) -> None:
    start(
        f"worker{index}",
        [PYTHON, "-m", "antq", "worker", "--interval", "0.5"],
        env=node_environment(ANTQ_NODE_NAME=f"worker-{index}"),
    )


PARTS = ["etcd", "pg1", "pg2", "haproxy", "pgbouncer", "redis", "app1", "app2", "worker1",
         "worker2"]  # fmt: skip


def status() -> None:
    for name in PARTS:
        pid = running(name)
        print(f"  {name:<10} {'running (pid ' + str(pid) + ')' if pid else 'stopped'}")
    print(f"  leader     {leader()}")
    print(f"  web        http://{T['HAPROXY_ADDR']}:{T['HAPROXY_WEB_PORT']}/")


def down() -> None:
    for name in reversed(PARTS):
        kill(name, signal.SIGTERM)
    time.sleep(2)
    for name in reversed(PARTS):
        kill(name, signal.SIGKILL)
    # PostgreSQL started by Patroni runs in Patroni's group; make sure
    for name in ("pg1", "pg2"):
        data = STATE / name / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(
                ["runuser", "-u", "postgres", "--", f"{pg_bin()}/pg_ctl", "-D", str(data),
                 "-m", "immediate", "stop"],
                capture_output=True,
            )  # fmt: skip
    shutil.rmtree(STATE, ignore_errors=True)
    print(f"cluster: down; {STATE} removed")


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "status"
    {"up": up, "down": down, "status": status}[action]()
