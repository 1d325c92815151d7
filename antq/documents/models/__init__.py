"""Outgoing documents: the configuration (`config`) and the register (`register`)."""

from antq.documents.models.config import (
    ABBREVIATIONS,
    CERTIFICATE_TYPES,
    NAMES_ON_PAPER,
    Authority,
    DocumentTemplate,
    DocumentType,
    IssuingBody,
    LegalDocument,
    OfficeHolder,
    SigningForm,
)
from antq.documents.models.register import Document, DocumentFile, RegisterCounter

__all__ = [
    "ABBREVIATIONS",
    "CERTIFICATE_TYPES",
    "NAMES_ON_PAPER",
    "Authority",
    "Document",
    "DocumentFile",
    "DocumentTemplate",
    "DocumentType",
    "IssuingBody",
    "LegalDocument",
    "OfficeHolder",
    "RegisterCounter",
    "SigningForm",
]
