"""The movement's past, entered in the browser as an officer would and read
back where a user reads it (issue 22):

1. Ban Dân vận Tỉnh ủy Quảng Ninh (a Party board, founded before 2021) and its
   thematic session of 13/08/2021 on "An ninh phi truyền thống", with the
   2021 review conference held on 19/01/2022, in Quảng Ninh's 2021 report
   (a year before antq: "chưa có dữ liệu", never 0 %);
2. the 2022 outreach of Thành phố Bến Tre (265 / 1.480 / 84), entered by
   today's Tỉnh Vĩnh Long, and Tỉnh Bến Tre's 2022 report drafted today as
   published;
3. plan 222/KH-UBND of Bình Phước (28/07/2022), entered by today's Đồng Nai:
   history, never overdue, until taken over;
4. a 2019 decision of the Minister of Public Security, recorded as a fact,
   in the award counts and the 2019 report.

Screenshots in test-artifacts/screenshots/test_*-<step>.png."""

from datetime import date

import pytest
from playwright.sync_api import expect

from antq.accounts.models import Role
from antq.activities.tests.test_reviews import plan_2022
from antq.indicators.models import ReportForm
from antq.indicators.services import catalogue_load
from antq.units.models import REFORM_2025_CLOSE, REFORM_2025_OPEN, Unit
from conftest import link, make_unit, make_user
from tests.browser.conftest import pick_unit
from tests.browser.test_units_flow import sign_in

SAVE = "main form.form button[type=submit]"
BOARD = "Ban Dân vận Tỉnh ủy Quảng Ninh"


def _adopted_in(year: int) -> None:
    """The monthly statistics form came into use when the province adopted antq."""
    catalogue_load()
    ReportForm.objects.filter(code="BC-THANG-XA").update(in_use_from=date(year, 1, 1))


def _draft_report(page, live_server, period: str, typed: str, label: str, view: str = ""):
    page.goto(f"{live_server.url}/bao-cao/")
    page.fill("#id_period", period)  # the picker offers the units of that period
    pick_unit(page, "unit", typed, label)
    if view:
        page.select_option("#id_view", value=view)
    page.click("#report-create button[type=submit]")  # the job page opens the report


