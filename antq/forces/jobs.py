"""Force work that runs on the task queue (see antq.core.jobs)."""

from antq.audit.context import audit_context
from antq.core.models import Job
from antq.core.tabular import tabular_job
from antq.forces.importers import members_import

MEMBERS_IMPORT = "antq.forces.jobs.run_members_import"


def run_members_import(job: Job, progress) -> dict:
    with audit_context(job.source or "web", job.ip_address):
        return tabular_job(job, progress, members_import)
