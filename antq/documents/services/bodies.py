"""Issuing bodies made on first use, from their unit and kind (a province
adjusts them in /admin/)."""

from django.db import IntegrityError, transaction

from antq.accounts.access import Actor
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.documents.authority import body_code, body_defaults
from antq.documents.models import IssuingBody
from antq.units.models import Unit


@transaction.atomic
def issuing_body_ensure(*, by: Actor, unit: Unit | None, kind: str) -> IssuingBody:
    """The body of `kind` at `unit` (None: the ministry's department), made
    with its defaults (audited) if it does not exist yet. No right is needed
    beyond the caller's: it is configuration every document of the unit needs."""
    existing = IssuingBody.objects.filter(unit=unit, kind=kind).first()
    if existing is not None:
        return existing
    body = IssuingBody(
        code=body_code(unit, kind),
        unit=unit,
        kind=kind,
        numbering=IssuingBody.Numbering.PER_BODY,  # one series a year unless set per type
        **body_defaults(unit, kind),
    )
    try:
        with transaction.atomic():
            body.save()
    except IntegrityError:  # made a moment ago by a concurrent first document
        return IssuingBody.objects.get(unit=unit, kind=kind)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=body,
        unit_path=body.scope_path,
        after={"code": body.code, "name": body.name, "kind": kind},
        note="Tạo cơ quan ban hành mặc định",
    )
    return body
