"""A SQLite deployment is a file in WAL mode: a page that reads while an import
or a save is writing gets its answer at once (the state before the write), and
a second writer waits for the first instead of failing."""

import threading

import pytest
from django.db import connection, connections, transaction

from antq.units.models import Unit
from conftest import make_unit


@pytest.fixture
def sqlite_file(transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite deployment's behaviour")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_a_read_overlapping_a_write_answers_and_a_second_writer_waits(sqlite_file):
    province = make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    writing, read_done, second_done = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def writer() -> None:
        try:
            with transaction.atomic():  # BEGIN IMMEDIATE: holds the write lock
                Unit.objects.filter(pk=province.pk).update(name="Tỉnh Quảng Ninh (đang sửa)")
                writing.set()
                read_done.wait(timeout=10)
                seen["second_waited"] = not second_done.wait(timeout=0.5)
        finally:
            connections.close_all()

    def second_writer() -> None:
        try:
            writing.wait(timeout=10)
            with transaction.atomic():
                Unit.objects.filter(pk=province.pk).update(households=12)
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer), threading.Thread(target=second_writer)]
    for thread in threads:
        thread.start()
    writing.wait(timeout=10)
    seen["read"] = Unit.objects.get(pk=province.pk).name  # while the write is open
    read_done.set()
    for thread in threads:
        thread.join(timeout=30)

    assert seen["read"] == "Tỉnh Quảng Ninh"
    assert seen["second_waited"] is True
    province.refresh_from_db()
    assert (province.name, province.households) == ("Tỉnh Quảng Ninh (đang sửa)", 12)
