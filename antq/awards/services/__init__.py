"""Writes of emulation and rewards, each audited: open and close a round,
nominate (eligibility checked and explained), the council's conclusion
(accept, reject with a reason), decide and issue (checked again; its
document in the outgoing register). Split by sub-domain; every public name
is here."""

from antq.awards.services.decisions import decision_create, decision_issue, decision_reissue
from antq.awards.services.nominations import (
    NominationInput,
    nominate,
    nomination_accept,
    nomination_check,
    nomination_reject,
)
from antq.awards.services.rounds import round_close, round_open

__all__ = [
    "NominationInput",
    "decision_create",
    "decision_issue",
    "decision_reissue",
    "nominate",
    "nomination_accept",
    "nomination_check",
    "nomination_reject",
    "round_close",
    "round_open",
]
