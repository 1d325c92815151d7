"""Award decisions: recorded as a draft for the council's accepted
nominations, with its document in the outgoing register issued by the body
the award type names; issued (eligibility checked again, every nomination
awarded and audited, the document numbered with one certificate per
recipient; files made after the commit); a correction is a new document with
its own number citing the first, whose files stay."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, audit_record_each, snapshot
from antq.audit.versions import bump, lock_current
from antq.awards.documents import SOURCE, purpose
from antq.awards.models import AwardType, Decision, Nomination, Round
from antq.awards.rules import Candidate, refusals
from antq.awards.services.nominations import NOMINATION_FIELDS
from antq.core.workflow import WrongState
from antq.documents.authority import rule_for, signing_form_of
from antq.documents.services import document_correct, document_create, document_issue

DECISION_FIELDS = ["round_id", "award_type_id", "document_id", "status", "version"]


def _require_awarding(by: Actor, round: Round) -> None:
    require(by, APPROVE, round.unit, _("Chỉ cấp khen thưởng ra quyết định."))


@transaction.atomic
def decision_create(
    *,
    by: Actor,
    round: Round,
    award_type: AwardType,
    number: int | None = None,
    date: date | None = None,
    signer_name: str = "",
    signer_title: str | None = None,
    signing_form: str | None = None,
    place: str = "",
) -> Decision:
    """The draft decision of one award type for the round's accepted
    nominations, its draft document issued by the body the award type names.
    Raises Refused outside the round's approval, ValidationError (a number
    used this year, a date to come, nothing accepted)."""
    _require_awarding(by, round)
    accepted = list(
        round.nominations.filter(award_type=award_type, status=Nomination.Status.ACCEPTED)
    )
    if not accepted:
        raise ValidationError(
            {
                "award_type": [
                    _("Chưa có đề nghị nào được hội đồng nhất trí cho %(a)s.")
                    % {"a": award_type.name}
                ]
            }
        )
    decision = Decision.objects.create(round=round, award_type=award_type)
    decision.document = document_create(
        by=by,
        unit=round.unit,
        purpose=purpose(award_type),
        source_kind=SOURCE,
        source_id=decision.pk,
        subject=f"Về việc tặng {award_type.name}",
        number=number,
        day=date,
        signer_name=signer_name,
        signer_title=signer_title,
        signing_form=signing_form_of(signing_form, rule_for(purpose(award_type), round.unit)),
        place=place,
    )
    decision.save(update_fields=["document"])
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
    *, by: Actor, decision: Decision, expected_version: int | None = None, day: date | None = None
) -> Decision:
    """Issue: every nomination is checked again (nothing changed since?), the
    nominations become awarded in one UPDATE, audited one entry each, and the
    document is issued (number, date, the signer holding the title, one
    certificate per recipient; files after the commit). Raises Refused,
    WrongState (issued already, or a nomination no longer accepted),
    StaleVersion, ValidationError."""
    _require_awarding(by, decision.round)
    lock_current(decision, expected_version=expected_version)
    Decision.moves.check(decision, "issue")
    nominations = _to_award(decision)
    before = snapshot(decision, DECISION_FIELDS)
    Decision.moves.apply(decision, "issue")
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
    document_issue(by=by, document=decision.document, day=day)
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


@transaction.atomic
def decision_reissue(*, by: Actor, decision: Decision, note: str) -> Decision:
    """Correct an issued decision: a đính chính with its own number that cites
    it and says what is corrected (`note`); the decision stays in force,
    marked corrected, its files kept. Raises Refused, WrongState while a
    draft, ValidationError without a note."""
    _require_awarding(by, decision.round)
    lock_current(decision)
    Decision.moves.check(decision, "reissue")
    if not note.strip():
        raise ValidationError({"note": [_("Nêu nội dung điều chỉnh.")]})
    before = snapshot(decision, DECISION_FIELDS)
    correction = document_correct(by=by, original=decision.document, text=note)
    document_issue(by=by, document=correction)
    bump(decision)
    decision.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.round.unit.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS) | {"correction": correction.pk},
        note=note,
    )
    return decision
