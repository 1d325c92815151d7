"""The rules of the grassroots force (Law 30/2023, TT 14/2024, HD 01/HD-BCA-V05),
each with the Vietnamese explanation a commune officer reads."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused
from antq.audit.models import AuditEntry
from antq.forces.models import Member, Rating, SizeRule, Team
from antq.forces.selectors import medal_candidates, members_for, team_check, teams_for
from antq.forces.services import (
    excellent_cap,
    member_add,
    months_between,
    rating_refusal,
    ratings_save,
    team_create,
    team_dissolve,
    training_add,
)
from antq.forces.tests.conftest import person


def test_one_active_team_per_residential_area(tree, personas, team_a):
    with pytest.raises(ValidationError) as caught:
        team_create(by=personas.officer_a, unit=tree.area_a, established_on=date(2026, 1, 1))
    assert caught.value.message_dict["unit"] == [
        "Khu phố Đồng Tâm đã có Tổ bảo vệ an ninh, trật tự."
    ]
    with pytest.raises(ValidationError) as caught:
        team_create(by=personas.officer_a, unit=tree.commune_a, established_on=date(2026, 1, 1))
    assert caught.value.message_dict["unit"] == [
        "Tổ bảo vệ an ninh, trật tự được thành lập ở khu dân cư."
    ]
    assert team_a.name == "Tổ bảo vệ an ninh, trật tự Khu phố Đồng Tâm"
    assert team_a.scope_path == tree.commune_a.path  # seen from the commune up


def test_bad_member_input_is_explained_and_writes_nothing(tree, personas, team_a):
    def refusal(**fields) -> dict:
        with pytest.raises(ValidationError) as caught:
            member_add(by=personas.officer_a, team=team_a, data=person(**fields))
        return caught.value.message_dict

    assert refusal(birth_year=2090)["birth_year"] == ["Năm sinh 2090 chưa đến."]
    assert refusal(birth_year=2010, appointed_on=date(2026, 1, 5))["birth_year"] == [
        "Thành viên phải đủ 18 tuổi khi được công nhận (sinh năm 2010)."
    ]
    assert refusal(appointed_on=date(2025, 1, 1))["appointed_on"] == [
        "Tổ được thành lập ngày 01/07/2025; ngày công nhận không thể trước đó."
    ]
    assert refusal(appointed_on=date(2026, 1, 1), ended_on=date(2025, 12, 1))["ended_on"] == [
        "Ngày thôi phải sau ngày công nhận."
    ]
    assert not Member.objects.exists()


def test_no_team_date_is_after_today(tree, personas, team_a, team_a_members):
    """Founding, recognition, leaving and dissolution record what happened: a
    date after today (the test clock's 02/12/2026) is refused and nothing moves."""
    with pytest.raises(ValidationError) as caught:
        team_dissolve(by=personas.officer_a, team=team_a, on=date(2026, 12, 31))
    assert caught.value.message_dict["on"] == [
        "Ngày giải thể (31/12/2026) ở sau ngày hôm nay (02/12/2026): không ghi ngày chưa đến."
    ]
    team_a.refresh_from_db()
    assert team_a.dissolved_on is None
    with pytest.raises(ValidationError) as caught:
        member_add(by=personas.officer_a, team=team_a, data=person(ended_on=date(2027, 1, 1)))
    assert caught.value.message_dict["ended_on"] == [
        "Ngày thôi (01/01/2027) ở sau ngày hôm nay (02/12/2026): không ghi ngày chưa đến."
    ]
    with pytest.raises(ValidationError) as caught:
        team_create(by=personas.officer_b, unit=tree.area_b, established_on=date(2027, 1, 1))
    assert (
        "Ngày thành lập (01/01/2027) ở sau ngày hôm nay"
        in caught.value.message_dict["established_on"][0]
    )
    assert Member.objects.count() == len(team_a_members)


def test_one_team_leader_at_a_time(tree, personas, team_a, team_a_members):
    with pytest.raises(ValidationError) as caught:
        member_add(
            by=personas.officer_a,
            team=team_a,
            data=person("Đỗ Văn Nam", role="to_truong", appointed_on=date(2026, 1, 1)),
        )
    assert caught.value.message_dict["role"] == [
        "Tổ đã có tổ trưởng Lê Văn Tâm; cho người đó thôi trước khi công nhận tổ trưởng mới."
    ]


def test_members_are_seen_from_their_commune_up_only(tree, personas, team_a_members):
    from antq.accounts.models import Role
    from conftest import make_user

    assert members_for(personas.officer_a).count() == 3
    assert members_for(personas.viewer).count() == 3  # the province
    assert members_for(personas.officer_b).count() == 0
    area_user = make_user("khu.dongtam", Role.DATA_ENTRY, tree.area_a)
    assert members_for(area_user).count() == 0
    assert teams_for(area_user).count() == 0
    with pytest.raises(Refused):
        member_add(by=personas.officer_b, team=team_a_members[0].team, data=person())


def test_nine_months_before_14_11_are_needed_to_be_rated():
    assert months_between(date(2026, 2, 15), date(2026, 11, 14)) == 8
    assert months_between(date(2026, 2, 14), date(2026, 11, 14)) == 9
    assert rating_refusal(start=date(2026, 2, 14), year=2026, kind="Tổ") == ""
    assert rating_refusal(start=date(2026, 3, 1), year=2026, kind="Lê Văn Tâm") == (
        "Lê Văn Tâm mới 8 tháng tính đến 14/11/2026 (từ 01/03/2026); chưa đủ 9 tháng nên "
        "không xếp loại năm 2026."
    )


def test_excellent_is_at_most_20_percent_of_good_or_better():
    assert [excellent_cap(n) for n in (4, 5, 9, 10, 15)] == [0, 1, 1, 2, 3]


def test_the_rating_refuses_the_newcomer_and_the_excess_of_excellent(
    tree, personas, team_a, team_a_members
):
    by = personas.officer_a
    newcomer = member_add(
        by=by, team=team_a, data=person("Vũ Văn Mới", appointed_on=date(2026, 6, 1))
    )
    leader, deputy, member = team_a_members
    with pytest.raises(ValidationError) as caught:
        ratings_save(
            by=by,
            commune=tree.commune_a,
            year=2026,
            members={leader.pk: "excellent", deputy.pk: "good", member.pk: "good",
                     newcomer.pk: "good"},
        )  # fmt: skip
    errors = caught.value.message_dict
    assert errors[f"member-{newcomer.pk}"][0].startswith("Vũ Văn Mới mới 5 tháng")
    assert errors["members"] == [
        "1 thành viên xếp loại Hoàn thành xuất sắc nhiệm vụ vượt mức 20 % của 3 thành viên "
        "hoàn thành tốt nhiệm vụ trở lên ở Phường Hạ Long năm 2026 (tối đa 0)."
    ]
    assert not Rating.objects.exists()
    assert not AuditEntry.objects.filter(object_type="forces.rating").exists()

    ratings_save(
        by=by,
        commune=tree.commune_a,
        year=2026,
        teams={team_a.pk: "good"},
        members={leader.pk: "good", deputy.pk: "good", member.pk: "done"},
    )
    assert Rating.objects.filter(year=2026).count() == 4
    entry = AuditEntry.objects.get(object_type="forces.rating")
    assert entry.after[f"member-{leader.pk}"] == "good"


def test_the_check_lists_areas_without_team_size_problems_and_untrained(
    tree, personas, team_a, team_a_members
):
    SizeRule.objects.create(
        province=tree.province, min_households=0, max_households=None, min_members=4,
        max_members=6,
    )  # fmt: skip
    tree.area_a.households = 320
    tree.area_a.save()
    training_add(
        by=personas.officer_a,
        member=team_a_members[0],
        course="Bồi dưỡng nghiệp vụ 2025",
        start=date(2025, 9, 10),
        result="passed",
    )
    check = team_check(personas.officer_a, tree.commune_a)
    assert [t.pk for t, _rule in check.below_size] == [team_a.pk]
    assert {m.full_name for m in check.untrained} == {"Hoàng Văn Đức", "Phạm Thị Lan"}
    assert tree.area_a not in check.areas_without_team
    assert check.teams == 1 and check.members == 3


def test_members_reaching_the_years_for_the_medal(tree, personas, team_a):
    by = personas.officer_a
    man = member_add(by=by, team=team_a, data=person(
        "Trần Văn Lâu", appointed_on=date(2025, 7, 1), service_since=date(2011, 5, 1)))  # fmt: skip
    woman = member_add(by=by, team=team_a, data=person(
        "Ngô Thị Bền", gender="female", appointed_on=date(2025, 7, 1),
        service_since=date(2015, 5, 1)))  # fmt: skip
    member_add(by=by, team=team_a, data=person(
        "Lý Văn Chưa", appointed_on=date(2025, 7, 1), service_since=date(2014, 5, 1)))  # fmt: skip
    found = medal_candidates(by, root=tree.commune_a, on=date(2026, 11, 24))
    assert [m.pk for m in found] == [man.pk, woman.pk]
    assert Team.objects.count() == 1


def test_a_rating_sheet_sent_again_unchanged_writes_nothing(tree, personas, team_a):
    sheet = {"by": personas.officer_a, "commune": tree.commune_a, "year": 2026,
             "teams": {team_a.pk: "good"}}  # fmt: skip
    assert ratings_save(**sheet) == 1
    assert ratings_save(**sheet) == 0
    assert ratings_save(by=personas.officer_a, commune=tree.commune_a, year=2026) == 0
    assert AuditEntry.objects.filter(object_type="forces.rating").count() == 1
