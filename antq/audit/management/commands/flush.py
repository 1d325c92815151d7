"""Django's `flush`, which empties every table, the audit log included.

The audit table's triggers refuse DELETE; emptying the whole database is not
moving history but destroying it (tests do it between transactional tests),
so the flush runs inside one transaction that holds the unlock row, which no
other transaction sees and which is gone when it commits.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction


class Command(flush.Command):
    def handle(self, **options):
        database = options.get("database", DEFAULT_DB_ALIAS)
        connection = connections[database]
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO audit_unlock (token) VALUES (1)")
            super().handle(**options)
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_unlock")
