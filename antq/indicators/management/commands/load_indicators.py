from django.core.management.base import BaseCommand

from antq.indicators.services import catalogue_load


class Command(BaseCommand):
    help = "Nạp danh mục chỉ tiêu và biểu mẫu tháng cấp xã (không ghi đè những gì đã có)."

    def handle(self, *args, **options):
        created = catalogue_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Thêm {created['indicators']} chỉ tiêu, {created['forms']} biểu mẫu."
            )
        )
