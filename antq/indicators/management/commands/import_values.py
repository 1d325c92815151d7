import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.accounts.access import SystemActor
from antq.accounts.models import User
from antq.core.tabular import TabularError
from antq.indicators.importers import values_import
from antq.indicators.jobs import rows_of_file, written_by_people


class Command(BaseCommand):
    help = (
        "Nhập số liệu từ tệp dataValueSets của DHIS2 (JSON, CSV) hoặc mẫu Excel; có lỗi "
        "thì không giá trị nào được ghi. In bản tóm tắt kiểu DHIS2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="tên đăng nhập ghi vào nhật ký và dùng để xét quyền")

    def handle(self, *args, file: Path, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"Không thấy tệp {file}")
        by = SystemActor("import_values")
        if user:
            by = User.objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(f"Không có người dùng {user}")
        started = time.perf_counter()
        with file.open("rb") as handle:
            try:
                rows = rows_of_file(handle, file.name)
            except TabularError as exc:
                raise CommandError("\n".join(str(e) for e in exc.errors)) from None
            except ValueError as exc:
                raise CommandError(str(exc)) from None

            def progress(done: int, total: int) -> None:
                percent = done * 100 // total if total else 100
                self.stdout.write(f"  {percent} % · {time.perf_counter() - started:.1f} giây")

            summary = values_import(
                by=by,
                rows=rows,
                source=file.name,
                machine=not written_by_people(file.name),
                progress=progress,
            )
        self.stdout.write(json.dumps(summary.as_dhis2(), ensure_ascii=False, indent=2))
        if summary.conflicts:
            raise CommandError(f"{len(summary.conflicts)} xung đột; không giá trị nào được ghi.")
        self.stdout.write(self.style.SUCCESS(f"Xong sau {time.perf_counter() - started:.1f} giây."))
