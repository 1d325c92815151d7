"""`antq load_demo`: the Quảng Ninh demo and one account per persona, all with
the password printed in the README. It therefore refuses a deployment marked
production (`ANTQ_PRODUCTION`, on whenever debug is off) and a database
holding data it did not create (an account that is not a demo persona, or a
unit tree loaded before any demo), unless `--add-to-real-data` says so. A
fresh database and a demo database (`make run` a second time) load as
always."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.demo.loaders import DEMO_PASSWORD, PERSONAS, load_demo
from antq.units.models import Unit

FLAG = "--add-to-real-data"


def refusal() -> str | None:
    """Why the demo must not be loaded here, or None."""
    if settings.PRODUCTION:
        return "hệ thống được đánh dấu là hệ thống thật (ANTQ_PRODUCTION, bật khi ANTQ_DEBUG tắt)"
    personas = [persona.username for persona in PERSONAS]
    others = User.objects.exclude(username__in=personas).order_by("pk")
    if others.exists():
        names = ", ".join(others.values_list("username", flat=True)[:3])
        return f"cơ sở dữ liệu có {others.count()} tài khoản không do bản demo tạo: {names}"
    demo_ran = User.objects.filter(username__in=personas).exists()
    if not demo_ran and Unit.objects.exists():
        return "cơ sở dữ liệu đã có cây đơn vị không do bản demo nạp"
    return None


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (tỉnh Quảng Ninh) và tài khoản mẫu cho từng vai trò; từ chối "
        f"cơ sở dữ liệu thật trừ khi có {FLAG}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            FLAG,
            action="store_true",
            dest="add_to_real_data",
            help="nạp cả vào hệ thống thật / cơ sở dữ liệu có dữ liệu thật (tạo tài khoản "
            "mẫu với mật khẩu công khai)",
        )

    def handle(self, *args, add_to_real_data: bool = False, **options):
        reason = None if add_to_real_data else refusal()
        if reason:
            raise CommandError(
                f"Không nạp dữ liệu mẫu: {reason}. Bản demo tạo các tài khoản (có cả quản trị "
                f"hệ thống) với mật khẩu công khai {DEMO_PASSWORD!r}. Nếu thật sự muốn, chạy "
                f"lại với {FLAG}."
            )
        load_demo(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu đã sẵn sàng. Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):"
            )
        )
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:<14} {persona.position}")
