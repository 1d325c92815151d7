"""A plan's tasks from a spreadsheet: all or nothing, row and column."""

import io
from datetime import date

import pytest

from antq.core.tabular import TabularError
from antq.plans.importers import tasks_import
from antq.plans.services import PlanInput, plan_create

HEADER = "Số thứ tự;Nội dung nhiệm vụ;Mã đơn vị chủ trì;Thời hạn;Lặp lại\n"


def csv_upload(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "\n".join(rows) + "\n").encode())


@pytest.fixture
def plan(tree, personas):
    return plan_create(
        by=personas.province_approver,
        data=PlanInput(
            unit=tree.province,
            number="222",
            symbol="KH-UBND",
            date=date(2022, 3, 10),
            title="Kế hoạch 2022–2025",
            first_year=2022,
            last_year=2025,
        ),
    )


def test_tasks_import_whole_with_plain_recurrences(personas, plan):
    result = tasks_import(
        plan=plan,
        upload=csv_upload(
            "1;Tổ chức Ngày hội;06688;19/08/2022;hằng năm",
            "2;Báo cáo quý;22;;hằng quý",
            "3;Tổng kết;22;31/12/2025;",
        ),
        filename="nv.csv",
        by=personas.province_approver,
    )
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    counts = {t.number: t.occurrences.count() for t in plan.tasks.all()}
    assert counts == {1: 4, 2: 16, 3: 1}


def test_one_bad_row_rejects_the_file(personas, plan):
    with pytest.raises(TabularError) as caught:
        tasks_import(
            plan=plan,
            upload=csv_upload(
                "1;Tổ chức Ngày hội;06688;19/08/2026;",
                "2;=cmd|' /C calc'!A0;22;;",
                "3;Đơn vị lạ;99999;;",
            ),
            filename="nv.csv",
            by=personas.province_approver,
        )
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 3, cột B (Nội dung nhiệm vụ): Ô bắt đầu bằng =, +, -, @ được hiểu là công thức; "
        "hãy nhập giá trị (văn bản hoặc số).",
    ]
    with pytest.raises(TabularError) as caught:
        tasks_import(
            plan=plan,
            upload=csv_upload("1;Tổ chức Ngày hội;06688;19/08/2026;", "3;Đơn vị lạ;99999;;"),
            filename="nv.csv",
            by=personas.province_approver,
        )
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 2, cột D (Thời hạn): Thời hạn 19/08/2026 ngoài thời gian của kế hoạch (2022–2025).",
        "Dòng 3, cột C (Mã đơn vị chủ trì): Không có đơn vị mã 99999.",
    ]
    assert not plan.tasks.exists()
