"""The annual "An toàn về an ninh, trật tự" cycle.

Criteria sets (national base per unit target and year, plus provincial
additions) → a province's campaign for a year → registrations in Q1 →
self-assessments with answers, evidence and the meeting → review (return or
propose) → one recognition decision per batch with its documents → the
movement classification on a 100-point score sheet.

One module per part (criteria, campaigns, assessments, decisions); every
model and the callables the migrations name are importable from here.
"""

from antq.assessments.models.assessments import (
    Answer,
    Assessment,
    Evidence,
    EvidenceQuerySet,
    Score,
    evidence_path,
)
from antq.assessments.models.campaigns import (
    Campaign,
    CampaignQuerySet,
    Registration,
    default_bands,
)
from antq.assessments.models.criteria import (
    ASSESSED_TYPES,
    TARGET_OF_TYPE,
    Confidence,
    CriteriaSet,
    Criterion,
    CriterionQuerySet,
    ScoreItem,
    ScoreSheet,
    Target,
)
from antq.assessments.models.decisions import (
    DecisionQuerySet,
    RecognitionDecision,
    document_path,
    document_storage,
)

__all__ = [
    "ASSESSED_TYPES",
    "TARGET_OF_TYPE",
    "Answer",
    "Assessment",
    "Campaign",
    "CampaignQuerySet",
    "Confidence",
    "CriteriaSet",
    "Criterion",
    "CriterionQuerySet",
    "DecisionQuerySet",
    "Evidence",
    "EvidenceQuerySet",
    "RecognitionDecision",
    "Registration",
    "Score",
    "ScoreItem",
    "ScoreSheet",
    "Target",
    "default_bands",
    "document_path",
    "document_storage",
    "evidence_path",
]
