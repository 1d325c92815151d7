"""Several app nodes behind a load balancer: /healthz tells it which node can
work; a database out of reach (a failover) is 503 with Retry-After, never
500; a job whose worker on another node died is reaped and queued again."""

from datetime import timedelta

import psycopg
import pytest
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.test import Client
from django.utils import timezone

from antq.accounts.services import token_issue
from antq.core.availability import database_unavailable
from antq.core.jobs import jobs_reap, this_worker
from antq.core.models import Job


class _Down:
    """Every query of the test's connection fails as a dropped one does."""

    def __init__(self, error):
        self.error = error

    def __call__(self, execute, sql, params, many, context):
        raise self.error


def test_healthz_answers_ok_when_the_database_and_the_cache_answer(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_503_with_retry_after_when_the_database_is_unreachable(db):
    with connection.execute_wrapper(_Down(OperationalError("server closed the connection"))):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["database"] == "OperationalError"


@pytest.mark.parametrize(
    "error", [OperationalError("connection refused"), InterfaceError("connection already closed")]
)
def test_a_page_answers_503_with_retry_after_never_500_when_the_database_is_gone(personas, error):
    client = Client(raise_request_exception=False)
    client.force_login(personas.officer_a)
    with connection.execute_wrapper(_Down(error)):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Hệ thống đang bận" in response.content.decode()


def test_the_offline_sender_gets_its_503_as_json(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.officer_a)
    with connection.execute_wrapper(_Down(OperationalError("the primary is gone"))):
        response = client.get("/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Hệ thống đang bận")


@pytest.mark.parametrize(
    "error", [OperationalError("connection refused"), InterfaceError("connection already closed")]
)
def test_an_api_call_answers_503_with_retry_after_never_500_when_the_database_is_gone(
    personas, error
):
    raw = token_issue(user=personas.officer_a)
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(_Down(error)):
        response = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["detail"].startswith("Hệ thống đang bận")


def _with_sqlstate(code: str) -> DatabaseError:
    cause = psycopg.errors.lookup(code)("")
    error = DatabaseError("from the server")
    error.__cause__ = cause
    return error


def test_a_demoted_primary_or_a_server_shutting_down_counts_as_unavailable():
    assert database_unavailable(_with_sqlstate("25006"))  # read-only transaction
    assert database_unavailable(_with_sqlstate("57P01"))  # admin shutdown
    assert database_unavailable(_with_sqlstate("57P03"))  # cannot connect now
    assert database_unavailable(_with_sqlstate("08006"))  # connection failure


def test_a_fault_of_the_request_or_of_antq_is_not_unavailability():
    assert not database_unavailable(_with_sqlstate("23505"))  # unique violation
    assert not database_unavailable(ValueError("a bug"))
    assert not database_unavailable(None)


def _running_job(worker: str, silent_for: timedelta) -> Job:
    beat = timezone.now() - silent_for
    return Job.objects.create(
        kind="import_values",
        label="Nhập số liệu",
        runner="antq.indicators.jobs.run_values_import",
        status=Job.Status.RUNNING,
        worker=worker,
        started_at=beat,
        heartbeat_at=beat,
    )


def test_a_job_whose_worker_on_another_node_went_silent_is_reaped_and_queued_again(db, settings):
    settings.JOB_SILENCE_SECONDS = 10
    dead = _running_job("worker-2:4242", timedelta(seconds=30))
    alive = _running_job("worker-3:4343", timedelta(seconds=2))
    assert jobs_reap(retry=True) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Job.Status.FAILED
    assert "worker-2:4242" in dead.error
    assert alive.status == Job.Status.RUNNING
    again = Job.objects.get(retry_of=dead)
    assert again.kind == dead.kind and again.runner == dead.runner


def test_a_second_reaper_does_not_queue_the_same_job_twice(db, settings):
    settings.JOB_SILENCE_SECONDS = 10
    dead = _running_job("worker-2:4242", timedelta(seconds=30))
    assert jobs_reap(retry=True) == 1
    assert jobs_reap(retry=True) == 0
    assert Job.objects.filter(retry_of=dead).count() == 1


def test_the_node_name_names_the_worker(settings):
    settings.NODE_NAME = "worker-1"
    assert this_worker().startswith("worker-1:")


def test_a_worker_that_lost_its_database_mid_job_fails_its_own_job_when_it_starts_over(db):
    mine = _running_job(this_worker(), timedelta(seconds=1))
    assert jobs_reap() == 0  # its process is alive: not dead by itself
    assert jobs_reap(restarted=True) == 1
    mine.refresh_from_db()
    assert mine.status == Job.Status.FAILED
