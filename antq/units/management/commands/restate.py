import time

from django.core.management.base import BaseCommand, CommandError

from antq.core.actors import SystemActor
from antq.core.models import Job
from antq.units.jobs import restate_enqueue


class Command(BaseCommand):
    help = (
        "Sau khi thay đổi địa giới: tính lại nơi tính (tỉnh, xã hiện nay) và phạm vi xem của "
        "mọi bản ghi gắn với đơn vị (kết quả đánh giá, giá trị thống kê, hoạt động, mô hình, "
        "tổ, kế hoạch, đề nghị khen thưởng…), rồi tổng theo tỉnh. Chạy như một công việc "
        "trong hàng đợi "
        "(`antq worker` thực hiện); lệnh theo dõi tiến độ đến khi xong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-wait", action="store_true", help="chỉ đưa vào hàng đợi, không chờ kết quả"
        )

    def handle(self, *args, no_wait: bool, **options):
        job = restate_enqueue(by=SystemActor("restate"), source="cli")
        self.stdout.write(f"Công việc #{job.pk} đã vào hàng đợi.")
        if no_wait:
            return
        shown, waited = None, 0
        while job.status in {Job.Status.QUEUED, Job.Status.RUNNING}:
            time.sleep(1)
            waited += 1
            job.refresh_from_db()
            if waited == 10 and job.status == Job.Status.QUEUED:
                self.stdout.write("  Chưa có tiến trình nào nhận việc: hãy chạy `antq worker`.")
            state = (job.status, job.done, job.total)
            if state != shown:
                self.stdout.write(f"  {job.get_status_display()} {job.done}/{job.total}")
                shown = state
        if job.status == Job.Status.FAILED:
            raise CommandError(f"Công việc #{job.pk} lỗi: {job.error}")
        result = job.result or {}
        moved = sum(result.values())
        self.stdout.write(self.style.SUCCESS(f"Xong: {moved} bản ghi được quy về đơn vị hiện nay."))
        for label, count in result.items():
            if count:
                self.stdout.write(f"  {label}: {count}")
