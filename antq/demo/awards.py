"""Demo rewards of Quảng Ninh: the finished 2025 year-end round (communes
recognised "An toàn về ANTT" in 2025 nominated for the provincial chair's
certificate of merit, exemplary individuals for the police director's
certificate), reviewed by the council and decided; and the open 2026 round.
Written through the services, so every eligibility rule is applied."""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from antq.assessments.models import Assessment
from antq.awards.models import AwardType, Round
from antq.awards.services import (
    NominationInput,
    decision_create,
    decision_issue,
    nominate,
    nomination_review,
    round_open,
)
from antq.community.models import Example
from antq.units.models import Unit


@transaction.atomic
def load_demo_awards(province: Unit, progress: Callable[[str], None] = lambda message: None) -> int:
    """Idempotent: does nothing once the province has rounds."""
    if Round.objects.filter(unit=province).exists():
        return 0
    from antq.awards.catalogue import load

    load()
    year_end = round_open(
        by=None,
        unit=province,
        year=2025,
        kind=Round.Kind.YEAR_END,
        name="Tổng kết phong trào Toàn dân bảo vệ ANTQ năm 2025",
        deadline=date(2025, 12, 10),
    )
    merit = AwardType.objects.get(code="bang_khen_chu_tich_tinh")
    police = AwardType.objects.get(code="giay_khen_giam_doc_ca")
    recognised = (
        Assessment.objects.filter(
            campaign__year=2025,
            campaign__province=province,
            unit__type=Unit.Type.COMMUNE,
            status=Assessment.Status.RECOGNIZED,
            classification__in=["Khá", "Xuất sắc"],
        )
        .select_related("unit")
        .order_by("unit__code")[:8]
    )
    accepted = []
    for assessment in recognised:
        nomination = nominate(
            by=None,
            round=year_end,
            data=NominationInput(
                award_type=merit,
                recipient_kind="collective",
                unit=assessment.unit,
                achievement="Đạt chuẩn “An toàn về an ninh, trật tự”, phong trào xếp loại "
                f"{assessment.classification} năm 2025",
            ),
        )
        accepted.append(nomination_review(by=None, nomination=nomination, accept=True))
    for example in Example.objects.filter(
        restated_province=province, kind=Example.Kind.INDIVIDUAL, year=2025
    ).order_by("pk")[:6]:
        nomination = nominate(
            by=None,
            round=year_end,
            data=NominationInput(
                award_type=police,
                recipient_kind="individual",
                unit=example.unit,
                person_name=example.person_name,
                position=example.position,
                achievement=example.achievement,
                example_id=example.pk,
            ),
        )
        nomination_review(by=None, nomination=nomination, accept=True)
    issued = 0
    for number, award in ((512, merit), (513, police)):
        if year_end.nominations.filter(award_type=award, status="accepted").exists():
            decision = decision_create(
                by=None,
                round=year_end,
                award_type=award,
                number=number,
                date=date(2025, 12, 20),
                signer_name="Nguyễn Văn Hải",
                place="Quảng Ninh",
            )
            decision_issue(by=None, decision=decision)
            issued += 1
    year_end.status = Round.Status.DECIDED
    year_end.save(update_fields=["status"])
    round_open(
        by=None,
        unit=province,
        year=2026,
        kind=Round.Kind.YEAR_END,
        name="Tổng kết phong trào Toàn dân bảo vệ ANTQ năm 2026",
        deadline=date(2026, 12, 10),
    )
    progress(
        f"Khen thưởng mẫu: {year_end.nominations.count()} đề nghị năm 2025, {issued} quyết định."
    )
    return issued
