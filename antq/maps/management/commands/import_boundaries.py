from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from antq.core.access import Refused
from antq.core.actors import SystemActor
from antq.core.tabular import parse_day
from antq.maps.readers import UnreadableFile
from antq.maps.services import BoundaryImportError, boundaries_import


class Command(BaseCommand):
    help = (
        "Nhập ranh giới đơn vị hành chính từ tệp GeoJSON, TopoJSON hoặc shapefile nén .zip, "
        "theo mã đơn vị (nhập tất cả hoặc không nhập gì)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--date", help="ngày của tệp, dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--code-field", help="thuộc tính chứa mã đơn vị (mặc định: code, ma…)")
        parser.add_argument("--srid", help="hệ tọa độ của tệp khi tệp không ghi, ví dụ EPSG:3405")
        parser.add_argument("--user", help="tên đăng nhập ghi vào nhật ký (mặc định: hệ thống)")

    def handle(self, *args, file: Path, date, code_field, srid, user, **options):
        if not file.is_file():
            raise CommandError(f"Không thấy tệp {file}")
        as_of = parse_day(date) if date else timezone.localdate()
        if as_of is None:
            raise CommandError(f"Ngày “{date}” không hợp lệ (dd/mm/yyyy).")
        by = SystemActor("import_boundaries")
        if user:
            by = get_user_model().objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(f"Không có người dùng {user}")

        def progress(done: int, total: int) -> None:
            if done == total or done % 100 == 0:
                self.stdout.write(
                    f"  kiểm tra {done}/{total} đối tượng", ending="\r" if done < total else "\n"
                )

        try:
            result = boundaries_import(
                path=file, as_of=as_of, by=by, code_field=code_field, srid=srid, progress=progress
            )
        except BoundaryImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(error)) from None
        except (UnreadableFile, Refused) as error:
            raise CommandError(str(error)) from None
        for note in result.repaired:
            self.stdout.write(f"  đã sửa hình: {note}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập ranh giới từ {as_of:%d/%m/%Y}: thêm {result.created}, "
                f"thay {result.replaced}, đóng {result.closed} ranh giới cũ; "
                f"sửa {len(result.repaired)} hình."
            )
        )
