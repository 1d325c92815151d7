"""The shared store of counters (API rate limits): Django's cache in antq's
own database on one machine, so every web worker counts against the same
limit, or Redis in a cluster (`ANTQ_REDIS_URL`, settings.CACHES).

Django's database cache increments by reading then writing, so two workers
counting at once both write the same next number and a call goes uncounted.
`DatabaseCache.incr` takes the row's lock first (PostgreSQL: SELECT … FOR
UPDATE; SQLite: the write lock of its IMMEDIATE transaction), so every call
counts. The table is created with the migrations (`create_cache_table`, run
after every `antq migrate`)."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connection, connections, router, transaction
from django.utils import timezone

_swept_at: list = [None]  # the minute this process last removed expired counts


def count_call(key: str, seconds: int = 120) -> int:
    """Count one call under `key` (which names its window) and return the
    count so far, in the store every process shares: with Redis its atomic
    INCR; with antq's database one upsert that returns the new count, so two
    workers counting at once both count and nobody reads then writes."""
    if not uses_database_cache():
        cache.add(key, 0, timeout=seconds)
        try:
            return cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=seconds)
            return 1
    from antq.core.models import CallCount

    now = timezone.now()
    table = connection.ops.quote_name(CallCount._meta.db_table)
    with connection.cursor() as cursor:
        minute = now.replace(second=0, microsecond=0)
        if _swept_at[0] != minute:  # once a minute a process drops the windows gone by
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])  # noqa: S608
            _swept_at[0] = minute
        key_, count = connection.ops.quote_name("key"), connection.ops.quote_name("count")
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {count}, expires) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key_}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}",
            [key, now + timedelta(seconds=seconds)],
        )
        return cursor.fetchone()[0]


def uses_database_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.vendor == "postgresql":
                stored = self.make_and_validate_key(key, version=version)
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 (the table name is ours)
                        [stored],
                    )
            return super().incr(key, delta, version)


def create_cache_table(using: str = "default", **kwargs) -> None:
    """After `migrate` (post_migrate): the database cache's table, when the
    cache is the database (nothing with Redis)."""
    from django.core.management import call_command

    if uses_database_cache():
        call_command("createcachetable", database=using, verbosity=0)
