"""Configuration tables change one way (audit.configuration): by a system
administrator, audited, codes kept, deactivated rather than deleted, and
what defines a figure frozen once used, so no past figure changes silently."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antq.activities.models import ActivityKind, ThreatCategory
from antq.activities.selectors import activity_summary
from antq.activities.services import activity_create
from antq.activities.tests.conftest import entry
from antq.audit.configuration import configured_models, frozen_fields
from antq.audit.models import AuditEntry
from antq.audit.services import configuration_create, configuration_update
from antq.core.access import Refused
from antq.indicators.models import DataValue, Indicator

API = "/api/v1/configuration"


def _counts(user, root, year=2026):
    summary = activity_summary(user, root=root, year=year)
    return {k["code"]: (k["name"], k["count"]) for k in summary.by_kind}


def test_every_configuration_table_declares_its_rule():
    labels = {m._meta.label for m in configured_models()}
    assert labels >= {
        "activities.ActivityKind",
        "activities.ThreatCategory",
        "activities.OutputKind",
        "awards.AwardType",
        "indicators.Indicator",
        "indicators.ReportForm",
        "community.ModelCategory",
    }


def test_renaming_a_kind_keeps_its_code_and_every_past_figure(personas, tree):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    before = _counts(personas.province_approver, tree.province)
    kind = ActivityKind.objects.get(code="tuyen_truyen")
    configuration_update(by=personas.system_admin, entry=kind, changes={"name": "Tuyên truyền"})
    configuration_update(
        by=personas.system_admin, entry=kind, changes={"name": "Tuyên truyền, phổ biến"}
    )
    after = _counts(personas.province_approver, tree.province)
    assert before["tuyen_truyen"][1] == after["tuyen_truyen"][1] == 1
    assert after["tuyen_truyen"][0] == "Tuyên truyền, phổ biến"
    entries = AuditEntry.objects.filter(object_type="activities.activitykind", action="update")
    assert [e.after["name"] for e in entries] == ["Tuyên truyền, phổ biến"]  # no change, no entry
    with pytest.raises(ValidationError) as refused:
        configuration_update(
            by=personas.system_admin, entry=kind, changes={"code": "tuyen_truyen_2"}
        )
    assert "Không đổi mã" in str(refused.value)


def test_a_deactivated_kind_is_no_longer_offered_but_its_past_still_counts(client, personas, tree):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    kind = ActivityKind.objects.get(code="tuyen_truyen")
    configuration_update(by=personas.system_admin, entry=kind, changes={"active": False})
    assert _counts(personas.province_approver, tree.province)["tuyen_truyen"][1] == 1
    client.force_login(personas.officer_a)
    form = client.get(reverse("activities:activity-create")).content.decode()
    assert f'<option value="{kind.pk}"' not in form


def test_an_indicator_keeps_what_its_values_mean_once_it_has_values(personas, tree):
    indicator = configuration_create(
        by=personas.system_admin,
        model=Indicator,
        values={"code": "TT_THU", "name": "Chỉ tiêu thử", "aggregation": "sum"},
    )
    configuration_update(by=personas.system_admin, entry=indicator, changes={"aggregation": "max"})
    assert frozen_fields(indicator) == ("code",)
    DataValue.objects.create(
        indicator=indicator,
        unit=tree.commune_a,
        period="202601",
        period_start=date(2026, 1, 1),
        value=Decimal(3),
    )
    with pytest.raises(ValidationError) as refused:
        configuration_update(
            by=personas.system_admin, entry=indicator, changes={"aggregation": "sum"}
        )
    assert "Hãy tạo mục mới" in refused.value.message_dict["aggregation"][0]
    configuration_update(by=personas.system_admin, entry=indicator, changes={"name": "Tên mới"})


def test_only_a_system_administrator_changes_configuration(personas, tree):
    kind = ActivityKind.objects.get(code="tuyen_truyen")
    with pytest.raises(Refused):
        configuration_update(by=personas.province_approver, entry=kind, changes={"name": "X"})


def test_the_api_lists_to_everyone_and_writes_for_the_administrator(client, auth, personas, tree):
    rows = client.get(f"{API}/threat-categories", **auth(personas.officer_a)).json()
    group = next(r for r in rows if r["code"] == "lua_dao_mang")
    assert group["parent"] == "an_ninh_phi_truyen_thong"
    headers = auth(personas.system_admin)
    created = client.post(
        f"{API}/threat-categories",
        {
            "code": "an_ninh_du_lieu",
            "name": "An ninh dữ liệu",
            "parent": "an_ninh_phi_truyen_thong",
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.json()
    assert ThreatCategory.objects.get(code="an_ninh_du_lieu").parent.code == (
        "an_ninh_phi_truyen_thong"
    )
    wrong = client.patch(
        f"{API}/activity-kinds/tuyen_truyen",
        {"unit_label": "bài"},
        content_type="application/json",
        **headers,
    )
    assert wrong.status_code == 422 and "unit_label" in str(wrong.json()["errors"])
    refused = client.patch(
        f"{API}/activity-kinds/tuyen_truyen",
        {"name": "X"},
        content_type="application/json",
        **auth(personas.province_approver),
    )
    assert refused.status_code == 403


def test_admin_offers_no_deletion_and_shows_the_code_read_only(client, personas, tree):
    personas.system_admin.is_staff = personas.system_admin.is_superuser = True
    personas.system_admin.save()
    client.force_login(personas.system_admin)
    kind = ActivityKind.objects.get(code="tuyen_truyen")
    page = client.get(reverse("admin:activities_activitykind_change", args=[kind.pk]))
    assert page.status_code == 200
    assert 'name="code"' not in page.content.decode()
    assert (
        client.get(reverse("admin:activities_activitykind_delete", args=[kind.pk])).status_code
        == 403
    )
    response = client.post(
        reverse("admin:activities_activitykind_change", args=[kind.pk]),
        {"name": "Tuyên truyền (sửa trong quản trị)", "order": 0, "active": "on"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        object_type="activities.activitykind", action="update", object_id=str(kind.pk)
    ).exists()
    for name in ("awards_awardtype", "indicators_indicator", "indicators_reportform",
                 "community_modelcategory", "activities_threatcategory"):  # fmt: skip
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
