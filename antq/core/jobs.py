"""Long work as jobs on the django-tasks queue, with their progress in the database.

    job_enqueue(...)  → a Job row (queued) and a task on the queue (django-tasks-db)
    worker (`antq worker`, i.e. django-tasks-db's db_worker) → run_job(job_id):
        running, heartbeat and progress every second → done (result) or failed (error)

The work itself usually runs in one transaction (imports are all or nothing),
so progress and heartbeat are written by a companion thread on its own
database connection: on PostgreSQL they show at once; on SQLite, where the
work holds the only write lock, they wait and land when the lock is free.

A worker killed in the middle (SIGKILL, a reboot, the OOM killer) leaves its
job "running" with a heartbeat that stops and a process that is gone:
`jobs_reap` (run when a worker starts, and whenever someone looks at such a
job) marks it failed with the reason, and `job_retry` queues it again. Its
transaction died with the process, so nothing of its work was written.
"""

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from antq.core.actors import person_of
from antq.core.models import Job

Progress = Callable[[int, int], None]
logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 1.0
REMOTE_SILENCE = timedelta(minutes=5)  # a worker on another node this quiet is dead


def remote_silence() -> timedelta:
    return timedelta(seconds=getattr(settings, "JOB_SILENCE_SECONDS", 300))


def this_node() -> str:
    """This machine's name in the jobs' `worker` column: ANTQ_NODE_NAME, or
    the host name."""
    return getattr(settings, "NODE_NAME", "") or socket.gethostname()


def this_worker() -> str:
    return f"{this_node()}:{os.getpid()}"


def job_enqueue(
    *,
    kind: str,
    label: str,
    by,
    runner: str,
    params: dict | None = None,
    payload: bytes | File | None = None,
    filename: str = "",
    source: str = "",
    ip_address: str | None = None,
    retry_of: Job | None = None,
    after_commit: bool = False,
) -> Job:
    """Record a job and put it on the queue. `runner` is the dotted path of
    `runner(job, progress) -> dict` (a JSON-able result); `payload` (the uploaded
    file) is kept with the job for the worker and for a retry.

    `after_commit`: the job row is written in the caller's transaction and the
    task queued only when that transaction commits, so the worker never runs
    work whose input was rolled back, nor before it can see it (issuing a
    document numbers it in the transaction, renders it after). A rollback
    leaves neither the job nor a task."""
    job = Job.objects.create(
        kind=kind,
        label=label[:255],
        runner=runner,
        params=params or {},
        # a person is linked; the system actor (or nobody) leaves it empty
        created_by=person_of(by),
        source=source,
        ip_address=ip_address,
        retry_of=retry_of,
    )
    if payload is not None:
        content = ContentFile(payload) if isinstance(payload, bytes) else payload
        job.payload.save(filename or "input", content, save=True)  # copied in chunks
    if after_commit:
        transaction.on_commit(lambda: _queue(job))
        return job
    _queue(job)
    job.refresh_from_db()
    return job


def _queue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def job_retry(*, job: Job, by) -> Job:
    """Queue a failed job again with the same input; the failed one stays as it was."""
    if job.status != Job.Status.FAILED:
        raise ValueError(_("Chỉ chạy lại được công việc bị lỗi."))
    if not job.payload:
        return _enqueue_again(job, by, None, "")
    name = os.path.basename(job.payload.name).split("-", 1)[-1]
    with job.payload.open("rb") as handle:
        return _enqueue_again(job, by, File(handle), name)


def _enqueue_again(job: Job, by, payload: File | None, name: str) -> Job:
    return job_enqueue(
        kind=job.kind,
        label=job.label,
        by=by,
        runner=job.runner,
        params=job.params,
        payload=payload,
        filename=name,
        source=job.source,
        ip_address=job.ip_address,
        retry_of=job,
    )


class _Reporter:
    """Progress and heartbeat of a running job, written every second by a thread
    on its own connection (or directly when jobs run inline, in tests)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = self.total = 0
        self.inline = getattr(settings, "ANTQ_JOBS_INLINE", False)
        self._stop = threading.Event()
        self._thread = None if self.inline else threading.Thread(target=self._beat, daemon=True)

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.inline:
            self._write()

    def _write(self) -> None:
        Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
            done=self.done, total=self.total, heartbeat_at=timezone.now()
        )

    def _beat(self) -> None:
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                try:
                    self._write()
                except Exception:  # a lost beat is not a failed job
                    logger.warning("job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> "_Reporter":
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)


@task()
def run_job(job_id: int) -> str:
    """The queue's task: run one job to its end, recording the outcome on it."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        worker=this_worker(),
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        return "skipped"  # already run, or reaped
    job = Job.objects.get(pk=job_id)
    try:
        with _Reporter(job_id) as progress:
            result = import_string(job.runner)(job, progress)
    except Exception as exc:  # the job must end in a recorded state, whatever happened
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return "failed"
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        result=result,
        done=progress.total or progress.done,
        total=progress.total,
        finished_at=timezone.now(),
    )
    return "done"


def _process_gone(worker: str) -> bool:
    pid = worker.rpartition(":")[2]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: alive, under another account
        return False
    return False


def jobs_reap(*, now=None, retry: bool = False, restarted: bool = False) -> int:
    """Mark failed the running jobs whose worker died: on this node, its
    process is gone; elsewhere, it has sent no heartbeat for
    ANTQ_JOB_SILENCE_SECONDS (five minutes by default; the heartbeat alone
    cannot decide here: on SQLite it pauses while the work holds the write
    lock). With `retry`, each is queued again (`job_retry`, by the system).
    `restarted`: this worker process lost its database mid-job (a failover)
    and starts over, so the jobs still marked as its own are dead too.
    Returns how many. The queue's own record of the task is failed too."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    reaped = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        on_this_host = job.worker.rpartition(":")[0] == this_node()
        dead = (restarted and job.worker == this_worker()) or (
            _process_gone(job.worker) if on_this_host else job.heartbeat_at < now - remote_silence()
        )
        if not dead:
            continue
        reason = _(
            "Tiến trình xử lý (%(worker)s) đã dừng đột ngột; lần cuối còn hoạt động lúc "
            "%(at)s. Không có gì được ghi; có thể chạy lại."
        ) % {
            "worker": job.worker,
            "at": timezone.localtime(job.heartbeat_at).strftime("%H:%M:%S %d/%m/%Y"),
        }
        marked = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, finished_at=now, error=reason
        )
        reaped += marked
        if marked and retry:
            from antq.core.actors import SystemActor

            job.refresh_from_db()
            job_retry(job=job, by=SystemActor("jobs_reap"))
        if job.task_id:
            DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now
            )
    return reaped


def job_progress(job: Job) -> dict:
    """Done and total in the job's own measure (rows, reports, bytes of the
    file) and the share done in whole percent, which is what people read."""
    percent = min(100, job.done * 100 // job.total) if job.total else None
    return {"done": job.done, "total": job.total, "percent": percent}
