"""Award decisions: recorded as a draft for the council's accepted
nominations (number not reused by the issuing unit in the year), issued
(eligibility checked again, documents generated, every nomination awarded and
audited), reissued as a corrected version with the earlier files kept."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, audit_record_each, snapshot
from antq.audit.versions import bump, lock_current
from antq.awards.models import AwardType, Decision, DecisionDocument, Nomination, Round
from antq.awards.rules import Candidate, refusals
from antq.awards.services.documents import certificates_content, decision_content
from antq.awards.services.nominations import NOMINATION_FIELDS
from antq.core.documents import render_certificates, render_decision, render_decision_pdf
from antq.core.vietnamese import format_date
from antq.core.workflow import WrongState

DECISION_FIELDS = [
    "round_id",
    "award_type_id",
    "number",
    "symbol",
    "date",
    "signer_name",
    "signer_title",
    "signing_form",
    "status",
    "document_version",
    "version",
]


def _require_awarding(by: Actor, round: Round) -> None:
    require(by, APPROVE, round.unit, _("Chỉ cấp khen thưởng ra quyết định."))


@transaction.atomic
def decision_create(
    *,
    by: Actor,
    round: Round,
    award_type: AwardType,
    number: int,
    date: date,
    signer_name: str,
    symbol: str = "QĐ-UBND",
    signer_title: str = "CHỦ TỊCH",
    signing_form: str = Decision.SigningForm.TM,
    place: str = "",
) -> Decision:
    """The draft decision of one award type for the round's accepted
    nominations. Raises Refused outside the round's approval, ValidationError
    (a number used this year, a date to come, nothing accepted)."""
    _require_awarding(by, round)
    errors: dict[str, list[str]] = {}
    reused = Decision.objects.filter(
        round__unit=round.unit, number=number, symbol__iexact=symbol.strip(), date__year=date.year
    ).first()
    if reused is not None:
        errors["number"] = [
            _("Số %(ref)s đã dùng cho quyết định ngày %(d)s.")
            % {"ref": reused.reference, "d": format_date(reused.date)}
        ]
    if not signer_name.strip():
        errors["signer_name"] = [_("Nhập họ và tên người ký.")]
    if date > timezone.localdate():
        errors["date"] = [_("Ngày ký chưa đến.")]
    accepted = list(
        round.nominations.filter(award_type=award_type, status=Nomination.Status.ACCEPTED)
    )
    if not accepted:
        errors["award_type"] = [
            _("Chưa có đề nghị nào được hội đồng nhất trí cho %(a)s.") % {"a": award_type.name}
        ]
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        round=round,
        issuer=round.unit,
        year=date.year,
        award_type=award_type,
        number=number,
        symbol=symbol.strip(),
        date=date,
        signer_name=" ".join(signer_name.split()),
        signer_title=signer_title.strip().upper(),
        signing_form=signing_form,
        place=place.strip(),
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:  # the same number taken a moment ago by someone else
        raise ValidationError(
            {
                "number": [
                    _("Số %(ref)s đã dùng trong năm %(y)s.")
                    % {"ref": f"{number}/{symbol.strip()}", "y": date.year}
                ]
            }
        ) from None
    decision.nominations.set(accepted)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=decision,
        unit_path=round.unit.path,
        after={**snapshot(decision, DECISION_FIELDS), "nominations": [n.pk for n in accepted]},
    )
    return decision


def _to_award(decision: Decision) -> list[Nomination]:
    """The decision's nominations, locked, each still accepted by the council
    (WrongState naming the one that is not) and still eligible (ValidationError
    with every reason)."""
    nominations = list(
        decision.nominations.select_for_update(of=("self",))
        .select_related("unit", "award_type")
        .order_by("pk")
    )
    problems = []
    for nomination in nominations:
        try:
            Nomination.moves.check(nomination, "award")
        except WrongState as error:
            raise WrongState(
                f"{nomination}: {error}", current=error.current, current_label=error.current_label
            ) from None
        problems += refusals(
            Candidate(
                award_type=nomination.award_type,
                recipient_kind=nomination.recipient_kind,
                unit=nomination.unit,
                person_name=nomination.person_name,
                birth_year=nomination.birth_year,
                years_of_service=nomination.years_of_service,
                nomination_id=nomination.pk,
            ),
            decision.round,
        )
    if problems:
        raise ValidationError({"nominations": problems})
    return nominations


@transaction.atomic
def decision_issue(
    *, by: Actor, decision: Decision, expected_version: int | None = None
) -> Decision:
    """Issue: every nomination is checked again (nothing changed since?), the
    documents are generated, and the nominations become awarded in one UPDATE,
    audited one entry each. Raises Refused, WrongState (issued already, or a
    nomination no longer accepted), StaleVersion, ValidationError."""
    _require_awarding(by, decision.round)
    lock_current(decision, expected_version=expected_version)
    Decision.moves.check(decision, "issue")
    nominations = _to_award(decision)
    before = snapshot(decision, DECISION_FIELDS)
    Decision.moves.apply(decision, "issue")
    _generate(decision)
    bump(decision)
    decision.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.round.unit.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        note=_("Ban hành"),
    )
    _award(by, decision, nominations)
    return decision


def _award(by: Actor, decision: Decision, nominations: list[Nomination]) -> None:
    """Every nomination of the issued decision awarded: one UPDATE, one audit
    entry per nomination (as if each had been awarded on its own)."""
    befores = {n.pk: snapshot(n, NOMINATION_FIELDS) for n in nominations}
    Nomination.objects.filter(pk__in=befores).update(
        status=Nomination.Status.AWARDED, version=F("version") + 1
    )
    for nomination in nominations:
        Nomination.moves.apply(nomination, "award")
        bump(nomination)
    audit_record_each(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        objects=nominations,
        unit_path_of=lambda n: n.scope_path,
        before_of=lambda n: befores[n.pk],
        after_of=lambda n: snapshot(n, NOMINATION_FIELDS),
        note=_("Khen thưởng theo quyết định %(r)s") % {"r": decision.reference},
    )


def _generate(decision: Decision, note: str = "") -> None:
    """The decision as DOCX and PDF, and the certificates: a new version each
    time, every earlier version kept and listed (DecisionDocument)."""
    decision.document_version += 1
    content = decision_content(decision)
    stem = f"quyet-dinh-{decision.number}-{decision.date:%Y}-v{decision.document_version}"
    files = [
        (DecisionDocument.Kind.DOCX, decision.docx, f"{stem}.docx", render_decision(content)),
        (DecisionDocument.Kind.PDF, decision.pdf, f"{stem}.pdf", render_decision_pdf(content)),
        (
            DecisionDocument.Kind.CERTIFICATES,
            decision.certificates,
            f"bang-khen-{stem}.docx",
            render_certificates(certificates_content(decision)),
        ),
    ]
    for kind, field, name, data in files:
        field.save(name, ContentFile(data), save=False)
        DecisionDocument.objects.create(
            decision=decision,
            version=decision.document_version,
            kind=kind,
            file=field.name,
            note=note[:255],
        )


@transaction.atomic
def decision_reissue(*, by: Actor, decision: Decision, note: str) -> Decision:
    """A corrected decision: a new document version, the old files kept.
    Raises Refused, WrongState while a draft, ValidationError without a note."""
    _require_awarding(by, decision.round)
    lock_current(decision)
    Decision.moves.check(decision, "reissue")
    if not note.strip():
        raise ValidationError({"note": [_("Nêu nội dung điều chỉnh.")]})
    before = snapshot(decision, DECISION_FIELDS)
    _generate(decision, note)
    bump(decision)
    decision.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.round.unit.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        note=note,
    )
    return decision
