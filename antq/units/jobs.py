"""Unit work that runs on the task queue (see antq.core.jobs)."""

import io

from django.utils.translation import gettext as _

from antq.audit.context import audit_context
from antq.core.actors import Actor
from antq.core.jobs import job_enqueue
from antq.core.models import Job
from antq.core.tabular import TabularError
from antq.units.importers import units_import
from antq.units.models import Unit
from antq.units.placement import restate_all

UNITS_IMPORT = "antq.units.jobs.run_units_import"


def run_units_import(job: Job, progress) -> dict:
    """Import the uploaded file of units below the commune, all or nothing, as
    the person who uploaded it. A file that turned invalid meanwhile (someone
    added a unit of the same name) ends with its row/column messages."""
    commune = Unit.objects.get(pk=job.params["commune"])
    filename = job.params["filename"]
    with job.payload.open("rb") as handle:
        data = handle.read()
    with audit_context(job.source or "web", job.ip_address):
        try:
            result = units_import(
                commune=commune,
                upload=io.BytesIO(data),
                filename=filename,
                by=job.actor,
                progress=progress,
            )
        except TabularError as error:
            return {"commune": commune.pk, "errors": [str(e) for e in error.errors]}
    return {
        "commune": commune.pk,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "total": result.total,
    }


RESTATE = "antq.units.jobs.run_restate"


def restate_enqueue(*, by: Actor, source: str = "", ip_address: str | None = None) -> Job:
    """Queue the restatement (`run_restate`) as `by`: after the command line's
    `antq restate`, or a unit closed on a page or through the API."""
    return job_enqueue(
        kind="restate",
        label=_("Quy số liệu về đơn vị hiện nay"),
        by=by,
        runner=RESTATE,
        source=source,
        ip_address=ip_address,
    )


def run_restate(job: Job, progress) -> dict:
    """After a change of boundaries: every placed row of every placed model
    moved under today's units (antq.units.placement), one step per model."""
    with audit_context(job.source or "cli", job.ip_address):
        return restate_all(by=job.actor, progress=progress)
