from datetime import date

import pytest

from antq.forces.services import MemberInput, member_add, team_create


def person(name="Nguyễn Văn Hùng", **fields) -> MemberInput:
    values = {
        "full_name": name,
        "birth_year": 1980,
        "gender": "male",
        "role": "to_vien",
        "appointed_on": date(2025, 7, 1),
        **fields,
    }
    return MemberInput(**values)


@pytest.fixture
def team_a(tree, personas):
    return team_create(
        by=personas.officer_a,
        unit=tree.area_a,
        established_on=date(2025, 7, 1),
        decision_number="125/QĐ-UBND",
        decision_date=date(2025, 6, 25),
        decision_signer="Trần Văn Bình",
    )


@pytest.fixture
def team_a_members(team_a, personas):
    by = personas.officer_a
    return [
        member_add(
            by=by,
            team=team_a,
            data=person("Lê Văn Tâm", role="to_truong", appointed_on=date(2025, 7, 1)),
        ),
        member_add(
            by=by,
            team=team_a,
            data=person(
                "Phạm Thị Lan", gender="female", role="to_pho", appointed_on=date(2025, 7, 1)
            ),
        ),
        member_add(by=by, team=team_a, data=person("Hoàng Văn Đức", appointed_on=date(2025, 7, 1))),
    ]
