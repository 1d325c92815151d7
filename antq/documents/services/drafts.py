"""Drafts of outgoing documents: made by a module for its decision, report or
plan (or by a clerk), edited and previewed until they are issued; a
correction or a replacement starts as a draft citing the original."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.dates import not_after_today
from antq.documents.authority import NATIONAL_KINDS, rule_for, signing_problem
from antq.documents.models import ABBREVIATIONS, SigningForm
from antq.documents.models import Document as Doc
from antq.documents.register import number_used, series_of, taken_message
from antq.documents.services.bodies import issuing_body_ensure
from antq.units.models import Unit

FIELDS = [
    "body_id",
    "doc_type",
    "source_kind",
    "source_id",
    "series",
    "year",
    "number",
    "symbol",
    "date",
    "place",
    "subject",
    "signing_form",
    "signer_title",
    "signer_name",
    "recipients",
    "status",
    "relation",
    "corrects_id",
    "replaced_by_id",
    "cites_id",
    "pdf_sha256",
    "version",
]
EDITABLE = {"subject", "date", "number", "place", "signing_form", "signer_title", "signer_name"}
EDITABLE |= {"recipients", "note"}


def where(document_or_body):
    """The unit a document's rights are checked at (None: the nation)."""
    body = getattr(document_or_body, "body", document_or_body)
    return body.unit


def default_recipients(body, doc_type: str) -> str:
    """Nơi nhận by level: those who execute a decision, those the body
    reports to (its configuration), and its own archive."""
    lines = ["Như Điều 3;"] if doc_type == Doc.Type.DECISION else []
    lines += [line.strip() for line in body.report_to.splitlines() if line.strip()]
    return "\n".join([*lines, f"Lưu: {body.archive}."])


def _check(document: Doc) -> None:
    """The draft's own rules (ValidationError with every problem): a date not
    after today, a number free in its year, a signing form the body has."""
    errors: dict[str, list[str]] = {}
    try:
        not_after_today(document.date, what=_("Ngày ban hành"))
    except ValidationError as error:
        errors["date"] = error.messages
    if document.number is not None:
        if document.date is None:
            errors["date"] = [_("Văn bản đã có số thì phải có ngày ban hành.")]
        else:
            mine = document if document.pk else None
            holder = number_used(document.body, document.date.year, document.series,
                                 document.number, exclude=mine)  # fmt: skip
            if holder is not None:
                errors["number"] = [taken_message(holder)]
    if document.signing_form not in SigningForm.values:
        errors["signing_form"] = [_("Hình thức ký không hợp lệ.")]
    else:
        problem = signing_problem(document.body, document.signing_form, document.signer_title)
        if problem:
            errors["signing_form"] = [problem]
    if not document.signer_title.strip():
        errors["signer_title"] = [_("Nhập chức danh người ký.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def document_create(
    *,
    by: Actor,
    unit: Unit | None,
    purpose: str,
    source_kind: str = "",
    source_id: int | None = None,
    subject: str = "",
    doc_type: str | None = None,
    signing_form: str | None = None,
    signer_title: str | None = None,
    signer_name: str = "",
    number: int | None = None,
    day: date | None = None,
    place: str = "",
    recipients: str | None = None,
    body_kind: str | None = None,
    content: dict | None = None,
) -> Doc:
    """A draft of the body that the rule for `purpose` names at `unit`'s level
    (made with its defaults if new), with the rule's type and signing form
    unless given. A number given by the clerk is kept if free; otherwise the
    register gives one when it is issued. Raises Refused (no right to draft at
    the unit) or ValidationError (a date to come, a number taken, a signing
    form the body cannot use)."""
    rule = rule_for(purpose, unit)
    kind = body_kind or rule.body_kind
    unit = None if kind in NATIONAL_KINDS else unit  # the ministry issues for every province
    body = issuing_body_ensure(by=by, unit=unit, kind=kind)
    require(by, EDIT, where(body), _("Bạn không soạn văn bản của cơ quan này."))
    doc_type = doc_type or rule.doc_type
    title = (signer_title or rule.signer_title).strip().upper()
    document = Doc(
        body=body,
        scope_path=body.scope_path,
        doc_type=doc_type,
        source_kind=source_kind,
        source_id=source_id,
        series=series_of(body, doc_type),
        year=day.year if (day and number) else None,
        number=number,
        symbol=f"{ABBREVIATIONS[doc_type]}-{body.abbreviation}",
        date=day,
        place=place.strip() or body.place,
        subject=subject.strip(),
        signing_form=rule.signing_form if signing_form is None else signing_form,
        signer_title=title,
        signer_name=" ".join(signer_name.split()),
        recipients=default_recipients(body, doc_type) if recipients is None else recipients,
        content={"certificate_type": rule.certificate_type, **(content or {})},
        created_by=person_of(by),
    )
    _check(document)
    document.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=document,
        unit_path=document.scope_path,
        after=snapshot(document, FIELDS),
    )
    return document


