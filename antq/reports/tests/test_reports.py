"""The movement report: drafted from the modules' roll-ups, said in
Vietnamese, issued once with its figures frozen, scoped like everything."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from antq.accounts.access import Refused
from antq.activities.services import activity_create
from antq.activities.tests.conftest import entry
from antq.audit.versions import StaleVersion
from antq.core.periods import parse, parse_range
from antq.core.workflow import WrongState
from antq.indicators.models import Indicator
from antq.indicators.selectors import rollup
from antq.indicators.services import submissions_approve
from antq.reports.documents import render_docx, render_pdf
from antq.reports.drafting import covered_span, differences, draft_figures, span_label
from antq.reports.figures import codes_stated, stated_figure
from antq.reports.models import Report
from antq.reports.sentences import sentence
from antq.reports.services import (
    IssueInput,
    report_create,
    report_edit,
    report_issue,
    report_quote,
)
from antq.reports.tests.conftest import written

ISSUE = IssueInput(
    number=41, date=date(2026, 11, 23), signer_name="Nguyễn Văn Chủ", signer_title="Chủ tịch"
)


def _draft(world, period: str = "2026") -> Report:
    """The province's report drafted now (the world's stored one set aside)."""
    world.report_province.delete()
    return report_create(
        by=world.personas.province_approver, unit=world.tree.province, period=period
    )


def _approved(world) -> None:
    """The communes' monthly reports approved: statistics count approved reports only."""
    submissions = [world.submission_a, world.submission_b]
    submissions_approve(by=world.personas.province_approver, submissions=submissions)


def _docx_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    return paragraphs, rows


def test_each_figure_in_the_docx_states_the_roll_up_behind_it(world):
    province = world.tree.province
    _approved(world)
    report = _draft(world)
    paragraphs, rows = _docx_text(render_docx(report))
    # drafted on 02/12/2026: the months that have ended, against the same ones of 2025
    assert report.figures["covered"] == "202601..202611"
    assert (
        "từ ngày 01/01/2026 đến ngày 30/11/2026 (11 tháng đầu năm 2026)" in report.figures["note"]
    )
    period = parse_range("202601..202611")
    stated = 0
    for section in report.template.sections.all():
        for code, phrase in section.figure_lines():
            # the approved statistic when one is collected for the concept and
            # approved, else the count
            loaded = {i.code: i for i in Indicator.objects.filter(code__in=codes_stated([code]))}
            found = stated_figure(
                code=code, indicators=loaded, root=province, period=period, view=report.view
            )
            indicator, current, previous = found.indicator, found.current, found.previous
            expected = sentence(indicator.name, phrase, current, previous, indicator.unit_label)
            assert f"- {expected}." in paragraphs, code
            stated += bool(current)
    assert stated >= 5  # the world's activity, submissions, team, model, award
    # the approved statistic (2 sessions in each commune's report), not the one activity
    assert "Tổ chức 4 buổi tuyên truyền (cùng kỳ năm trước chưa có dữ liệu)" not in paragraphs
    assert any(p.startswith("- Tổ chức 4 buổi tuyên truyền") for p in paragraphs)
    assert "Số: …/BC-UBND" in paragraphs and "DỰ THẢO" in paragraphs
    assert "Tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc năm 2026" in paragraphs
    header = ["Loại đơn vị", "Tổng số", "Đăng ký", "Tự đánh giá", "Được công nhận",
              "Tỷ lệ công nhận", "So với năm trước"]  # fmt: skip
    assert header in rows
    assert ["Hình thức khen thưởng", "Tập thể", "Cá nhân", "Cộng"] in rows


@pytest.mark.parametrize(
    ("period", "today", "covered", "label"),
    [
        ("2025", date(2026, 1, 5), "2025", "năm 2025"),  # over: the whole of it
        ("2026", date(2026, 12, 2), "202601..202611", "11 tháng đầu năm 2026"),
        ("2026", date(2026, 12, 31), "202601..202611", "11 tháng đầu năm 2026"),
        ("2026S2", date(2026, 11, 10), "202607..202610", "từ tháng 7 đến tháng 10/2026"),
        ("2026S2", date(2026, 7, 20), "202607..202607", "tháng 7/2026"),  # nothing ended yet
        ("2026S1", date(2026, 7, 1), "2026S1", "6 tháng đầu năm 2026"),
    ],
)
def test_a_report_of_a_period_in_progress_states_the_months_that_have_ended(
    period, today, covered, label
):
    span = covered_span(parse(period), today)
    assert (span.id, span_label(span)) == (covered, label)


