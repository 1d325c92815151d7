"""Movement reports on the task queue (see antq.core.jobs): drafting or
refreshing a report reads every module's figures, a few seconds for the nation."""

from django.urls import reverse

from antq.audit.context import audit_context
from antq.core.models import Job
from antq.reports.models import Report
from antq.reports.services import report_create, report_refresh
from antq.units.models import Unit

REPORT_DRAFT = "antq.reports.jobs.run_report_draft"


def run_report_draft(job: Job, progress) -> dict:
    """Draft a new report, or with `report` in the parameters refresh its figures."""
    params = job.params
    with audit_context(job.source or "web", job.ip_address):
        if params.get("report"):
            report = Report.objects.get(pk=params["report"])
            report_refresh(
                by=job.actor,
                report=report,
                expected_version=params.get("version"),
                progress=progress,
            )
        else:
            unit = Unit.objects.get(pk=params["unit"]) if params.get("unit") else None
            report = report_create(
                by=job.actor,
                unit=unit,
                period=params["period"],
                view=params["view"],
                progress=progress,
            )
    url = reverse("movement:report-detail", args=[report.pk])  # the job page opens it
    return {"report": report.pk, "label": str(report), "url": url}
