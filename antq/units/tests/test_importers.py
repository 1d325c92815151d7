import io

import pytest

from antq.audit.models import AuditEntry
from antq.core.access import Refused
from antq.core.tabular import TabularError
from antq.units.importers import units_import, units_template
from antq.units.models import Unit

HEADER = "Mã;Tên;Loại đơn vị;Loại hình;Số hộ;Số nhân khẩu;Địa chỉ;Ghi chú\n"


def csv_upload(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "\n".join(rows) + "\n").encode())


def test_a_valid_file_is_imported_whole_and_audited(personas, tree):
    upload = csv_upload(
        ";Khu phố Hải Yến;Khu dân cư;khu phố;1.480;5200;;",
        ";Công ty TNHH Hạ Long Xanh;Doanh nghiệp;doanh nghiệp ngoài nhà nước;;;;",
        "06688-001;Khu phố Đồng Tâm;Khu dân cư;khu phố;330;;Tổ 1;",
    )
    result = units_import(
        commune=tree.commune_a, upload=upload, filename="d.csv", by=personas.officer_a
    )
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert Unit.objects.get(name="Khu phố Hải Yến").households == 1480
    tree.area_a.refresh_from_db()
    assert (tree.area_a.households, tree.area_a.address) == (330, "Tổ 1")
    assert AuditEntry.objects.filter(action="import", object_id=str(tree.commune_a.pk)).exists()
    assert AuditEntry.objects.filter(action="create").count() == 2


def test_one_bad_row_rejects_the_whole_file_with_row_and_column(personas, tree):
    upload = csv_upload(
        ";Khu phố Hải Yến;Khu dân cư;khu phố;;;;",
        ";Thôn Mới;Khu dân cư;trường trung học cơ sở;;;;",
        ";Khu phố Cũ;Khu dân cư;khu phố;nhiều;;;",
    )
    before = Unit.objects.count()
    with pytest.raises(TabularError) as caught:
        units_import(commune=tree.commune_a, upload=upload, filename="d.csv", by=personas.officer_a)
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith(
        "Dòng 3, cột D (Loại hình): “trường trung học cơ sở” không hợp với khu dân cư"
    )
    assert messages[1] == "Dòng 4, cột E (Số hộ): “nhiều” không phải là số."
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_counts_are_read_as_offices_write_them(personas, tree):
    upload = csv_upload(";Khu phố Hải Yến;Khu dân cư;khu phố;1.480;12 500;;")
    units_import(commune=tree.commune_a, upload=upload, filename="d.csv", by=personas.officer_a)
    area = Unit.objects.get(name="Khu phố Hải Yến")
    assert (area.households, area.population) == (1480, 12500)


def test_a_fraction_or_a_negative_count_is_refused_with_its_row_and_column(personas, tree):
    upload = csv_upload(
        ";Khu phố Hải Yến;Khu dân cư;khu phố;12.5;;;",
        ";Khu phố Bạch Đằng;Khu dân cư;khu phố;;-3;;",
    )
    with pytest.raises(TabularError) as caught:
        units_import(commune=tree.commune_a, upload=upload, filename="d.csv", by=personas.officer_a)
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 2, cột E (Số hộ): “12.5” phải là số nguyên.",
        "Dòng 3, cột F (Số nhân khẩu): Phải là số nguyên không âm.",
    ]
    assert not Unit.objects.filter(name="Khu phố Hải Yến").exists()


def test_duplicates_inside_the_file_and_codes_of_other_communes_are_errors(personas, tree):
    upload = csv_upload(
        ";Khu phố Hải Yến;Khu dân cư;khu phố;;;;",
        ";khu pho hai yen;Khu dân cư;khu phố;;;;",
        "06673-001;Khu phố Hòa Bình;Khu dân cư;khu phố;;;;",
    )
    with pytest.raises(TabularError) as caught:
        units_import(commune=tree.commune_a, upload=upload, filename="d.csv", by=personas.officer_a)
    messages = " | ".join(str(e) for e in caught.value.errors)
    assert "Tên trùng với dòng 2" in messages
    assert "không thuộc Phường Hạ Long" in messages


def test_the_template_lists_current_units_and_uploads_back_unchanged(personas, tree):
    content = units_template(tree.commune_a)
    result = units_import(
        commune=tree.commune_a,
        upload=io.BytesIO(content),
        filename="mau.xlsx",
        by=personas.officer_a,
    )
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_imports_need_write_access_to_the_commune(personas, tree):
    with pytest.raises(Refused):
        units_import(
            commune=tree.commune_a,
            upload=csv_upload(";Thôn X;Khu dân cư;thôn;;;;"),
            filename="d.csv",
            by=personas.officer_b,
        )
    assert not Unit.objects.filter(name="Thôn X").exists()
