"""Writes of the outgoing register, each audited and in one transaction:
issuing bodies made on first use; drafts (create, edit, a correction or a
replacement of an issued document); issuing (number, date, signer,
certificates) and the files made once after it. Every public name is here."""

from antq.documents.services.bodies import issuing_body_ensure
from antq.documents.services.drafts import (
    default_recipients,
    document_correct,
    document_create,
    document_replace,
    document_update,
)
from antq.documents.services.issuing import (
    document_issue,
    document_render,
    document_render_start,
    file_stem,
)

__all__ = [
    "default_recipients",
    "document_correct",
    "document_create",
    "document_issue",
    "document_render",
    "document_render_start",
    "document_replace",
    "document_update",
    "file_stem",
    "issuing_body_ensure",
]
