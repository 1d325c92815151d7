"""The 2021 review conference held on 19/01/2022, entered as the province
would (through the API and through the page), read back in both views, in
the counts and in the 2021 year-end report, which names it (date, chair,
participants) and offers the 2022 plan's five key tasks in section IV."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.activities.models import Activity, ActivityKind
from antq.activities.reviews import reviewed_period_of
from antq.activities.selectors import activities_for, activity_summary
from antq.activities.services import ActivityInput, activity_create
from antq.core.periods import parse
from antq.indicators.models import Indicator
from antq.indicators.selectors import rollup
from antq.indicators.services import catalogue_load
from antq.plans.services import PlanInput, TaskInput, plan_create
from antq.reports.services import report_create
from antq.units.models import PUBLISHED, RESTATED

CONFERENCE = {
    "unit": "22",
    "kind": "hoi_nghi",
    "title": "Hội nghị tổng kết phong trào Toàn dân bảo vệ ANTQ năm 2021",
    "date": "2022-01-19",
    "reviewed_period": "2021",
    "host": "Ban Chỉ đạo 138 tỉnh",
    "chair": {"name": "Nguyễn Long Biên", "position": "Phó Chủ tịch UBND tỉnh"},
    "attendance": 120,
}
TASKS_2022 = [
    "Quán triệt, triển khai các nghị quyết, chỉ thị về bảo đảm an ninh, trật tự",
    "Tuyên truyền nâng cao nhận thức của cán bộ, đảng viên và Nhân dân",
    "Nâng cao hiệu quả phối hợp giữa lực lượng Công an với các ngành",
    "Đổi mới nội dung, phương pháp xây dựng phong trào",
    "Xây dựng, nhân rộng mô hình, điển hình tiên tiến",
]


def enter_through_the_api(client, auth, user) -> None:
    made = client.post(
        "/api/v1/activities", CONFERENCE, content_type="application/json", **auth(user)
    )
    assert made.status_code == 201, made.json()
    assert made.json()["reviewed_period"] == "2021"


def enter_through_the_page(client, user, tree) -> None:
    client.force_login(user)
    form = {
        "unit": tree.province.pk,
        "kind": ActivityKind.objects.get(code="hoi_nghi").pk,
        "title": CONFERENCE["title"],
        "date": CONFERENCE["date"],
        "reviewed_period": "2021",
        "host": CONFERENCE["host"],
        "chair_name": "Nguyễn Long Biên",
        "chair_position": "Phó Chủ tịch UBND tỉnh",
        "attendance": "120",
    }
    answer = client.post("/hoat-dong/them/", form)
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    page = client.get(answer["Location"]).content.decode()
    assert "Năm 2021 (hội nghị được tính vào kỳ này)" in page


def plan_2022(tree, personas):
    return plan_create(
        by=personas.province_approver,
        data=PlanInput(
            unit=tree.province,
            number="15",
            symbol="KH-UBND",
            date=date(2022, 2, 10),
            title="Xây dựng phong trào Toàn dân bảo vệ ANTQ năm 2022",
            first_year=2022,
            last_year=2022,
            kind="annual",
            tasks=[
                TaskInput(number=n, text=text, lead=tree.province)
                for n, text in enumerate(TASKS_2022, start=1)
            ],
        ),
    )


@pytest.mark.parametrize("entry", ["api", "page"])
def test_the_2021_review_held_in_january_2022_counts_in_2021_and_its_report_names_it(
    tree, personas, client, auth, entry
):
    catalogue_load()
    officer = personas.province_approver
    if entry == "api":
        enter_through_the_api(client, auth, officer)
    else:
        enter_through_the_page(client, officer, tree)
    conference = Activity.objects.get()
    assert (conference.reviewed_period, conference.reviewed_end) == ("2021", date(2021, 12, 31))

    for view in (PUBLISHED, RESTATED):
        assert list(activities_for(officer, root=tree.province, view=view)) == [conference]
        kinds = {
            k["code"]: (k["count"], k["previous"])
            for k in activity_summary(officer, root=tree.province, year=2021, view=view).by_kind
        }
        assert kinds["hoi_nghi"] == (1, 0)
        later = activity_summary(officer, root=tree.province, year=2022, view=view).by_kind
        assert {k["code"]: k["count"] for k in later}["hoi_nghi"] == 0
    count = rollup(
        indicator=Indicator.objects.get(code="HD_HOI_NGHI"),
        root=tree.province,
        period=parse("2021"),
        by_child=False,
    )
    assert (count[0].current, count[0].previous) == (1, None)  # 2020: no data, not 0

    plan_2022(tree, personas)
    report = report_create(by=officer, unit=tree.province, period="2021")
    lines = {line["code"]: line for s in report.figures["sections"] for line in s["lines"]}
    conferences = lines["HD_HOI_NGHI"]
    assert conferences["sentence"] == (
        "Tổ chức 1 hội nghị sơ kết, tổng kết (cùng kỳ năm trước chưa có dữ liệu)"
    )
    assert conferences["details"] == [
        "Hội nghị tổng kết phong trào Toàn dân bảo vệ ANTQ năm 2021, ngày 19/01/2022 "
        "(năm 2021); chủ trì: Nguyễn Long Biên, Phó Chủ tịch UBND tỉnh; 120 người dự"
    ]
    section_iv = next(s for s in report.figures["sections"] if s["number"] == "IV")
    assert section_iv["table"]["title"] == ("Nhiệm vụ trọng tâm năm 2022 theo kế hoạch đã ban hành")
    assert [row[2] for row in section_iv["table"]["rows"][1:]] == TASKS_2022
    client.force_login(officer)
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "ngày 19/01/2022 (năm 2021); chủ trì: Nguyễn Long Biên" in page
    assert TASKS_2022[4] in page
    document = client.get(f"/bao-cao/{report.pk}/tai/docx/")
    assert document.status_code == 200


def test_only_a_review_conference_names_a_period_it_has_begun_and_a_year_past_at_most(
    tree, personas
):
    def conference(kind="hoi_nghi", day=date(2022, 1, 19), period="2021"):
        return ActivityInput(
            unit=tree.province,
            kind=ActivityKind.objects.get(code=kind),
            title="Hội nghị tổng kết",
            date=day,
            reviewed_period=period,
        )

    for data, message in [
        (conference(kind="tuyen_truyen"), "Chỉ hội nghị sơ kết, tổng kết ghi kỳ"),
        (conference(period="2022S2"), "6 tháng cuối năm 2022 chưa bắt đầu vào ngày hội nghị"),
        (conference(period="2019"), "không sơ kết, tổng kết năm 2019: kỳ đã kết thúc hơn"),
        (conference(period="2021X"), "Kỳ “2021X” không hợp lệ"),
    ]:
        with pytest.raises(ValidationError) as caught:
            activity_create(by=personas.province_approver, data=data)
        assert caught.value.message_dict["reviewed_period"][0].startswith(message) or (
            message in caught.value.message_dict["reviewed_period"][0]
        )
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2021", "2021"),
        ("2021s1", "2021S1"),
        ("6 tháng đầu năm 2021", "2021S1"),
        ("Năm 2021", "2021"),
        ("quý III/2021", "2021Q3"),
        ("", ""),
        ("năm ngoái", None),
    ],
)
def test_a_reviewed_period_is_read_as_people_write_it(written, period):
    assert reviewed_period_of(written) == period


def test_a_report_lists_the_conferences_held_in_its_year_and_those_reviewing_it_in_date_order(
    tree, personas
):
    from antq.activities.selectors import conferences_in

    def conference(day, period="", title="Hội nghị"):
        return activity_create(
            by=personas.province_approver,
            data=ActivityInput(
                unit=tree.province, kind=ActivityKind.objects.get(code="hoi_nghi"),
                title=title, date=day, reviewed_period=period,
            ),
        )  # fmt: skip

    conference(date(2021, 7, 2), "2021S1", "Sơ kết 6 tháng đầu năm 2021")
    conference(date(2021, 3, 9), title="Hội nghị triển khai")
    conference(date(2022, 1, 19), "2021", "Tổng kết năm 2021")
    conference(date(2022, 7, 5), "2022S1", "Sơ kết 6 tháng đầu năm 2022")  # another year's
    listed = conferences_in(tree.province, date(2021, 1, 1), date(2021, 12, 31))
    assert [c["title"] for c in listed] == [
        "Hội nghị triển khai",
        "Sơ kết 6 tháng đầu năm 2021",
        "Tổng kết năm 2021",
    ]
