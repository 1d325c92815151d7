from datetime import date

import pytest

from antq.awards.models import AwardType
from antq.awards.services import NominationInput, round_open


@pytest.fixture
def year_end(tree, personas):
    return round_open(
        by=personas.province_approver,
        unit=tree.province,
        year=2026,
        kind="year_end",
        name="Tổng kết phong trào năm 2026",
        deadline=date(2026, 12, 10),
    )


def award(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def collective(unit, code="bang_khen_chu_tich_tinh", **fields) -> NominationInput:
    return NominationInput(
        award_type=award(code),
        recipient_kind="collective",
        unit=unit,
        achievement=fields.pop("achievement", "Ba năm liền đạt “An toàn về ANTT”"),
        **fields,
    )


def individual(unit, name="Lê Văn Tâm", code="bang_khen_chu_tich_tinh", **fields):
    values = {
        "birth_year": 1978,
        "position": "Tổ trưởng Tổ bảo vệ ANTT",
        "achievement": "Phát hiện, báo tin giúp bắt 2 đối tượng trộm cắp",
        **fields,
    }
    return NominationInput(
        award_type=award(code),
        recipient_kind="individual",
        unit=unit,
        person_name=name,
        **values,
    )
