"""Award work that runs on the task queue (see antq.core.jobs)."""

import functools

from antq.audit.context import audit_context
from antq.awards.importers import nominations_import, records_import
from antq.awards.models import Round
from antq.core.models import Job
from antq.core.tabular import tabular_job

NOMINATIONS_IMPORT = "antq.awards.jobs.run_nominations_import"
RECORDS_IMPORT = "antq.awards.jobs.run_records_import"


def run_nominations_import(job: Job, progress) -> dict:
    round = Round.objects.get(pk=job.params["round"])
    with audit_context(job.source or "web", job.ip_address):
        result = tabular_job(job, progress, functools.partial(nominations_import, round=round))
    return {**result, "round": round.pk}


def run_records_import(job: Job, progress) -> dict:
    with audit_context(job.source or "web", job.ip_address):
        return tabular_job(job, progress, records_import)
