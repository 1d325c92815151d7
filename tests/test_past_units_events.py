"""Two events of the movement's past, entered as a province would today and
read back (issue 22): a thematic session held by a Party body of Quảng Ninh
in 2021, and the 2022 outreach of a district of Bến Tre abolished in 2025,
entered by today's Tỉnh Vĩnh Long. Each through the API and through the
pages (with the unit picker), on SQLite and PostgreSQL alike."""

import importlib
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from antq.accounts.models import Role
from antq.activities.models import Activity, ThreatCategory
from antq.indicators.services import catalogue_load
from antq.reports.models import Report, ReportTemplate, TemplateSection
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import make_unit, make_user

API = "/api/v1"
SESSION_DAY = date(2021, 8, 13)
BOARD = "Ban Dân vận Tỉnh ủy Quảng Ninh"
# its founding date is not in our sources; any day before the session serves
FOUNDED = "2000-01-01"
SESSION = {
    "kind": "sinh_hoat_chuyen_de",
    "title": "Sinh hoạt chuyên đề về an ninh phi truyền thống",
    "date": "2021-08-13",
    "topic": "An ninh phi truyền thống và vai trò của công tác dân vận",
    "host": "Chi bộ cơ quan Ban Dân vận Tỉnh ủy",
    "categories": ["an_ninh_phi_truyen_thong"],
    "presenter": {"name": "Vũ Ngọc Tuấn", "position": "Phó Bí thư Chi bộ"},
    "attendance": 0,
}
OUTREACH_DAY = "2022-06-15"
# 265 online articles, 1.480 news items, 84 press pieces, as the office writes them
OUTREACH_OUTPUTS = {"bai_mang": "265", "tin_bai": "1.480", "bao_chi": "84"}


def _post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def _picker(page: str) -> str:
    """The search address of the page's (first) unit picker."""
    return re.search(r'data-url="([^"]+)"', page).group(1).replace("&amp;", "&")


# --- Ban Dân vận Tỉnh ủy Quảng Ninh, 13/08/2021 -------------------------------


def test_the_party_board_and_its_2021_session_are_recorded_and_read_back_through_the_api(
    client, auth, personas, tree
):
    headers = auth(personas.province_approver)
    board = _post(
        client,
        f"{API}/units",
        {
            "parent": "22",
            "type": "agency",
            "kind": "co_quan_dang",
            "name": BOARD,
            "valid_from": FOUNDED,
        },
        headers,
    )
    assert board.status_code == 201, board.json()
    assert board.json()["kind_label"] == "cơ quan của Đảng"
    assert board.json()["valid_from"] == FOUNDED
    code = board.json()["code"]

    created = _post(client, f"{API}/activities", SESSION | {"unit": code}, headers)
    assert created.status_code == 201, created.json()
    activity = client.get(f"{API}/activities/{created.json()['id']}", **headers).json()
    assert activity["unit_name"] == BOARD and activity["date"] == "2021-08-13"
    assert activity["categories"] == ["an_ninh_phi_truyen_thong"]
    assert activity["presenter"] == {"name": "Vũ Ngọc Tuấn", "position": "Phó Bí thư Chi bộ"}

    for view in ("published", "restated"):
        summary = client.get(
            f"{API}/activities/summary?unit=22&year=2021&view={view}", **headers
        ).json()
        kinds = {k["code"]: k["count"] for k in summary["by_kind"]}
        assert kinds["sinh_hoat_chuyen_de"] == 1, (view, summary)


def test_a_board_created_without_its_founding_date_is_refused_for_2021_with_what_to_do(
    client, auth, personas, tree
):
    headers = auth(personas.province_approver)
    board = _post(
        client,
        f"{API}/units",
        {"parent": "22", "type": "agency", "kind": "co_quan_dang", "name": BOARD},
        headers,
    ).json()
    answer = _post(client, f"{API}/activities", SESSION | {"unit": board["code"]}, headers)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert f"{BOARD} có từ 02/12/2026, chưa có vào ngày 13/08/2021." in detail
    assert "hãy sửa ngày thành lập" in detail and "Tỉnh Quảng Ninh (mã 22)" in detail
    assert not Activity.objects.exists()

    fixed = client.patch(
        f"{API}/units/{board['code']}",
        {"valid_from": FOUNDED},
        content_type="application/json",
        **headers,
    )
    assert fixed.status_code == 200, fixed.json()
    assert (
        _post(client, f"{API}/activities", SESSION | {"unit": board["code"]}, headers).status_code
        == 201
    )


