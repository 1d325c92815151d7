"""The moves of a movement report, declared once on the model: a draft is
written, read again and issued; an issued report answers 409 with its state
to every change, in the API and on the page; the API does what the page does."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage

from antq.reports.models import Report
from antq.reports.tests.conftest import WRITTEN

ISSUE = {
    "number": 41,
    "date": "2026-11-23",
    "signer_name": "Nguyễn Văn Chủ",
    "signer_title": "Chủ tịch",
}


def test_the_api_writes_quotes_and_issues_a_draft_like_the_page(world, client, auth):
    headers = auth(world.personas.province_approver)
    url = f"/api/v1/reports/{world.report_province.pk}"
    written = client.patch(
        url, {"narrative": WRITTEN, "version": 1}, content_type="application/json", **headers
    )
    assert written.status_code == 200, written.json()
    assert written.json()["version"] == 2
    quoted = client.post(
        f"{url}/quote",
        {"source": world.report_a.pk, "key": "s4", "version": 2},
        content_type="application/json",
        **headers,
    )
    assert quoted.status_code == 200, quoted.json()
    assert quoted.json()["narrative"]["s4"].endswith("Tuyên truyền qua loa truyền thanh.")
    stale = client.patch(
        url,
        {"narrative": {"s4": "Bản cũ"}, "version": 2},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409 and stale.json()["current_version"] == 3
    issued = client.post(f"{url}/issue", ISSUE, content_type="application/json", **headers)
    assert issued.status_code == 200, issued.json()
    assert issued.json()["status"] == "issued" and issued.json()["reference"] == "41/BC-UBND"


def test_the_api_reads_a_drafts_figures_again(world, client, auth):
    headers = auth(world.personas.province_approver)
    refreshed = client.post(f"/api/v1/reports/{world.report_province.pk}/refresh", **headers)
    assert refreshed.status_code == 200, refreshed.json()
    assert refreshed.json()["version"] == 2 and refreshed.json()["drafted_at"]


def test_only_the_approver_issues_a_report(world, client, auth):
    from antq.accounts.models import Role
    from conftest import make_user

    clerk = make_user("nhap.lieu", Role.DATA_ENTRY, world.tree.province)
    answer = client.post(
        f"/api/v1/reports/{world.report_province.pk}/issue",
        ISSUE,
        content_type="application/json",
        **auth(clerk),
    )
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "", {"narrative": {"s4": "Sửa sau khi ban hành"}}),
        ("post", "/refresh", None),
        ("post", "/quote", "quote"),
        ("post", "/issue", ISSUE),
    ],
)
def test_an_issued_report_answers_409_with_its_state_in_the_api(
    world, client, auth, method, path, body
):
    report = world.report_a  # commune A's, issued
    if body == "quote":
        body = {"source": report.pk, "key": "s4"}
    answer = getattr(client, method)(
        f"/api/v1/reports/{report.pk}{path}",
        body,
        content_type="application/json",
        **auth(world.personas.officer_a),
    )
    assert answer.status_code == 409, answer.json()
    assert answer.json()["current_state"] == "issued"
    assert answer.json()["current_state_label"] == "Đã ban hành"
    report.refresh_from_db()
    assert report.version == 1 and report.narrative["s4"] == "Tuyên truyền qua loa truyền thanh."


@pytest.mark.parametrize("action", ["save", "refresh", "issue", "quote"])
def test_an_issued_report_answers_409_on_the_page(world, client, action):
    from antq.core.models import Job

    client.force_login(world.personas.officer_a)
    report = world.report_a
    answer = client.post(
        f"/bao-cao/{report.pk}/",
        {"action": action, "version": report.version, "s4": "Sửa", "source": 0, "key": "s4"},
    )
    assert answer.status_code == 409
    assert "Đã ban hành" in answer.content.decode()
    report.refresh_from_db()
    assert report.version == 1 and report.status == Report.Status.ISSUED
    assert not Job.objects.filter(kind="movement_report").exists()


class UnwritableStorage(FileSystemStorage):
    """A media folder the server may not write (a mount gone read-only)."""

    def _save(self, name, content):
        # what Python raises for EACCES: an OSError of the machine
        raise OSError(errno.EACCES, "Permission denied", f"/srv/antq/media/{name}")


def test_an_unwritable_media_folder_fails_the_job_that_makes_the_files_not_the_issue(
    world, client, auth, monkeypatch, django_capture_on_commit_callbacks
):
    """Python's own permission error is an OSError of the machine, never the
    person's missing right. Issuing commits the number; the job that writes the
    files fails with the machine's reason, writes no file row, and can run
    again once the folder is writable."""
    from antq.core.jobs import job_retry
    from antq.core.models import Job
    from antq.documents.models import DocumentFile

    field = DocumentFile._meta.get_field("file")
    writable = field.storage
    monkeypatch.setattr(field, "storage", UnwritableStorage())
    headers = auth(world.personas.province_approver)
    url = f"/api/v1/reports/{world.report_province.pk}"
    client.patch(url, {"narrative": WRITTEN}, content_type="application/json", **headers)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"{url}/issue", ISSUE, content_type="application/json", **headers)
    assert answer.status_code == 200, answer.json()
    world.report_province.refresh_from_db()
    document = world.report_province.document
    job = Job.objects.filter(kind="document_render").latest("pk")
    assert job.status == Job.Status.FAILED and "Permission denied" in job.error
    assert world.report_province.status == "issued" and not document.files.exists()

    monkeypatch.setattr(field, "storage", writable)
    with django_capture_on_commit_callbacks(execute=True):
        again = job_retry(job=job, by=world.personas.province_approver)
    again.refresh_from_db()
    assert again.status == Job.Status.DONE and document.files.count() == 2
