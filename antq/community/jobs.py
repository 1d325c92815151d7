"""Community work that runs on the task queue (see antq.core.jobs)."""

from antq.audit.context import audit_context
from antq.community.importers import models_import
from antq.core.models import Job
from antq.core.tabular import tabular_job

MODELS_IMPORT = "antq.community.jobs.run_models_import"


def run_models_import(job: Job, progress) -> dict:
    with audit_context(job.source or "web", job.ip_address):
        return tabular_job(job, progress, models_import)
