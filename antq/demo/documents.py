"""Who held the offices that sign the demo's documents, with their dates, so
each document is signed by the holder of its title on its date (never a
title typed as a name): the province's People's Committee (a chairman, two
vice-chairmen as the steering committee lists them), the provincial police
director, and the chairman of each commune. The names are invented."""

import random
from datetime import date

from django.db import transaction

from antq.accounts.access import SystemActor
from antq.documents.models import OfficeHolder
from antq.documents.services import issuing_body_ensure
from antq.units.models import Unit

DEMO = SystemActor("demo")
SINCE = date(2016, 1, 1)
PROVINCE = [
    ("ubnd", "CHỦ TỊCH", "Phạm Văn Thành", date(2021, 1, 1)),
    ("ubnd", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hải", date(2021, 1, 1)),
    ("ubnd", "PHÓ CHỦ TỊCH", "Trần Quốc Tuấn", date(2026, 2, 1)),
    ("cong_an", "GIÁM ĐỐC", "Lê Minh Đức", date(2020, 1, 1)),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hòa", "Hùng", "Lan", "Long", "Mai", "Nam"]
GIVEN += ["Phong", "Quang", "Sơn", "Thắng", "Tùng", "Yến", "Hiền"]


def chair_of(unit: Unit) -> str:
    rng = random.Random(f"chair-{unit.code}")
    return " ".join([rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)])


@transaction.atomic
def load_demo_office_holders(province: Unit) -> int:
    """Idempotent: a body that has holders is left as it is."""
    added = 0
    for kind, title, name, since in PROVINCE:
        body = issuing_body_ensure(by=DEMO, unit=province, kind=kind)
        _, created = OfficeHolder.objects.get_or_create(
            body=body, title=title, name=name, defaults={"valid_from": since}
        )
        added += created
    communes = Unit.objects.filter(parent=province, type=Unit.Type.COMMUNE)
    for commune in communes.order_by("code"):
        body = issuing_body_ensure(by=DEMO, unit=commune, kind="ubnd")
        if not body.holders.exists():
            OfficeHolder.objects.create(
                body=body,
                title="CHỦ TỊCH",
                name=chair_of(commune),
                valid_from=commune.valid_from or SINCE,
                valid_to=commune.valid_to,
            )
            added += 1
    return added
