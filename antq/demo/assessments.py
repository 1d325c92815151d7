"""Demo of the annual cycle in Quảng Ninh: 2025 finished (self-assessments,
reviews, one decision per commune and one of the province, classification)
and 2026 open (registrations done, self-assessments under way, a review queue
in Phường Hạ Long). Everything goes through the same services as users do, as
the system, so the audit trail is real."""

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import transaction

from antq.assessments.models import ASSESSED_TYPES, Assessment, Campaign, Criterion
from antq.assessments.services.campaigns import campaign_open, registration_create
from antq.assessments.services.decisions import decision_create, decision_issue
from antq.assessments.services.workflow import (
    assessment_confirm_scores,
    assessment_propose,
    assessment_reject,
    assessment_return,
    assessment_save,
    assessment_start,
    assessment_submit,
)
from antq.core.actors import SystemActor
from antq.units.models import Unit

DEMO = SystemActor("demo")  # the demo loader acts as the system, named in the audit log
FINISHED_YEAR, OPEN_YEAR = 2025, 2026
CHAIRS = ["Trưởng khu phố", "Trưởng thôn", "Bí thư chi bộ"]


def _fill(assessment: Assessment, rng: random.Random, *, passes: bool, year: int) -> None:
    answers = {}
    failing = (
        None
        if passes
        else rng.choice(
            [
                a.criterion_id
                for a in assessment.answers.all()
                if a.criterion.kind == Criterion.Kind.YES_NO
            ]
        )
    )
    for answer in assessment.answers.select_related("criterion"):
        criterion = answer.criterion
        if criterion.kind == Criterion.Kind.NUMBER:
            answers[criterion.pk] = {"number": criterion.threshold}
        elif criterion.kind == Criterion.Kind.YES_NO or criterion.source == "crime_decrease":
            answers[criterion.pk] = {"met": criterion.pk != failing}
    scores = {
        s.item_id: (s.item.max_points * Decimal(rng.randint(70, 100)) / 100).quantize(
            Decimal("0.5")
        )
        for s in assessment.scores.select_related("item")
    }
    assessment_save(
        by=DEMO,
        assessment=assessment,
        answers=answers,
        scores=scores,
        meeting={
            "date": date(year, 10, rng.randint(10, 28)),
            "chair": rng.choice(CHAIRS),
            "attendees": "Chi bộ, Ban công tác Mặt trận, Tổ bảo vệ ANTT, Công an phụ trách địa bàn",
        },
    )


def _review(assessment: Assessment) -> None:
    assessment_confirm_scores(
        by=DEMO,
        assessment=assessment,
        scores={s.item_id: s.self_points for s in assessment.scores.all()},
    )
    if assessment.self_result:
        assessment_propose(by=DEMO, assessment=assessment)
    else:
        assessment_reject(
            by=DEMO, assessment=assessment, reason="Chưa đạt tiêu chí theo biên bản tự đánh giá."
        )


def _finish_year(campaign: Campaign, communes: list[Unit], progress, with_files: set[str]) -> int:
    decisions = 0
    for index, commune in enumerate(communes, start=1):
        rng = random.Random(f"{campaign.year}-{commune.code}")
        children = list(
            Unit.objects.filter(parent=commune, type__in=ASSESSED_TYPES).valid_on(
                campaign.other_period_end
            )
        )
        for unit in children:
            registration_create(
                by=DEMO, campaign=campaign, unit=unit, on=date(campaign.year, 3, rng.randint(1, 28))
            )
            assessment = assessment_start(by=DEMO, campaign=campaign, unit=unit)
            _fill(assessment, rng, passes=rng.random() < 0.88, year=campaign.year)
            assessment_submit(by=DEMO, assessment=assessment)
            _review(assessment)
        proposed = list(
            Assessment.objects.filter(
                campaign=campaign, unit__parent=commune, status=Assessment.Status.PROPOSED
            )
        )
        if proposed:
            decision = decision_create(
                by=DEMO,
                campaign=campaign,
                issuer=commune,
                assessments=proposed,
                number=index,
                day=date(campaign.year, 12, rng.randint(5, 20)),
                # signed by the commune's chairman of that day (demo.documents)
            )
            # its files are made by the job queued when the issue commits
            decision_issue(by=DEMO, decision=decision)
            decisions += 1
        registration_create(by=DEMO, campaign=campaign, unit=commune, on=date(campaign.year, 2, 15))
        commune_assessment = assessment_start(by=DEMO, campaign=campaign, unit=commune)
        _fill(commune_assessment, rng, passes=True, year=campaign.year)
        assessment_submit(by=DEMO, assessment=commune_assessment)
        _review(commune_assessment)
        if index % 10 == 0:
            progress(f"  {campaign.year}: {index}/{len(communes)} xã đã xét duyệt")
    proposed = list(
        Assessment.objects.filter(
            campaign=campaign, unit__type=Unit.Type.COMMUNE, status=Assessment.Status.PROPOSED
        )
    )
    if proposed:
        decision = decision_create(
            by=DEMO,
            campaign=campaign,
            issuer=campaign.province,
            assessments=proposed,
            number=1,
            day=date(campaign.year + 1, 1, 8),
        )
        decision_issue(by=DEMO, decision=decision)
        decisions += 1
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    return decisions


def _open_year(campaign: Campaign, communes: list[Unit], commune_a: Unit) -> None:
    for commune in communes:
        rng = random.Random(f"{campaign.year}-{commune.code}")
        for unit in Unit.objects.filter(
            parent=commune, type__in=ASSESSED_TYPES, valid_to__isnull=True
        ):
            registration_create(
                by=DEMO, campaign=campaign, unit=unit, on=date(campaign.year, 3, rng.randint(1, 28))
            )
        registration_create(by=DEMO, campaign=campaign, unit=commune, on=date(campaign.year, 2, 20))
    rng = random.Random("open-year")
    areas = list(commune_a.children.filter(type=Unit.Type.RESIDENTIAL_AREA).order_by("code"))
    for position, area in enumerate(areas):
        assessment = assessment_start(by=DEMO, campaign=campaign, unit=area)
        if position == len(areas) - 1:
            continue  # one area has not started yet
        _fill(assessment, rng, passes=position != 2, year=campaign.year)
        if position < len(areas) - 2:
            assessment_submit(by=DEMO, assessment=assessment)
        if position == 1:
            assessment_return(
                by=DEMO,
                assessment=assessment,
                reason="Bổ sung biên bản họp có chữ ký của đại diện Mặt trận.",
            )


@transaction.atomic
def load_demo_assessments(
    province: Unit,
    commune_a: Unit,
    with_files: set[str],
    progress: Callable[[str], None] = lambda message: None,
) -> dict:
    """Idempotent: does nothing once the demo campaigns exist."""
    if Campaign.objects.filter(province=province, year=FINISHED_YEAR).exists():
        return {"decisions": 0}
    communes = list(
        province.children.filter(type=Unit.Type.COMMUNE, valid_to__isnull=True).order_by("code")
    )
    finished = campaign_open(by=DEMO, province=province, year=FINISHED_YEAR)
    decisions = _finish_year(finished, communes, progress, with_files)
    progress(f"Năm {FINISHED_YEAR}: đã ban hành {decisions} quyết định công nhận.")
    opened = campaign_open(by=DEMO, province=province, year=OPEN_YEAR)
    _open_year(opened, communes, commune_a)
    progress(f"Năm {OPEN_YEAR}: đợt đánh giá đang mở.")
    return {"decisions": decisions}
