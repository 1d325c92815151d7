"""Recognition decisions: one per batch of units, its document in the
outgoing register (antq.documents). Issuing recognizes every unit of the
decision and issues its document (number, date, signer, one certificate per
unit with its own register number); the files are made after the commit. A
correction of an issued decision is a replacing decision with its own number;
the first one stays, marked replaced, its files kept."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, Actor, require
from antq.assessments.documents import SOURCE
from antq.assessments.models import Assessment, Campaign, RecognitionDecision
from antq.assessments.services.workflow import FIELDS as ASSESSMENT_FIELDS
from antq.assessments.services.workflow import classify
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, audit_record_each, snapshot
from antq.audit.versions import bump
from antq.core.actors import person_of
from antq.documents.authority import rule_for, signing_form_of
from antq.documents.services import (
    document_create,
    document_issue,
    document_replace,
    document_update,
)
from antq.units.models import Unit

DECISION_FIELDS = ["campaign_id", "issuer_id", "document_id", "proposer", "status"]


def _issuer_refused() -> str:
    return _("Bạn không có thẩm quyền ban hành quyết định của đơn vị này.")


def _signing(form: str | None, issuer: Unit) -> str | None:
    return signing_form_of(form, rule_for("recognition", issuer))


@transaction.atomic
def decision_create(
    *,
    by: Actor,
    campaign: Campaign,
    issuer: Unit,
    assessments: Sequence[Assessment],
    number: int | None = None,
    day: date | None = None,
    signer_name: str = "",
    place: str = "",
    signing_form: str | None = None,
    signer_title: str | None = None,
    proposer: str = "",
) -> RecognitionDecision:
    """Draft a decision of `issuer` recognizing `assessments` (all proposed, all
    within the issuer's competence, none already in another decision), with
    its draft document. Raises Refused or ValidationError (which units cannot
    go in, a number used, a date to come)."""
    require(by, APPROVE, issuer, _issuer_refused())
    if not assessments:
        raise ValidationError(_("Chọn ít nhất một đơn vị đã được đề nghị công nhận."))
    problems = [
        a.unit.name
        for a in assessments
        if not Assessment.moves.can(a, "recognize")
        or a.campaign_id != campaign.pk
        or a.decision_id is not None
        or campaign.recognizer_of(a.unit) != issuer
    ]
    if problems:
        raise ValidationError(
            _(
                "Không đưa được vào quyết định (chưa được đề nghị, đã có quyết "
                "định hoặc không thuộc thẩm quyền): %(units)s."
            )
            % {"units": ", ".join(problems)}
        )
    decision = RecognitionDecision.objects.create(
        campaign=campaign, issuer=issuer, proposer=proposer.strip(), created_by=person_of(by)
    )
    decision.document = document_create(
        by=by,
        unit=issuer,
        purpose="recognition",
        source_kind=SOURCE,
        source_id=decision.pk,
        number=number,
        day=day,
        signer_name=signer_name,
        place=place,
        signing_form=_signing(signing_form, issuer),
        signer_title=signer_title,
    )
    decision.save(update_fields=["document"])
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(decision=decision)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=decision,
        unit_path=issuer.path,
        after=snapshot(decision, DECISION_FIELDS) | {"units": [a.unit.code for a in assessments]},
    )
    return decision


@transaction.atomic
def decision_issue(
    *, by: Actor, decision: RecognitionDecision, day: date | None = None
) -> RecognitionDecision:
    """Issue the decision: its units become recognized (and are re-classified),
    one audit entry each, then its document is issued (number, date, signer,
    certificates; files after the commit). Raises Refused, ValidationError
    (the date, the signer), or WrongState when the decision is issued already
    or one of its assessments is no longer proposed (nothing is written)."""
    require(by, APPROVE, decision.issuer, _issuer_refused())
    RecognitionDecision.moves.check(decision, "issue")
    before = snapshot(decision, DECISION_FIELDS)
    _recognize(by, decision)
    RecognitionDecision.moves.apply(decision, "issue")
    decision.save()
    document_issue(by=by, document=decision.document, day=day)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.issuer.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        note=_("Ban hành quyết định"),
    )
    return decision


def _recognize(by: Actor, decision: RecognitionDecision) -> list[Assessment]:
    """Every assessment of `decision` recognized and re-classified: a bulk move,
    audited row by row like the same moves made one at a time."""
    campaign = decision.campaign
    assessments = list(
        decision.assessments.select_for_update().select_related("unit").order_by("pk")
    )
    before = {a.pk: snapshot(a, ASSESSMENT_FIELDS) for a in assessments}
    for assessment in assessments:
        Assessment.moves.apply(assessment, "recognize")
        assessment.classification = classify(campaign, assessment.confirmed_score, True)
        bump(assessment)
        assessment.save(update_fields=["status", "classification", "updated_at", "version"])
    audit_record_each(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        objects=assessments,
        unit_path_of=lambda a: a.unit.path,
        before_of=lambda a: before[a.pk],
        after_of=lambda a: snapshot(a, ASSESSMENT_FIELDS),
        note=_("Công nhận theo quyết định %(reference)s") % {"reference": decision.reference},
    )
    return assessments


@transaction.atomic
def decision_reissue(
    *, by: Actor, decision: RecognitionDecision, note: str, **corrections
) -> RecognitionDecision:
    """Replace an issued decision (signer, date, place, proposer corrected): a
    new document with its own number citing the first, which is marked
    replaced and keeps its files. Raises Refused, WrongState (not issued) or
    ValidationError."""
    require(by, APPROVE, decision.issuer, _issuer_refused())
    RecognitionDecision.moves.check(decision, "reissue")
    allowed = {"date", "place", "signer_name", "signing_form", "signer_title", "proposer"}
    unknown = set(corrections) - allowed
    if unknown or not note.strip():
        raise ValidationError(
            _(
                "Cần ghi lý do đính chính; chỉ sửa được ngày, địa danh, người "
                "ký, hình thức ký và người đề nghị."
            )
        )
    before = snapshot(decision, DECISION_FIELDS)
    decision.proposer = corrections.pop("proposer", decision.proposer).strip()
    day = corrections.pop("date", None)
    if "signing_form" in corrections:
        corrections["signing_form"] = _signing(corrections["signing_form"], decision.issuer)
    replacement = document_replace(by=by, original=decision.document, reason=note)
    if corrections:
        replacement = document_update(by=by, document=replacement, **corrections)
    decision.document = document_issue(by=by, document=replacement, day=day)
    decision.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.issuer.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        note=note.strip()[:255],
    )
    return decision
