"""Jobs on the real queue: a separate worker process (`antq worker`) runs them
from the database, on SQLite and on PostgreSQL. A worker killed with SIGKILL in
the middle of an import leaves nothing of it written, and its job is marked
failed with the reason and can be run again."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from antq.core.jobs import job_enqueue, job_retry, jobs_reap
from antq.core.models import Job
from antq.indicators.jobs import VALUES_IMPORT, run_values_import
from antq.indicators.models import DataValue
from antq.indicators.services import catalogue_load
from antq.units.jobs import run_units_import
from antq.units.models import Unit
from conftest import database_url

# the worker is another process, on the wall clock: so is this side of its heartbeat
pytestmark = pytest.mark.real_clock

ROOT = Path(__file__).resolve().parents[3]
PAUSED_IMPORT = "antq.core.tests.test_jobs_worker.import_paused_halfway"
PAUSED_UNITS = "antq.core.tests.test_jobs_worker.units_paused_halfway"


def _pausing(job, progress):
    """A progress callback that stops the work half-way through its writes (inside
    its transaction) until the test kills the worker."""
    sentinel = Path(job.params["sentinel"])

    def pause(done: int, total: int) -> None:
        progress(done, total)
        if done >= total // 2 and not sentinel.exists():
            sentinel.write_text(str(os.getpid()))
            time.sleep(300)

    return pause


def import_paused_halfway(job, progress):
    return run_values_import(job, _pausing(job, progress))


def units_paused_halfway(job, progress):
    return run_units_import(job, _pausing(job, progress))


def worker_environment() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTQ_")}
    return env | {
        "DATABASE_URL": database_url(),
        "ANTQ_VAR_DIR": str(settings.VAR_DIR),
        "ANTQ_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
    }


def start_worker(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", *arguments],
        cwd=ROOT,
        env=worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def queue(transactional_db, settings, personas, tree):
    """The database queue (not the tests' immediate one), and a year of values."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ANTQ_JOBS_INLINE = False
    catalogue_load()
    lines = ["dataElement,period,orgUnit,value"]
    for month in range(1, 13):
        for commune in ("06688", "06673"):
            lines += [
                f"TT_BUOI,2026{month:02d},{commune},{month}",
                f"TT_LUOT,2026{month:02d},{commune},{month * 40}",
            ]
    return personas, "\n".join(lines).encode()


def enqueue(personas, data: bytes, runner: str = VALUES_IMPORT, **params) -> Job:
    return job_enqueue(
        kind="import_values",
        label="Nhập số liệu năm 2026",
        by=personas.province_approver,
        runner=runner,
        params={"filename": "nam-2026.csv", **params},
        payload=data,
        filename="nam-2026.csv",
        source="web",
    )


def test_a_worker_process_runs_a_queued_import(queue):
    personas, data = queue
    job = enqueue(personas, data)
    assert job.status == Job.Status.QUEUED and job.task_id

    worker = start_worker("--batch")
    output, _ = worker.communicate(timeout=120)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, output
    assert job.result["importCount"]["imported"] == 48
    assert (job.done, job.total) == (len(data), len(data))  # bytes read, out of the file's
    assert DataValue.objects.count() == 48


def test_a_worker_killed_mid_import_writes_nothing_and_its_job_fails_then_retries(queue, tmp_path):
    personas, data = queue
    sentinel = tmp_path / "half-way"
    job = enqueue(personas, data, runner=PAUSED_IMPORT, sentinel=str(sentinel))
    kill_at_half_way(start_worker(), sentinel)

    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # as the dead worker left it
    assert DataValue.objects.count() == 0  # its transaction died with it
    assert jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "đã dừng đột ngột" in job.error and "có thể chạy lại" in job.error

    again = job_retry(job=job, by=personas.province_approver)
    Job.objects.filter(pk=again.pk).update(runner=VALUES_IMPORT)  # this time, no pause
    worker = start_worker("--batch")
    output, _ = worker.communicate(timeout=120)
    again.refresh_from_db()
    assert again.status == Job.Status.DONE, output
    assert again.retry_of_id == job.pk
    assert DataValue.objects.count() == 48


def kill_at_half_way(worker: subprocess.Popen, sentinel: Path) -> None:
    try:
        deadline = time.monotonic() + 120
        while not sentinel.exists():
            assert worker.poll() is None, worker.stdout.read()
            assert time.monotonic() < deadline, "the worker never reached half-way"
            time.sleep(0.1)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()


def test_a_worker_killed_mid_unit_import_writes_no_unit(queue, tmp_path):
    personas, _values = queue
    tree_units = Unit.objects.count()
    rows = ["Tên;Loại đơn vị;Loại hình;Số hộ"] + [
        f"Khu phố Số {i};Khu dân cư;khu phố;{100 + i}" for i in range(1, 41)
    ]
    sentinel = tmp_path / "half-way"
    commune = Unit.objects.get(code="06688", valid_to__isnull=True)
    job = job_enqueue(
        kind="import_units",
        label="Nhập đơn vị",
        by=personas.officer_a,
        runner=PAUSED_UNITS,
        params={"commune": commune.pk, "filename": "khu-pho.csv", "sentinel": str(sentinel)},
        payload="\n".join(rows).encode(),
        filename="khu-pho.csv",
        source="web",
    )
    kill_at_half_way(start_worker(), sentinel)

    assert Unit.objects.count() == tree_units  # no half of the 40 areas
    assert jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "đã dừng đột ngột" in job.error
