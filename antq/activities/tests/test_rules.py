"""The rules of recording an activity, each with its Vietnamese explanation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused
from antq.activities.models import Activity
from antq.activities.selectors import activities_for, activity_summary
from antq.activities.services import activity_create, activity_update
from antq.activities.tests.conftest import entry
from antq.audit.models import AuditEntry
from antq.core.actors import SYSTEM
from antq.units.placement import restate_all


def refusal(by, data) -> dict:
    with pytest.raises(ValidationError) as caught:
        activity_create(by=by, data=data)
    return caught.value.message_dict


def test_an_activity_is_recorded_with_its_outputs_and_categories_and_audited(tree, personas):
    activity = activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    assert {o.kind.code: o.count for o in activity.outputs.all()} == {"tin_bai": 2, "to_roi": 300}
    assert [c.code for c in activity.categories.all()] == ["lua_dao_mang"]
    audit = AuditEntry.objects.get(object_type="activities.activity", object_id=str(activity.pk))
    assert audit.action == "create" and audit.after["outputs"] == {"tin_bai": 2, "to_roi": 300}
    assert activity.restated_commune == tree.commune_a


def test_history_rule_an_activity_before_the_reform_belongs_to_the_unit_of_then(tree, personas):
    """Commune A's officer records, for March 2025, an activity of the commune
    merged into A; it is counted under that commune as published and under A
    restated, and commune B's officer never sees it."""
    activity = activity_create(
        by=personas.officer_a, data=entry(tree.old_commune, date(2025, 3, 5))
    )
    assert activity.published_commune == tree.old_commune
    assert activity.restated_commune == tree.commune_a
    assert activity.scope_path == tree.commune_a.path
    assert list(activities_for(personas.officer_a, root=tree.commune_a)) == [activity]
    assert list(activities_for(personas.officer_a, root=tree.old_commune, view="published")) == [
        activity
    ]
    assert not activities_for(personas.officer_b).exists()


def test_history_rule_no_activity_for_a_unit_on_a_day_it_did_not_exist(tree, personas):
    errors = refusal(personas.officer_a, entry(tree.old_commune, date(2025, 8, 1)))
    assert errors["date"] == [
        "Phường Bạch Đằng không tồn tại vào ngày 01/08/2025 (tồn tại đến 30/06/2025); "
        "chọn đơn vị có vào ngày đó."
    ]
    errors = refusal(personas.officer_a, entry(tree.commune_a, date(2025, 3, 5)))
    assert "thành lập từ 01/07/2025" in errors["date"][0]
    assert not Activity.objects.exists()


def test_bad_input_is_explained_and_writes_nothing(tree, personas):
    errors = refusal(
        personas.officer_a,
        entry(
            tree.commune_a,
            date(2099, 1, 1),
            title=" ",
            attendance=-1,
            outputs={"to_roi": -5, "khong_co": 1},
            categories=["khong_co"],
        ),
    )
    assert errors["date"][0].startswith("Ngày diễn ra (01/01/2099) ở sau ngày hôm nay")
    assert errors["title"] == ["Nhập tên hoạt động."]
    assert errors["attendance"] == ["Số người dự phải là số nguyên không âm."]
    assert set(errors["outputs"]) == {
        "Số tờ rơi phải là số nguyên không âm.",
        "Không có loại sản phẩm mã khong_co.",
    }
    assert errors["categories"] == ["Không có lĩnh vực mã: khong_co."]
    errors = refusal(
        personas.officer_a, entry(tree.commune_a, date(2026, 10, 5), end_date=date(2026, 10, 1))
    )
    assert errors["end_date"] == ["Ngày kết thúc phải từ ngày bắt đầu trở đi."]
    assert (
        not Activity.objects.exists()
        and not AuditEntry.objects.filter(object_type="activities.activity").exists()
    )


def test_a_commune_cannot_record_for_another_nor_a_viewer_at_all(tree, personas):
    with pytest.raises(Refused, match="không có quyền"):
        activity_create(by=personas.officer_b, data=entry(tree.area_a))
    with pytest.raises(Refused):
        activity_create(by=personas.viewer, data=entry(tree.commune_a))
    assert not Activity.objects.exists()


def test_an_edit_based_on_an_older_version_is_refused(tree, personas, activity_a):
    from antq.audit.versions import StaleVersion

    activity_update(
        by=personas.province_approver,
        activity=activity_a,
        data=entry(tree.commune_a, attendance=200),
    )
    with pytest.raises(StaleVersion):
        activity_update(
            by=personas.officer_a,
            activity=Activity.objects.get(pk=activity_a.pk),
            data=entry(tree.commune_a, attendance=90),
            expected_version=1,
        )
    assert Activity.objects.get(pk=activity_a.pk).attendance == 200


def test_the_summary_counts_by_kind_and_output_with_last_year(tree, personas):
    by = personas.officer_a
    activity_create(by=by, data=entry(tree.commune_a))
    activity_create(by=by, data=entry(tree.area_a, kind="ngay_hoi", title="Ngày hội", outputs={}))
    activity_create(by=by, data=entry(tree.old_commune, date(2025, 3, 5)))
    summary = activity_summary(by, root=tree.commune_a, year=2026)
    kinds = {k["code"]: (k["count"], k["previous"]) for k in summary.by_kind}
    assert kinds["tuyen_truyen"] == (1, 1) and kinds["ngay_hoi"] == (1, 0)
    assert summary.total == 2 and summary.attendance == 240
    outputs = {o["code"]: (o["total"], o["previous"]) for o in summary.outputs}
    assert outputs["to_roi"] == (300, 300)
    published = activity_summary(by, root=tree.commune_a, year=2026, view="published")
    assert {k["code"]: k["previous"] for k in published.by_kind}["tuyen_truyen"] == 0


def test_restating_moves_activities_to_the_units_of_today(tree, personas):
    activity = activity_create(
        by=personas.officer_a, data=entry(tree.old_commune, date(2025, 3, 5))
    )
    Activity.objects.filter(pk=activity.pk).update(restated_commune=None, scope_path="/0/")
    assert restate_all(by=SYSTEM)["activities.activity"] == 1
    activity.refresh_from_db()
    assert (activity.restated_commune, activity.scope_path) == (tree.commune_a, tree.commune_a.path)
