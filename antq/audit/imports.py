"""The two edges of every all-or-nothing spreadsheet import, so each app
declares only its importer:

- on a page, `import_page`: the upload is checked at once (a bad file answers
  on the same page with its row/column messages and nothing is written); a
  good one becomes a job on the task queue, run as the person who uploaded it
  with the request's audit source and address;
- on the command line, `ImportCommand`: `antq import_* FILE [--user NAME]`
  imports as the named user (the system when none), audited with the source
  "cli", with progress in the terminal and every problem printed.
"""

import io
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.shortcuts import redirect, render

from antq.audit.context import audit_context, current
from antq.core.actors import SystemActor
from antq.core.forms import SpreadsheetUploadForm
from antq.core.jobs import job_enqueue
from antq.core.tabular import TabularError


def enqueue_import(request, *, upload, payload, kind: str, label: str, runner: str, params=None):
    """A checked upload becomes a job of `request.user` on the task queue."""
    context = current()
    return job_enqueue(
        kind=kind,
        label=label,
        by=request.user,
        runner=runner,
        params={"filename": upload.name, **(params or {})},
        payload=payload,
        filename=upload.name,
        source=context.source,
        ip_address=context.ip_address,
    )


def import_page(
    request,
    *,
    check: Callable[..., object],
    kind: str,
    label: str,
    runner: str,
    template: str,
    context: dict | None = None,
    params: dict | None = None,
):
    """The import page: GET shows the form; POST checks the file with
    `check(by=, upload=, filename=)` and either answers its errors or
    enqueues the import and shows the job. `label` takes %(file)s; `params`
    go to the job beside the file's name."""
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            check(by=request.user, upload=io.BytesIO(data), filename=upload.name)
        except TabularError as error:
            errors = error.errors
        else:
            job = enqueue_import(
                request,
                upload=upload,
                payload=data,
                kind=kind,
                label=label % {"file": upload.name},
                runner=runner,
                params=params,
            )
            return redirect("job-detail", pk=job.pk)
    return render(request, template, {"form": form, "errors": errors, **(context or {})})


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
        # without --user, the system acts, named after the command
        by = SystemActor(type(self).__module__.rsplit(".", 1)[-1])
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
