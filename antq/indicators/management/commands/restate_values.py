from django.core.management.base import BaseCommand

from antq.indicators.services import values_restate


class Command(BaseCommand):
    help = (
        "Tính lại tỉnh, xã (theo đơn vị khi báo cáo và quy về đơn vị hiện nay) của mọi "
        "giá trị thống kê sau khi có thay đổi địa giới, và tính lại tổng theo tỉnh."
    )

    def handle(self, *args, **options):
        changed = values_restate()
        self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {changed} giá trị."))
