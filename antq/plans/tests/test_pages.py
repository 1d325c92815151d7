"""Plan pages and API through the kernel: a task, an occurrence, its evidence
and a committee member are each fetched through their scope (404 to whoever
cannot see them, 403 to whoever sees but may not write); a refused write is
a 403 and a wrong-state move a 409, never a form error, and neither changes
anything."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.audit.models import AuditEntry
from antq.plans.models import CommitteeMember, Occurrence, ProgressEvidence
from antq.plans.services import (
    PlanInput,
    TaskInput,
    committee_create,
    committee_member_add,
    plan_create,
)


@pytest.fixture
def plan(tree, personas, settings, tmp_path):
    """The province's 2026 plan; its one task is led by commune A."""
    settings.MEDIA_ROOT = tmp_path
    return plan_create(
        by=personas.province_approver,
        data=PlanInput(
            unit=tree.province,
            number="18",
            symbol="KH-CAT",
            date=date(2026, 1, 20),
            title="Xây dựng phong trào năm 2026",
            first_year=2026,
            last_year=2026,
            tasks=[TaskInput(1, "Ngày hội 19/8", tree.commune_a, deadline=date(2026, 8, 19))],
        ),
    )


@pytest.fixture
def member(tree, personas):
    committee = committee_create(
        by=personas.province_approver,
        unit=tree.province,
        name="Ban Chỉ đạo 138 tỉnh",
        decision_number="1234/QĐ-UBND",
        decision_date=date(2025, 8, 1),
    )
    return committee_member_add(
        by=personas.province_approver,
        committee=committee,
        full_name="Lê Văn Phụ",
        position="Giám đốc Công an tỉnh",
        role="pho_thuong_truc",
        started_on=date(2025, 8, 1),
    )


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def test_a_task_is_edited_by_the_issuer_refused_to_a_viewer_unknown_to_others(
    client, tree, personas, plan
):
    task = plan.tasks.get()
    url = reverse("plans:task-edit", args=[task.pk])
    data = {"number": 1, "text": "Ngày hội 2026", "lead": tree.commune_a.pk,
            "deadline": "2026-08-19", "version": task.version}  # fmt: skip
    trail = AuditEntry.objects.count()
    assert post(client, personas.officer_b, url, data).status_code == 404
    assert post(client, personas.officer_a, url, data).status_code == 404  # leads, not the plan's
    assert post(client, personas.viewer, url, data).status_code == 403
    assert AuditEntry.objects.count() == trail
    assert post(client, personas.province_approver, url, data).status_code == 302
    task.refresh_from_db()
    assert task.text == "Ngày hội 2026"


def test_the_lead_commune_reports_progress_on_a_plan_it_does_not_see(client, tree, personas, plan):
    occurrence = Occurrence.objects.get(task__plan=plan)
    url = reverse("plans:progress", args=[occurrence.pk])
    report = {"status": "in_progress", "percent": "40", "narrative": "", "version": 1}
    assert post(client, personas.officer_b, url, report).status_code == 404
    answer = post(client, personas.officer_a, url, report)
    assert answer.status_code == 302
    assert answer.url == reverse("plans:plan-list")  # not the plan's page, a 404 to the lead
    report = {"status": "done", "percent": "100", "version": 2}
    answer = post(client, personas.province_approver, url, report)  # the issuer may report too
    assert answer.url == reverse("plans:plan-detail", args=[plan.pk])
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent) == ("done", 100)


def test_a_refused_report_answers_403_on_the_page_and_in_the_api_and_changes_nothing(
    client, tree, personas, plan, auth
):
    occurrence = Occurrence.objects.get(task__plan=plan)
    viewer = auth(personas.viewer)
    trail = AuditEntry.objects.count()
    page = post(
        client,
        personas.viewer,
        reverse("plans:progress", args=[occurrence.pk]),
        {"status": "done", "percent": "100", "version": 1,
         "file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")},
    )  # fmt: skip
    assert page.status_code == 403
    api = client.post(
        f"/api/v1/plans/tasks/{occurrence.task_id}/progress",
        {"due": "2026-08-19", "status": "done", "percent": 100},
        content_type="application/json",
        **viewer,
    )
    assert api.status_code == 403 and api.json()["detail"]
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.version) == ("not_started", 1)
    assert not ProgressEvidence.objects.exists()
    assert AuditEntry.objects.count() == trail


def test_evidence_is_seen_by_whoever_sees_its_occurrence(client, tree, personas, plan):
    occurrence = Occurrence.objects.get(task__plan=plan)
    post(
        client,
        personas.officer_a,
        reverse("plans:progress", args=[occurrence.pk]),
        {"status": "in_progress", "percent": "10", "version": 1,
         "file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")},
    )  # fmt: skip
    url = reverse("plans:evidence-download", args=[ProgressEvidence.objects.get().pk])
    for persona, status in (("officer_a", 200), ("viewer", 200), ("officer_b", 404)):
        client.force_login(getattr(personas, persona))
        assert client.get(url).status_code == status, persona


def test_a_term_is_ended_by_the_committees_unit_and_only_once(client, personas, member):
    url = reverse("plans:committee-member-end", args=[member.pk])
    assert post(client, personas.officer_a, url, {"on": "2026-03-01"}).status_code == 404
    assert post(client, personas.viewer, url, {"on": "2026-03-01"}).status_code == 403
    assert post(client, personas.province_approver, url, {"on": "2026-03-01"}).status_code == 302
    trail = AuditEntry.objects.count()
    again = post(client, personas.province_approver, url, {"on": "2026-04-01"})
    assert again.status_code == 409
    assert "Đã kết thúc nhiệm kỳ" in again.content.decode()
    member = CommitteeMember.objects.get(pk=member.pk)
    assert member.ended_on == date(2026, 3, 1)
    assert AuditEntry.objects.count() == trail
