"""Statistics work that runs on the task queue (see antq.core.jobs)."""

import io

from antq.audit.context import audit_context
from antq.core.models import Job
from antq.indicators.importers import Payload, values_import
from antq.indicators.spreadsheets import rows_from_workbook

VALUES_IMPORT = "antq.indicators.jobs.run_values_import"


def written_by_people(filename: str) -> bool:
    """A workbook is typed by people ("1.480", "7,5"); DHIS2's JSON and CSV
    are written by programs ("1480", "7.5")."""
    return filename.lower().endswith(".xlsx")


def rows_of_file(handle, filename: str):
    """dataValueSets rows of an uploaded file: a filled XLSX template (read
    whole), DHIS2 CSV or JSON (streamed). Raises TabularError or ValueError for
    a file that cannot be read."""
    name = filename.lower()
    if written_by_people(name):
        return rows_from_workbook(io.BytesIO(handle.read()), filename)
    return Payload(handle, "text/csv" if name.endswith(".csv") else "application/json")


def check_readable(handle, filename: str) -> None:
    """Raise at once (TabularError, ValueError) for an upload that cannot be read
    at all: a workbook is read whole, a JSON or CSV file up to its first value
    (the job reports anything further down). Leaves `handle` at its start."""
    try:
        rows = iter(rows_of_file(handle, filename))
        next(rows, None)
        close = getattr(rows, "close", None)
        if close:
            close()
    finally:
        handle.seek(0)


def run_values_import(job: Job, progress) -> dict:
    """Validate and write an uploaded file of values, all or nothing, as the
    person who uploaded it; the DHIS2 import summary is the job's result."""
    filename = job.params.get("filename", "")
    with job.payload.open("rb") as handle, audit_context(job.source or "web", job.ip_address):
        rows = rows_of_file(handle, filename)
        summary = values_import(
            by=job.actor,
            rows=rows,
            source=filename,
            machine=not written_by_people(filename),
            progress=progress,
        )
    return summary.as_dhis2()