def test_a_year_in_progress_is_compared_with_the_same_months_of_last_year(world):
    province = world.tree.province
    activity_create(
        by=world.personas.officer_a,
        data=entry(world.tree.area_a, day=date(2025, 12, 10), kind="sinh_hoat_chuyen_de"),
    )
    figures = _draft(world).figures
    (line,) = [
        line for s in figures["sections"] for line in s["lines"] if line["code"] == "HD_CHUYEN_DE"
    ]
    # December 2025 is outside January–November: last year holds no activity
    # to compare with, which is no data, not 0
    assert line["previous"] is None
    assert line["sentence"].endswith("(cùng kỳ năm trước chưa có dữ liệu)")
    whole_year = rollup(
        indicator=Indicator.objects.get(code="HD_CHUYEN_DE"),
        root=province,
        period=parse("2026"),
        by_child=False,
    )
    assert whole_year[0].previous == 1  # what a part-year against a whole year would say


def test_recognition_not_yet_decided_is_said_so_not_counted_as_none(world):
    figures = _draft(world).figures
    lines = {line["code"]: line for s in figures["sections"] for line in s["lines"]}
    # the world recognized a school in 2026, but no residential area or commune yet
    assert lines["KDC_CONG_NHAN"]["current"] is None
    assert "chưa có dữ liệu" in lines["KDC_CONG_NHAN"]["sentence"]
    assert lines["XA_CONG_NHAN"]["current"] is None
    assert "giảm 100" not in lines["XA_CONG_NHAN"]["sentence"]
    # commune B decided nothing yet: its table gives no rate and no change
    report_b = report_create(by=world.personas.officer_b, unit=world.tree.commune_b, period="2026")
    (table,) = [
        s["table"] for s in report_b.figures["sections"]
        if s["table"] and s["table"]["title"].startswith("Kết quả thực hiện")
    ]  # fmt: skip
    assert table["title"].endswith("(chưa có quyết định công nhận)")
    assert all(row[4:] == ["", "", ""] for row in table["rows"][1:])


def test_a_bar_by_unit_compares_units_that_reported_and_is_left_out_for_one(world):
    def bar(report):
        (section,) = [s for s in report.figures["sections"] if s["key"] == "s11"]
        return section["chart"]

    _approved(world)
    province = bar(_draft(world))
    assert sorted(v["don_vi"] for v in province["spec"]["data"]["values"]) == [
        "Phường Bãi Cháy",
        "Phường Hạ Long",
    ]
    commune = report_create(by=world.personas.officer_b, unit=world.tree.commune_b, period="2026")
    assert bar(commune) is None  # the commune alone reports its crimes: nothing to compare


def test_a_period_before_the_2025_reform_is_restated_with_a_note(world):
    figures = draft_figures(
        template=world.report_a.template, root=world.tree.province, period=parse("2025S1")
    )
    assert "sắp xếp năm 2025" in figures["note"]
    published = draft_figures(
        template=world.report_a.template,
        root=world.tree.province,
        period=parse("2025S1"),
        view="published",
    )
    assert "sắp xếp năm 2025" not in published["note"]  # as published: nothing restated
    assert "báo cáo tháng đã được duyệt" in published["note"]  # approved reports only, said


def test_issuing_freezes_the_figures_and_the_files(world, django_capture_on_commit_callbacks):
    by = world.personas.province_approver
    report = _draft(world)
    with django_capture_on_commit_callbacks(execute=True):  # the files, after the commit
        issued = report_issue(by=by, report=written(report, by), data=ISSUE)
    assert issued.status == Report.Status.ISSUED and issued.reference == "41/BC-UBND"
    files = issued.document
    frozen, docx_bytes = dict(issued.figures), files.file_of("docx").file.read()
    pdf = PdfReader(files.file_of("pdf").file.open("rb"))
    assert pdf.pages[0].extract_text().count("BÁO CÁO") == 1

    activity_create(by=world.personas.officer_a, data=entry(world.tree.area_a))  # a correction

    issued.refresh_from_db()
    assert issued.figures == frozen
    assert issued.document.file_of("docx").file.open("rb").read() == docx_bytes
    live = draft_figures(template=issued.template, root=world.tree.province, period=parse("2026"))
    changed = {c["what"]: (c["then"], c["now"]) for c in differences(issued.figures, live)}
    assert changed["Tờ rơi, tài liệu phát hành"] == ("300", "600")
    with pytest.raises(WrongState, match="Đã ban hành") as refused:
        report_edit(by=by, report=issued, narrative={"s1": "Sửa sau khi ban hành"})
    assert refused.value.current == Report.Status.ISSUED


