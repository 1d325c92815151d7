"""The 19/8 festival: the province plans, communes choose sites, a festival
activity recorded at a site makes it held; planned vs held per commune."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
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


def test_the_festival_through_the_api_plan_communes_and_sites_in_scope(
    client, tree, personas, plan, auth
):
    """A client reads the province's festival (planned and held per commune,
    the sites) and a commune officer chooses a site of their own commune; a
    site outside it, or outside the window, is refused with a 4xx and
    nothing written."""
    api = "/api/v1/activities/festivals"
    officer, other = auth(personas.officer_a), auth(personas.officer_b)
    site = {"unit": tree.area_a.code, "planned_on": "2026-08-15", "latitude": "20,95123",
            "longitude": 107.05211}  # fmt: skip
    added = client.post(f"{api}/{plan.pk}/sites", site, content_type="application/json", **officer)
    assert added.status_code == 201, added.json()
    assert added.json() | {"id": 0} == {
        "id": 0, "unit": tree.area_a.code, "unit_name": tree.area_a.name,
        "planned_on": "2026-08-15", "held": False, "activity": None,
        "latitude": "20.95123", "longitude": "107.05211",
    }  # fmt: skip

    read = client.get(
        f"{api}?province={tree.province.code}&year=2026", **auth(personas.province_approver)
    )
    assert read.status_code == 200
    body = read.json()
    assert (body["id"], body["window_start"], body["window_end"]) == (
        plan.pk,
        "2026-07-01",
        "2026-08-19",
    )
    assert {c["name"]: (c["planned"], c["held"], c["short"]) for c in body["communes"]} == {
        "Phường Hạ Long": (1, 0, False), "Phường Bãi Cháy": (0, 0, True)
    }  # fmt: skip
    assert [s["unit_name"] for s in body["sites"]] == [tree.area_a.name]

    # commune B sees its own commune only, and cannot choose a site in A
    seen = client.get(f"{api}?province={tree.province.code}&year=2026", **other).json()
    assert [c["name"] for c in seen["communes"]] == ["Phường Bãi Cháy"] and seen["sites"] == []
    refused = client.post(f"{api}/{plan.pk}/sites", site, content_type="application/json", **other)
    assert refused.status_code in (403, 404) and refused.json()["detail"]
    late = {"unit": tree.area_b.code, "planned_on": "2026-09-02"}
    wrong = client.post(f"{api}/{plan.pk}/sites", late, content_type="application/json", **other)
    assert wrong.status_code == 422 and "01/07/2026 – 19/08/2026" in str(wrong.json())
    missing = client.get(f"{api}?province={tree.province.code}&year=2019", **officer)
    assert (
        missing.status_code == 404
        and "Không có kế hoạch Ngày hội năm 2019" in missing.json()["detail"]
    )
    from antq.activities.models import FestivalSite

    assert FestivalSite.objects.count() == 1


def test_officers_choosing_the_same_site_at_once_make_it_a_site_once(postgresql_only):
    """Six clients choose the same residential area at once (PostgreSQL; SQLite
    runs one writer at a time): one is told 201, the others a clear 422, and
    there is one site with one audit entry; nothing is half written."""
    from antq.accounts.models import Role
    from antq.activities.models import FestivalSite
    from antq.audit.models import AuditEntry
    from conftest import build_tree, make_user, run_at_once

    tree = build_tree()
    approver = make_user("tinh.duyet", Role.APPROVER, tree.province)
    plan = festival_plan_save(
        by=approver, province=tree.province, year=2026,
        window_start=date(2026, 7, 1), window_end=date(2026, 8, 19),
    )  # fmt: skip
    officers = [make_user(f"xa.{i}", Role.APPROVER, tree.commune_a) for i in range(6)]
    body = json.dumps({"unit": tree.area_a.code, "planned_on": "2026-08-15"})

    def choose(i: int):
        client = Client()
        client.force_login(officers[i])
        answer = client.post(
            f"/api/v1/activities/festivals/{plan.pk}/sites", body, content_type="application/json"
        )
        return answer.status_code, answer.json()

    results = run_at_once(choose, 6)
    codes = sorted(r if isinstance(r, Exception) else r[0] for r in results)
    assert codes == [201, 422, 422, 422, 422, 422], results
    refusals = {str(r[1]["errors"]) for r in results if r[0] == 422}
    assert len(refusals) == 1 and "đã là điểm tổ chức" in refusals.pop()
    assert FestivalSite.objects.filter(plan=plan).count() == 1
    site = FestivalSite.objects.get(plan=plan)
    assert AuditEntry.objects.filter(object_id=str(site.pk), action="create").count() == 1
