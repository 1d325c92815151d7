"""The job the cluster bench queues (bench/cluster.py): a second of work in one
transaction with a row of proof, so a run that dies leaves no row and a job
run twice to its end leaves two."""

import time

from django.db import connection, transaction

from antq.core.jobs import this_worker


def slow_job(job, progress) -> dict:
    with transaction.atomic():
        for step in range(10):
            progress(step, 10)
            time.sleep(0.1)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_job_run (label, worker) VALUES (%s, %s)",
                [job.label, this_worker()],
            )
    return {"worker": this_worker()}