@transaction.atomic
def document_update(
    *, by: Actor, document: Doc, expected_version: int | None = None, **changes
) -> Doc:
    """Edit a draft (subject, date, number, place, signing, recipients, note).
    Raises Refused, WrongState once issued, StaleVersion, ValidationError."""
    require(by, EDIT, where(document), _("Bạn không soạn văn bản của cơ quan này."))
    lock_current(document, expected_version=expected_version)
    Doc.moves.check(document, "edit")
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationError(_("Không sửa được: %(f)s.") % {"f": ", ".join(unknown)})
    before = snapshot(document, FIELDS)
    for name, value in changes.items():
        if isinstance(value, str):
            value = " ".join(value.split()) if name in {"signer_name", "place"} else value.strip()
        setattr(document, name, value)
    document.signer_title = document.signer_title.upper()
    document.year = document.date.year if (document.number and document.date) else None
    _check(document)
    bump(document)
    document.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=document,
        unit_path=document.scope_path,
        before=before,
        after=snapshot(document, FIELDS),
        note=_("Sửa dự thảo"),
    )
    return document


def _follow_up(by: Actor, original: Doc, relation: str, text: str, subject: str) -> Doc:
    require(by, EDIT, where(original), _("Bạn không soạn văn bản của cơ quan này."))
    move = "correct" if relation == Doc.Relation.CORRECTION else "replace"
    Doc.moves.check(original, move)
    if original.is_certificate:
        raise ValidationError(_("Bằng, giấy khen được đính chính qua quyết định khen thưởng."))
    if not text.strip():
        raise ValidationError({"text": [_("Nêu nội dung đính chính hoặc lý do thay thế.")]})
    document = Doc(
        body=original.body,
        scope_path=original.scope_path,
        doc_type=original.doc_type,
        source_kind=original.source_kind if relation == Doc.Relation.REPLACEMENT else "",
        source_id=original.source_id if relation == Doc.Relation.REPLACEMENT else None,
        series=original.series,
        symbol=original.symbol,
        place=original.place,
        subject=subject,
        signing_form=original.signing_form,
        signer_title=original.signer_title,
        signer_name=original.signer_name,  # the holder on the day, if one is configured
        recipients=original.recipients,
        content={**original.content, "text": text.strip()},
        note=text.strip()[:500],
        relation=relation,
        corrects=original,
        created_by=person_of(by),
    )
    document.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=document,
        unit_path=document.scope_path,
        after=snapshot(document, FIELDS),
        note=_("Dự thảo %(what)s %(ref)s")
        % {"what": document.get_relation_display().lower(), "ref": original.reference},
    )
    return document


@transaction.atomic
def document_correct(*, by: Actor, original: Doc, text: str) -> Doc:
    """A draft đính chính of an issued document: its own number when issued,
    citing the original, saying what is corrected (`text`); the original stays
    in force, marked corrected, its files kept. Raises Refused, WrongState (a
    draft cannot be corrected), ValidationError (nothing said)."""
    return _follow_up(by, original, Doc.Relation.CORRECTION, text, "")


@transaction.atomic
def document_replace(*, by: Actor, original: Doc, reason: str) -> Doc:
    """A draft replacing an issued document: the same content composed again
    with its own number, and a sentence saying which document it replaces;
    the original is marked replaced when it is issued, its files kept."""
    return _follow_up(by, original, Doc.Relation.REPLACEMENT, reason, original.subject)
