"""Team members from a spreadsheet (all or nothing) and the audited export."""

import io
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from antq.audit.models import AuditEntry
from antq.core.tabular import TabularError
from antq.forces.importers import members_export, members_import
from antq.forces.models import Member
from antq.forces.selectors import members_for
from antq.forces.services import team_create

HEADER = "Mã khu dân cư;Họ và tên;Năm sinh;Giới tính;Chức danh;Ngày công nhận;Phụ cấp\n"


def csv_upload(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "\n".join(rows) + "\n").encode())


@pytest.fixture
def teams(tree, personas):
    by = personas.officer_a
    team_create(by=by, unit=tree.area_a, established_on=date(2025, 7, 1))
    team_create(by=personas.officer_b, unit=tree.area_b, established_on=date(2025, 7, 1))


GOOD = [
    "06688-001;Lê Văn Tâm;1978;Nam;Tổ trưởng;01/07/2025;1.300.000",
    "06688-001;Phạm Thị Lan;1985;Nữ;Tổ phó;01/07/2025;1.000.000",
    "06688-001;Hoàng Văn Đức;1990;Nam;Tổ viên;15/08/2025;",
]


def test_members_are_imported_whole_and_a_second_time_adds_nothing(personas, teams):
    result = members_import(upload=csv_upload(*GOOD), filename="tv.csv", by=personas.officer_a)
    assert (result.created, result.unchanged) == (3, 0)
    assert Member.objects.get(full_name="Lê Văn Tâm").allowance == 1_300_000
    again = members_import(upload=csv_upload(*GOOD), filename="tv.csv", by=personas.officer_a)
    assert (again.created, again.unchanged) == (0, 3)


def test_one_bad_row_rejects_the_file_with_row_and_column(personas, teams):
    upload = csv_upload(
        GOOD[0],
        "06688-001;Trần Văn Hai;1979;Nam;Tổ trưởng;01/08/2025;",
        "06688-001;Nguyễn Văn Tương Lai;2091;Nam;Tổ viên;01/08/2025;",
        "06673-001;Người Ngoài;1980;Nam;Tổ viên;01/08/2025;",
        '06688-001;=HYPERLINK("x");1980;Nam;Tổ viên;01/08/2025;',
    )
    with pytest.raises(TabularError) as caught:
        members_import(upload=upload, filename="tv.csv", by=personas.officer_a)
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 6, cột B (Họ và tên): Ô bắt đầu bằng =, +, -, @ được hiểu là công thức; hãy nhập "
        "giá trị (văn bản hoặc số).",
    ]
    with pytest.raises(TabularError) as caught:
        members_import(upload=csv_upload(*upload.getvalue().decode().splitlines()[1:5]),
                       filename="tv.csv", by=personas.officer_a)  # fmt: skip
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 3, cột E (Chức danh): Dòng 2 đã là tổ trưởng của tổ này.",
        "Dòng 4, cột C (Năm sinh): Năm sinh 2091 chưa đến.",
        "Dòng 5, cột A (Mã khu dân cư): Ngoài phạm vi của bạn.",
    ]
    assert not Member.objects.exists()


def test_every_export_of_members_is_audited(tree, personas, teams):
    members_import(upload=csv_upload(*GOOD), filename="tv.csv", by=personas.officer_a)
    content = members_export(
        by=personas.viewer, members=members_for(personas.viewer), root_name="Tỉnh Quảng Ninh"
    )
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert any("Lê Văn Tâm" in row for row in rows)
    entry = AuditEntry.objects.get(action="export")
    assert (entry.actor, entry.after["members"], entry.object_type) == (
        personas.viewer, 3, "forces.member",
    )  # fmt: skip
    assert entry.unit_path == tree.area_a.path  # seen by those who see the people


def test_an_import_summary_is_audited_at_the_unit_it_wrote(tree, personas, teams):
    members_import(upload=csv_upload(*GOOD), filename="tv.csv", by=personas.officer_a)
    summary = AuditEntry.objects.get(action="import")
    assert summary.unit_path == tree.area_a.path
