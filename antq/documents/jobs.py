"""The files of an issued document, made on the task queue after the issuing
transaction commits (see antq.core.jobs)."""

from antq.audit.context import audit_context
from antq.core.models import Job
from antq.documents.models import Document
from antq.documents.services import document_render


def run_document_render(job: Job, progress) -> dict:
    document = Document.objects.select_related("body").get(pk=job.params["document"])
    with audit_context(job.source or "web", job.ip_address):
        document_render(by=job.actor, document=document, progress=progress)
    return {"document": document.pk, "reference": document.reference}
