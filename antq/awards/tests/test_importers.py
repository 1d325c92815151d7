"""A round's nomination list from a spreadsheet: every row checked like a
nomination on the page; any refusal rejects the file."""

import io

import pytest

from antq.accounts.access import SystemActor
from antq.awards.importers import nominations_import
from antq.awards.models import Nomination
from antq.awards.tests.test_rules import hold_cycle, recognise
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
    hold_cycle(tree.province, 2026)
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


# --- decisions already issued, backfilled from a workbook ---------------------------

RECORDS = (
    "Mã đơn vị ghi nhận;Cơ quan ban hành;Số, ký hiệu;Ngày ký;Năm khen thưởng;"
    "Hình thức khen thưởng;Đối tượng;Mã đơn vị;Tên tập thể, họ và tên;Chức vụ\n"
)


def records_upload(*rows: str) -> io.BytesIO:
    return io.BytesIO((RECORDS + "\n".join(rows) + "\n").encode())


def test_past_decisions_with_their_recipients_are_imported_whole_by_the_date_of_each(
    tree, personas
):
    from antq.awards.importers import records_import
    from antq.awards.models import AwardRecipient, AwardRecord

    minister = "22;Bộ trưởng Bộ Công an;9650/QĐ-BCA;20/12/2019;;Bằng khen của Bộ trưởng Bộ Công an"
    province = "22;Chủ tịch UBND tỉnh;86/QĐ-UBND;10/01/2020;2019;bang_khen_chu_tich_tinh"
    result = records_import(
        upload=records_upload(
            f"{minister};Tập thể;06688;;",  # 06688 in 2019: Phường Bạch Đằng
            f"{minister};Tập thể;193;Công an thành phố Hạ Long;",
            f"{province};Cá nhân;06688;Vũ Văn Hùng;Trưởng Công an phường",
        ),
        filename="khen-thuong-2019.csv",
        by=SystemActor("import_award_records"),
    )
    assert (result.created, result.recipients) == (2, 3)
    assert list(AwardRecord.objects.order_by("date").values_list("number", "year")) == [
        ("9650/QĐ-BCA", 2019),
        ("86/QĐ-UBND", 2019),
    ]
    assert set(AwardRecipient.objects.values_list("unit__name", flat=True)) == {
        "Phường Bạch Đằng",
        "Thành phố Hạ Long",
    }


def test_a_unit_that_did_not_exist_on_the_decision_date_rejects_the_file(tree, personas):
    from antq.awards.importers import records_import
    from antq.awards.models import AwardRecord

    minister = "22;Bộ trưởng Bộ Công an;9650/QĐ-BCA;20/12/2019;;bang_khen_bo_truong"
    with pytest.raises(TabularError) as caught:
        records_import(
            upload=records_upload(
                f"{minister};Tập thể;06673;;",
                f"{minister};Cá nhân;06688;;",
                "22;Bộ trưởng Bộ Công an;9651/QĐ-BCA;20/12/2019;2012;bang_khen_bo_truong;"
                "Tập thể;06688;;",
            ),
            filename="khen-thuong-2019.csv",
            by=personas.province_approver,
        )
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 2, cột H (Mã đơn vị): Không có đơn vị mã 06673 vào ngày 20/12/2019 trong phạm "
        "vi của bạn.",
        "Dòng 3, cột I (Tên tập thể, họ và tên): Nhập họ và tên của cá nhân được khen thưởng.",
        "Dòng 4, cột E (Năm khen thưởng): Năm khen thưởng từ 2014 đến 2019 (năm của ngày ký và "
        "5 năm trước).",
    ]
    assert not AwardRecord.objects.exists()


def test_the_seeded_conditions_say_whom_they_judge_unless_someone_edited_them(tree):
    from antq.awards.catalogue import EARLIER_CONDITIONS, declare_recipients
    from antq.awards.models import AwardType

    AwardType.objects.filter(code__in=list(EARLIER_CONDITIONS)).update(conditions=[])
    for code, conditions in EARLIER_CONDITIONS.items():
        AwardType.objects.filter(code=code).update(conditions=conditions)
    edited = AwardType.objects.get(code="giay_khen_giam_doc_ca")
    edited.conditions = [{"rule": "recognized_safe"}, {"rule": "quota", "count": 5}]
    edited.save()
    count = AwardType.objects.count()
    assert declare_recipients(AwardType) == 3
    assert AwardType.objects.count() == count
    assert AwardType.objects.get(code="bang_khen_bo_truong").conditions == [
        {
            "rule": "recognized_safe",
            "unit_types": ["residential_area", "commune", "agency", "enterprise", "school"],
        }
    ]
    edited.refresh_from_db()
    assert edited.conditions == [{"rule": "recognized_safe"}, {"rule": "quota", "count": 5}]
