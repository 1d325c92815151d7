import io
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from antq.assessments.models import Assessment, Evidence, RecognitionDecision
from antq.assessments.services.campaigns import registration_create
from antq.assessments.services.decisions import decision_create
from antq.assessments.services.workflow import assessment_start, assessment_submit
from antq.audit.models import AuditEntry
from antq.core.models import Job

from .conftest import YEAR, fill_all_met


def edit_url(campaign, unit):
    return reverse("assessments:assessment-edit", args=[campaign.pk, unit.pk])


def test_years_are_never_written_with_a_thousands_dot(client, personas, campaign):
    client.force_login(personas.officer_a)
    page = client.get(reverse("assessments:campaign-list")).content.decode()
    assert ">2026<" in page and "2.026" not in page


def test_the_officer_saves_a_draft_then_submits_through_the_form(client, personas, campaign, tree):
    client.force_login(personas.officer_a)
    url = edit_url(campaign, tree.area_a)
    page = client.get(url)
    assert page.status_code == 200 and "Tự đánh giá năm 2026: Khu phố Đồng Tâm" in (
        page.content.decode()
    )
    data = {"meeting_date": "25/10/2026", "meeting_chair": "Trưởng khu phố"}
    for answer in page.context["form"].answers:
        key = answer.criterion_id
        if answer.criterion.kind == "number":
            data[f"number_{key}"] = "100"
        else:
            data[f"met_{key}"] = "1"
    draft = client.post(url, {**data, "save": "1"})
    assert draft.status_code == 302
    assessment = Assessment.objects.get(campaign=campaign, unit=tree.area_a)
    assert assessment.status == "draft" and assessment.meeting_date == date(2026, 10, 25)
    client.post(url, {**data, "submit": "1"})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    locked = client.get(url).content.decode()
    assert "Nộp hồ sơ" not in locked and "disabled" in locked


def test_submitting_an_incomplete_form_explains_what_is_missing(client, personas, campaign, tree):
    client.force_login(personas.officer_a)
    url = edit_url(campaign, tree.area_a)
    client.get(url)
    response = client.post(url, {"submit": "1"}, follow=True)
    assert "Chưa trả lời tiêu chí: 1a, 1b, 2, 3, 4, 5" in response.content.decode()
    assert Assessment.objects.get(unit=tree.area_a).status == "draft"


def test_opening_the_self_assessment_page_writes_nothing_until_the_first_save(
    client, personas, campaign, tree
):
    client.force_login(personas.officer_a)
    url = edit_url(campaign, tree.area_a)
    entries = AuditEntry.objects.count()
    page = client.get(url)
    assert page.status_code == 200 and 'name="save"' in page.content.decode()
    assert not Assessment.objects.exists() and AuditEntry.objects.count() == entries
    assert client.post(url, {"save": "1"}).status_code == 302
    assert Assessment.objects.get(unit=tree.area_a).answers.count() == len(
        page.context["form"].answers
    )


def test_the_self_assessment_page_has_no_research_vocabulary(client, personas, campaign, tree):
    client.force_login(personas.officer_a)
    page = client.get(edit_url(campaign, tree.area_a)).content.decode()
    assert "cần đối chiếu" not in page and "Độ tin cậy" not in page


def test_commune_b_officer_gets_404_on_commune_a_assessment(client, personas, campaign, tree):
    client.force_login(personas.officer_b)
    assert client.get(edit_url(campaign, tree.area_a)).status_code == 404


def test_a_viewer_sees_but_cannot_start_an_assessment(client, personas, campaign, tree):
    client.force_login(personas.viewer)
    assert client.get(edit_url(campaign, tree.area_a)).status_code == 403


def test_reviewer_returns_with_comments_and_the_officer_reads_them(
    client, personas, campaign, area_assessment
):
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    client.force_login(personas.officer_a)
    client.post(
        reverse("assessments:assessment-return", args=[area_assessment.pk]),
        {"reason": "Thiếu biên bản họp"},
    )
    page = client.get(edit_url(campaign, area_assessment.unit)).content.decode()
    assert "Bị trả lại để bổ sung" in page and "Thiếu biên bản họp" in page


