"""Every unit has a history: a founding date and, once closed, a closing
date, set on create and corrected with audit, within the parent's life; a
closed unit's past is written by today's unit carrying it."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antq.accounts.models import Role
from antq.audit.models import AuditEntry
from antq.core.access import Refused
from antq.core.tabular import TabularError, read_records
from antq.units.importers import COLUMNS, units_import, units_template
from antq.units.models import REFORM_2025_CLOSE, Unit
from antq.units.services import unit_close, unit_create, unit_update
from conftest import make_user


def _agency(parent, by, **fields):
    values = {"type": "agency", "kind": "co_quan_dang", "name": "Ban Dân vận Tỉnh ủy"} | fields
    return unit_create(parent=parent, by=by, **values)


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("co_quan_dang", "cơ quan của Đảng"),
        ("mat_tran", "Mặt trận Tổ quốc"),
        ("to_chuc", "tổ chức chính trị - xã hội"),
        ("hoi", "hội, tổ chức xã hội"),
    ],
)
def test_party_bodies_the_front_and_mass_organisations_are_kinds_of_agency(
    personas, tree, kind, label
):
    unit = _agency(tree.province, personas.province_approver, kind=kind, name=f"Đơn vị {kind}")
    assert unit.get_kind_display() == label


def test_a_founding_date_is_set_on_create_and_recorded_in_the_audit(personas, tree):
    unit = _agency(tree.province, personas.province_approver, valid_from=date(2000, 1, 1))
    assert unit.valid_from == date(2000, 1, 1) and unit.carrier_path == unit.path
    entry = AuditEntry.objects.get(object_type="units.unit", object_id=str(unit.pk))
    assert entry.after["valid_from"] == "2000-01-01"


def test_a_founding_date_after_today_is_refused(personas, tree):
    with pytest.raises(ValidationError) as refused:
        _agency(tree.province, personas.province_approver, valid_from=date(2026, 12, 3))
    assert (
        "Ngày thành lập (03/12/2026) ở sau ngày hôm nay"
        in refused.value.message_dict["valid_from"][0]
    )
    assert not Unit.objects.filter(name="Ban Dân vận Tỉnh ủy").exists()


def test_a_unit_is_not_founded_before_its_parent_and_is_told_where_it_belonged(personas, tree):
    with pytest.raises(ValidationError) as refused:
        unit_create(
            parent=tree.commune_a,
            by=personas.officer_a,
            type="residential_area",
            kind="khu_pho",
            name="Khu phố Cũ",
            valid_from=date(2020, 3, 1),
        )
    message = refused.value.message_dict["valid_from"][0]
    assert "Phường Hạ Long có từ 01/07/2025" in message
    assert "Phường Bạch Đằng (đến 30/06/2025)" in message


def test_changing_the_founding_date_is_audited_with_before_and_after(personas, tree):
    unit = _agency(tree.province, personas.province_approver, valid_from=date(2010, 1, 1))
    unit_update(unit=unit, by=personas.province_approver, valid_from=date(2001, 5, 1))
    entry = AuditEntry.objects.filter(action="update", object_id=str(unit.pk)).get()
    assert (entry.before["valid_from"], entry.after["valid_from"]) == ("2010-01-01", "2001-05-01")


def test_the_founding_date_cannot_move_after_a_childs(personas, tree):
    with pytest.raises(ValidationError) as refused:
        unit_update(unit=tree.commune_a, by=personas.system_admin, valid_from=date(2025, 8, 1))
    assert "Khu phố Đồng Tâm trực thuộc đơn vị này có từ 01/07/2025" in str(refused.value)


def test_only_a_system_administrator_corrects_an_administrative_units_dates(personas, tree):
    with pytest.raises(Refused):
        unit_update(unit=tree.province, by=personas.province_approver, valid_from=date(1963, 1, 1))
    unit_update(unit=tree.province, by=personas.system_admin, valid_from=date(1963, 10, 30))
    tree.province.refresh_from_db()
    assert tree.province.valid_from == date(1963, 10, 30)
    with pytest.raises(ValidationError):
        unit_update(unit=tree.province, by=personas.system_admin, name="Tỉnh Khác")


def test_a_unit_of_the_past_is_recorded_under_its_parent_of_then_by_todays_successor(tree):
    officer = make_user("vinhlong.duyet", Role.APPROVER, tree.vinh_long)
    tree.ben_tre.refresh_from_db()  # carried by Vĩnh Long since the fixture linked them
    with pytest.raises(ValidationError) as refused:
        _agency(tree.ben_tre, officer, name="Ban Dân vận Tỉnh ủy Bến Tre")
    assert "Tỉnh Bến Tre ngừng hoạt động từ 30/06/2025" in str(refused.value)
    unit = _agency(
        tree.ben_tre,
        officer,
        name="Ban Dân vận Tỉnh ủy Bến Tre",
        valid_from=date(2005, 1, 1),
        valid_to=REFORM_2025_CLOSE,
    )
    assert unit.carrier_path == tree.vinh_long.path  # its past is Vĩnh Long's today
    outsider = make_user("quangninh.khac", Role.APPROVER, tree.province)
    with pytest.raises(Refused):
        _agency(tree.ben_tre, outsider, name="Hội Nông dân", valid_to=REFORM_2025_CLOSE)


def test_a_closed_unit_keeps_its_name_and_only_its_dates_and_note_change(personas, tree):
    unit_close(unit=tree.area_a, by=personas.officer_a, on=date(2026, 11, 30))
    unit_update(
        unit=tree.area_a, by=personas.officer_a, valid_to=date(2026, 11, 1), note="sáp nhập"
    )
    with pytest.raises(ValidationError):
        unit_update(unit=tree.area_a, by=personas.officer_a, name="Khu phố Khác")
    with pytest.raises(ValidationError):
        unit_update(unit=tree.area_a, by=personas.officer_a, valid_to=None)


def test_closing_a_unit_hands_its_past_to_its_ancestor(personas, tree):
    unit_close(unit=tree.area_a, by=personas.officer_a, on=date(2026, 11, 30))
    tree.area_a.refresh_from_db()
    assert tree.area_a.carrier_path == tree.commune_a.path


def test_the_page_sets_and_corrects_the_founding_date(client, personas, tree):
    client.force_login(personas.officer_a)
    url = reverse("units:unit-edit", args=[tree.area_a.pk])
    form = client.get(url).content.decode()
    assert 'name="valid_from"' in form and 'value="2025-07-01"' in form
    response = client.post(
        url,
        {
            "kind": "khu_pho",
            "name": tree.area_a.name,
            "code": tree.area_a.code,
            "valid_from": "2025-09-01",
            "version": tree.area_a.version,
        },
    )
    assert response.status_code == 302
    tree.area_a.refresh_from_db()
    assert tree.area_a.valid_from == date(2025, 9, 1)
    refused = client.post(url, {"kind": "khu_pho", "name": "X", "valid_from": "2099-01-01"})
    assert "chưa đến" in refused.content.decode()


def test_the_import_reads_ngay_thanh_lap(personas, tree):
    header = "Mã;Tên;Loại đơn vị;Loại hình;Ngày thành lập;Số hộ\n"
    rows = ";Khu phố Hải Yến;Khu dân cư;khu phố;15/08/2025;120\n"
    units_import(
        commune=tree.commune_a,
        upload=io.BytesIO((header + rows).encode()),
        filename="d.csv",
        by=personas.officer_a,
    )
    assert Unit.objects.get(name="Khu phố Hải Yến").valid_from == date(2025, 8, 15)
    future = ";Khu phố Mai Sau;Khu dân cư;khu phố;01/01/2030;\n"
    with pytest.raises(TabularError) as refused:
        units_import(
            commune=tree.commune_a,
            upload=io.BytesIO((header + future).encode()),
            filename="d.csv",
            by=personas.officer_a,
        )
    assert "Ngày thành lập (01/01/2030) ở sau ngày hôm nay" in str(refused.value.errors[0])


def test_the_template_lists_each_units_founding_date(tree):
    records = read_records(io.BytesIO(units_template(tree.commune_a)), "mau.xlsx", COLUMNS)
    founded = {r.values["name"]: r.values.get("valid_from") for r in records}
    assert founded["Khu phố Đồng Tâm"] == "01/07/2025"


def test_an_administrator_corrects_dates_in_admin_through_the_service(client, personas, tree):
    personas.system_admin.is_staff = personas.system_admin.is_superuser = True
    personas.system_admin.save()
    client.force_login(personas.system_admin)
    url = reverse("admin:units_unit_change", args=[tree.area_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"valid_from": "2025-07-15", "note": ""})
    assert response.status_code == 302
    tree.area_a.refresh_from_db()
    assert tree.area_a.valid_from == date(2025, 7, 15)
    assert AuditEntry.objects.filter(action="update", object_id=str(tree.area_a.pk)).exists()
    refused = client.post(url, {"valid_from": "2024-01-01", "note": ""})
    assert refused.status_code == 200 and "Phường Hạ Long có từ 01/07/2025" in (
        refused.content.decode()
    )
