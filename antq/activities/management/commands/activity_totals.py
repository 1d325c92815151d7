from django.core.management.base import BaseCommand, CommandError

from antq.activities import totals
from antq.core.vietnamese import format_number


class Command(BaseCommand):
    help = (
        "Kiểm tra số liệu tổng hợp hoạt động (ActivityTotal) so với việc đếm lại từ các hoạt động; "
        "--rebuild đếm lại toàn bộ (sau khi khôi phục dữ liệu không qua trigger)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Đếm lại toàn bộ.")

    def handle(self, *args, rebuild: bool = False, **options):
        if rebuild:
            count = totals.rebuild()
            self.stdout.write(f"Đã đếm lại: {format_number(count)} dòng tổng hợp.")
            return
        wrong = totals.differences()
        if wrong:
            for view, measure, month, province, kind, kept, recounted in wrong:
                self.stderr.write(
                    f"{view} {measure} {month} tỉnh {province} loại {kind}: "
                    f"đang giữ {kept}, đếm lại {recounted}"
                )
            raise CommandError("Số liệu tổng hợp hoạt động lệch; chạy lại với --rebuild.")
        self.stdout.write("Số liệu tổng hợp hoạt động khớp với việc đếm lại.")
