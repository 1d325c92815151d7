"""Writes of emulation and rewards, each audited: open and close a round,
nominate (eligibility checked and explained), the council's conclusion
(accept, reject with a reason), decide and issue (checked again; its
document in the outgoing register); record a decision already issued
elsewhere or before antq (no eligibility rule: a fact). Split by sub-domain;
every public name is here."""

from antq.awards.services.decisions import decision_create, decision_issue, decision_reissue
from antq.awards.services.nominations import (
    NominationInput,
    nominate,
    nomination_accept,
    nomination_check,
    nomination_reject,
)
from antq.awards.services.proposals import proposal_draft
from antq.awards.services.records import (
    AwardRecordInput,
    RecipientInput,
    award_record_check,
    award_record_create,
    award_record_delete,
    award_record_original_attach,
)
from antq.awards.services.rounds import round_close, round_open

__all__ = [
    "AwardRecordInput",
    "NominationInput",
    "RecipientInput",
    "award_record_check",
    "award_record_create",
    "award_record_delete",
    "award_record_original_attach",
    "decision_create",
    "decision_issue",
    "decision_reissue",
    "nominate",
    "nomination_accept",
    "nomination_check",
    "nomination_reject",
    "proposal_draft",
    "round_close",
    "round_open",
]
