"""The shared store of counters (API rate limits): Django's cache in antq's
own database on one machine, so every web worker counts against the same
limit, or Redis in a cluster (`ANTQ_REDIS_URL`, settings.CACHES).

Django's database cache increments by reading then writing, so two workers
counting at once both write the same next number and a call goes uncounted.
`DatabaseCache.incr` takes the row's lock first (PostgreSQL: SELECT … FOR
UPDATE; SQLite: the write lock of its IMMEDIATE transaction), so every call
counts. The table is created with the migrations (`create_cache_table`, run
after every `antq migrate`)."""

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


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

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