def test_the_party_board_and_its_2021_session_are_recorded_and_read_back_through_the_pages(
    client, personas, tree
):
    client.force_login(personas.province_approver)
    form = client.get(reverse("units:unit-create", args=[tree.province.pk])).content.decode()
    assert 'value="co_quan_dang"' in form and "Ngày thành lập" in form
    response = client.post(
        reverse("units:unit-create", args=[tree.province.pk]),
        {"type": "agency", "kind": "co_quan_dang", "name": BOARD, "valid_from": FOUNDED},
    )
    assert response.status_code == 302, response.context["form"].errors
    board = Unit.objects.get(name=BOARD)
    assert board.valid_from == date(2000, 1, 1) and board.parent == tree.province

    page = client.get(reverse("activities:activity-create")).content.decode()
    assert "An ninh phi truyền thống" in page
    found = client.get(_picker(page) + "&q=ban dan van&on=2021-08-13").json()
    assert [item["label"] for item in found["items"]] == [f"{BOARD} — Tỉnh Quảng Ninh"]
    non_traditional = ThreatCategory.objects.get(code="an_ninh_phi_truyen_thong")
    response = client.post(
        reverse("activities:activity-create"),
        {
            "unit": found["items"][0]["id"],
            "kind": _kind_id("sinh_hoat_chuyen_de"),
            "title": SESSION["title"],
            "date": "2021-08-13",
            "host": SESSION["host"],
            "topic": SESSION["topic"],
            "categories": [non_traditional.pk],
            "presenter_name": "Vũ Ngọc Tuấn",
            "presenter_position": "Phó Bí thư Chi bộ",
            "attendance": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    assert activity.unit == board and activity.date == SESSION_DAY
    detail = client.get(response["Location"]).content.decode()
    assert BOARD in detail and "13/08/2021" in detail and "An ninh phi truyền thống" in detail

    summary = client.get(
        reverse("activities:activity-summary"), {"unit": tree.province.pk, "year": 2021}
    ).content.decode()
    assert "Tỉnh Quảng Ninh, theo đơn vị hiện nay" in summary
    assert re.search(r"Sinh hoạt chuyên đề</a></td><td class=\"num\">1<", summary)


def _kind_id(code: str) -> int:
    from antq.activities.models import ActivityKind

    return ActivityKind.objects.get(code=code).pk


# --- Thành phố Bến Tre, 2022, entered by today's Tỉnh Vĩnh Long -----------------


@pytest.fixture
def ben_tre_city(tree) -> Unit:
    return make_unit(
        parent=tree.ben_tre,
        code="829",
        name="Thành phố Bến Tre",
        type=Unit.Type.DISTRICT,
        kind=Unit.Kind.THANH_PHO,
        valid_to=REFORM_2025_CLOSE,
    )


@pytest.fixture
def vinh_long_officer(tree):
    return make_user("vinhlong.canbo", Role.APPROVER, tree.vinh_long)


def _outputs(summary: dict) -> dict:
    return {o["code"]: o["total"] for o in summary["outputs"]}


def _read_back_in_both_views(client, headers, tree):
    restated = client.get(
        f"{API}/activities/summary?unit=86&year=2022&view=restated", **headers
    ).json()
    assert restated["unit_name"] == "Tỉnh Vĩnh Long"
    outputs = _outputs(restated)
    assert (outputs["bai_mang"], outputs["tin_bai"], outputs["bao_chi"]) == (265, 1480, 84)
    published = client.get(
        f"{API}/activities/summary?unit=83&year=2022&view=published&as_of=2022-06-15", **headers
    ).json()
    assert published["unit_name"] == "Tỉnh Bến Tre"
    assert _outputs(published)["tin_bai"] == 1480

    page = client.get(
        reverse("activities:activity-summary"),
        {"unit": tree.vinh_long.pk, "year": 2022, "view": "restated"},
    ).content.decode()
    assert "Tỉnh Vĩnh Long, theo đơn vị hiện nay" in page
    assert ">1.480<" in page and ">265<" in page and ">84<" in page
    archived = client.get(
        reverse("activities:activity-summary"),
        {"unit": tree.ben_tre.pk, "year": 2022, "view": "published"},
    ).content.decode()
    assert "Tỉnh Bến Tre (đến 30/06/2025), như đã công bố" in archived
    assert ">1.480<" in archived and ">265<" in archived and ">84<" in archived


def test_vinh_long_enters_the_2022_outreach_of_thanh_pho_ben_tre_through_the_api(
    client, auth, tree, ben_tre_city, vinh_long_officer
):
    headers = auth(vinh_long_officer)
    body = {
        "unit": "829",
        "kind": "tuyen_truyen",
        "title": "Tuyên truyền trên mạng, báo chí về phòng, chống tội phạm",
        "date": OUTREACH_DAY,
        "attendance": 0,
        "outputs": OUTREACH_OUTPUTS,
    }
    created = _post(client, f"{API}/activities", body, headers)
    assert created.status_code == 201, created.json()
    assert created.json()["outputs"] == {"bai_mang": 265, "tin_bai": 1480, "bao_chi": 84}
    activity = Activity.objects.get()
    assert activity.published_province == tree.ben_tre
    assert activity.restated_province == tree.vinh_long
    client.force_login(vinh_long_officer)
    _read_back_in_both_views(client, headers, tree)


def test_vinh_long_enters_the_2022_outreach_of_thanh_pho_ben_tre_through_the_page_picker(
    client, auth, tree, ben_tre_city, vinh_long_officer
):
    client.force_login(vinh_long_officer)
    page = client.get(reverse("activities:activity-create")).content.decode()
    search = _picker(page)
    found = client.get(search + f"&q=thanh pho ben tre&on={OUTREACH_DAY}").json()["items"]
    assert [i["label"] for i in found] == ["Thành phố Bến Tre (đến 30/06/2025) — Tỉnh Bến Tre"]
    # the city is gone since 2025: the picker does not offer it for a later day
    later = client.get(search + "&q=ben tre&on=2026-10-01").json()["items"]
    assert not [i for i in later if i["id"] == ben_tre_city.pk]
    response = client.post(
        reverse("activities:activity-create"),
        {
            "unit": found[0]["id"],
            "kind": _kind_id("tuyen_truyen"),
            "title": "Tuyên truyền trên mạng, báo chí về phòng, chống tội phạm",
            "date": OUTREACH_DAY,
            "attendance": "0",
        }
        | {f"output_{code}": value for code, value in OUTREACH_OUTPUTS.items()},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Activity.objects.get().unit == ben_tre_city
    _read_back_in_both_views(client, auth(vinh_long_officer), tree)


def test_theo_don_vi_khi_do_on_vinh_longs_page_says_2022_belongs_to_the_provinces_of_then(
    client, tree, ben_tre_city, vinh_long_officer
):
    client.force_login(vinh_long_officer)
    page = client.get(
        reverse("activities:activity-summary"),
        {"unit": tree.vinh_long.pk, "year": 2022, "view": "published"},
    ).content.decode()
    assert "Tỉnh Vĩnh Long, như đã công bố" in page
    assert "Tỉnh Vĩnh Long có từ 01/07/2025" in page
    assert f"unit={tree.ben_tre.pk}" in page and "Tỉnh Bến Tre (đến 30/06/2025)" in page


def test_a_day_when_the_city_no_longer_existed_is_refused_with_its_successor(
    client, auth, tree, ben_tre_city, vinh_long_officer
):
    answer = _post(
        client,
        f"{API}/activities",
        {"unit": "829", "kind": "tuyen_truyen", "title": "Sau sáp nhập", "date": "2025-09-01"},
        auth(vinh_long_officer),
    )
    assert answer.status_code == 422
    assert "Thành phố Bến Tre chỉ tồn tại đến 30/06/2025" in answer.json()["detail"]
    assert "Tỉnh Vĩnh Long (mã 86)" in answer.json()["detail"]


# --- the year-end report of each event's year, drafted through the API ---------


@pytest.fixture
def indicators(db):
    catalogue_load()  # the indicators a report states (seeded by `antq load_indicators`)


def _report_text(client, headers, unit: str, year: str, view: str) -> str:
    """The text of a draft report, which is then set aside (one report per
    unit and period: the other view is drafted next)."""
    pk = _draft(client, headers, unit, year, view)
    text = _docx_text(client, headers, pk)
    Report.objects.filter(pk=pk).delete()
    return text


def _draft(client, headers, unit: str, year: str, view: str) -> int:
    drafted = _post(client, f"{API}/reports", {"unit": unit, "period": year, "view": view}, headers)
    assert drafted.status_code == 201, drafted.json()
    return drafted.json()["id"]


def _docx_text(client, headers, pk: int) -> str:
    docx = client.get(f"{API}/reports/{pk}/docx", **headers)
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_2022_outreach_of_thanh_pho_ben_tre_is_in_vinh_longs_2022_report_and_ben_tres(
    client, auth, tree, ben_tre_city, vinh_long_officer, indicators
):
    headers = auth(vinh_long_officer)
    body = {
        "unit": "829",
        "kind": "tuyen_truyen",
        "title": "Tuyên truyền trên mạng, báo chí về phòng, chống tội phạm",
        "date": OUTREACH_DAY,
        "attendance": 0,
        "outputs": OUTREACH_OUTPUTS,
    }
    assert _post(client, f"{API}/activities", body, headers).status_code == 201

    today = _report_text(client, headers, "86", "2022", "restated")
    assert "Tổ chức 1 buổi tuyên truyền" in today
    assert "Đăng tải 1.480 tin, bài tuyên truyền" in today
    assert "Đăng 265 bài trên mạng xã hội, trang tin" in today
    assert "Đăng 84 bài trên báo chí" in today
    # no monthly statistic was approved for 2022: the report says the figures
    # are the recorded activities (reports.figures.stated_figure)
    assert "Năm 2022 chưa có số liệu thống kê được duyệt về số buổi tuyên truyền" in today
    assert "các số này được đếm từ hoạt động ghi nhận trong hệ thống" in today
    assert "0/0 báo cáo" not in today

    # as published, 2022 belongs to the provinces of then: today's Vĩnh Long
    # (from 01/07/2025) counts none of it, and its report page says so
    published = _draft(client, headers, "86", "2022", "published")
    assert "1.480" not in _docx_text(client, headers, published)
    client.force_login(vinh_long_officer)
    page = client.get(reverse("movement:report-detail", args=[published])).content.decode()
    assert "Tỉnh Vĩnh Long có từ 01/07/2025" in page
    assert "Tỉnh Bến Tre (đến 30/06/2025), như đã công bố" in page


def test_the_party_boards_2021_session_is_in_quang_ninhs_2021_report(
    client, auth, personas, tree, indicators
):
    headers = auth(personas.province_approver)
    board = _post(
        client,
        f"{API}/units",
        {"parent": "22", "type": "agency", "kind": "co_quan_dang", "name": BOARD}
        | {"valid_from": FOUNDED},
        headers,
    )
    session = SESSION | {"unit": board.json()["code"], "attendance": 35}
    assert _post(client, f"{API}/activities", session, headers).status_code == 201

    for view in ("published", "restated"):
        text = _report_text(client, headers, "22", "2021", view)
        assert "Tổ chức 1 buổi sinh hoạt chuyên đề" in text, view
        assert "Thu hút 35 lượt người tham dự các hoạt động" in text, view


def test_the_press_line_is_added_once_to_each_template_and_keeps_every_row(db):
    migration = importlib.import_module("antq.reports.migrations.0004_press_line")
    template = ReportTemplate.objects.first()
    section = template.sections.get(figures__contains="SP_MANG")
    section.figures = section.figures.replace(migration.PRESS + "\n", "")  # as installed before
    section.save()
    before = TemplateSection.objects.count(), ReportTemplate.objects.count()

    assert migration.add_press_line(TemplateSection) == 1
    assert migration.add_press_line(TemplateSection) == 0  # run again: nothing twice
    section.refresh_from_db()
    codes = [code for code, _phrase in section.figure_lines()]
    assert codes.index("SP_BAO_CHI") == codes.index("SP_MANG") + 1
    assert codes.count("SP_BAO_CHI") == 1
    assert (TemplateSection.objects.count(), ReportTemplate.objects.count()) == before
