"""Statistics work that runs on the task queue (see antq.core.jobs)."""

import io

from antq.audit.context import audit_context
from antq.core.models import Job
from antq.indicators.importers import parse_payload, values_import
from antq.indicators.spreadsheets import rows_from_workbook

VALUES_IMPORT = "antq.indicators.jobs.run_values_import"


def rows_of_file(data: bytes, filename: str) -> list[dict]:
    """dataValueSets rows of an uploaded file: a filled XLSX template, DHIS2 CSV
    or JSON. Raises TabularError or ValueError for a file that cannot be read."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return rows_from_workbook(io.BytesIO(data), filename)
    return parse_payload(data, "text/csv" if name.endswith(".csv") else "application/json")


def run_values_import(job: Job, progress) -> dict:
    """Validate and write an uploaded file of values, all or nothing, as the
    person who uploaded it; the DHIS2 import summary is the job's result."""
    filename = job.params.get("filename", "")
    with job.payload.open("rb") as handle:
        data = handle.read()
    with audit_context(job.source or "web", job.ip_address):
        rows = rows_of_file(data, filename)
        summary = values_import(by=job.created_by, rows=rows, source=filename, progress=progress)
    return summary.as_dhis2()
