"""The moves of a round, its nominations and its decisions, declared once on
the models: a move the current state does not allow answers 409 with the
current state, in the API and on the page; issuing a decision awards its
nominations in one write, audited one entry per nomination."""

from datetime import date

import pytest

from antq.audit.models import AuditEntry
from antq.awards.models import Decision, Nomination, Round
from antq.awards.services import (
    decision_create,
    decision_issue,
    nominate,
    nomination_accept,
    nomination_reject,
    round_close,
)
from antq.awards.tests.conftest import individual
from antq.core.workflow import WrongState

CERTIFICATE = "giay_khen_chu_tich_xa"  # no condition on the person


@pytest.fixture
def draft(tree, personas, year_end) -> Decision:
    """Two people of Khu phố Đồng Tâm accepted by the council, in one draft decision."""
    for name in ("Lê Văn Tâm", "Phạm Thị Lan"):
        nomination = nominate(
            by=personas.officer_a,
            round=year_end,
            data=individual(tree.area_a, name, code=CERTIFICATE),
        )
        nomination_accept(by=personas.province_approver, nomination=nomination)
    return decision_create(
        by=personas.province_approver,
        round=year_end,
        award_type=nomination.award_type,
        number=245,
        date=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ",
    )


@pytest.fixture
def issued(draft, personas) -> Decision:
    return decision_issue(by=personas.province_approver, decision=draft)


def test_issuing_a_decision_awards_each_nomination_with_an_audit_entry_of_its_own(draft, personas):
    nominations = list(draft.nominations.order_by("pk"))
    first = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    decision_issue(by=personas.province_approver, decision=draft)
    awarded = AuditEntry.objects.filter(pk__gt=first, object_type="awards.nomination")
    assert awarded.count() == len(nominations) == 2
    assert sorted(awarded.values_list("object_id", flat=True)) == [str(n.pk) for n in nominations]
    for entry in awarded:
        assert entry.changed_fields() and entry.before["status"] == "accepted"
        assert entry.after["status"] == "awarded" and entry.unit_path == nominations[0].scope_path
        assert entry.note == "Khen thưởng theo quyết định 245/QĐ-UBND"
    assert set(draft.nominations.values_list("status", flat=True)) == {"awarded"}
    assert [n.version + 1 for n in nominations] == [
        n.version for n in draft.nominations.order_by("pk")
    ]


def test_a_nomination_rejected_after_the_draft_stops_the_issue_and_is_named(draft, personas):
    changed = draft.nominations.order_by("pk").last()
    nomination_reject(by=personas.province_approver, nomination=changed, reason="Trùng")
    with pytest.raises(WrongState, match="Phạm Thị Lan") as refused:
        decision_issue(by=personas.province_approver, decision=draft)
    assert refused.value.current == Nomination.Status.REJECTED
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT and draft.document.status == "draft"
    assert not draft.nominations.filter(status=Nomination.Status.AWARDED).exists()


def test_the_council_rejects_with_a_reason_and_may_change_its_mind(
    tree, personas, year_end, client, auth
):
    nomination = nominate(
        by=personas.officer_a, round=year_end, data=individual(tree.area_a, code=CERTIFICATE)
    )
    headers = auth(personas.province_approver)
    url = f"/api/v1/awards/nominations/{nomination.pk}"
    silent = client.post(f"{url}/reject", {}, content_type="application/json", **headers)
    assert silent.status_code == 422
    rejected = client.post(
        f"{url}/reject",
        {"reason": "Chưa đủ thành tích"},
        content_type="application/json",
        **headers,
    )
    assert rejected.status_code == 200, rejected.json()
    assert (rejected.json()["status"], rejected.json()["reason"]) == (
        "rejected",
        "Chưa đủ thành tích",
    )
    accepted = client.post(f"{url}/accept", **headers)
    assert (accepted.json()["status"], accepted.json()["reason"]) == ("accepted", "")


def test_only_the_council_concludes_and_a_refusal_is_403_with_its_reason(
    tree, personas, year_end, client, auth
):
    nomination = nominate(
        by=personas.officer_a, round=year_end, data=individual(tree.area_a, code=CERTIFICATE)
    )
    answer = client.post(
        f"/api/v1/awards/nominations/{nomination.pk}/accept", **auth(personas.officer_a)
    )
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Chỉ hội đồng thi đua, khen thưởng xét đề nghị."
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PROPOSED


