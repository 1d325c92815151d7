"""`antq create_user`: an account with its first role at a unit, from the
command line (the twin of the page "Thêm người dùng" and of
`POST /api/v1/users`), through the same service, audited as the command (or
as `--by`, who must manage users at that unit)."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from antq.accounts.models import ROLES_BY_PRIVILEGE
from antq.accounts.services import user_create
from antq.core.access import Refused
from antq.core.actors import SystemActor
from antq.units.models import Unit

ROLES = [r.value for r in ROLES_BY_PRIVILEGE]


class Command(BaseCommand):
    help = (
        "Tạo tài khoản với vai trò đầu tiên tại một đơn vị. Vai trò, từ ít quyền đến nhiều quyền: "
        + ", ".join(f"{r.value} ({r.label})" for r in ROLES_BY_PRIVILEGE)
        + ". Mật khẩu được hỏi khi chạy (hoặc đọc một dòng từ stdin với --password-stdin)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument("--role", required=True, choices=ROLES, help="vai trò (bắt buộc)")
        parser.add_argument("--unit", required=True, help="mã đơn vị đang hoạt động")
        parser.add_argument("--full-name", default="", help="họ và tên")
        parser.add_argument("--position", default="", help="chức vụ")
        parser.add_argument("--email", default="", help="thư điện tử")
        parser.add_argument("--phone", default="", help="điện thoại")
        parser.add_argument(
            "--password-stdin", action="store_true", help="đọc mật khẩu từ một dòng của stdin"
        )
        parser.add_argument(
            "--by", help="tên đăng nhập người tạo (phải quản lý người dùng tại đơn vị đó)"
        )

    def handle(self, *args, username: str, role: str, unit: str, by: str | None, **options):
        place = Unit.objects.filter(code=unit).valid_on(timezone.localdate()).first()
        if place is None:
            raise CommandError(f"Không có đơn vị đang hoạt động mã {unit}.")
        actor = SystemActor("create_user")
        if by:
            actor = get_user_model().objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {by}.")
        password = self._password(options["password_stdin"])
        try:
            user = user_create(
                by=actor,
                username=username,
                password=password,
                role=role,
                unit=place,
                full_name=options["full_name"],
                position=options["position"],
                phone=options["phone"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except Refused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo tài khoản {user.username}: {role} tại {place.name}.")
        )

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Mật khẩu: ")
        if first != getpass.getpass("Nhập lại mật khẩu: "):
            raise CommandError("Hai lần nhập mật khẩu không khớp.")
        return first
