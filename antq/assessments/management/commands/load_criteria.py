from django.core.management.base import BaseCommand
from django.utils import timezone

from antq.assessments.services.criteria import criteria_load


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí quốc gia và bảng chấm điểm của một năm (không ghi đè bộ đã có)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year)

    def handle(self, *args, year: int, **options):
        created = criteria_load(year=year)
        self.stdout.write(
            self.style.SUCCESS(
                f"Năm {year}: thêm {created['sets']} bộ tiêu chí, "
                f"{created['sheets']} bảng chấm điểm."
            )
        )
