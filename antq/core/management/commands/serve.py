"""`antq serve`: antq for real in one command: the checks, the migrations, the
static files, then gunicorn and the job worker side by side (stopping one stops
both). `antq serve --dev` is the demo's: Django's development server and the
worker.

It refuses to start an unsafe production: DEBUG on, the development secret key,
or SQLite behind more than one web worker (SQLite takes one writer at a time;
ANTQ_ALLOW_SQLITE_WORKERS=true accepts it knowingly)."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from antq.settings import DEV_SECRET_KEY


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
        processes = [subprocess.Popen(command) for command in commands]  # noqa: S603 (ours)

        def stop(signum=None, frame=None) -> None:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    process.kill()
        codes = [process.returncode for process in processes]
        if any(code not in (0, -signal.SIGTERM, -signal.SIGINT) for code in codes):
            raise CommandError(f"Một tiến trình đã dừng bất thường (mã {codes}).")
