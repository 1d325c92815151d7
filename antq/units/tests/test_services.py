from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.audit.models import AuditEntry
from antq.core.access import Refused
from antq.units.models import Unit
from antq.units.services import unit_close, unit_create, unit_update


def test_a_commune_officer_adds_a_residential_area_with_a_generated_code(personas, tree):
    unit = unit_create(
        parent=tree.commune_a,
        by=personas.officer_a,
        type="residential_area",
        kind=Unit.Kind.KHU_PHO,
        name="  Khu phố   Hải Yến ",
    )
    assert unit.name == "Khu phố Hải Yến"
    assert unit.code == "06688-003"
    assert unit.path == f"{tree.commune_a.path}{unit.pk}/" and unit.depth == 2
    assert Unit.objects.subtree(tree.province).filter(pk=unit.pk).exists()
    entry = AuditEntry.objects.get(object_type="units.unit", object_id=str(unit.pk))
    assert entry.action == "create" and entry.actor == personas.officer_a
    assert entry.after["name"] == "Khu phố Hải Yến" and entry.before is None


def test_officer_of_commune_b_cannot_add_units_to_commune_a(personas, tree):
    with pytest.raises(Refused):
        unit_create(
            parent=tree.commune_a,
            by=personas.officer_b,
            type="residential_area",
            kind=Unit.Kind.KHU_PHO,
            name="Khu phố Lạ",
        )
    assert not Unit.objects.filter(name="Khu phố Lạ").exists()


def test_a_viewer_cannot_write(personas, tree):
    with pytest.raises(Refused):
        unit_create(
            parent=tree.commune_a,
            by=personas.viewer,
            type="residential_area",
            kind=Unit.Kind.KHU_PHO,
            name="Khu phố Xem",
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": Unit.Kind.TRUONG_THCS}, "kind"),
        ({"name": "Khu phố Đồng Tâm"}, "name"),
        ({"name": "khu pho dong tam"}, "name"),
        ({"code": "06673"}, "code"),
        ({"type": "commune", "kind": Unit.Kind.PHUONG}, "type"),
    ],
)
def test_invalid_units_are_refused_field_by_field(personas, tree, changes, field):
    values = {"type": "residential_area", "kind": Unit.Kind.KHU_PHO, "name": "Khu phố Mới"}
    with pytest.raises(ValidationError) as caught:
        unit_create(parent=tree.commune_a, by=personas.officer_a, **(values | changes))
    assert field in caught.value.message_dict


def test_residential_areas_only_sit_under_communes(personas, tree):
    with pytest.raises(ValidationError) as caught:
        unit_create(
            parent=tree.province,
            by=personas.province_approver,
            type="residential_area",
            kind=Unit.Kind.THON,
            name="Thôn Lạc",
        )
    assert "type" in caught.value.message_dict


def test_provinces_may_hold_the_schools_they_manage(personas, tree):
    school = unit_create(
        parent=tree.province,
        by=personas.province_approver,
        type="school",
        kind=Unit.Kind.TRUONG_THPT,
        name="Trường THPT Chuyên Hạ Long",
    )
    assert school.parent == tree.province


def test_update_is_audited_with_before_and_after(personas, tree):
    unit_update(unit=tree.area_a, by=personas.officer_a, households=350, name="Khu phố Đồng Tâm")
    entry = AuditEntry.objects.get(action="update", object_id=str(tree.area_a.pk))
    assert (entry.before["households"], entry.after["households"]) == (320, 350)
    assert entry.changed_fields() == [("households", 320, 350)]


def test_an_update_that_changes_nothing_writes_no_audit_entry(personas, tree):
    unit_update(unit=tree.area_a, by=personas.officer_a, households=320)
    assert not AuditEntry.objects.filter(action="update").exists()


def test_official_administrative_units_are_not_edited_by_hand(personas, tree):
    with pytest.raises(ValidationError):
        unit_update(unit=tree.commune_a, by=personas.system_admin, name="Phường Khác")


def test_closing_keeps_the_unit_and_refuses_while_children_are_open(personas, tree):
    closed = unit_close(
        unit=tree.area_a, by=personas.officer_a, on=date(2026, 1, 1), reason="Sáp nhập khu phố"
    )
    assert closed.valid_to == date(2026, 1, 1) and Unit.objects.filter(pk=closed.pk).exists()
    with pytest.raises(ValidationError):
        unit_close(unit=closed, by=personas.officer_a, on=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        unit_update(unit=closed, by=personas.officer_a, households=1)


def test_a_unit_is_not_closed_on_a_day_to_come_and_nothing_is_written(tree, personas):
    from datetime import timedelta

    from antq.core.dates import today

    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match=r"Ngày đóng .* ở sau ngày hôm nay"):
        unit_close(unit=tree.area_a, by=personas.officer_a, on=today() + timedelta(days=1))
    tree.area_a.refresh_from_db()
    assert tree.area_a.valid_to is None and AuditEntry.objects.count() == before
