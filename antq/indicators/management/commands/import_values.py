import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.indicators.importers import parse_payload, values_import
from antq.indicators.spreadsheets import rows_from_workbook


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
        by = User.objects.filter(username=user, is_active=True).first() if user else None
        if user and by is None:
            raise CommandError(f"Không có người dùng {user}")
        started = time.perf_counter()
        try:
            if file.suffix.lower() == ".xlsx":
                with file.open("rb") as upload:
                    rows = rows_from_workbook(upload, file.name)
            else:
                kind = "text/csv" if file.suffix.lower() == ".csv" else "application/json"
                rows = parse_payload(file.read_bytes(), kind)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"  Đã đọc {len(rows)} giá trị; đang kiểm tra…")

        def progress(done: int, total: int) -> None:
            if done == total or done % 200 == 0:
                self.stdout.write(f"  {done}/{total} báo cáo")

        summary = values_import(by=by, rows=rows, source=file.name, progress=progress)
        self.stdout.write(json.dumps(summary.as_dhis2(), ensure_ascii=False, indent=2))
        if summary.conflicts:
            raise CommandError(f"{len(summary.conflicts)} xung đột; không giá trị nào được ghi.")
        self.stdout.write(self.style.SUCCESS(f"Xong sau {time.perf_counter() - started:.1f} giây."))
