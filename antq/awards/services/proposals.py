"""The council's Tờ trình asking the awarding level for an award: a draft of
the council's outgoing register (numbered, dated and signed when the clerk
issues it on the register's page; its DOCX and signed PDF made by a job)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, Actor, require
from antq.awards.documents import PROPOSAL
from antq.awards.models import AwardType, Nomination, Round
from antq.documents.models import Document
from antq.documents.services import document_create


@transaction.atomic
def proposal_draft(*, by: Actor, round: Round, award_type: AwardType) -> Document:
    """A draft Tờ trình of the round's council for the nominations it accepted
    for `award_type` (audited by the register). Raises Refused outside the
    round's approval, ValidationError when nothing is accepted."""
    require(by, APPROVE, round.unit, _("Chỉ hội đồng thi đua, khen thưởng lập tờ trình."))
    accepted = round.nominations.filter(
        award_type=award_type,
        status__in=[Nomination.Status.ACCEPTED, Nomination.Status.AWARDED],
    )
    if not accepted.exists():
        raise ValidationError(
            _("Chưa có đề nghị nào được hội đồng nhất trí cho %(a)s.") % {"a": award_type.name}
        )
    return document_create(
        by=by,
        unit=round.unit,
        purpose="proposal",
        source_kind=PROPOSAL,
        source_id=round.pk,
        subject=f"Về việc đề nghị tặng {award_type.name}",
        recipients="Như trên;\nLưu: VT, TĐKT.",
        content={"award": award_type.code},
    )
