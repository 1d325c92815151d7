"""A report's moves (draft → submitted → approved, returned) are declared once
on `Submission.moves`; a move from a wrong state answers 409 with the current
state, a missing right 403, on pages and in the API alike."""

from decimal import Decimal

import pytest
from django.urls import reverse

from antq.accounts.access import Refused
from antq.audit.models import AuditEntry
from antq.core.periods import parse
from antq.core.workflow import WrongState
from antq.indicators.models import Submission
from antq.indicators.services import submission_approve, values_save

JULY = parse("202607")
COMPLETE = {
    "TT_BUOI": {"": Decimal(4)},
    "NT_TIN_BAO": {"": Decimal(2)},
    "TP_SO_VU": {"": Decimal(1)},
    "TP_KHAM_PHA": {"": Decimal(1)},
    "TNGT_SO_VU": {"": Decimal(0)},
}


def report(monthly_form, tree, status: str = Submission.Status.DRAFT) -> Submission:
    return Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period=JULY.id,
        period_start=JULY.start,
        status=status,
    )


def test_the_moves_of_a_report_are_declared_once_on_the_model():
    moves = Submission.moves
    assert {m.name for m in moves.allowed(Submission(status="draft"))} == {"edit", "submit"}
    assert {m.name for m in moves.allowed(Submission(status="submitted"))} == {
        "approve",
        "return",
    }
    assert {m.name for m in moves.allowed(Submission(status="approved"))} == {"return"}
    assert (
        Submission(status="returned").is_editable and not Submission(status="approved").is_editable
    )


def test_a_service_called_by_nobody_is_a_programming_error_not_a_check_switched_off(
    monthly_form, tree
):
    with pytest.raises(TypeError):
        values_save(by=None, form=monthly_form, unit=tree.commune_a, period=JULY, values=COMPLETE)


def test_a_commune_officer_cannot_approve_its_own_report(monthly_form, personas, tree):
    submission = report(monthly_form, tree, Submission.Status.SUBMITTED)
    with pytest.raises(Refused, match="không có thẩm quyền duyệt"):
        submission_approve(by=personas.officer_a, submission=submission)


def test_approving_a_draft_is_a_wrong_state_naming_the_current_one(monthly_form, personas, tree):
    submission = report(monthly_form, tree)
    with pytest.raises(WrongState) as caught:
        submission_approve(by=personas.province_approver, submission=submission)
    assert caught.value.current == "draft" and caught.value.current_label == "Đang nhập"


def test_the_api_answers_a_wrong_state_move_409_with_the_current_state(
    client, personas, tree, monthly_form, auth
):
    submission = report(monthly_form, tree, Submission.Status.APPROVED)
    url = f"/api/v1/statistics/submissions/{submission.pk}"
    answer = client.post(f"{url}/approve", **auth(personas.province_approver))
    assert answer.status_code == 409
    assert answer.json()["current_state"] == "approved"
    assert answer.json()["current_state_label"] == "Đã duyệt"
    answer = client.post(f"{url}/submit", **auth(personas.officer_a))
    assert answer.status_code == 409 and answer.json()["current_state"] == "approved"
    unasked = client.post(
        f"{url}/return",
        {"reason": "Sai số liệu"},
        content_type="application/json",
        **auth(personas.province_approver),
    )
    assert unasked.status_code == 409 and unasked.json()["current_state"] == "approved"
    reopened = client.post(
        f"{url}/return",
        {"reason": "Sai số liệu", "reopen": True},
        content_type="application/json",
        **auth(personas.province_approver),
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "returned"


def test_approving_an_approved_report_from_the_page_answers_409(
    client, personas, tree, monthly_form
):
    submission = report(monthly_form, tree, Submission.Status.APPROVED)
    client.force_login(personas.province_approver)
    answer = client.post(reverse("indicators:submission-approve", args=[submission.pk]))
    assert answer.status_code == 409
    assert "Đã duyệt" in answer.content.decode()
    assert not AuditEntry.objects.filter(object_type="indicators.submission").exists()


def test_entering_figures_into_a_submitted_report_from_the_page_answers_409(
    client, personas, tree, monthly_form
):
    report(monthly_form, tree, Submission.Status.SUBMITTED)
    client.force_login(personas.officer_a)
    url = reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, JULY.id])
    answer = client.post(url, {"v__TT_BUOI": "9", "save": "1"})
    assert answer.status_code == 409
    assert "Không thể sửa số liệu" in answer.content.decode()


def test_a_viewer_posting_figures_is_refused_with_403(client, personas, tree, monthly_form):
    client.force_login(personas.viewer)
    url = reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, JULY.id])
    answer = client.post(url, {"v__TT_BUOI": "9", "save": "1"})
    assert answer.status_code == 403
    assert not Submission.objects.exists()


def test_the_entry_page_offers_the_reviewer_only_the_moves_the_state_allows(
    client, personas, tree, monthly_form
):
    submission = report(monthly_form, tree, Submission.Status.APPROVED)
    client.force_login(personas.province_approver)
    page = client.get(reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, JULY.id]))
    html = page.content.decode()
    assert reverse("indicators:submission-return", args=[submission.pk]) in html
    assert reverse("indicators:submission-approve", args=[submission.pk]) not in html