def test_a_placeholder_left_blocks_the_issue_and_changes_nothing(world):
    by = world.personas.province_approver
    report = _draft(world)
    with pytest.raises(ValidationError) as refused:
        report_issue(by=by, report=report, data=ISSUE)
    assert "Mục III. Đánh giá chung còn chỗ chưa viết" in str(refused.value)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.document is None


def test_a_number_is_used_once_a_year_by_the_issuing_unit(world):
    by = world.personas.province_approver
    first = _draft(world)
    report_issue(by=by, report=written(first, by), data=ISSUE)
    second = written(report_create(by=by, unit=world.tree.province, period="2026S1"), by)
    with pytest.raises(ValidationError, match="Số 41/BC-UBND đã cấp cho báo cáo ngày 23/11/2026"):
        report_issue(by=by, report=second, data=ISSUE)


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026Q1", r"6 tháng \(2026S1\) hoặc năm"),
        ("2099", "chưa bắt đầu"),
        ("năm nay", "không hợp lệ"),
        ("2026", "Đã có báo cáo năm 2026"),  # commune A's report exists
    ],
)
def test_a_report_needs_a_half_year_or_a_year_once(world, period, message):
    with pytest.raises(ValidationError, match=message):
        report_create(by=world.personas.officer_a, unit=world.tree.commune_a, period=period)


def test_only_the_units_own_people_draft_it(world):
    with pytest.raises(Refused, match="không lập báo cáo cho đơn vị này"):
        report_create(by=world.personas.officer_b, unit=world.tree.commune_a, period="2026S1")
    with pytest.raises(Refused):
        report_create(by=world.personas.viewer, unit=world.tree.province, period="2026S1")
    with pytest.raises(Refused):  # the nation is the system administrator's
        report_create(by=world.personas.province_approver, unit=None, period="2026")
    national = report_create(by=world.personas.system_admin, unit=None, period="2026S1")
    assert national.scope_path == "" and national.figures["unit"] == "Toàn quốc"
    assert not Report.objects.for_user(world.personas.province_approver, "view").filter(
        pk=national.pk
    )
    assert not Report.objects.for_user(world.personas.officer_b, "view").filter(
        pk=world.report_a.pk
    )


def test_the_province_quotes_a_communes_issued_report(world):
    by = world.personas.province_approver
    report = world.report_province
    quoted = report_quote(by=by, report=report, key="s4", source=world.report_a)
    assert quoted.narrative["s4"].endswith(
        "**Theo báo cáo của Phường Hạ Long:**\nTuyên truyền qua loa truyền thanh."
    )
    with pytest.raises(ValidationError, match="đã ban hành cùng kỳ"):
        report_quote(by=by, report=report, key="s4", source=report)


def test_an_edit_based_on_an_old_version_is_refused(world):
    by = world.personas.province_approver
    report = world.report_province
    report_edit(
        by=by, report=report, narrative={"s4": "Bản của người thứ nhất."}, expected_version=1
    )
    with pytest.raises(StaleVersion):
        report_edit(by=by, report=report, narrative={"s4": "Bản cũ."}, expected_version=1)


def test_the_pdf_has_the_decree_30_parts(world):
    pdf = render_pdf(world.report_a)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Số: 12/BC-UBND", "BÁO CÁO", "Nơi nhận:", "Nguyễn Văn Chủ",
                 "Tổ chức 3 buổi tuyên truyền"):  # fmt: skip
        assert part in text, part


def test_reordering_the_template_keeps_each_reports_text_in_its_section(world):
    template = world.report_province.template
    assessment = template.sections.get(key="s12")
    direction = template.sections.get(key="s13")
    assessment.order, direction.order = 99, 98  # IV before III from now on
    assessment.save()
    direction.save()
    report = report_edit(
        by=world.personas.province_approver,
        report=world.report_province,
        narrative={"s12": "Đánh giá chung.", "s13": "Phương hướng."},
    )
    assert report.narrative["s12"] == "Đánh giá chung."
    assert report.narrative["s13"] == "Phương hướng."
