"""The shape of every `antq import_* FILE [--user NAME]` command: the file is
imported all or nothing as the named user (the system when none), audited
with the source "cli", with progress in the terminal and every problem
printed with its row and column."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from antq.audit.context import audit_context
from antq.core.tabular import TabularError


class ImportCommand(BaseCommand):
    #: importer(upload=, filename=, by=, progress=) -> result with `created`, `unchanged`
    importer = None
    done = "{created} / {unchanged}"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", help="tên đăng nhập: nhập trong phạm vi của người này (mặc định: hệ thống)"
        )

    def handle(self, *args, file: Path, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"Không thấy tệp {file}")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(f"Không có người dùng {user}")

        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                self.stdout.write(f"  {done}/{total} dòng", ending="\r" if done < total else "\n")

        try:
            with audit_context("cli"), file.open("rb") as upload:
                result = self.importer(upload=upload, filename=file.name, by=by, progress=progress)
        except TabularError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Tệp có {len(error.errors)} lỗi; không dòng nào được ghi."
            ) from None
        self.stdout.write(self.style.SUCCESS(self.done.format(**vars(result))))