def test_proposing_a_draft_answers_409_with_the_current_state(client, personas, area_assessment):
    client.force_login(personas.officer_a)
    response = client.post(reverse("assessments:assessment-propose", args=[area_assessment.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Không thể đề nghị công nhận khi hồ sơ đang ở trạng thái" in page
    assert "Đang tự đánh giá" in page
    assert Assessment.objects.get(pk=area_assessment.pk).status == "draft"


def test_a_submitted_file_takes_no_more_evidence_409(
    client, personas, area_assessment, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    client.force_login(personas.officer_a)
    pdf = io.BytesIO(b"%PDF-1.4 bien ban hop")
    pdf.name = "bien-ban.pdf"
    response = client.post(
        reverse("assessments:evidence-upload", args=[area_assessment.pk]), {"file": pdf}
    )
    assert response.status_code == 409 and not Evidence.objects.exists()


def test_a_reviewer_sees_only_the_moves_the_state_allows(client, personas, area_assessment):
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    client.force_login(personas.officer_a)
    url = edit_url(area_assessment.campaign, area_assessment.unit)
    page = client.get(url).content.decode()
    assert "Trả lại để bổ sung" in page
    assert reverse("assessments:assessment-propose", args=[area_assessment.pk]) in page
    client.post(
        reverse("assessments:assessment-reject", args=[area_assessment.pk]), {"reason": "x"}
    )
    page = client.get(url).content.decode()
    propose = reverse("assessments:assessment-propose", args=[area_assessment.pk])
    assert "Trả lại để bổ sung" not in page and propose not in page
    assert "Xác nhận điểm" in page


def test_a_national_criterion_is_changed_only_by_a_system_administrator(client, personas, campaign):
    from antq.assessments.models import Criterion

    criterion = Criterion.objects.get(
        criteria_set__year=YEAR, code="5", criteria_set__target="residential_area"
    )
    url = reverse("assessments:criterion-edit", args=[criterion.pk])
    client.force_login(personas.province_approver)
    assert client.post(url, {"text": "Khác"}).status_code == 403
    client.force_login(personas.system_admin)
    assert client.post(url, {"text": "Nội dung đã đối chiếu"}).status_code == 302
    criterion.refresh_from_db()
    assert criterion.text == "Nội dung đã đối chiếu"


def test_evidence_is_checked_and_served_only_within_scope(
    client, personas, campaign, area_assessment, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas.officer_a)
    url = reverse("assessments:evidence-upload", args=[area_assessment.pk])
    fake = io.BytesIO(b"MZ not a pdf")
    fake.name = "bien-ban.pdf"
    client.post(url, {"file": fake})
    assert not Evidence.objects.exists()
    pdf = io.BytesIO(b"%PDF-1.4 bien ban hop")
    pdf.name = "bien-ban.pdf"
    client.post(url, {"file": pdf})
    evidence = Evidence.objects.get()
    download = reverse("assessments:evidence-download", args=[evidence.pk])
    assert client.get(download).status_code == 200
    client.force_login(personas.officer_b)
    assert client.get(download).status_code == 404


def test_registration_page_shows_who_has_not_registered(client, personas, campaign, tree):
    registration_create(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    client.force_login(personas.officer_a)
    url = reverse("assessments:registration-list", args=[campaign.pk, tree.commune_a.pk])
    page = client.get(url).content.decode()
    assert "1/2 đơn vị đã đăng ký" in page
    client.post(url, {"unit": [tree.school_a.pk]})
    assert "2/2 đơn vị đã đăng ký" in client.get(url).content.decode()


def test_the_decision_flow_through_pages_ends_with_downloadable_files(
    client, personas, campaign, tree, django_capture_on_commit_callbacks
):
    assessment = assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    fill_all_met(assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=assessment)
    client.force_login(personas.officer_a)
    client.post(
        reverse("assessments:review-list", args=[campaign.pk]), {"assessment": [assessment.pk]}
    )
    assessment.refresh_from_db()
    assert assessment.status == "proposed"
    response = client.post(
        reverse("assessments:decision-list", args=[campaign.pk]),
        {
            "number": "3",
            "date": "2026-12-01",
            "place": "Hạ Long",
            "signing_form": "TM",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Nguyễn Văn Chủ",
            "assessments": [assessment.pk],
        },
    )
    detail = response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"issue": "1"})
    page = client.get(detail).content.decode()
    assert "Đã ban hành" in page and "03/QĐ-UBND" in page
    document = RecognitionDecision.objects.get().document
    download = client.get(reverse("documents:document-file", args=[document.pk, "docx"]))
    assert download.status_code == 200
    client.force_login(personas.officer_b)
    assert (
        client.get(reverse("documents:document-file", args=[document.pk, "docx"])).status_code
        == 404
    )


def test_results_export_is_a_real_workbook(client, personas, campaign, area_assessment):
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    client.force_login(personas.province_approver)
    response = client.get(reverse("assessments:results-export"), {"year": YEAR})
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    summary = book.get_sheet_by_name("Tong hop").to_python()
    assert summary[0][0].startswith("Kết quả xây dựng tiêu chuẩn")
    assert summary[2][:3] == ["Đối tượng", "Tổng số", "Đăng ký"]
    rows = {row[0]: row for row in summary[3:]}
    assert rows["Khu dân cư"][1] == 2 and rows["Khu dân cư"][4] == 1


@pytest.mark.parametrize("year", ["abc", "1800"])
def test_results_with_a_bad_year_show_the_form_error(client, personas, year):
    client.force_login(personas.province_approver)
    response = client.get(reverse("assessments:results"), {"year": year})
    assert response.status_code == 200 and "errors" in response.content.decode()


def test_decision_files_are_made_by_a_job_whose_page_leads_back(
    client, personas, campaign, tree, django_capture_on_commit_callbacks
):
    """Issuing numbers the decision at once; rendering it and every certificate
    is the worker's work, queued after the commit; the browser follows the job
    and is led to the signed PDF."""
    assessment = assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    fill_all_met(assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=assessment)
    client.force_login(personas.officer_a)
    client.post(
        reverse("assessments:review-list", args=[campaign.pk]), {"assessment": [assessment.pk]}
    )
    assessment.refresh_from_db()
    decision = decision_create(
        by=personas.officer_a,
        campaign=campaign,
        issuer=campaign.recognizer_of(assessment.unit),
        assessments=[assessment],
        number=4,
        day=date(2026, 12, 1),
        signer_name="Nguyễn Văn Chủ",
    )
    detail = reverse("assessments:decision-detail", args=[decision.pk])
    client.force_login(personas.officer_b)
    assert client.post(detail, {"issue": "1"}).status_code == 404
    assert not Job.objects.exists()

    client.force_login(personas.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail, {"issue": "1"})
    job = Job.objects.get()
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    assert (job.kind, job.status, job.result["reference"]) == (
        "document_render",
        "done",
        "04/QĐ-UBND",
    )
    document = RecognitionDecision.objects.get().document
    opened = client.get(response["Location"])  # done: the job page opens the document
    assert opened.status_code == 302
    assert opened["Location"] == reverse("documents:document-detail", args=[document.pk])
    page = client.get(opened["Location"]).content.decode()
    assert reverse("documents:file-download", args=[document.file_of("pdf").pk]) in page
    assert document.files.count() == 3  # the DOCX, the PDF, the certificates to print

    again = client.post(detail, {"issue": "1"})  # twice: 409 at once, no job queued
    assert again.status_code == 409 and "Đã ban hành" in again.content.decode()
    assert Job.objects.count() == 1
