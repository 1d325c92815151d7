"""Plan work that runs on the task queue (see antq.core.jobs)."""

import functools

from antq.audit.context import audit_context
from antq.core.models import Job
from antq.core.tabular import tabular_job
from antq.plans.importers import tasks_import
from antq.plans.models import Plan

TASKS_IMPORT = "antq.plans.jobs.run_tasks_import"


def run_tasks_import(job: Job, progress) -> dict:
    plan = Plan.objects.get(pk=job.params["plan"])
    with audit_context(job.source or "web", job.ip_address):
        result = tabular_job(job, progress, functools.partial(tasks_import, plan=plan))
    return {**result, "plan": plan.pk}
