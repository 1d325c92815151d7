"""API rate limits are counted in one store shared by every process (the
database cache on one machine): five web workers give a client its limit
once, not five times; calls counted at the same moment are all counted."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections

from antq.accounts.services import RateLimited, token_issue, token_user
from conftest import database_url

ROOT = Path(__file__).resolve().parents[3]

CALL_ONCE = """
import django
django.setup()
from antq.accounts.services import RateLimited, token_user
try:
    token_user({raw!r})
except RateLimited:
    print("limited")
else:
    print("allowed")
"""


def test_migrate_leaves_the_cache_table_in_place(db):
    assert "antq_cache" in connection.introspection.table_names()


def _start_early_in_a_minute(needed: float = 45) -> None:
    """Limits count per wall-clock minute: calls on both sides of a minute's
    end fall in two windows. Begin when at least `needed` seconds of the
    minute are left, so this process's calls and the other's share one."""
    left = 60 - time.time() % 60
    if left < needed:
        time.sleep(left + 0.5)


@pytest.mark.real_clock  # the other process counts on the wall clock's minute
@pytest.mark.django_db(transaction=True)
def test_another_process_counts_against_the_same_limit(personas, settings):
    settings.API_RATE_PER_MINUTE = 3
    _start_early_in_a_minute()
    raw = token_issue(user=personas.officer_a)
    for _ in range(3):
        assert token_user(raw) == personas.officer_a
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ANTQ_")}
    environment |= {
        "DATABASE_URL": database_url(),
        "ANTQ_API_RATE_PER_MINUTE": "3",
        "DJANGO_SETTINGS_MODULE": "antq.settings",
    }
    other = subprocess.run(
        [sys.executable, "-c", CALL_ONCE.format(raw=raw)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.stdout.strip() == "limited", other.stderr[-2000:]


@pytest.mark.django_db(transaction=True)
def test_calls_counted_at_the_same_moment_are_all_counted(personas, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: simultaneous increments race on PostgreSQL")
    settings.API_RATE_PER_MINUTE = 1000
    raw = token_issue(user=personas.officer_a)
    callers = 12
    barrier = threading.Barrier(callers)
    errors = []

    def call():
        try:
            barrier.wait()
            token_user(raw)
        except Exception as error:  # pragma: no cover - shown in the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    settings.API_RATE_PER_MINUTE = callers
    with pytest.raises(RateLimited):
        token_user(raw)  # the 13th call of the minute
