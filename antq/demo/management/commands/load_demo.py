from django.core.management.base import BaseCommand

from antq.demo.loaders import DEMO_PASSWORD, PERSONAS, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Quảng Ninh) và tài khoản mẫu cho từng vai trò."

    def handle(self, *args, **options):
        load_demo(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu đã sẵn sàng. Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):"
            )
        )
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:<14} {persona.position}")
