import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from antq.accounts.access import SystemActor
from antq.audit.context import audit_context
from antq.reports.documents import render_docx
from antq.reports.models import Report, ReportTemplate
from antq.reports.services import report_check, report_create
from antq.units.models import PUBLISHED, RESTATED, Unit

COMMAND = SystemActor("draft_report")  # the operator at the command line


class Command(BaseCommand):
    help = (
        "Lập dự thảo báo cáo sơ kết, tổng kết phong trào của một đơn vị (tỉnh, xã) hoặc toàn "
        "quốc từ số liệu hiện có, ghi ra tệp DOCX. Ví dụ: antq draft_report --unit 22 --period 2026"
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", default="", help="mã tỉnh hoặc xã; bỏ trống: toàn quốc")
        parser.add_argument("--period", required=True, help="2026S1 (6 tháng) hoặc 2026 (năm)")
        parser.add_argument("--view", choices=[RESTATED, PUBLISHED], default=RESTATED)
        parser.add_argument(
            "--output", default="", help="tệp DOCX (mặc định bao-cao-<mã>-<kỳ>.docx)"
        )
        parser.add_argument(
            "--save", action="store_true", help="lưu dự thảo vào antq (ghi nhật ký) để sửa trên web"
        )

    def handle(self, *args, unit: str, period: str, view: str, output: str, save: bool, **options):
        root = None
        if unit:
            root = Unit.objects.filter(code=unit, valid_to__isnull=True).first()
            if root is None:
                raise CommandError(f"Không có đơn vị đang hoạt động mã {unit}.")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(
                f"  Lấy số liệu: mục {done}/{total}", ending="\r" if done < total else "\n"
            )
            self.stdout.flush()

        try:
            if save:
                with audit_context("cli", None):
                    report = report_create(
                        by=COMMAND, unit=root, period=period.upper(), view=view, progress=progress
                    )
            else:
                parsed, template = report_check(
                    by=COMMAND, unit=root, period=period.upper(), view=view, template=_template()
                )
                report = _unsaved(root, parsed.id, view, template, progress)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write("  Vẽ biểu đồ, dựng văn bản DOCX…")
        data = render_docx(report)
        path = Path(output or f"bao-cao-{unit or 'toan-quoc'}-{report.period}.docx")
        path.write_bytes(data)
        elapsed = time.perf_counter() - started
        saved = f" (dự thảo #{report.pk} đã lưu)" if save else ""
        self.stdout.write(f"Đã ghi {path} ({len(data) // 1024} KB, {elapsed:.1f} s){saved}.")


def _template():
    return ReportTemplate.objects.filter(is_default=True).first()


def _unsaved(root, period: str, view: str, template, progress) -> Report:
    """A draft built in memory only: the same figures, nothing written."""
    from antq.core.periods import parse
    from antq.reports.drafting import draft_figures

    report = Report(
        template=template,
        unit=root,
        period=period,
        view=view,
    )
    report.figures = draft_figures(
        template=template, root=root, period=parse(period), view=view, progress=progress
    )
    report.narrative = {s.key: s.placeholder for s in template.sections.all() if s.placeholder}
    return report
