from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.assessments.importers import assessments_import
from antq.assessments.models import Campaign
from antq.core.actors import SystemActor
from antq.core.tabular import TabularError
from antq.units.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập kết quả tự đánh giá của các khu dân cư thuộc một xã từ tệp XLSX/CSV "
        "(tất cả hoặc không dòng nào)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--commune", required=True, help="mã xã, phường, đặc khu")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", help="tên đăng nhập ghi vào nhật ký")

    def handle(self, *args, file: Path, commune: str, year: int, user: str | None, **options):
        target = Unit.objects.filter(
            code=commune, type=Unit.Type.COMMUNE, valid_to__isnull=True
        ).first()
        if target is None or not file.is_file():
            raise CommandError("Không thấy tệp hoặc xã, phường, đặc khu đang hoạt động.")
        campaign = Campaign.objects.filter(year=year, province_id=target.ancestor_ids[0]).first()
        if campaign is None:
            raise CommandError(f"Tỉnh chưa mở đợt đánh giá năm {year}.")
        by = (
            User.objects.filter(username=user, is_active=True).first()
            if user
            else SystemActor("import_assessments")
        )
        if by is None:
            raise CommandError(f"Không có người dùng {user}")
        try:
            with file.open("rb") as upload:
                result = assessments_import(
                    campaign=campaign,
                    commune=target,
                    upload=upload,
                    filename=file.name,
                    by=by,
                    progress=lambda done, total: self.stdout.write(f"  {done}/{total}"),
                )
        except TabularError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Tệp có {len(error.errors)} lỗi; không dòng nào được ghi."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"Đã lưu {result.saved} hồ sơ, nộp {result.submitted}.")
        )
