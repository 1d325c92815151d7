from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp của antq vào một tệp (kèm manifest kiểm tra)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            manifest = backup_create(file, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {rows:,} dòng và {len(manifest['checksums']) - 1:,} tệp vào {file}."
            ).replace(",", ".")
        )