@pytest.mark.django_db(transaction=True)
def test_the_party_boards_2021_session_and_the_2021_review_in_the_2021_report(
    page, live_server, personas, tree, shot
):
    _adopted_in(2024)
    plan_2022(tree, personas)  # the 2022 plan with its five key tasks, already in antq
    sign_in(page, live_server, "tinh.duyet")

    # the board, with its founding date, under the province
    page.goto(f"{live_server.url}/don-vi/{tree.province.pk}/them/?type=agency")
    page.select_option("#id_kind", value="co_quan_dang")
    page.fill("#id_name", BOARD)
    page.fill("#id_valid_from", "2000-01-01")
    page.click(SAVE)
    expect(page.locator("h1")).to_contain_text(BOARD)
    shot("1-board")

    # its thematic session of 13/08/2021
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.select_option("#id_kind", label="Sinh hoạt chuyên đề")
    page.fill("#id_title", "Sinh hoạt chuyên đề về an ninh phi truyền thống")
    page.fill("#id_date", "2021-08-13")
    pick_unit(page, "unit", "ban dan van", f"{BOARD} — Tỉnh Quảng Ninh")
    page.fill("#id_host", "Chi bộ cơ quan Ban Dân vận Tỉnh ủy")
    page.get_by_label("An ninh phi truyền thống", exact=True).check()
    page.fill("#id_presenter_name", "Vũ Ngọc Tuấn")
    page.fill("#id_presenter_position", "Phó Bí thư Chi bộ")
    page.fill("#id_attendance", "35")
    page.click(SAVE)
    expect(page.locator("h1")).to_have_text("Sinh hoạt chuyên đề về an ninh phi truyền thống")
    expect(page.locator("main")).to_contain_text("13/08/2021")
    expect(page.locator("main")).to_contain_text("An ninh phi truyền thống")
    shot("2-session")

    # the 2021 review conference, held on 19/01/2022, counted in 2021
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.select_option("#id_kind", label="Hội nghị sơ kết, tổng kết")
    page.fill("#id_title", "Hội nghị tổng kết phong trào Toàn dân bảo vệ ANTQ năm 2021")
    page.fill("#id_date", "2022-01-19")
    pick_unit(page, "unit", "quang ninh", "Tỉnh Quảng Ninh")
    page.select_option("#id_reviewed_period", value="2021")
    page.fill("#id_chair_name", "Nguyễn Long Biên")
    page.fill("#id_chair_position", "Phó Chủ tịch UBND tỉnh")
    page.fill("#id_attendance", "120")
    page.click(SAVE)
    expect(page.locator("main")).to_contain_text("Năm 2021 (hội nghị được tính vào kỳ này)")

    for view in ("published", "restated"):
        page.goto(
            f"{live_server.url}/hoat-dong/tong-hop/?unit={tree.province.pk}&year=2021&view={view}"
        )
        kinds = page.locator("#summary-kinds")
        for kind in ("Sinh hoạt chuyên đề", "Hội nghị sơ kết, tổng kết"):
            expect(kinds.locator("tr", has_text=kind).locator("td.num").first).to_have_text("1")
    shot("3-summary-2021")

    _draft_report(page, live_server, "2021", "quang ninh", "Tỉnh Quảng Ninh")
    expect(page.locator("h1")).to_have_text("Báo cáo năm 2021 — Tỉnh Quảng Ninh")
    body = page.locator("#report-body")
    expect(body).to_contain_text("Tổ chức 1 buổi sinh hoạt chuyên đề")
    expect(body).to_contain_text("ngày 19/01/2022 (năm 2021); chủ trì: Nguyễn Long Biên")
    expect(body).to_contain_text("Xây dựng, nhân rộng mô hình, điển hình tiên tiến")  # section IV
    expect(body).to_contain_text("chưa có dữ liệu")
    expect(body).not_to_contain_text("0 %")
    shot("4-report-2021")


@pytest.mark.django_db(transaction=True)
def test_vinh_long_enters_ben_tres_2022_outreach_and_drafts_ben_tres_2022_report(
    page, live_server, personas, tree, shot
):
    _adopted_in(2025)
    make_unit(
        parent=tree.ben_tre,
        code="829",
        name="Thành phố Bến Tre",
        type=Unit.Type.DISTRICT,
        kind=Unit.Kind.THANH_PHO,
        valid_to=REFORM_2025_CLOSE,
    )
    make_user("vinhlong.canbo", Role.APPROVER, tree.vinh_long)
    sign_in(page, live_server, "vinhlong.canbo")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.select_option("#id_kind", label="Tuyên truyền")
    page.fill("#id_title", "Tuyên truyền trên mạng, báo chí về phòng, chống tội phạm")
    page.fill("#id_date", "2022-06-15")
    pick_unit(
        page, "unit", "thanh pho ben tre", "Thành phố Bến Tre (đến 30/06/2025) — Tỉnh Bến Tre"
    )
    page.fill("#id_attendance", "0")
    page.fill("#id_output_bai_mang", "265")
    page.fill("#id_output_tin_bai", "1.480")
    page.fill("#id_output_bao_chi", "84")
    page.click(SAVE)
    expect(page.locator("h1")).to_have_text(
        "Tuyên truyền trên mạng, báo chí về phòng, chống tội phạm"
    )
    shot("1-recorded")

    page.goto(
        f"{live_server.url}/hoat-dong/tong-hop/?unit={tree.vinh_long.pk}&year=2022&view=restated"
    )
    expect(page.locator("#view-label")).to_contain_text("Tỉnh Vĩnh Long, theo đơn vị hiện nay")
    for figure in ("1.480", "265", "84"):
        expect(page.locator("#summary-outputs")).to_contain_text(figure)
    shot("2-vinh-long-2022")

    # a restated report of a closed province is refused, naming its successor
    _draft_report(
        page, live_server, "2022", "ben tre", "Tỉnh Bến Tre (đến 30/06/2025)", view="restated"
    )
    expect(page.locator("#report-create")).to_contain_text(
        "nằm trong báo cáo của Tỉnh Vĩnh Long (mã 86)"
    )
    shot("3-restated-refused")
    _draft_report(
        page, live_server, "2022", "ben tre", "Tỉnh Bến Tre (đến 30/06/2025)", view="published"
    )
    expect(page.locator("h1")).to_have_text("Báo cáo năm 2022 — Tỉnh Bến Tre")
    expect(page.locator("main")).to_contain_text("Tỉnh Bến Tre (đến 30/06/2025), như đã công bố")
    expect(page.locator("main")).to_contain_text("không phải văn bản Tỉnh Bến Tre đã ban hành")
    body = page.locator("#report-body")
    expect(body).to_contain_text("Đăng 265 bài trên mạng xã hội, trang tin")
    expect(body).to_contain_text("Đăng 84 bài trên báo chí")
    # no monthly statistic was collected in 2022: the report states the counted
    # activities and says so (issue 23, reports.figures.stated_figure)
    expect(body).to_contain_text("Tổ chức 1 buổi tuyên truyền")
    expect(body).to_contain_text("Đăng tải 1.480 tin, bài tuyên truyền")
    expect(page.locator("main")).to_contain_text(
        "các số này được đếm từ hoạt động ghi nhận trong hệ thống"
    )
    expect(page.locator("#issue")).to_have_count(0)  # for reference, never issued
    shot("4-ben-tre-report-2022")


