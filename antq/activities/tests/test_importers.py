"""Importing activities from a spreadsheet: all or nothing, row and column."""

import io

import pytest
from python_calamine import CalamineWorkbook

from antq.activities.importers import activities_import, activities_template
from antq.activities.models import Activity
from antq.audit.models import AuditEntry
from antq.core.tabular import TabularError

HEADER = "Mã đơn vị;Ngày;Loại hoạt động;Tên hoạt động;Số người dự;Lĩnh vực;Tờ rơi;Tin, bài\n"


def csv_upload(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "\n".join(rows) + "\n").encode())


GOOD = [
    "06688;05/10/2026;Tuyên truyền;Tuyên truyền phòng chống lừa đảo;1.200;Lừa đảo qua mạng; 500;2",
    "06688-001;19/08/2026;Ngày hội Toàn dân bảo vệ an ninh Tổ quốc (19/8);Ngày hội;300;;;1",
    "06688;05/03/2025;hoi_nghi;Hội nghị sơ kết;80;;;",
]


def test_a_valid_file_is_imported_whole_audited_and_a_second_time_adds_nothing(personas, tree):
    result = activities_import(upload=csv_upload(*GOOD), filename="a.csv", by=personas.officer_a)
    assert (result.created, result.unchanged) == (3, 0)
    lua_dao = Activity.objects.get(title="Tuyên truyền phòng chống lừa đảo")
    assert lua_dao.attendance == 1200
    assert {o.kind.code: o.count for o in lua_dao.outputs.all()} == {"to_roi": 500, "tin_bai": 2}
    assert Activity.objects.get(title="Hội nghị sơ kết").unit == tree.old_commune
    assert (
        AuditEntry.objects.filter(action="import", object_type="activities.activity").count() == 1
    )
    again = activities_import(upload=csv_upload(*GOOD), filename="a.csv", by=personas.officer_a)
    assert (again.created, again.unchanged) == (0, 3)


def test_one_bad_row_rejects_the_file_with_row_and_column(personas, tree):
    upload = csv_upload(
        GOOD[0],
        "06688;01/08/2025;Tuyên truyền;Tuyên truyền;10;;;",  # A's unit of that day is fine
        "06673;05/10/2026;Tuyên truyền;Ngoài phạm vi;10;;;",
        "06688;32/13/2026;Tuyên truyền;Sai ngày;10;;-5;",
        '06688;05/10/2026;Họp mặt;=HYPERLINK("x");10;;;',
    )
    with pytest.raises(TabularError) as caught:
        activities_import(upload=upload, filename="a.csv", by=personas.officer_a)
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "Dòng 6, cột D (Tên hoạt động): Ô bắt đầu bằng =, +, -, @ được hiểu là công thức; "
        "hãy nhập giá trị (văn bản hoặc số).",
    ]
    with pytest.raises(TabularError) as caught:
        activities_import(upload=csv_upload(*upload.getvalue().decode().splitlines()[1:5]),
                          filename="a.csv", by=personas.officer_a)  # fmt: skip
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "Dòng 4, cột A (Mã đơn vị): Không có đơn vị mã 06673 vào ngày 05/10/2026 trong phạm vi "
        "của bạn.",
        "Dòng 5, cột B (Ngày): Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy.",
        "Dòng 5, cột G (Tờ rơi): Phải là số nguyên không âm.",
    ]
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.filter(object_type="activities.activity").exists()


def test_the_template_opens_in_a_spreadsheet_with_every_column(personas, tree):
    book = CalamineWorkbook.from_filelike(io.BytesIO(activities_template()))
    rows = book.get_sheet_by_index(0).to_python()
    header = next(row for row in rows if "Mã đơn vị *" in row)
    assert header[:5] == [
        "Mã đơn vị *",
        "Ngày *",
        "Đến ngày",
        "Loại hoạt động *",
        "Tên hoạt động *",
    ]
    assert "Tờ rơi" in header and "Băng rôn, khẩu hiệu" in header


def test_the_command_line_imports_as_a_user_or_prints_every_problem(personas, tree, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    good = tmp_path / "hoat-dong.csv"
    good.write_bytes(csv_upload(*GOOD).getvalue())
    out = StringIO()
    call_command("import_activities", str(good), "--user", "xa.a", stdout=out)
    assert "Đã nhập 3 hoạt động; 0 dòng đã có từ trước." in out.getvalue()
    assert (
        AuditEntry.objects.get(action="import", object_type="activities.activity").source == "cli"
    )
    bad = tmp_path / "sai.csv"
    bad.write_bytes(csv_upload("06688;32/13/2026;Tuyên truyền;Sai ngày;10;;;").getvalue())
    err = StringIO()
    with pytest.raises(CommandError, match="Tệp có 1 lỗi; không dòng nào được ghi"):
        call_command("import_activities", str(bad), stderr=err)
    assert "Dòng 2, cột B (Ngày): Ngày không hợp lệ" in err.getvalue()


def test_the_command_line_without_a_user_imports_as_the_system_naming_the_command(
    personas, tree, tmp_path
):
    from io import StringIO

    from django.core.management import call_command

    good = tmp_path / "hoat-dong.csv"
    good.write_bytes(csv_upload(*GOOD).getvalue())
    call_command("import_activities", str(good), stdout=StringIO())
    assert Activity.objects.count() == 3
    entry = AuditEntry.objects.get(action="import", object_type="activities.activity")
    assert entry.actor is None and entry.actor_name == "hệ thống (import_activities)"
