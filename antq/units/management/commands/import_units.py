from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from antq.core.access import Refused
from antq.core.actors import SystemActor
from antq.core.tabular import TabularError
from antq.units.importers import units_import
from antq.units.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục của một xã từ tệp "
        "XLSX/CSV (nhập tất cả hoặc không nhập dòng nào)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--commune", required=True, help="mã xã, phường, đặc khu")
        parser.add_argument("--user", help="tên đăng nhập ghi vào nhật ký (mặc định: hệ thống)")

    def handle(self, *args, file: Path, commune: str, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"Không thấy tệp {file}")
        target = Unit.objects.filter(
            code=commune, type=Unit.Type.COMMUNE, valid_to__isnull=True
        ).first()
        if target is None:
            raise CommandError(f"Không có xã, phường, đặc khu đang hoạt động mã {commune}")
        by = SystemActor("import_units")
        if user:
            by = get_user_model().objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(f"Không có người dùng {user}")

        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                self.stdout.write(f"  {done}/{total} dòng", ending="\r" if done < total else "\n")

        try:
            with file.open("rb") as upload:
                result = units_import(
                    commune=target, upload=upload, filename=file.name, by=by, progress=progress
                )
        except TabularError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Tệp có {len(error.errors)} lỗi; không dòng nào được ghi."
            ) from None
        except Refused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập vào {target.name}: thêm {result.created}, cập nhật {result.updated}, "
                f"không đổi {result.unchanged}."
            )
        )
