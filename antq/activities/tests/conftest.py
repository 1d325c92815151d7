from datetime import date

import pytest

from antq.activities.models import ActivityKind
from antq.activities.services import ActivityInput


def entry(unit, day=date(2026, 10, 5), kind="tuyen_truyen", **fields) -> ActivityInput:
    """An activity as a person would enter it."""
    values = {
        "title": "Tuyên truyền phòng, chống lừa đảo qua mạng",
        "attendance": 120,
        "categories": ["lua_dao_mang"],
        "outputs": {"tin_bai": 2, "to_roi": 300},
        **fields,
    }
    return ActivityInput(unit=unit, kind=ActivityKind.objects.get(code=kind), date=day, **values)


@pytest.fixture
def activity_a(tree, personas):
    from antq.activities.services import activity_create

    return activity_create(by=personas.officer_a, data=entry(tree.commune_a))
