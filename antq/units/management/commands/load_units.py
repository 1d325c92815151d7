import time

from django.core.management.base import BaseCommand, CommandError

from antq.units.loaders import load_units


class Command(BaseCommand):
    help = "Nạp 34 tỉnh, 3.321 xã hiện hành và các đơn vị trước 2025 cùng quan hệ kế thừa."

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            counts = load_units(progress=lambda message: self.stdout.write(f"  {message}"))
        except ValueError as exc:
            raise CommandError(f"Không đối chiếu được hai nguồn dữ liệu: {exc}") from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong sau {elapsed:.1f} giây: thêm {counts['created']} đơn vị, "
                f"cập nhật {counts['updated']}, thêm {counts['links']} quan hệ kế thừa."
            )
        )