@pytest.mark.django_db(transaction=True)
def test_dong_nai_enters_binh_phuocs_plan_222_as_history_then_takes_it_over(
    page, live_server, personas, tree, shot
):
    binh_phuoc = make_unit(
        code="70",
        name="Tỉnh Bình Phước",
        type=Unit.Type.PROVINCE,
        kind=Unit.Kind.TINH,
        valid_to=REFORM_2025_CLOSE,
    )
    make_unit(
        parent=binh_phuoc,
        code="70-CA",
        name="Công an tỉnh Bình Phước",
        type=Unit.Type.AGENCY,
        kind=Unit.Kind.CO_QUAN,
        valid_to=REFORM_2025_CLOSE,
    )
    dong_nai = make_unit(
        code="75",
        name="Tỉnh Đồng Nai",
        type=Unit.Type.PROVINCE,
        kind=Unit.Kind.TINH,
        valid_from=REFORM_2025_OPEN,
    )
    link(binh_phuoc, dong_nai)
    make_user("dongnai.duyet", Role.APPROVER, dong_nai)
    sign_in(page, live_server, "dongnai.duyet")

    page.goto(f"{live_server.url}/ke-hoach/them/")
    page.fill("#id_date", "2022-07-28")
    pick_unit(page, "unit", "binh phuoc", "Tỉnh Bình Phước (đến 30/06/2025)")
    page.fill("#id_number", "222")
    page.fill(
        "#id_title", "Nâng cao chất lượng phong trào Toàn dân bảo vệ ANTQ giai đoạn 2022–2025"
    )
    page.fill("#id_first_year", "2022")
    page.fill("#id_last_year", "2025")
    page.click(SAVE)
    expect(page.locator("h1")).to_have_text("Kế hoạch số 222/KH-UBND")
    plan_url = page.url
    form = page.locator("form[action$='/nhiem-vu/them/']")
    form.locator("#id_text").fill("Tổ chức Ngày hội toàn dân bảo vệ ANTQ (19/8) hằng năm")
    # led by the units of 2022
    pick_unit(form, "lead", "cong an", "Công an tỉnh Bình Phước (đến 30/06/2025) — Tỉnh Bình Phước")
    form.locator("#id_deadline").fill("2022-08-19")
    form.locator("#id_repeat").select_option(value="yearly")
    form.locator("button[type=submit]").click()
    expect(page.locator("#tasks")).to_contain_text("Hằng năm, trước ngày 19/8")
    occurrences = page.locator("#tasks .occurrences li")
    expect(occurrences).to_have_count(4)  # 2022–2025
    expect(page.locator("#tasks .occurrences li.overdue")).to_have_count(0)
    expect(page.locator("#tasks .occurrences li.history")).to_have_count(4)
    expect(page.locator("#plan-takeover")).to_contain_text("Chưa đơn vị nào tiếp nhận")
    shot("1-plan-history")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#overdue-tasks")).to_have_count(0)

    # the 2022 report of Bình Phước, drafted today as published, lists the plan
    _draft_report(
        page, live_server, "2022", "binh phuoc", "Tỉnh Bình Phước (đến 30/06/2025)", "published"
    )
    expect(page.locator("h1")).to_have_text("Báo cáo năm 2022 — Tỉnh Bình Phước")
    expect(page.locator("#report-body")).to_contain_text("222/KH-UBND: Nâng cao chất lượng")
    shot("2-binh-phuoc-report-2022")

    page.goto(plan_url)
    takeover = page.locator("#takeover-form")
    takeover.locator("#id_on").fill("2025-07-01")
    pick_unit(takeover, "unit", "dong nai", "Tỉnh Đồng Nai")
    takeover.locator("button[type=submit]").click()
    expect(page.locator("#plan-takeover")).to_contain_text(
        "Tỉnh Đồng Nai tiếp nhận từ ngày 01/07/2025"
    )
    expect(page.locator("#tasks .occurrences li.overdue")).to_have_count(1)  # 19/08/2025
    shot("3-taken-over")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#overdue-tasks")).to_contain_text("19/08/2025")


