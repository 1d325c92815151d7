"""Run long work (large imports) in a background thread and show its progress.

The Job row records start and end. Progress lives in a small JSON file under
var/jobs/: the work usually runs inside one database transaction, and on
SQLite a second writer would wait for it, so progress cannot go to the
database while the work runs. One machine serves antq (ARCHITECTURE), so a
file is visible to every worker process.
"""

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from antq.audit.context import audit_context, current
from antq.core.models import Job

Progress = Callable[[int, int], None]
logger = logging.getLogger(__name__)


def _progress_path(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "jobs" / f"{job_id}.json"


def _writer(job_id: int) -> Progress:
    path = _progress_path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    last = [0.0]

    def write(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.3 and done < total:
            return
        last[0] = now
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"done": done, "total": total}))
        os.replace(temporary, path)

    return write


def job_progress(job: Job) -> dict:
    if job.status != Job.Status.RUNNING:
        return {"done": 1, "total": 1}
    try:
        return json.loads(_progress_path(job.pk).read_text())
    except (OSError, ValueError):
        return {"done": 0, "total": 0}


def _execute(job_id: int, work: Callable[[Progress], dict], source: str, ip: str | None) -> None:
    try:
        with audit_context(source, ip):
            result = work(_writer(job_id))
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.DONE, result=result, finished_at=timezone.now()
        )
    except Exception as exc:  # the job must end in a recorded state, whatever happened
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    finally:
        _progress_path(job_id).unlink(missing_ok=True)


def _in_thread(job_id: int, work, source: str, ip: str | None) -> None:
    close_old_connections()
    try:
        _execute(job_id, work, source, ip)
    finally:
        connection.close()


def job_start(*, kind: str, label: str, by, work: Callable[[Progress], dict]) -> Job:
    """Create a job and run `work(progress)` in a thread (inline when
    settings.ANTQ_JOBS_INLINE, as tests without threads need). `work` returns a
    JSON-able result."""
    job = Job.objects.create(kind=kind, label=label[:255], created_by=by)
    context = current()
    if getattr(settings, "ANTQ_JOBS_INLINE", False):
        _execute(job.pk, work, context.source, context.ip_address)
    else:
        thread = threading.Thread(
            target=_in_thread, args=(job.pk, work, context.source, context.ip_address), daemon=True
        )
        thread.start()
    return job
