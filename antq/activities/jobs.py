"""Activity work that runs on the task queue (see antq.core.jobs)."""

from antq.activities.importers import activities_import
from antq.audit.context import audit_context
from antq.core.models import Job
from antq.core.tabular import tabular_job

ACTIVITIES_IMPORT = "antq.activities.jobs.run_activities_import"


def run_activities_import(job: Job, progress) -> dict:
    with audit_context(job.source or "web", job.ip_address):
        return tabular_job(job, progress, activities_import)
