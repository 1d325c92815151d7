from django.core.management.base import BaseCommand

from antq.assessments.models import Assessment
from antq.assessments.services.workflow import restated_ancestors


class Command(BaseCommand):
    help = (
        "Tính lại tỉnh, xã hiện hành của từng hồ sơ đánh giá (sau khi có thay đổi địa "
        "giới), để kết quả quy về đơn vị hiện nay."
    )

    def handle(self, *args, **options):
        changed = 0
        # One lookup per distinct unit, not per assessment.
        unit_ids = Assessment.objects.values_list("unit", flat=True).distinct()
        for unit_id in unit_ids.iterator():
            sample = Assessment.objects.select_related("unit").filter(unit_id=unit_id).first()
            province, commune = restated_ancestors(sample.unit)
            changed += (
                Assessment.objects.filter(unit_id=unit_id)
                .exclude(restated_province=province, restated_commune=commune)
                .update(restated_province=province, restated_commune=commune)
            )
        self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {changed} hồ sơ."))
