"""Demo movement reports of Quảng Ninh: the 2025 year-end report, written and
issued (its figures frozen), commune A's 2026 report issued, and the
province's 2026 draft waiting for its narrative. Through the services, like
a real user; the narrative is demo text written for antq."""

from collections.abc import Callable
from datetime import date

from antq.accounts.access import SystemActor
from antq.reports.models import Report
from antq.reports.services import IssueInput, report_create, report_edit, report_issue
from antq.units.models import Unit

DEMO = SystemActor("demo")

NARRATIVE_2025 = {
    "s1": (
        "Năm 2025, tỉnh vừa tổ chức chính quyền địa phương hai cấp, vừa bảo đảm an ninh, trật tự "
        "trong các dịp lễ, Tết và sự kiện lớn. Tình hình an ninh nông thôn, an ninh trên các tuyến "
        "biển, đảo cơ bản ổn định; tội phạm trộm cắp tài sản và lừa đảo qua mạng còn diễn biến "
        "phức tạp ở các phường trung tâm."
    ),
    "s3": (
        "Ban Chỉ đạo tỉnh ban hành kế hoạch năm, phân công nhiệm vụ trọng tâm cho các sở, ngành "
        "và **kiện toàn Ban Chỉ đạo các xã, phường sau sắp xếp** trong quý III."
    ),
    "s4": "Tuyên truyền qua loa truyền thanh thôn, khu và mạng xã hội được đẩy mạnh.",
    "s7": "Các mô hình camera an ninh và “Khu dân cư không có tội phạm” được nhân rộng.",
    "s5": (
        "Kết quả xây dựng tiêu chuẩn “An toàn về ANTT” giữ vững ở hầu hết khu dân cư; các khu "
        "chưa đạt chủ yếu do còn xảy ra trộm cắp tài sản."
    ),
    "s6": "Kết quả xếp loại phản ánh đúng chất lượng phong trào ở từng xã, phường.",
    "s8": "Tổ bảo vệ an ninh, trật tự được kiện toàn sau sắp xếp, duy trì tuần tra hằng tuần.",
    "s9": "Ngày hội được tổ chức trang trọng, thiết thực ở tất cả các điểm chỉ đạo.",
    "s10": "Công tác khen thưởng kịp thời, đúng đối tượng.",
    "s11": (
        "Quần chúng cung cấp nhiều tin báo có giá trị, góp phần điều tra, khám phá nhanh các vụ "
        "trộm cắp."
    ),
    "s12": (
        "**Ưu điểm:**\n- Cấp ủy, chính quyền các cấp quan tâm lãnh đạo, phong trào đi vào nề nếp.\n"
        "- Số liệu được cập nhật hằng tháng, đầy đủ, kịp thời.\n**Hạn chế:**\n"
        "- Một số mô hình duy trì chưa thường xuyên.\n**Nguyên nhân:**\n"
        "- Lực lượng ở một số khu dân cư còn mỏng, kinh phí hạn chế.\n"
        "**Bài học kinh nghiệm:**\n- Phát huy vai trò người đứng đầu khu dân cư."
    ),
    "s13": (
        "1. Tiếp tục nâng chất lượng tiêu chuẩn “An toàn về ANTT”.\n"
        "2. Nhân rộng mô hình tự quản hiệu quả; tổ chức tốt Ngày hội 19/8/2026."
    ),
    "s14": "- Đề nghị bố trí kinh phí hỗ trợ hoạt động của Tổ bảo vệ an ninh, trật tự.",
}


def _write(report: Report, text: dict[str, str]) -> Report:
    keys = set(report.narrative)
    return report_edit(
        by=DEMO, report=report, narrative={k: v for k, v in text.items() if k in keys}
    )


def load_demo_reports(
    province: Unit, commune: Unit, progress: Callable[[str], None] = lambda message: None
) -> int:
    """Idempotent: does nothing once the province has a report."""
    if Report.objects.filter(unit=province).exists():
        return 0
    year_end = _write(report_create(by=DEMO, unit=province, period="2025"), NARRATIVE_2025)
    report_issue(
        by=DEMO,
        report=year_end,
        data=IssueInput(
            number=215,
            date=date(2025, 12, 19),
            signer_name="Nguyễn Văn Hải",  # a vice-chairman that day (demo.documents)
            signer_title="Phó Chủ tịch",
            signing_form="KT",
        ),
    )
    commune_report = _write(
        report_create(by=DEMO, unit=commune, period="2026"),
        {**NARRATIVE_2025, "s1": "Năm 2026, an ninh, trật tự trên địa bàn phường ổn định."},
    )
    report_issue(
        by=DEMO,
        report=commune_report,
        data=IssueInput(
            number=48,
            date=date(2026, 11, 20),
            signer_title="Chủ tịch",  # the commune's chairman that day (demo.documents)
        ),
    )
    report_create(by=DEMO, unit=province, period="2026")
    progress("Báo cáo: tổng kết 2025 của tỉnh đã ban hành, dự thảo 2026.")
    return 3
