"""The task the SKIP LOCKED test queues (test_standby): records which node ran
it, so a task run twice shows as two rows."""

import time

from django.conf import settings
from django.db import connection
from django_tasks import task


@task()
def probe(n: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO probe_run (n, worker) VALUES (%s, %s)", [n, settings.NODE_NAME])
    time.sleep(0.05)  # long enough that both workers find work
