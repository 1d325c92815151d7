"""Plans drafted and issued in antq: each is a document of its issuer's
outgoing register (the People's Committee, or its steering committee). The
register gives the number, the date, the signer holding the title that day,
the place line and the "Căn cứ" in force; the plan module composes what the
plan says (`antq.plans.documents`) and copies the number back when it is
issued. A plan issued elsewhere is recorded with its number instead
(`plan_create`) and never goes through here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.accounts.access import APPROVE, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.vietnamese import format_date
from antq.core.workflow import WrongState
from antq.documents.models import Document
from antq.documents.services import document_create, document_issue
from antq.plans.models import Plan

SOURCE = "plans.plan"  # the composer antq.plans.documents registers
REFUSED = gettext_lazy("Bạn không có thẩm quyền ban hành kế hoạch này.")


def _draft_on_register(by: Actor, plan: Plan, data) -> Document:
    """The plan's draft in the register of the body `data.issuer` names, with
    the text of its sections I and III (inside `plan_create`)."""
    from antq.plans.services.plans import ISSUERS

    return document_create(
        by=by,
        unit=plan.unit,
        purpose=ISSUERS[data.issuer],
        source_kind=SOURCE,
        source_id=plan.pk,
        subject=plan.title,
        content={"purpose": data.purpose.strip(), "organisation": data.organisation.strip()},
    )


def _refuse_reused(plan: Plan, document: Document) -> None:
    """A number the register gives may already be written on a plan recorded
    by hand (issued before antq kept the register): refused, naming it."""
    reference = f"{document.number:02d}"
    recorded = (
        Plan.objects.filter(unit=plan.unit, symbol__iexact=document.symbol,
                            date__year=document.date.year)
        .filter(number__in=[reference, str(document.number)])
        .exclude(pk=plan.pk)
        .first()
    )  # fmt: skip
    if recorded is not None:
        raise ValidationError(
            {"number": [_("Số %(ref)s năm %(y)s đã ghi cho kế hoạch “%(t)s”: nhập số khác.")
                        % {"ref": recorded.reference, "y": document.date.year,
                           "t": recorded.title}]}
        )  # fmt: skip


@transaction.atomic
def plan_issue(
    *,
    by: Actor,
    plan: Plan,
    day: date | None = None,
    number: int | None = None,
    signer_name: str | None = None,
    expected_version: int | None = None,
) -> Plan:
    """Issue a plan drafted on the register: its document is issued (the
    next number of the issuer's register or the number given if free, the
    date, never after today, the holder of the signing title that day; its
    DOCX and signed PDF made by a job after the commit) and the plan takes
    its number, symbol and date. Raises Refused, WrongState (recorded by hand,
    or issued already), StaleVersion, ValidationError."""
    require(by, APPROVE, plan.scope_path, str(REFUSED))
    lock_current(plan, expected_version=expected_version)
    document = plan.register_document
    if document is None or document.is_issued:
        raise WrongState(
            _("Kế hoạch %(ref)s đã ban hành.") % {"ref": plan.reference},
            current="issued",
            current_label=_("Đã ban hành"),
        )
    if not plan.tasks.exists():  # a plan is its key tasks: section II must not be empty
        raise ValidationError(
            _("Kế hoạch chưa có nhiệm vụ trọng tâm: thêm nhiệm vụ trước khi ban hành.")
        )
    before = snapshot(plan, ["number", "symbol", "date", "version"])
    document = document_issue(by=by, document=document, day=day, number=number,
                              signer_name=signer_name)  # fmt: skip
    if not plan.unit.is_valid_on(document.date):
        raise ValidationError(
            {"date": [_("%(u)s không tồn tại vào ngày %(d)s.")
                      % {"u": plan.unit.name, "d": format_date(document.date)}]}
        )  # fmt: skip
    _refuse_reused(plan, document)
    plan.number, plan.symbol, plan.date = f"{document.number:02d}", document.symbol, document.date
    plan.register_document = document
    bump(plan)
    plan.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=plan,
        unit_path=plan.scope_path,
        before=before,
        after=snapshot(plan, ["number", "symbol", "date", "version"]),
        note=_("Ban hành %(ref)s") % {"ref": plan.reference},
    )
    return plan
