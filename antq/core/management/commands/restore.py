from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của antq vào cơ sở dữ liệu và thư mục tệp trống; "
        "từ chối bản sao lưu hỏng hoặc của phiên bản mới hơn."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            manifest = backup_restore(file, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {rows:,} dòng (bản sao lưu lúc {manifest['created_at']}).".replace(
                    ",", "."
                )
            )
        )
