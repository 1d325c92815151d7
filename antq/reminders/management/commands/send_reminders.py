import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from antq.audit.context import audit_context
from antq.reminders.services import REMINDERS_ACTOR, reminders_send


class Command(BaseCommand):
    help = (
        "Nhắc việc hằng ngày: báo cho người phụ trách các hạn nộp trong vài ngày tới, báo cáo bị "
        "trả lại, việc quá hạn (trong ứng dụng; thư điện tử nếu đã cấu hình). Chạy mỗi sáng, ví "
        "dụ bằng cron: `0 6 * * * antq send_reminders`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", default="", help="chạy như ngày YYYY-MM-DD (mặc định hôm nay)"
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="đưa vào hàng đợi cho `antq worker` thay vì chạy ngay",
        )

    def handle(self, *args, date: str, queue: bool, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("Ngày phải có dạng YYYY-MM-DD.") from None

        if queue:
            from antq.core.jobs import job_enqueue
            from antq.reminders.jobs import REMINDERS

            job = job_enqueue(
                kind="reminders", label="Nhắc việc hằng ngày", by=REMINDERS_ACTOR,
                runner=REMINDERS, params={"day": day.isoformat() if day else None}, source="cli",
            )  # fmt: skip
            self.stdout.write(f"Công việc #{job.pk} đã vào hàng đợi.")
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total}", ending="\r" if done < total else "\n")

        with audit_context("cli", None):
            result = reminders_send(today=day, progress=progress)
        self.stdout.write(
            f"Nhắc việc: {result['reminders']} việc, {result['notifications']} thông báo mới, "
            f"{result['emails']} thư."
        )
