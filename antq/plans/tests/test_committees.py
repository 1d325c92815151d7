"""Steering committees: terms keep history, responsibilities stay in the area."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused
from antq.core.workflow import WrongState
from antq.plans.models import CommitteeMember
from antq.plans.services import committee_create, committee_member_add, committee_member_end


@pytest.fixture
def committee(tree, personas):
    return committee_create(
        by=personas.province_approver,
        unit=tree.province,
        name="Ban Chỉ đạo 138 tỉnh Quảng Ninh",
        decision_number="1234/QĐ-UBND",
        decision_date=date(2025, 8, 1),
    )


def head(committee, name, day, by):
    return committee_member_add(
        by=by,
        committee=committee,
        full_name=name,
        position="Phó Chủ tịch UBND tỉnh",
        role="truong_ban",
        started_on=day,
    )


def test_a_new_head_ends_the_former_heads_term_which_stays_as_history(tree, personas, committee):
    by = personas.province_approver
    first = head(committee, "Nguyễn Văn Trưởng", date(2025, 8, 1), by)
    head(committee, "Trần Văn Mới", date(2026, 3, 1), by)
    first.refresh_from_db()
    assert first.ended_on == date(2026, 3, 1)
    current = committee.members.filter(ended_on__isnull=True)
    assert [m.full_name for m in current] == ["Trần Văn Mới"]
    assert CommitteeMember.objects.count() == 2


def test_responsibilities_stay_within_the_committees_area(tree, personas, committee):
    with pytest.raises(ValidationError) as caught:
        committee_member_add(
            by=personas.province_approver,
            committee=committee,
            full_name="Lê Văn Phụ",
            position="Giám đốc Công an tỉnh",
            role="pho_thuong_truc",
            started_on=date(2025, 8, 1),
            communes=[tree.vinh_long],
        )
    assert caught.value.message_dict["communes"] == [
        "Tỉnh Vĩnh Long ở ngoài địa bàn của ban chỉ đạo."
    ]
    with pytest.raises(Refused):
        head(committee, "Người ngoài", date(2025, 9, 1), personas.officer_a)
    member = committee_member_add(
        by=personas.province_approver,
        committee=committee,
        full_name="Lê Văn Phụ",
        position="Giám đốc Công an tỉnh",
        role="pho_thuong_truc",
        started_on=date(2025, 8, 1),
        communes=[tree.commune_a],
    )
    committee_member_end(by=personas.province_approver, member=member, on=date(2026, 1, 1))
    with pytest.raises(WrongState) as ended:  # a term ends once
        committee_member_end(by=personas.province_approver, member=member, on=date(2026, 2, 1))
    assert ended.value.current == "ended"
    member.refresh_from_db()
    assert member.ended_on == date(2026, 1, 1)


def test_committees_through_the_api(client, personas, tree, auth):
    province = auth(personas.province_approver)
    created = client.post(
        "/api/v1/committees",
        {
            "unit": "22",
            "name": "Ban Chỉ đạo 138 tỉnh Quảng Ninh",
            "decision_number": "1234/QĐ-UBND",
            "decision_date": "2025-08-01",
            "members": [
                {
                    "full_name": "Nguyễn Văn Trưởng",
                    "position": "Phó Chủ tịch UBND tỉnh",
                    "role": "truong_ban",
                    "started_on": "2025-08-01",
                    "communes": ["06688"],
                },
            ],
        },
        content_type="application/json",
        **province,
    )
    assert created.status_code == 201, created.json()
    assert created.json()["members"][0]["communes"] == ["06688"]
    assert client.get("/api/v1/committees", **auth(personas.officer_b)).json() == []
