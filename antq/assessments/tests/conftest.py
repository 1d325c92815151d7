from datetime import date

import pytest

from antq.assessments.models import Assessment, Criterion
from antq.assessments.services.campaigns import campaign_open, registration_create
from antq.assessments.services.workflow import assessment_save, assessment_start

YEAR = 2026


@pytest.fixture
def campaign(tree, personas):
    return campaign_open(by=personas.province_approver, province=tree.province, year=YEAR)


def fill_all_met(assessment: Assessment, by, *, met: bool = True) -> Assessment:
    """Answer every criterion (numbers at their threshold) and record the meeting."""
    answers = {}
    for answer in assessment.answers.select_related("criterion"):
        criterion = answer.criterion
        if criterion.kind == Criterion.Kind.NUMBER:
            answers[criterion.pk] = {"number": criterion.threshold if met else 0}
        elif criterion.kind == Criterion.Kind.YES_NO or criterion.source == "crime_decrease":
            answers[criterion.pk] = {"met": met}
    scores = {s.item_id: s.item.max_points for s in assessment.scores.select_related("item")}
    return assessment_save(
        by=by,
        assessment=assessment,
        answers=answers,
        scores=scores,
        meeting={
            "date": date(YEAR, 10, 25),
            "chair": "Trưởng khu phố",
            "attendees": "Chi bộ, Mặt trận, Tổ bảo vệ ANTT",
        },
    )


@pytest.fixture
def area_assessment(campaign, tree, personas):
    registration_create(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    return assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
