"""A commune officer records an outreach session with its outputs and a
thematic session on a non-traditional security threat, finds them in the
list and the calendar, and sees them counted on the commune's dashboard."""

import pytest
from playwright.sync_api import expect

from antq.indicators.services import catalogue_load
from tests.browser.test_units_flow import sign_in


def record(page, live_server, *, kind, title, day, attendance, outputs=(), categories=()):
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.select_option("#id_kind", label=kind)
    page.fill("#id_title", title)
    page.fill("#id_date", day)
    page.fill("#id_attendance", attendance)
    page.fill("#id_presenter_name", "Nguyễn Văn An")
    page.fill("#id_presenter_position", "Trưởng Công an phường")
    for label in categories:
        page.get_by_label(label, exact=True).check()
    for field, value in outputs:
        page.fill(f"#id_output_{field}", value)
    page.click("main form.form button[type=submit]")
    expect(page.locator("h1")).to_have_text(title)


@pytest.mark.django_db(transaction=True)
def test_activities_recorded_listed_and_counted(page, live_server, personas, tree, shot):
    catalogue_load()
    sign_in(page, live_server, "xa.a")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.select_option("#id_kind", label="Tuyên truyền")
    page.fill("#id_title", "Tuyên truyền phòng, chống lừa đảo qua mạng")
    page.fill("#id_date", "2026-10-05")
    page.fill("#id_output_to_roi", "-5")
    page.click("main form.form button[type=submit]")
    expect(page.locator(".has-error")).to_contain_text("Không được nhỏ hơn 0.")
    shot("1-refused")

    record(
        page,
        live_server,
        kind="Tuyên truyền",
        title="Tuyên truyền phòng, chống lừa đảo qua mạng",
        day="2026-10-05",
        attendance="1.480",  # as an office writes it
        outputs=[("to_roi", "500"), ("tin_bai", "3")],
        categories=["An ninh phi truyền thống: Lừa đảo qua mạng"],
    )
    expect(page.locator("#activity-facts")).to_contain_text("1.480")
    expect(page.locator("#activity-facts")).to_contain_text("Tờ rơi: 500")
    shot("2-outreach")
    record(
        page,
        live_server,
        kind="Sinh hoạt chuyên đề",
        title="Sinh hoạt chuyên đề ứng phó bão, lũ",
        day="2026-10-12",
        attendance="60",
        categories=[
            "An ninh phi truyền thống: Thiên tai, bão lũ",
            "An ninh phi truyền thống: Biến đổi khí hậu",
        ],
    )
    expect(page.locator("#activity-facts")).to_contain_text("Thiên tai, bão lũ; Biến đổi khí hậu")

    page.goto(f"{live_server.url}/hoat-dong/?q=lua+dao")
    expect(page.locator("#activities tbody tr")).to_have_count(1)
    page.goto(f"{live_server.url}/hoat-dong/lich/?month=2026-10")
    expect(page.locator("#calendar")).to_contain_text("Sinh hoạt chuyên đề ứng phó")
    shot("3-calendar")
    page.goto(f"{live_server.url}/hoat-dong/tong-hop/?year=2026")
    expect(page.locator("#summary-total")).to_contain_text("2 hoạt động, 1.540 lượt người dự")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("4-summary-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/bang-dieu-khien/?period=202610&indicator=HD_TUYEN_TRUYEN")
    kpis = page.locator("#kpis")
    expect(kpis.locator(".kpi", has_text="Buổi tuyên truyền đã ghi nhận")).to_contain_text("1")
    expect(kpis.locator(".kpi", has_text="Tờ rơi, tài liệu phát hành")).to_contain_text("500")
    shot("5-dashboard")
