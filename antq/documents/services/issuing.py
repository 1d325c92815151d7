"""Issuing: the register's number and the date, in the issuing transaction;
the files (DOCX, PDF signed with the body's certificate, the certificates),
made once by a job after it commits. An issued document is never rendered
again under its number."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, Actor, require
from antq.audit.context import current
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, audit_record_each, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.dates import not_after_today, today
from antq.core.documents import render_certificates_pdf, render_pdf
from antq.core.jobs import job_enqueue
from antq.core.models import Job
from antq.core.workflow import WrongState
from antq.documents import signing
from antq.documents.authority import signer_on
from antq.documents.composers import certificate_of, compose, paper_of
from antq.documents.models import Document as Doc
from antq.documents.models import DocumentFile
from antq.documents.register import register_take, series_of
from antq.documents.rendering import render_certificate_docx, render_docx
from antq.documents.services.drafts import FIELDS, where

RENDER = "antq.documents.jobs.run_document_render"


def _refused() -> str:
    return _("Bạn không có thẩm quyền ban hành văn bản của cơ quan này.")


def _mark_original(by: Actor, document: Doc) -> None:
    original = Doc.objects.select_for_update().get(pk=document.corrects_id)
    before = snapshot(original, FIELDS)
    move = "correct" if document.relation == Doc.Relation.CORRECTION else "replace"
    Doc.moves.apply(original, move)
    original.replaced_by = document
    bump(original)
    original.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=original,
        unit_path=original.scope_path,
        before=before,
        after=snapshot(original, FIELDS),
        note=_("%(what)s bởi %(ref)s")
        % {"what": original.get_status_display(), "ref": document.reference},
    )


def _certificates(by: Actor, document: Doc) -> list[Doc]:
    """The certificates the decision grants, each with its own register number."""
    body = compose(document)
    kind = document.content.get("certificate_type", "")
    if not kind or not body.certificates:
        return []
    made = []
    for item in body.certificates:
        certificate = Doc(
            body=document.body,
            scope_path=document.scope_path,
            doc_type=kind,
            series=series_of(document.body, kind),
            year=document.date.year,
            symbol="",
            date=document.date,
            place=document.place,
            header_parent=document.header_parent,
            header_body=document.header_body,
            subject=item.achievement,
            signing_form=document.signing_form,
            signer_title=document.signer_title,
            signer_name=document.signer_name,
            content={"recipient": item.recipient, "achievement": item.achievement,
                     "title": body.certificate_title},
            status=Doc.Status.ISSUED,
            cites=document,
            created_by=person_of(by),
            issued_by=person_of(by),
            issued_at=document.issued_at,
        )  # fmt: skip
        certificate.number = register_take(
            body=document.body, year=document.date.year, series=certificate.series
        )
        certificate.save()
        made.append(certificate)
    audit_record_each(
        actor=by,
        action=AuditEntry.Action.CREATE,
        objects=made,
        unit_path_of=lambda c: c.scope_path,
        after_of=lambda c: snapshot(c, FIELDS),
        note=_("Cấp theo %(ref)s") % {"ref": document.reference},
    )
    return made


@transaction.atomic
def document_issue(
    *,
    by: Actor,
    document: Doc,
    day: date | None = None,
    number: int | None = None,
    signer_name: str | None = None,
    expected_version: int | None = None,
) -> Doc:
    """Issue a draft: its date (today unless given, never after), the signer
    holding its title that day, the next number of its body's register (or
    the number given, if free), the certificates it grants with their own
    numbers; a correction or replacement marks its original. The files are
    made by a job queued when the transaction commits (`render_job`).
    Raises Refused, WrongState (issued already), StaleVersion, ValidationError."""
    require(by, APPROVE, where(document), _refused())
    lock_current(document, expected_version=expected_version)
    Doc.moves.check(document, "issue")
    before = snapshot(document, FIELDS)
    day = day or document.date or today()
    not_after_today(day, what=_("Ngày ban hành"), field="date")
    if document.corrects_id and day < document.corrects.date:
        raise ValidationError({"date": [_("Văn bản đính chính, thay thế không ghi ngày trước "
                                          "văn bản gốc.")]})  # fmt: skip
    body = document.body
    document.signer_name = signer_on(
        body, document.signer_title, day,
        document.signer_name if signer_name is None else signer_name,
        suggested=bool(document.relation) and signer_name is None,
    )  # fmt: skip
    document.date, document.year = day, day.year
    document.number = register_take(
        body=body, year=day.year, series=document.series,
        wanted=number or document.number, document=document,
    )  # fmt: skip
    document.header_parent, document.header_body = body.parent_name, body.name
    document.place = document.place or body.place
    Doc.moves.apply(document, "issue")
    document.issued_at, document.issued_by = timezone.now(), person_of(by)
    if document.relation:
        _mark_original(by, document)
    bump(document)
    document.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=document,
        unit_path=document.scope_path,
        before=before,
        after=snapshot(document, FIELDS),
        note=_("Ban hành %(ref)s") % {"ref": document.reference},
    )
    _certificates(by, document)
    document.render_job = _render_later(by, document)
    document.save(update_fields=["render_job"])
    return document


def _render_later(by: Actor, document: Doc) -> Job:
    context = current()
    return job_enqueue(
        kind="document_render",
        label=_("Tạo tệp văn bản %(ref)s") % {"ref": document.reference},
        by=by,
        runner=RENDER,
        params={"document": document.pk},
        source=context.source,
        ip_address=context.ip_address,
        after_commit=True,
    )


@transaction.atomic
def document_render_start(*, by: Actor, document: Doc) -> Job:
    """Queue the files of an issued document that has none (its job failed,
    or it was issued before antq made files). Raises Refused, WrongState."""
    require(by, APPROVE, where(document), _refused())
    _refuse_rendered(document)
    document.render_job = _render_later(by, document)
    document.save(update_fields=["render_job"])
    return document.render_job


def _refuse_rendered(document: Doc) -> None:
    Doc.moves.check(document, "render")
    if document.files.filter(kind__in=[DocumentFile.Kind.DOCX, DocumentFile.Kind.PDF]).exists():
        raise WrongState(
            _("Văn bản %(ref)s đã có tệp; văn bản đã ban hành không được tạo lại.")
            % {"ref": document.reference},
            current=document.status,
            current_label=document.get_status_display(),
        )


def _store(document: Doc, kind: str, name: str, data: bytes) -> DocumentFile:
    row = DocumentFile(
        document=document, kind=kind, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )
    row.file.save(name, ContentFile(data), save=False)
    row.save()
    return row


def file_stem(document: Doc) -> str:
    number = f"{document.number:02d}" if document.number is not None else "du-thao"
    year = document.year or (document.date.year if document.date else "")
    return f"{document.doc_type}-{number}-{document.symbol.lower() or 'so'}-{year}"


@transaction.atomic
def document_render(*, by: Actor, document: Doc, progress=None) -> Doc:
    """Make the files of an issued document, once: the DOCX from its type's
    template, the PDF signed with its body's certificate when one is
    configured, and for a decision its certificates (each its DOCX, and one
    PDF to print them all). Raises Refused, WrongState (a draft, or files made
    already)."""
    require(by, APPROVE, where(document), _refused())
    lock_current(document)
    _refuse_rendered(document)
    progress = progress or (lambda done, total: None)
    certificates = list(
        document.certificates.select_related("body", "cites__body").order_by("number")
    )
    total = 2 + len(certificates)
    progress(0, total)
    unit, stem = document.body.unit, file_stem(document)
    paper = paper_of(document)
    docx = _store(document, "docx", f"{stem}.docx", render_docx(paper, document.doc_type, unit))
    progress(1, total)
    pdf = render_pdf(paper)
    signed = signing.sign_pdf(
        pdf, document.body, reason=f"Ban hành {document}", location=document.place
    )
    document.signed_by_certificate = signing.certificate_subject(document.body) if signed else ""
    pdf_row = _store(document, "pdf", f"{stem}.pdf", signed or pdf)
    document.docx_sha256, document.pdf_sha256 = docx.sha256, pdf_row.sha256
    document.save(update_fields=["docx_sha256", "pdf_sha256", "signed_by_certificate"])
    progress(2, total)
    for index, certificate in enumerate(certificates, start=1):
        data = render_certificate_docx(certificate_of(certificate), certificate.doc_type, unit)
        row = _store(certificate, "docx", f"{file_stem(certificate)}.docx", data)
        Doc.objects.filter(pk=certificate.pk).update(docx_sha256=row.sha256)
        progress(2 + index, total)
    if certificates:
        printed = render_certificates_pdf([certificate_of(c) for c in certificates])
        _store(document, "certificates", f"in-{stem}.pdf", printed)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=document,
        unit_path=document.scope_path,
        before={"files": []},
        after={"files": list(document.files.values_list("kind", "sha256")),
               "signed": bool(signed), "certificates": len(certificates)},
        note=_("Tạo tệp văn bản"),
    )  # fmt: skip
    return document
