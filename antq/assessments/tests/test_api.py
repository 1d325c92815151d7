from datetime import date
from decimal import Decimal

from antq.assessments.models import Assessment
from antq.assessments.services.decisions import decision_create
from antq.assessments.services.workflow import (
    assessment_propose,
    assessment_start,
    assessment_submit,
)

from .conftest import fill_all_met

API = "/api/v1/assessments"


def post(client, url, payload, headers):
    return client.post(url, payload, content_type="application/json", **headers)


def test_the_whole_cycle_through_the_api(
    client, personas, campaign, tree, auth, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    officer = auth(personas.officer_a)
    assert (
        post(
            client, f"{API}/campaigns/{campaign.pk}/registrations", {"unit": "06688-001"}, officer
        ).status_code
        == 201
    )
    started = post(
        client, f"{API}/campaigns/{campaign.pk}/assessments", {"unit": "06688-001"}, officer
    )
    assert started.status_code == 201
    body = started.json()
    pk = body["id"]
    answers = {
        a["criterion"]: ({"number": 100} if a["kind"] == "number" else {"met": True})
        for a in body["answers"]
    }
    saved = client.put(
        f"{API}/{pk}",
        {"answers": answers, "meeting": {"date": "2026-10-25", "chair": "Trưởng khu phố"}},
        content_type="application/json",
        **officer,
    )
    assert saved.status_code == 200, saved.content
    assert post(client, f"{API}/{pk}/submit", {}, officer).json()["status"] == "submitted"
    returned = post(client, f"{API}/{pk}/return", {"reason": "Bổ sung minh chứng"}, officer)
    assert returned.json()["review_note"] == "Bổ sung minh chứng"
    post(client, f"{API}/{pk}/submit", {}, officer)
    assert post(client, f"{API}/{pk}/propose", {}, officer).json()["status"] == "proposed"
    decision = post(
        client,
        f"{API}/campaigns/{campaign.pk}/decisions",
        {
            "issuer": "06688",
            "assessments": [pk],
            "number": 4,
            "date": "2026-12-01",
            "signer_name": "Nguyễn Văn Chủ",
        },
        officer,
    )
    assert decision.status_code == 201, decision.content
    issued = post(client, f"{API}/decisions/{decision.json()['id']}/issue", {}, officer).json()
    assert issued["status"] == "issued" and issued["reference"] == "04/QĐ-UBND"
    document = client.get(f"/api/v1/documents/{issued['document']}", **officer).json()
    assert (document["reference"], document["date"], document["status"]) == (
        "04/QĐ-UBND",
        "2026-12-01",
        "issued",
    )
    results = client.get(f"{API}/results", {"unit": "06688", "year": 2026}, **officer).json()
    area = next(t for t in results["targets"] if t["target"] == "residential_area")
    assert (area["units"], area["recognized"], area["recognized_pct"]) == (1, 1, "100.0")


def test_wrong_state_moves_answer_409_with_the_current_state(
    client, personas, area_assessment, auth
):
    response = post(client, f"{API}/{area_assessment.pk}/propose", {}, auth(personas.officer_a))
    assert response.status_code == 409
    body = response.json()
    assert "Không thể đề nghị công nhận" in body["detail"]
    assert (body["current_state"], body["current_state_label"]) == ("draft", "Đang tự đánh giá")


def test_a_reviewer_without_the_right_is_refused_with_403_and_the_reason(
    client, personas, area_assessment, auth
):
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    response = post(client, f"{API}/{area_assessment.pk}/propose", {}, auth(personas.viewer))
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có thẩm quyền xét duyệt hồ sơ này."


def test_numbers_are_read_as_an_office_writes_them(client, personas, area_assessment, auth):
    criterion = next(a.criterion for a in area_assessment.answers.all() if a.criterion.code == "1b")
    saved = client.put(
        f"{API}/{area_assessment.pk}",
        {"answers": {"1b": {"number": "98,5"}}},
        content_type="application/json",
        **auth(personas.officer_a),
    )
    assert saved.status_code == 200, saved.content
    assert area_assessment.answers.get(criterion=criterion).number == Decimal("98.5")


def test_a_decision_moves_one_url_each_and_a_draft_cannot_be_reissued(
    client, personas, campaign, tree, auth, django_capture_on_commit_callbacks
):
    officer = auth(personas.officer_a)
    assessment = assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    fill_all_met(assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=assessment)
    assessment_propose(by=personas.officer_a, assessment=assessment)
    decision = decision_create(
        by=personas.officer_a,
        campaign=campaign,
        issuer=tree.commune_a,
        assessments=[assessment],
        number=5,
        day=date(2026, 12, 1),
        signer_name="Nguyễn Văn Chủ",
    )
    url = f"{API}/decisions/{decision.pk}"
    early = post(client, f"{url}/reissue", {"note": "Sửa người ký"}, officer)
    assert early.status_code == 409 and early.json()["current_state"] == "draft"
    assert post(client, f"{url}/generate", {}, officer).json()["current_state"] == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, f"{url}/issue", {}, officer).status_code == 200
    assert post(client, f"{url}/generate", {}, officer).status_code == 409  # files exist
    first = decision.document_id
    reissued = post(
        client, f"{url}/reissue", {"note": "Sửa người ký", "signer_name": "Trần Thị Ký"}, officer
    )
    assert reissued.status_code == 200, reissued.content
    assert reissued.json()["reference"] == "06/QĐ-UBND" and reissued.json()["document"] != first
    assert post(client, f"{url}/reissue", {"note": "x"}, auth(personas.viewer)).status_code == 403


def test_submitting_incomplete_answers_is_422_and_changes_nothing(
    client, personas, area_assessment, auth
):
    response = post(client, f"{API}/{area_assessment.pk}/submit", {}, auth(personas.officer_a))
    assert response.status_code == 422
    assert Assessment.objects.get(pk=area_assessment.pk).status == "draft"


def test_unknown_criterion_codes_are_422_with_their_location(
    client, personas, area_assessment, auth
):
    response = client.put(
        f"{API}/{area_assessment.pk}",
        {"answers": {"9z": {"met": True}}},
        content_type="application/json",
        **auth(personas.officer_a),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "criterion"]


def test_commune_b_cannot_read_or_review_commune_a(client, personas, area_assessment, auth):
    other = auth(personas.officer_b)
    assert client.get(f"{API}/{area_assessment.pk}", **other).status_code == 404
    assert (
        post(client, f"{API}/{area_assessment.pk}/return", {"reason": "x"}, other).status_code
        == 404
    )


def test_viewer_cannot_open_a_campaign(client, personas, tree, auth):
    response = post(
        client, f"{API}/campaigns", {"province": "22", "year": 2027}, auth(personas.viewer)
    )
    assert response.status_code == 403
