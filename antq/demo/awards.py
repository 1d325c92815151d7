"""Demo rewards of Quảng Ninh: the finished 2025 year-end round (communes
recognised "An toàn về ANTT" in 2025 nominated for the provincial chair's
certificate of merit, exemplary individuals for the police director's
certificate), reviewed by the council and decided; and the open 2026 round.
Written through the services, so every eligibility rule is applied."""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from antq.accounts.access import SystemActor
from antq.assessments.models import Assessment
from antq.awards.models import AwardType, Round
from antq.awards.services import (
    NominationInput,
    decision_create,
    decision_issue,
    nominate,
    nomination_accept,
    round_close,
    round_open,
)
from antq.community.models import Example
from antq.documents import signing
from antq.documents.services import issuing_body_ensure
from antq.units.models import Unit

DEMO = SystemActor("demo")


@transaction.atomic
def load_demo_awards(province: Unit, progress: Callable[[str], None] = lambda message: None) -> int:
    """Idempotent: does nothing once the province has rounds."""
    if Round.objects.filter(unit=province).exists():
        return 0
    from antq.awards.catalogue import load

    load()
    # the demo signs its PDFs with self-signed test certificates (pages say so)
    for kind in ("ubnd", "cong_an"):
        signing.make_test_certificate(issuing_body_ensure(by=DEMO, unit=province, kind=kind))
    year_end = round_open(
        by=DEMO,
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
            by=DEMO,
            round=year_end,
            data=NominationInput(
                award_type=merit,
                recipient_kind="collective",
                unit=assessment.unit,
                achievement="Đạt chuẩn “An toàn về an ninh, trật tự”, phong trào xếp loại "
                f"{assessment.classification} năm 2025",
            ),
        )
        accepted.append(nomination_accept(by=DEMO, nomination=nomination))
    for example in Example.objects.filter(
        restated_province=province, kind=Example.Kind.INDIVIDUAL, year=2025
    ).order_by("pk")[:6]:
        nomination = nominate(
            by=DEMO,
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
        nomination_accept(by=DEMO, nomination=nomination)
    issued = 0
    # the chairman's Bằng khen signed by a vice-chairman (KT. CHỦ TỊCH); the police
    # director's Giấy khen by the director of that day (demo.documents)
    signers = {
        merit: {
            "signing_form": "KT",
            "signer_title": "PHÓ CHỦ TỊCH",
            "signer_name": "Nguyễn Văn Hải",
        },
        police: {},
    }
    for number, award in ((512, merit), (513, police)):
        if year_end.nominations.filter(award_type=award, status="accepted").exists():
            decision = decision_create(
                by=DEMO,
                round=year_end,
                award_type=award,
                number=number,
                date=date(2025, 12, 20),
                place="Quảng Ninh",
                **signers[award],
            )
            decision_issue(by=DEMO, decision=decision)
            issued += 1
    round_close(by=DEMO, round=year_end)
    round_open(
        by=DEMO,
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
