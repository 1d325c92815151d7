"""A job queued `after_commit` runs only once its caller's transaction has
committed, and not at all when it rolls back (jobs run inline in tests)."""

import pytest
from django.db import transaction

from antq.core.actors import SYSTEM
from antq.core.jobs import job_enqueue
from antq.core.models import Job

RUNS: list[int] = []


def remember(job, progress) -> dict:
    RUNS.append(job.pk)
    return {"seen": job.params["n"]}


RUNNER = "antq.core.tests.test_jobs_after_commit.remember"


@pytest.fixture(autouse=True)
def _forget():
    RUNS.clear()


@pytest.mark.django_db
def test_the_task_waits_for_the_commit_then_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = job_enqueue(
            kind="test",
            label="sau khi ghi",
            by=SYSTEM,
            runner=RUNNER,
            params={"n": 1},
            after_commit=True,
        )
        assert job.status == Job.Status.QUEUED and RUNS == []
    job.refresh_from_db()
    assert [job.pk] == RUNS
    assert job.status == Job.Status.DONE and job.result == {"seen": 1}


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_job_and_runs_nothing(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        job_enqueue(
            kind="test",
            label="bỏ",
            by=SYSTEM,
            runner=RUNNER,
            params={"n": 2},
            after_commit=True,
        )
        raise RuntimeError("rollback")
    assert callbacks == [] and RUNS == []
    assert not Job.objects.filter(kind="test").exists()
