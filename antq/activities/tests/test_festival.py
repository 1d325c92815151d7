"""The 19/8 festival: the province plans, communes choose sites, a festival
activity recorded at a site makes it held; planned vs held per commune."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antq.accounts.access import EDIT, VIEW, Refused
from antq.activities.models import FestivalPlan
from antq.activities.selectors import festival_overview
from antq.activities.services import activity_create, festival_plan_save, festival_site_add
from antq.activities.tests.conftest import entry


@pytest.fixture
def plan(tree, personas):
    return festival_plan_save(
        by=personas.province_approver,
        province=tree.province,
        year=2026,
        window_start=date(2026, 7, 1),
        window_end=date(2026, 8, 19),
        sites_per_commune=1,
    )


def test_only_the_province_plans_the_festival(tree, personas):
    with pytest.raises(Refused, match="Chỉ tỉnh lập kế hoạch Ngày hội"):
        festival_plan_save(
            by=personas.officer_a,
            province=tree.province,
            year=2026,
            window_start=date(2026, 7, 1),
            window_end=date(2026, 8, 19),
        )


def test_a_site_is_chosen_within_the_window_and_held_when_its_festival_is_recorded(
    tree, personas, plan
):
    with pytest.raises(ValidationError) as caught:
        festival_site_add(
            by=personas.officer_a, plan=plan, unit=tree.area_a, planned_on=date(2026, 9, 2)
        )
    assert caught.value.message_dict["planned_on"] == [
        "Ngày dự kiến phải trong thời gian tổ chức (01/07/2026 – 19/08/2026)."
    ]
    site = festival_site_add(
        by=personas.officer_a, plan=plan, unit=tree.area_a, planned_on=date(2026, 8, 15)
    )
    rows = {
        r.commune.name: (r.planned, r.held, r.short)
        for r in festival_overview(personas.province_approver, plan)
    }
    assert rows == {"Phường Hạ Long": (1, 0, False), "Phường Bãi Cháy": (0, 0, True)}
    held = activity_create(
        by=personas.officer_a,
        data=entry(
            tree.area_a,
            date(2026, 8, 16),
            kind="ngay_hoi",
            title="Ngày hội 2026",
            outputs={"khen_thuong": 12},
        ),
    )
    site.refresh_from_db()
    assert site.activity == held
    rows = {
        r.commune.name: (r.planned, r.held)
        for r in festival_overview(personas.province_approver, plan)
    }
    assert rows["Phường Hạ Long"] == (1, 1)


def test_commune_b_cannot_choose_a_site_in_commune_a(tree, personas, plan):
    with pytest.raises(Refused):
        festival_site_add(
            by=personas.officer_b, plan=plan, unit=tree.area_a, planned_on=date(2026, 8, 15)
        )
    assert [r.commune.name for r in festival_overview(personas.officer_b, plan)] == [
        "Phường Bãi Cháy"
    ]


def _vinh_long_plan(tree) -> FestivalPlan:
    return FestivalPlan.objects.create(
        province=tree.vinh_long,
        year=2026,
        window_start=date(2026, 7, 1),
        window_end=date(2026, 8, 19),
    )


def test_a_province_plan_is_seen_by_its_communes_and_changed_only_by_the_province(
    tree, personas, plan
):
    _vinh_long_plan(tree)
    assert list(FestivalPlan.objects.for_user(personas.officer_a, VIEW)) == [plan]
    assert not FestivalPlan.objects.for_user(personas.officer_a, EDIT).exists()
    assert list(FestivalPlan.objects.for_user(personas.province_approver, EDIT)) == [plan]
    assert FestivalPlan.objects.for_user(personas.system_admin, EDIT).count() == 2


def test_a_plan_of_a_province_out_of_sight_is_not_found(client, tree, personas):
    other = _vinh_long_plan(tree)
    client.force_login(personas.officer_a)
    answer = client.post(
        reverse("activities:festival-site", args=[other.pk]),
        {"unit": tree.area_a.pk, "planned_on": "15/08/2026"},
    )
    assert answer.status_code == 404
    assert not other.sites.exists()