@pytest.mark.parametrize(("move", "body"), [("accept", None), ("reject", {"reason": "Sai"})])
def test_an_awarded_nomination_is_concluded_no_more_409_in_the_api(
    issued, personas, client, auth, move, body
):
    nomination = issued.nominations.first()
    answer = client.post(
        f"/api/v1/awards/nominations/{nomination.pk}/{move}",
        body,
        content_type="application/json",
        **auth(personas.province_approver),
    )
    assert answer.status_code == 409
    assert answer.json()["current_state"] == "awarded"
    assert answer.json()["current_state_label"] == "Đã khen thưởng"


def test_an_issued_decision_is_not_issued_twice_409_in_the_api(issued, personas, client, auth):
    answer = client.post(
        f"/api/v1/awards/decisions/{issued.pk}/issue", **auth(personas.province_approver)
    )
    assert answer.status_code == 409 and answer.json()["current_state"] == "issued"
    assert issued.document.number == 245  # never numbered again


def test_a_decision_is_reissued_once_issued_and_never_as_a_draft(draft, personas, client, auth):
    headers = auth(personas.province_approver)
    url = f"/api/v1/awards/decisions/{draft.pk}/reissue"
    early = client.post(url, {"note": "Sửa tên"}, content_type="application/json", **headers)
    assert early.status_code == 409 and early.json()["current_state"] == "draft"
    client.post(f"/api/v1/awards/decisions/{draft.pk}/issue", **headers)
    again = client.post(url, {"note": "Sửa tên"}, content_type="application/json", **headers)
    assert again.status_code == 200, again.content
    draft.document.refresh_from_db()
    correction = draft.document.replaced_by
    assert (draft.document.status, correction.reference) == ("corrected", "246/QĐ-UBND")
    assert correction.corrects == draft.document and correction.relation == "correction"


def test_a_closed_round_takes_no_nomination_409_in_the_api(tree, personas, year_end, client, auth):
    closed = client.post(
        f"/api/v1/awards/rounds/{year_end.pk}/close", **auth(personas.province_approver)
    )
    assert closed.status_code == 200 and closed.json()["status"] == "decided"
    answer = client.post(
        f"/api/v1/awards/rounds/{year_end.pk}/nominations",
        {
            "award_type": CERTIFICATE,
            "recipient_kind": "individual",
            "unit": "06688-001",
            "person_name": "Lê Văn Tâm",
            "achievement": "Báo tin",
        },
        content_type="application/json",
        **auth(personas.officer_a),
    )
    assert answer.status_code == 409 and answer.json()["current_state"] == "decided"
    again = client.post(
        f"/api/v1/awards/rounds/{year_end.pk}/close", **auth(personas.province_approver)
    )
    assert again.status_code == 409
    assert not Nomination.objects.exists()


def test_only_the_awarding_level_closes_a_round(personas, year_end):
    from antq.accounts.access import Refused

    with pytest.raises(Refused):
        round_close(by=personas.officer_a, round=year_end)
    year_end.refresh_from_db()
    assert year_end.status == Round.Status.OPEN


def test_wrong_state_moves_answer_409_on_the_pages(issued, personas, client):
    client.force_login(personas.province_approver)
    nomination = issued.nominations.first()
    review = client.post(f"/khen-thuong/de-nghi/{nomination.pk}/xet/", {"accept": "1"})
    assert review.status_code == 409
    assert "Đã khen thưởng" in review.content.decode()
    again = client.post(f"/khen-thuong/quyet-dinh/{issued.pk}/")
    assert again.status_code == 409
    # every accepted nomination is awarded already: a bare draft to reissue
    draft_only = Decision.objects.create(round=issued.round, award_type=issued.award_type)
    reissue = client.post(f"/khen-thuong/quyet-dinh/{draft_only.pk}/", {"note": "Sửa tên"})
    assert reissue.status_code == 409
    assert draft_only.document is None


def test_a_closed_round_offers_no_nomination_form(personas, year_end, client):
    client.force_login(personas.officer_a)
    url = f"/khen-thuong/dot/{year_end.pk}/"
    assert 'id="nominate"' in client.get(url).content.decode()
    round_close(by=personas.province_approver, round=year_end)
    assert 'id="nominate"' not in client.get(url).content.decode()
