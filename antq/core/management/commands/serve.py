"""`antq serve`: antq for real in one command: the checks, the migrations, the
static files, then gunicorn and the job worker side by side. The worker is
supervised: when it dies it is logged and restarted with a growing pause while
the web keeps serving; stopping the web (or `antq serve`) stops both.
`antq serve --dev` is the demo's: Django's development server and the worker.

It refuses to start an unsafe production: DEBUG on, the development secret key,
or SQLite behind more than one web worker (SQLite takes one writer at a time;
ANTQ_ALLOW_SQLITE_WORKERS=true accepts it knowingly)."""

import logging
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from antq.settings import DEV_SECRET_KEY

logger = logging.getLogger("antq.serve")

#: the worker's restart pauses: 1 s, doubling after each quick death, at most a minute
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 60.0
#: a worker that ran this long died of something new: the pauses start again
STABLE_SECONDS = 120.0


def web_workers(database_engine: str) -> int:
    """Gunicorn's rule of thumb (2 × cores + 1) for PostgreSQL; one for SQLite."""
    configured = os.environ.get("ANTQ_WEB_WORKERS", "")
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise CommandError(f"ANTQ_WEB_WORKERS must be a positive number, got {configured!r}")
        return int(configured)
    if database_engine.endswith("sqlite3"):
        return 1
    return 2 * (os.cpu_count() or 1) + 1


def unsafe_reasons(workers: int) -> list[str]:
    reasons = []
    if settings.DEBUG:
        reasons.append("ANTQ_DEBUG is on: set ANTQ_DEBUG=false")
    if settings.SECRET_KEY == DEV_SECRET_KEY:
        reasons.append("ANTQ_SECRET_KEY is the development key: set a long random one")
    sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    allowed = os.environ.get("ANTQ_ALLOW_SQLITE_WORKERS", "").lower() in {"1", "true", "yes"}
    if sqlite and workers > 1 and not allowed:
        reasons.append(
            f"SQLite with {workers} web workers: use PostgreSQL (DATABASE_URL), "
            "ANTQ_WEB_WORKERS=1, or ANTQ_ALLOW_SQLITE_WORKERS=true"
        )
    return reasons


class Command(BaseCommand):
    help = "Chạy antq (gunicorn và tiến trình xử lý công việc nền); --dev cho bản demo."

    def add_arguments(self, parser):
        parser.add_argument("--dev", action="store_true", help="máy chủ phát triển (demo)")
        parser.add_argument("--bind", default=os.environ.get("ANTQ_BIND", "127.0.0.1:8000"))

    def handle(self, *args, dev: bool, bind: str, **options):
        engine = settings.DATABASES["default"]["ENGINE"]
        workers = web_workers(engine)
        if not dev:
            reasons = unsafe_reasons(workers)
            if reasons:
                raise CommandError("Không khởi động: " + "; ".join(reasons))
            call_command("check", deploy=True, fail_level="WARNING")
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        antq = [sys.executable, "-m", "antq"]
        if dev:
            web = [*antq, "runserver", bind, "--noreload"]
        else:
            web = [
                sys.executable, "-m", "gunicorn", "antq.wsgi",
                "--workers", str(workers), "--bind", bind,
                "--timeout", "60", "--graceful-timeout", "30",
                "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1",
                "--preload",  # workers start warm, sharing the loaded code
            ]  # fmt: skip
        self.stdout.write(f"antq: http://{bind}/ ({workers} tiến trình web, 1 xử lý nền)")
        self._run_together([web, [*antq, "worker"]])

    def _run_together(self, commands: list[list[str]]) -> None:
        """The web server, and the job worker under supervision: a worker that
        dies (killed, out of memory, a crash) is logged and started again after
        a pause that doubles with each quick death (1 s up to a minute), while
        the web keeps serving. The web itself stopping stops everything."""
        web_command, worker_command = commands
        web = subprocess.Popen(web_command)  # noqa: S603 (ours)
        worker = subprocess.Popen(worker_command)  # noqa: S603 (ours)
        started, delay, restart_at = time.monotonic(), None, 0.0
        stopping = False

        def stop(signum=None, frame=None) -> None:
            nonlocal stopping
            stopping = True
            for process in (web, worker):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping and web.poll() is None:
                if worker is not None and worker.poll() is not None:
                    ran = time.monotonic() - started
                    delay = backoff(delay, ran)
                    logger.error(
                        "antq serve: the job worker (pid %s) stopped %s after %.0f s; "
                        "restarting it in %s s, the web keeps serving",
                        worker.pid, describe_exit(worker.returncode), ran, delay,
                    )  # fmt: skip
                    restart_at, worker = time.monotonic() + delay, None
                if worker is None and time.monotonic() >= restart_at:
                    worker = subprocess.Popen(worker_command)  # noqa: S603 (ours)
                    started = time.monotonic()
                    logger.warning("antq serve: job worker restarted (pid %s)", worker.pid)
                time.sleep(0.5)
        finally:
            stop()
            for process in (web, worker):
                if process is None:
                    continue
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    process.kill()
        if web.returncode not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"Máy chủ web đã dừng bất thường (mã {web.returncode}).")


def backoff(delay: float | None, ran: float) -> float:
    """The pause before restarting a worker that ran `ran` seconds, after the
    last pause `delay` (None: the first death): the first pause again after a
    long run; after a quick death, twice the last one, at most BACKOFF_MAX (a
    worker that cannot start does not spin)."""
    if delay is None or ran >= STABLE_SECONDS:
        return BACKOFF_FIRST
    return min(delay * 2, BACKOFF_MAX)


def describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        return f"(signal {signal.Signals(-code).name})"
    return f"(exit code {code})"
