from django.core.management.base import BaseCommand

from antq.assessments.services.workflow import assessments_restate


class Command(BaseCommand):
    help = (
        "Tính lại tỉnh, xã hiện hành của từng hồ sơ đánh giá (sau khi có thay đổi địa "
        "giới), để kết quả quy về đơn vị hiện nay."
    )

    def handle(self, *args, **options):
        changed = assessments_restate()
        self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {changed} hồ sơ."))
