"""A round's nomination list from a spreadsheet: every row checked like a
nomination on the page; any refusal rejects the file."""

import io

import pytest

from antq.awards.importers import nominations_import
from antq.awards.models import Nomination
from antq.awards.tests.test_rules import recognise
from antq.core.tabular import TabularError

HEADER = "Hình thức khen thưởng;Đối tượng;Mã đơn vị;Họ và tên;Năm sinh;Số năm công tác;Thành tích\n"


def csv_upload(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "\n".join(rows) + "\n").encode())


def test_a_valid_list_is_imported_whole(tree, personas, year_end):
    recognise(tree.commune_a, 2026)
    result = nominations_import(
        round=year_end,
        upload=csv_upload(
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh;Tập thể;06688;;;;Ba năm liền đạt chuẩn",
            "giay_khen_chu_tich_xa;Cá nhân;06688-001;Lê Văn Tâm;1978;;Báo tin có giá trị",
        ),
        filename="dn.csv",
        by=personas.officer_a,
    )
    assert result.created == 2 and Nomination.objects.count() == 2


def test_an_ineligible_or_duplicated_row_rejects_the_file(tree, personas, year_end):
    with pytest.raises(TabularError) as caught:
        nominations_import(
            round=year_end,
            upload=csv_upload(
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh;Tập thể;06688;;;;Tốt",
                "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”;Cá nhân;06688-001;Lê Văn Tâm;1978;4;Tốt",
                "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”;Cá nhân;06688-001;Lê Văn Tâm;1978;4;Tốt",
            ),
            filename="dn.csv",
            by=personas.officer_a,
        )
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith(
        "Dòng 2, cột A (Hình thức khen thưởng): Phường Hạ Long chưa được công nhận"
    )
    assert (
        "Dòng 3, cột A (Hình thức khen thưởng): Lê Văn Tâm có 4 năm công tác; cần đủ 10 năm."
        in messages
    )
    assert "Dòng 4, cột D (Họ và tên): Trùng với dòng 3." in messages
    assert not Nomination.objects.exists()


def test_numbers_are_read_as_an_office_writes_them_and_bad_ones_named(tree, personas, year_end):
    with pytest.raises(TabularError) as caught:
        nominations_import(
            round=year_end,
            upload=csv_upload(
                "giay_khen_chu_tich_xa;Cá nhân;06688-001;Lê Văn Tâm;một chín;;Báo tin",
                "giay_khen_chu_tich_xa;Cá nhân;06688-001;Phạm Thị Lan;1980;-3;Báo tin",
            ),
            filename="dn.csv",
            by=personas.officer_a,
        )
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 2, cột E (Năm sinh): Năm sinh là một số, ví dụ 1985.",
        "Dòng 3, cột F (Số năm công tác): Phải là số nguyên không âm.",
    ]
    result = nominations_import(
        round=year_end,
        upload=csv_upload("giay_khen_chu_tich_xa;Cá nhân;06688-001;Lê Văn Tâm;1978; 12 ;Báo tin"),
        filename="dn.csv",
        by=personas.officer_a,
    )
    assert result.created == 1
    assert Nomination.objects.get().years_of_service == 12
