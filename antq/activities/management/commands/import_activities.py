from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.activities.importers import activities_import
from antq.audit.context import audit_context
from antq.core.tabular import TabularError


class Command(BaseCommand):
    help = "Nhập hoạt động của phong trào từ tệp XLSX/CSV (nhập tất cả hoặc không nhập dòng nào)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", help="tên đăng nhập: nhập trong phạm vi của người này (mặc định: hệ thống)"
        )

    def handle(self, *args, file: Path, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"Không thấy tệp {file}")
        by = None
        if user:
            by = User.objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(f"Không có người dùng {user}")

        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                self.stdout.write(f"  {done}/{total} dòng", ending="\r" if done < total else "\n")

        try:
            with audit_context("cli"), file.open("rb") as upload:
                result = activities_import(
                    upload=upload, filename=file.name, by=by, progress=progress
                )
        except TabularError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Tệp có {len(error.errors)} lỗi; không dòng nào được ghi."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {result.created} hoạt động; {result.unchanged} dòng đã có từ trước."
            )
        )
