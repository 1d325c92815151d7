"""Activity work that runs on the task queue (see antq.core.jobs)."""

import io

from antq.activities.importers import activities_import
from antq.audit.context import audit_context
from antq.core.models import Job
from antq.core.tabular import TabularError

ACTIVITIES_IMPORT = "antq.activities.jobs.run_activities_import"


def run_activities_import(job: Job, progress) -> dict:
    """Import the uploaded file of activities, all or nothing, as the person
    who uploaded it; a file that turned invalid meanwhile ends with its
    row/column messages."""
    with job.payload.open("rb") as handle:
        data = handle.read()
    with audit_context(job.source or "web", job.ip_address):
        try:
            result = activities_import(
                upload=io.BytesIO(data),
                filename=job.params["filename"],
                by=job.created_by,
                progress=progress,
            )
        except TabularError as error:
            return {"errors": [str(e) for e in error.errors]}
    return {"created": result.created, "unchanged": result.unchanged, "total": result.total}
