"""Eligibility of nominations: the conditions of each award type, checked
when nominating and again at decision time, each refusal explained."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused, SystemActor
from antq.assessments.models import Assessment
from antq.awards.models import Nomination
from antq.awards.services import (
    decision_create,
    decision_issue,
    nominate,
    nomination_accept,
    nomination_reject,
)
from antq.awards.tests.conftest import award, collective, individual


def recognise(unit, year, classification="Khá"):
    """Stand-in for a finished assessment cycle: the unit recognised that year."""
    from antq.assessments.services.campaigns import campaign_open
    from antq.units.models import Unit

    province = Unit.objects.get(pk=unit.ancestor_ids[0])
    campaign = campaign_open(by=SystemActor("test"), province=province, year=year)
    Assessment.objects.create(
        campaign=campaign,
        unit=unit,
        status=Assessment.Status.RECOGNIZED,
        classification=classification,
    )


def refusal(by, round, data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        nominate(by=by, round=round, data=data)
    return caught.value.message_dict["award_type"]


def test_a_commune_not_recognised_this_year_is_refused_with_the_reason(tree, personas, year_end):
    assert refusal(personas.officer_a, year_end, collective(tree.commune_a)) == [
        "Phường Hạ Long chưa được công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm 2026.",
        "Phong trào của Phường Hạ Long năm 2026 chưa được xếp loại; cần từ Khá trở lên.",
    ]
    recognise(tree.commune_a, 2026, "Trung bình")
    assert refusal(personas.officer_a, year_end, collective(tree.commune_a)) == [
        "Phong trào của Phường Hạ Long năm 2026 xếp loại Trung bình; cần từ Khá trở lên."
    ]
    assert not Nomination.objects.exists()


def test_a_once_only_award_cannot_be_given_twice_to_one_person(tree, personas, year_end):
    medal = dict(code="ky_niem_chuong_bvantq", years_of_service=12)
    nominate(by=personas.officer_a, round=year_end, data=individual(tree.area_a, **medal))
    assert refusal(personas.officer_a, year_end, individual(tree.area_a, **medal)) == [
        "Lê Văn Tâm đã được đề nghị Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” trong Tổng kết "
        "phong trào năm 2026."
    ]
    assert refusal(
        personas.officer_a,
        year_end,
        individual(tree.area_a, "Trần Văn Mới", code="ky_niem_chuong_bvantq", years_of_service=4),
    ) == ["Trần Văn Mới có 4 năm công tác; cần đủ 10 năm."]


def test_a_form_for_individuals_only_refuses_a_collective(tree, personas, year_end):
    assert (
        refusal(
            personas.officer_a, year_end, collective(tree.commune_a, code="ky_niem_chuong_bvantq")
        )[0]
        == "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” không tặng cho tập thể."
    )


def test_a_quota_caps_the_round(tree, personas, year_end):
    giay_khen = award("giay_khen_chu_tich_xa")
    giay_khen.conditions = [{"rule": "quota", "count": 1}]
    giay_khen.save()
    nominate(
        by=personas.officer_a,
        round=year_end,
        data=individual(tree.area_a, code="giay_khen_chu_tich_xa"),
    )
    assert refusal(
        personas.officer_a,
        year_end,
        individual(tree.area_a, "Phạm Thị Lan", code="giay_khen_chu_tich_xa"),
    ) == ["Giấy khen của Chủ tịch Ủy ban nhân dân xã trong đợt này tối đa 1; đã có 1 đề nghị."]


def test_eligibility_is_checked_again_when_the_decision_is_issued(tree, personas, year_end):
    recognise(tree.commune_a, 2026)
    nomination = nominate(by=personas.officer_a, round=year_end, data=collective(tree.commune_a))
    nomination_accept(by=personas.province_approver, nomination=nomination)
    decision = decision_create(
        by=personas.province_approver,
        round=year_end,
        award_type=nomination.award_type,
        number=245,
        date=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ",
    )
    Assessment.objects.filter(unit=tree.commune_a).update(status=Assessment.Status.NOT_RECOGNIZED)
    with pytest.raises(ValidationError) as caught:
        decision_issue(by=personas.province_approver, decision=decision)
    assert "chưa được công nhận" in caught.value.message_dict["nominations"][0]
    Assessment.objects.filter(unit=tree.commune_a).update(status=Assessment.Status.RECOGNIZED)
    decision_issue(by=personas.province_approver, decision=decision)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.AWARDED


def test_a_decision_number_is_not_reused_in_a_year(tree, personas, year_end):
    recognise(tree.commune_a, 2026)
    for unit in (tree.commune_a,):
        n = nominate(by=personas.officer_a, round=year_end, data=collective(unit))
        nomination_accept(by=personas.province_approver, nomination=n)
    decision_create(
        by=personas.province_approver,
        round=year_end,
        award_type=award("bang_khen_chu_tich_tinh"),
        number=245,
        date=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ",
    )
    with pytest.raises(ValidationError) as caught:
        decision_create(
            by=personas.province_approver,
            round=year_end,
            award_type=award("bang_khen_chu_tich_tinh"),
            number=245,
            date=date(2026, 11, 21),
            signer_name="Nguyễn Văn Chủ",
        )
    assert caught.value.message_dict["number"] == [
        "Số 245/QĐ-UBND đã cấp cho quyết định ngày 20/11/2026."
    ]


def test_only_the_council_reviews(tree, personas, year_end):
    recognise(tree.commune_a, 2026)
    nomination = nominate(by=personas.officer_a, round=year_end, data=collective(tree.commune_a))
    with pytest.raises(Refused, match="Chỉ hội đồng"):
        nomination_accept(by=personas.officer_a, nomination=nomination)
    with pytest.raises(Refused, match="Chỉ hội đồng"):  # refused before the reason is asked
        nomination_reject(by=personas.officer_a, nomination=nomination, reason="")
    with pytest.raises(ValidationError, match="Nêu lý do"):
        nomination_reject(by=personas.province_approver, nomination=nomination, reason=" ")


def test_the_proposal_and_the_issued_documents_read_as_decree_30_documents(
    tree, personas, year_end, django_capture_on_commit_callbacks
):
    from antq.awards.documents import proposal_paper
    from antq.documents.authority import body_or_default
    from antq.documents.models import Document
    from antq.documents.rendering import render_docx
    from antq.documents.tests.conftest import docx_lines, pdf_text

    recognise(tree.commune_a, 2026)
    nomination = nominate(by=personas.officer_a, round=year_end, data=collective(tree.commune_a))
    nomination_accept(by=personas.province_approver, nomination=nomination)
    council = body_or_default(tree.province, "hdtdkt")
    draft = Document(body=council, doc_type="ttr", symbol="TTr-HĐTĐKT")
    proposal = docx_lines(render_docx(proposal_paper(year_end, nomination.award_type, draft),
                                      "ttr", tree.province))  # fmt: skip
    assert "TỜ TRÌNH" in proposal and "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in proposal
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh" in proposal
    assert any("tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 1 tập thể" in line
               for line in proposal)  # fmt: skip
    decision = decision_create(
        by=personas.province_approver,
        round=year_end,
        award_type=nomination.award_type,
        number=245,
        date=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ",
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_issue(by=personas.province_approver, decision=decision)
    document = decision.document
    assert document.file_of("pdf").file.read(4) == b"%PDF"
    certificates = pdf_text(document.file_of("certificates").file.read())
    assert "BẰNG KHEN" in certificates and "PHƯỜNG HẠ LONG" in certificates
    assert "Số vào sổ: 01" in certificates


def test_a_correction_has_its_own_number_and_the_decision_keeps_its_files(
    tree, personas, year_end, django_capture_on_commit_callbacks
):
    from antq.awards.services import decision_reissue

    recognise(tree.commune_a, 2026)
    nomination = nominate(by=personas.officer_a, round=year_end, data=collective(tree.commune_a))
    nomination_accept(by=personas.province_approver, nomination=nomination)
    decision = decision_create(
        by=personas.province_approver,
        round=year_end,
        award_type=nomination.award_type,
        number=245,
        date=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ",
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_issue(by=personas.province_approver, decision=decision)
    first = decision.document.file_of("docx")
    first_bytes = first.file.read()
    with django_capture_on_commit_callbacks(execute=True):
        decision_reissue(by=personas.province_approver, decision=decision, note="Sửa tên người ký")
    decision.document.refresh_from_db()
    correction = decision.document.replaced_by
    assert correction.reference == "246/QĐ-UBND" and correction.files.count() == 2
    assert decision.document.file_of("docx").file.read() == first_bytes
    assert decision.document.status == "corrected"


def test_the_attached_list_names_each_nominees_position_and_unit(
    tree, personas, year_end, django_capture_on_commit_callbacks
):
    """Issue 23: the "Chức vụ, đơn vị" column holds the nominee's unit, not
    the position alone (a clerk cannot tell two "Tổ trưởng" apart)."""
    from docx import Document as Docx

    for name in ("Lê Văn Tâm", "Phạm Thị Lan"):
        nomination = nominate(
            by=personas.officer_a,
            round=year_end,
            data=individual(tree.area_a, name, code="giay_khen_chu_tich_xa"),
        )
        nomination_accept(by=personas.province_approver, nomination=nomination)
    decision = decision_create(
        by=personas.province_approver,
        round=year_end,
        award_type=nomination.award_type,
        date=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ",
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_issue(by=personas.province_approver, decision=decision)
    decision.document.refresh_from_db()
    annex = Docx(io.BytesIO(decision.document.file_of("docx").file.read())).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in annex.rows]
    assert rows[0] == ["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"]
    assert rows[2][1:3] == ["Lê Văn Tâm", f"Tổ trưởng Tổ bảo vệ ANTT, {tree.area_a.name}"]
    assert rows[3][2] == f"Tổ trưởng Tổ bảo vệ ANTT, {tree.area_a.name}"
