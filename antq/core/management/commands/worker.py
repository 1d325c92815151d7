"""`antq worker`: the process that runs queued jobs (imports, document batches,
restating). It first fails the jobs a dead worker left running, then runs
django-tasks-db's db_worker until stopped (SIGTERM/SIGINT finish the current
task's bookkeeping and exit).

In a cluster (ANTQ_JOB_REAP_SECONDS set), it also looks that often for jobs a
dead worker on another node left running, and queues them again: a killed
node's jobs run elsewhere. Workers on several nodes claim tasks with
`SELECT … FOR UPDATE SKIP LOCKED` (django-tasks-db), so no task runs twice."""

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from antq.core.availability import database_unavailable
from antq.core.jobs import jobs_reap

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý công việc nền (nhập tệp lớn, tạo văn bản hàng loạt…)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="giây chờ khi hàng đợi rỗng"
        )
        parser.add_argument("--batch", action="store_true", help="chạy hết hàng đợi rồi dừng")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args, interval, batch, max_tasks, **options):
        every = settings.JOB_REAP_SECONDS
        reaped = jobs_reap(retry=bool(every))
        if reaped:
            self.stdout.write(f"Đã đánh dấu lỗi {reaped} công việc của tiến trình đã dừng.")
        arguments = {"interval": interval, "batch": batch, "startup_delay": False, "reload": False}
        if max_tasks:
            arguments["max_tasks"] = max_tasks
        if every and not batch:
            threading.Thread(target=_reap_every, args=(every,), daemon=True).start()
        while True:
            try:
                call_command("db_worker", **arguments, verbosity=options["verbosity"])
                return
            except Exception as exc:
                # the database went away (a failover): wait for it and go on,
                # failing (and, in a cluster, queuing again) the job it cut off
                if batch or not database_unavailable(exc):
                    raise
                logger.warning("worker: database unavailable (%s); starting again", exc)
                _after_database_loss(retry=bool(every))


def _after_database_loss(*, retry: bool) -> None:
    for _ in range(600):
        connections.close_all()
        time.sleep(1)
        try:
            jobs_reap(retry=retry, restarted=True)
            return
        except Exception as exc:
            if not database_unavailable(exc):
                raise


def _reap_every(seconds: int) -> None:
    from django.db import connection

    stop = threading.Event()
    while not stop.wait(seconds):
        try:
            reaped = jobs_reap(retry=True)
            if reaped:
                logger.warning("reaped and queued again %s job(s)", reaped)
        except Exception:  # the database is failing over: try again next time
            logger.warning("reaping failed", exc_info=True)
        finally:
            connection.close()
