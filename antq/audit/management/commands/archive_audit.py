"""`antq archive_audit --before 2024-01-01`: move old audit entries to a file."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from antq.audit.archive import audit_archive
from antq.audit.context import audit_context
from antq.core.actors import SystemActor


class Command(BaseCommand):
    help = (
        "Chuyển các mục nhật ký trước một ngày sang tệp lưu trữ (gzip, JSON lines, "
        "kèm SHA-256); đây là cách duy nhất để đưa nhật ký ra khỏi bảng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="ngày, dạng YYYY-MM-DD")
        parser.add_argument("--to", default="", help="thư mục lưu tệp (mặc định var/audit-archive)")

    def handle(self, *args, before: str, to: str, **options):
        try:
            day = date.fromisoformat(before)
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {before!r} (cần YYYY-MM-DD).") from None
        folder = Path(to) if to else Path(settings.VAR_DIR) / "audit-archive"
        with audit_context("cli"):
            result = audit_archive(by=SystemActor("archive_audit"), before=day, folder=folder)
        if not result.count:
            self.stdout.write(f"Không có mục nhật ký nào trước {day:%d/%m/%Y}.")
            return
        self.stdout.write(
            f"Đã chuyển {result.count} mục sang {result.path} (SHA-256 {result.sha256})."
        )
