"""The daily reminders as a job on the task queue (see antq.core.jobs)."""

import datetime as dt

from antq.audit.context import audit_context
from antq.core.models import Job
from antq.reminders.services import reminders_send

REMINDERS = "antq.reminders.jobs.run_reminders"


def run_reminders(job: Job, progress) -> dict:
    day = job.params.get("day")
    with audit_context(job.source or "cli", job.ip_address):
        return reminders_send(today=dt.date.fromisoformat(day) if day else None, progress=progress)
