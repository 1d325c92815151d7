"""Decisions already issued, recorded as facts: Quảng Ninh's 2019 awards
(2 Cờ thi đua of the province, 10 Bằng khen of the Minister, 8 collective
and 12 individual Bằng khen of the province) entered as the province would,
through the API and through the page, and read back in both views, in the
counts (page, XLSX, API), in the KT_KHEN_THUONG indicator and in the 2019
year-end report: all 32, not only the 12 individuals."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.accounts.access import Refused
from antq.audit.models import AuditEntry
from antq.awards.models import AwardRecipient, AwardRecord
from antq.awards.selectors import award_counts, figures
from antq.awards.services import AwardRecordInput, RecipientInput, award_record_create
from antq.awards.tests.conftest import award
from antq.core.periods import parse
from antq.core.tabular import read_rows
from antq.indicators.models import Indicator
from antq.indicators.selectors import rollup
from antq.indicators.services import catalogue_load
from antq.reports.drafting import draft_figures
from antq.reports.models import ReportTemplate
from antq.units.models import PUBLISHED, REFORM_2025_CLOSE, RESTATED, Unit
from conftest import link, make_unit

WARDS = [
    "Hồng Gai", "Hồng Hà", "Hồng Hải", "Cao Thắng", "Cao Xanh", "Giếng Đáy",
    "Hà Khẩu", "Hà Lầm", "Hà Trung", "Hà Phong", "Hà Tu", "Tuần Châu",
]  # fmt: skip
AGENCIES = [
    ("22-CA", "Công an tỉnh Quảng Ninh"),
    ("22-DV", "Ban Dân vận Tỉnh ủy"),
    ("22-GD", "Sở Giáo dục và Đào tạo"),
    ("22-QS", "Bộ Chỉ huy Quân sự tỉnh"),
]
PEOPLE = [
    "Vũ Văn Hùng", "Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Hoa", "Phạm Văn Nam",
    "Hoàng Thị Mai", "Đỗ Văn Sơn", "Bùi Thị Thu", "Ngô Văn Tuấn", "Đặng Thị Hà",
    "Lý Văn Quang", "Vương Thị Yến",
]  # fmt: skip


@pytest.fixture
def qn2019(tree):
    """Twelve wards of Thành phố Hạ Long before 2025 (merged into today's two
    wards) and four provincial agencies."""
    for index, ward in enumerate(WARDS, start=1):
        old = make_unit(
            parent=tree.district,
            code=f"066{index:02d}",
            name=f"Phường {ward}",
            type=Unit.Type.COMMUNE,
            kind=Unit.Kind.PHUONG,
            valid_to=REFORM_2025_CLOSE,
        )
        link(old, tree.commune_a if index % 2 else tree.commune_b)
    for code, name in AGENCIES:
        make_unit(parent=tree.province, code=code, name=name, type=Unit.Type.AGENCY, kind="co_quan")
    return tree


def decisions() -> list[dict]:
    """The three 2019 decisions as the API takes them (codes of 2019)."""
    wards = [f"066{i:02d}" for i in range(1, 13)]
    agencies = [code for code, _name in AGENCIES]
    collective = [{"recipient_kind": "collective", "unit": code} for code in wards + agencies]
    people = [
        {"recipient_kind": "individual", "unit": (wards + agencies)[i], "name": name,
         "position": "Trưởng Công an phường"}
        for i, name in enumerate(PEOPLE)
    ]  # fmt: skip
    return [
        {
            "unit": "22",
            "authority": "Ủy ban nhân dân tỉnh Quảng Ninh",
            "number": "85/QĐ-UBND",
            "date": "2020-01-10",
            "year": 2019,
            "award_type": "co_thi_dua_ubnd_tinh",
            "recipients": [collective[0], collective[12]],  # Hồng Gai, the provincial police
        },
        {
            "unit": "22",
            "authority": "Bộ trưởng Bộ Công an",
            "number": "9650/QĐ-BCA",
            "date": "2019-12-20",
            "award_type": "bang_khen_bo_truong",
            "recipients": collective[:10],
        },
        {
            "unit": "22",
            "authority": "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh",
            "number": "86/QĐ-UBND",
            "date": "2020-01-10",
            "year": 2019,
            "award_type": "bang_khen_chu_tich_tinh",
            "recipients": collective[4:8] + collective[12:16] + people,
        },
    ]


def enter_through_the_api(client, auth, user) -> None:
    headers = auth(user)
    for body in decisions():
        made = client.post(
            "/api/v1/awards/records", body, content_type="application/json", **headers
        )
        assert made.status_code == 201, made.json()


def enter_through_the_page(client, user) -> None:
    client.force_login(user)
    province = Unit.objects.get(code="22")
    for body in decisions():
        rows = body["recipients"]
        post = {
            "unit": province.pk,
            "authority": body["authority"],
            "number": body["number"],
            "date": body["date"],
            "award_type": award(body["award_type"]).pk,
            "year": str(body.get("year", "")),
            "original": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 scan", "application/pdf"),
            "r-TOTAL_FORMS": str(len(rows) + 2),  # two rows left blank
            "r-INITIAL_FORMS": "0",
        }
        for index, row in enumerate(rows):
            post[f"r-{index}-recipient_kind"] = row["recipient_kind"]
            post[f"r-{index}-unit"] = row["unit"]
            post[f"r-{index}-name"] = row.get("name", "")
            post[f"r-{index}-position"] = row.get("position", "")
        answer = client.post("/khen-thuong/da-ban-hanh/ghi-nhan/", post)
        assert answer.status_code == 302, answer.content.decode()[-3000:]


def by_kind(rows) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["recipient_kind"]] = totals.get(row["recipient_kind"], 0) + row["count"]
    return totals


@pytest.mark.parametrize("entry", ["api", "page"])
def test_quang_ninh_2019_awards_are_recorded_and_all_32_counted(
    qn2019, personas, client, auth, entry, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    catalogue_load()
    tree, officer = qn2019, personas.province_approver
    if entry == "api":
        enter_through_the_api(client, auth, officer)
    else:
        enter_through_the_page(client, officer)
    assert AwardRecord.objects.count() == 3 and AwardRecipient.objects.count() == 32
    assert AuditEntry.objects.filter(object_type="awards.awardrecord").count() == 3
    if entry == "page":
        assert all(record.original for record in AwardRecord.objects.all())

    counts = award_counts(root=tree.province, year=2019)
    assert [(r["award_type"], r["recipient_kind"], r["count"]) for r in counts] == [
        ("co_thi_dua_ubnd_tinh", "collective", 2),
        ("bang_khen_bo_truong", "collective", 10),
        ("bang_khen_chu_tich_tinh", "collective", 8),
        ("bang_khen_chu_tich_tinh", "individual", 12),
    ]
    assert [r["level"] for r in counts] == ["province", "ministry", "province", "province"]
    assert sum(r["recorded"] for r in counts) == 32
    # published: under the district of then; restated: under today's province
    district = award_counts(root=tree.district, year=2019, view=PUBLISHED)
    assert by_kind(district) == {"collective": 15, "individual": 12}  # the agencies are not
    assert by_kind(award_counts(root=tree.province, year=2019, view=PUBLISHED)) == {
        "collective": 20,
        "individual": 12,
    }
    assert figures(root=tree.province, years=(2019, 2018), by_child=False, view=RESTATED) == {
        None: (32, None)  # 2018 holds no award data: no data, never 0
    }

    client.force_login(officer)
    page = client.get(f"/khen-thuong/thong-ke/?unit={tree.province.pk}&year=2019").content.decode()
    assert 'id="award-total">32<' in page
    sheet = client.get(f"/khen-thuong/thong-ke/?unit={tree.province.pk}&year=2019&format=xlsx")
    rows = read_rows(io.BytesIO(sheet.content), "khen-thuong.xlsx")
    counted = [row for row in rows if row and row[0].startswith(("Cờ", "Bằng"))]
    assert sum(int(row[3]) for row in counted) == 32
    api = client.get("/api/v1/awards/counts?year=2019&unit=22", **auth(officer)).json()
    assert sum(row["count"] for row in api) == 32
    assert {row["level_name"] for row in api} == {"Ủy ban nhân dân tỉnh", "Bộ Công an"}

    indicator = Indicator.objects.get(code="KT_KHEN_THUONG")
    total = rollup(indicator=indicator, root=tree.province, period=parse("2019"), by_child=False)
    assert (total[0].current, total[0].previous) == (32, None)

    report = draft_figures(
        template=ReportTemplate.objects.get(is_default=True),
        root=tree.province,
        period=parse("2019"),
    )
    awards_section = next(s for s in report["sections"] if s["key"] == "s10")
    assert awards_section["lines"][0]["sentence"] == (
        "Khen thưởng 32 lượt tập thể, cá nhân (cùng kỳ năm trước chưa có dữ liệu)"
    )
    assert awards_section["table"]["rows"][-1] == ["Cộng", "20", "12", "32"]


def test_a_recorded_decision_is_a_fact_not_judged_by_the_eligibility_rules(tree, personas):
    """No campaign, no recognition: a 2019 decision of the Minister still records."""
    record = award_record_create(
        by=personas.province_approver,
        data=AwardRecordInput(
            unit=tree.province,
            authority="Bộ trưởng Bộ Công an",
            number="12/QĐ-BCA",
            date=date(2019, 12, 20),
            award_type=award("bang_khen_bo_truong"),
            recipients=[
                RecipientInput("collective", tree.old_commune),
                RecipientInput("collective", tree.district, name="Công an thành phố Hạ Long"),
                RecipientInput("collective", tree.province),
            ],
        ),
    )
    assert record.year == 2019
    assert [r.name for r in record.recipients.all()] == [
        "Phường Bạch Đằng",
        "Công an thành phố Hạ Long",
        "Tỉnh Quảng Ninh",
    ]


def test_units_must_have_existed_on_the_decision_date_and_each_refusal_names_its_row(
    tree, personas
):
    data = AwardRecordInput(
        unit=tree.province,
        authority="Chủ tịch UBND tỉnh",
        number="86/QĐ-UBND",
        date=date(2020, 1, 10),
        year=2012,
        award_type=award("co_thi_dua_ubnd_tinh"),
        recipients=[
            RecipientInput("collective", tree.old_commune),
            RecipientInput("collective", tree.commune_a),  # founded 01/07/2025
            RecipientInput("individual", tree.old_commune, name="Vũ Văn Hùng"),
            RecipientInput("collective", tree.ben_tre),
        ],
    )
    with pytest.raises(ValidationError) as caught:
        award_record_create(by=personas.province_approver, data=data)
    assert caught.value.message_dict == {
        "year": ["Năm khen thưởng từ 2015 đến 2020 (năm của ngày ký và 5 năm trước)."],
        "recipients.2.unit": [
            "Phường Hạ Long không tồn tại vào ngày 10/01/2020; chọn đơn vị có vào ngày ký "
            "quyết định."
        ],
        "recipients.3.recipient_kind": [
            "Cờ thi đua của Ủy ban nhân dân tỉnh không tặng cho cá nhân."
        ],
        "recipients.4.unit": ["Tỉnh Bến Tre không thuộc Tỉnh Quảng Ninh."],
    }
    assert not AwardRecord.objects.exists()


def test_only_who_may_edit_where_the_unit_is_carried_records_and_a_decision_once(tree, personas):
    data = AwardRecordInput(
        unit=tree.old_commune,
        authority="Chủ tịch UBND thành phố Hạ Long",
        number="1020/QĐ-UBND",
        date=date(2019, 12, 25),
        award_type=award("giay_khen_chu_tich_huyen"),
        recipients=[RecipientInput("individual", tree.old_commune, name="Lê Văn Tâm")],
    )
    with pytest.raises(Refused):
        award_record_create(by=personas.officer_b, data=data)
    award_record_create(by=personas.officer_a, data=data)  # today's Hạ Long carries Bạch Đằng
    with pytest.raises(ValidationError) as caught:
        award_record_create(by=personas.officer_a, data=data)
    assert caught.value.message_dict["number"] == [
        "Quyết định số 1020/QĐ-UBND ngày 25/12/2019 đã được ghi nhận."
    ]
