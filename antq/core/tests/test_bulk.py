"""Bulk writes (`core.bulk`): an import's rows land whole, on SQLite through
INSERTs of many rows each and on PostgreSQL through COPY, and a batch of new reports skips
the ones that already exist, however many statements it takes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from antq.core.bulk import CHUNK, insert_missing, insert_rows
from antq.core.models import CallCount

pytestmark = pytest.mark.django_db

TABLE = CallCount._meta.db_table
COLUMNS = ("key", "count", "expires")


def _expires():
    return connection.ops.adapt_datetimefield_value(timezone.now() + timedelta(minutes=1))


def test_every_row_is_written_with_its_values():
    expires = _expires()
    insert_rows(TABLE, COLUMNS, [(f"k{i}", i, expires) for i in range(1, 1_501)])
    assert CallCount.objects.count() == 1_500
    assert CallCount.objects.get(key="k1234").count == 1_234


def test_rows_given_one_at_a_time_land_whole_whatever_their_number():
    expires = _expires()
    for count in (1, CHUNK, 2 * CHUNK, 2 * CHUNK + 1):  # a last statement full, or of one row
        CallCount.objects.all().delete()
        insert_rows(TABLE, COLUMNS, ((f"k{i}", i, expires) for i in range(count)))
        assert CallCount.objects.count() == count
        assert CallCount.objects.get(key=f"k{count - 1}").count == count - 1


def test_rows_that_exist_are_left_as_they_are_and_the_others_are_added():
    expires = _expires()
    CallCount.objects.create(key="k7", count=99, expires=timezone.now())
    rows = [(f"k{i}", 1, expires) for i in range(2 * CHUNK + 345)]  # three statements
    inserted = insert_missing(TABLE, COLUMNS, rows, returning=["key", "count"])
    expected = {(f"k{i}", 1) for i in range(2 * CHUNK + 345)} - {("k7", 1)}  # its own rows
    assert sorted(inserted) == sorted(expected)
    assert CallCount.objects.count() == 2 * CHUNK + 345
    assert CallCount.objects.get(key="k7").count == 99  # not overwritten
    assert CallCount.objects.filter(count=1).count() == 2 * CHUNK + 344


def test_nothing_to_insert_writes_nothing():
    assert insert_missing(TABLE, COLUMNS, [], returning=["key"]) == []
    assert not CallCount.objects.exists()
