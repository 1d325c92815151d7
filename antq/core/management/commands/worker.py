"""`antq worker`: the process that runs queued jobs (imports, document batches,
restating). It first fails the jobs a dead worker left running, then runs
django-tasks-db's db_worker until stopped (SIGTERM/SIGINT finish the current
task's bookkeeping and exit)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from antq.core.jobs import jobs_reap


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý công việc nền (nhập tệp lớn, tạo văn bản hàng loạt…)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="giây chờ khi hàng đợi rỗng"
        )
        parser.add_argument("--batch", action="store_true", help="chạy hết hàng đợi rồi dừng")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args, interval, batch, max_tasks, **options):
        reaped = jobs_reap()
        if reaped:
            self.stdout.write(f"Đã đánh dấu lỗi {reaped} công việc của tiến trình đã dừng.")
        arguments = {"interval": interval, "batch": batch, "startup_delay": False, "reload": False}
        if max_tasks:
            arguments["max_tasks"] = max_tasks
        call_command("db_worker", **arguments, verbosity=options["verbosity"])