@pytest.mark.django_db(transaction=True)
def test_quang_ninh_records_a_2019_decision_of_the_minister_and_reads_it_in_the_counts(
    page, live_server, personas, tree, shot
):
    _adopted_in(2024)
    sign_in(page, live_server, "tinh.duyet")
    page.goto(f"{live_server.url}/khen-thuong/da-ban-hanh/ghi-nhan/")
    form = page.locator("#record-form")
    form.locator("#id_date").fill("2019-12-20")
    pick_unit(form, "unit", "quang ninh", "Tỉnh Quảng Ninh")
    form.locator("#id_authority").fill("Bộ trưởng Bộ Công an")
    form.locator("#id_number").fill("9876/QĐ-BCA")
    form.locator("#id_award_type").select_option(label="Bằng khen của Bộ trưởng Bộ Công an")
    form.locator("#id_summary").fill("Đã có thành tích xuất sắc trong phong trào năm 2019")
    form.locator("#id_original").set_input_files(
        files=[{"name": "qd-9876.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 qd"}]
    )
    rows = [
        ("collective", "06688", ""),  # Phường Bạch Đằng, as in 2019
        ("collective", "193", ""),  # Thành phố Hạ Long, a district until 2025
        ("individual", "193", "Trần Văn Hải"),
    ]
    for index, (kind, code, name) in enumerate(rows):
        form.locator(f"#id_r-{index}-recipient_kind").select_option(value=kind)
        form.locator(f"#id_r-{index}-unit").fill(code)
        form.locator(f"#id_r-{index}-name").fill(name)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã ghi nhận quyết định 9876/QĐ-BCA với 3 tập thể, cá nhân."
    )
    expect(page.locator("main")).to_contain_text("Phường Bạch Đằng")
    expect(page.locator("main")).to_contain_text("Thành phố Hạ Long")
    expect(page.locator("#record-original")).to_have_text("Tải bản quét quyết định")
    shot("1-record")

    page.goto(f"{live_server.url}/khen-thuong/thong-ke/?unit={tree.province.pk}&year=2019")
    row = page.locator("main table tr", has_text="Bằng khen của Bộ trưởng Bộ Công an")
    expect(row).to_have_count(2)  # collective and individual
    expect(row.first).to_contain_text("2")
    shot("2-counts-2019")

    _draft_report(page, live_server, "2019", "quang ninh", "Tỉnh Quảng Ninh")
    expect(page.locator("h1")).to_have_text("Báo cáo năm 2019 — Tỉnh Quảng Ninh")
    expect(page.locator("#report-body")).to_contain_text("Khen thưởng 3 lượt tập thể, cá nhân")
    shot("3-report-2019")
