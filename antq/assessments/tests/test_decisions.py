"""Recognition decisions: one per batch, its document in the outgoing register
(Decree 30 layout), a replacement with its own number, the first kept."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from antq.accounts.access import Refused
from antq.assessments.models import Assessment
from antq.assessments.services.decisions import decision_create, decision_issue, decision_reissue
from antq.assessments.services.workflow import (
    assessment_propose,
    assessment_return,
    assessment_start,
    assessment_submit,
)
from antq.audit.models import AuditEntry
from antq.core.workflow import WrongState
from antq.documents.tests.conftest import docx_lines, pdf_text

from .conftest import fill_all_met


@pytest.fixture
def proposed(campaign, tree, personas):
    result = []
    for unit in (tree.area_a, tree.school_a):
        assessment = assessment_start(by=personas.officer_a, campaign=campaign, unit=unit)
        fill_all_met(assessment, personas.officer_a)
        assessment_submit(by=personas.officer_a, assessment=assessment)
        result.append(assessment_propose(by=personas.officer_a, assessment=assessment))
    return result


def _draft(campaign, tree, personas, proposed, number=7):
    return decision_create(
        by=personas.officer_a,
        campaign=campaign,
        issuer=tree.commune_a,
        assessments=proposed,
        number=number,
        day=date(2026, 12, 1),
        signer_name="Nguyễn Văn Chủ",
        place="Hạ Long",
    )


@pytest.fixture
def issued(campaign, tree, personas, proposed, django_capture_on_commit_callbacks):
    decision = _draft(campaign, tree, personas, proposed)
    with django_capture_on_commit_callbacks(execute=True):  # the files, after the commit
        return decision_issue(by=personas.officer_a, decision=decision)


def docx_of(decision) -> Document:
    return Document(io.BytesIO(decision.document.file_of("docx").file.read()))


def test_issuing_recognizes_the_batch_and_writes_a_decree_30_decision(issued, proposed):
    assert {a.status for a in Assessment.objects.filter(decision=issued)} == {"recognized"}
    document = docx_of(issued)
    lines = docx_lines(issued.document.file_of("docx").file.read())
    header = document.tables[0].rows[0].cells
    left = [p.text for p in header[0].paragraphs if p.text]
    right = [p.text for p in header[1].paragraphs if p.text]
    assert left[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẠ LONG"] and "Số: 07/QĐ-UBND" in left
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Hạ Long, ngày 01 tháng 12 năm 2026" in right
    assert "QUYẾT ĐỊNH" in lines and "QUYẾT ĐỊNH:" in lines
    assert any(line.startswith("Căn cứ Thông tư số 124/2021/TT-BCA") for line in lines)
    assert any("Công nhận 2 khu dân cư, cơ sở giáo dục đạt tiêu chuẩn" in line for line in lines)
    assert "TM. ỦY BAN NHÂN DÂN" in lines and "Nguyễn Văn Chủ" in lines
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["STT", "Tên đơn vị", "Loại hình", "Mã"]
    assert [r.cells[1].text for r in annex.rows[1:]] == ["Khu phố Đồng Tâm", "Trường THCS Hạ Long"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_each_recognized_unit_gets_a_certificate_with_its_own_register_number(issued):
    certificates = list(issued.document.certificates.order_by("number"))
    assert [c.reference for c in certificates] == ["01", "02"]
    assert {c.content["recipient"] for c in certificates} == {
        "KHU PHỐ ĐỒNG TÂM",
        "TRƯỜNG THCS HẠ LONG",
    }
    lines = docx_lines(certificates[0].file_of("docx").file.read())
    assert "GIẤY CÔNG NHẬN" in lines and "Số vào sổ: 01" in lines
    assert "(Theo Quyết định số 07/QĐ-UBND ngày 01/12/2026 của Ủy ban nhân dân phường Hạ Long)" in (
        lines
    )
    printed = pdf_text(issued.document.file_of("certificates").file.read())
    assert printed.count("GIẤY CÔNG NHẬN") == 2


def test_replacing_an_issued_decision_gives_a_new_number_and_keeps_the_first(issued, personas):
    first = issued.document
    first_docx = first.file_of("docx").file.read()
    decision_reissue(
        by=personas.officer_a,
        decision=issued,
        note="Đính chính người ký",
        signer_name="Trần Thị Ký",
        signing_form="KT.",
        signer_title="PHÓ CHỦ TỊCH",
    )
    issued.refresh_from_db()
    first.refresh_from_db()
    replacement = issued.document
    assert replacement.pk != first.pk and replacement.reference == "08/QĐ-UBND"
    assert first.status == "replaced" and first.replaced_by == replacement
    assert first.file_of("docx").file.read() == first_docx  # never rendered again
    lines = [
        line
        for line in [
            *replacement.signature_lines(),
            replacement.signer_name,
        ]
    ]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Ký"]
    with pytest.raises(ValidationError):
        decision_reissue(by=personas.officer_a, decision=issued, note="", signer_name="X")


def test_a_decision_cannot_be_issued_twice(issued, personas):
    with pytest.raises(WrongState):
        decision_issue(by=personas.officer_a, decision=issued)


def test_only_proposed_units_of_the_issuers_competence_go_into_a_decision(
    campaign, tree, personas, proposed
):
    other = assessment_start(by=personas.officer_b, campaign=campaign, unit=tree.area_b)
    with pytest.raises(ValidationError, match="Khu phố Hòa Bình"):
        decision_create(
            by=personas.officer_a,
            campaign=campaign,
            issuer=tree.commune_a,
            assessments=[*proposed, other],
            number=1,
            day=date(2026, 12, 1),
            signer_name="A",
        )
    with pytest.raises(Refused, match="thẩm quyền ban hành"):
        decision_create(
            by=personas.officer_b,
            campaign=campaign,
            issuer=tree.commune_a,
            assessments=proposed,
            number=1,
            day=date(2026, 12, 1),
            signer_name="A",
        )


def test_a_decision_dated_after_today_is_refused_and_nothing_is_written(
    campaign, tree, personas, proposed
):
    with pytest.raises(ValidationError, match="ở sau ngày hôm nay"):
        decision_create(
            by=personas.officer_a,
            campaign=campaign,
            issuer=tree.commune_a,
            assessments=proposed,
            day=date(2026, 12, 5),
            signer_name="A",
        )
    assert not campaign.decisions.exists()
    assert not Assessment.objects.filter(decision__isnull=False).exists()


def test_the_pdf_is_set_in_the_serif_antq_ships_whatever_the_machine_has(issued):
    """Decree 30 asks for Times New Roman; antq embeds its metric twin (Liberation
    Serif) from its own folder, never the machine's DejaVu."""
    import re
    import zlib

    pdf = issued.document.file_of("pdf").file.read()
    parts = [pdf]  # font dictionaries may sit in compressed object streams
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    data = b"".join(parts)
    fonts = {n.split(b"+")[-1] for n in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", data)}
    assert len(fonts) == 4 and all(f.startswith(b"Times-New-Roman") for f in fonts), fonts
    # the embedded font programs are Liberation Serif's (their name tables say so)
    assert b"Liberation Serif" in data or "Liberation Serif".encode("utf-16-be") in data
    assert b"DejaVu" not in data and "DejaVu".encode("utf-16-be") not in data


def test_issuing_a_decision_writes_one_audit_entry_per_recognized_assessment(
    campaign, tree, personas, proposed
):
    """A bulk move is audited row by row, like the same moves made one at a time."""
    decision = _draft(campaign, tree, personas, proposed, number=8)
    decision_issue(by=personas.officer_a, decision=decision)
    entries = AuditEntry.objects.filter(
        object_type="assessments.assessment", note="Công nhận theo quyết định 08/QĐ-UBND"
    )
    assert sorted(int(e.object_id) for e in entries) == sorted(a.pk for a in proposed)
    for entry in entries:
        assert (entry.before["status"], entry.after["status"]) == ("proposed", "recognized")
        assert entry.unit_path == Assessment.objects.get(pk=entry.object_id).unit.path
        assert entry.actor == personas.officer_a
    assert AuditEntry.objects.filter(object_type="assessments.recognitiondecision").count() == 2


def test_a_decision_whose_assessment_was_returned_meanwhile_is_not_issued(
    campaign, tree, personas, proposed
):
    decision = _draft(campaign, tree, personas, proposed, number=9)
    assessment_return(by=personas.officer_a, assessment=proposed[0], reason="Thiếu biên bản")
    with pytest.raises(WrongState, match="Không thể công nhận"):
        decision_issue(by=personas.officer_a, decision=decision)
    decision.refresh_from_db()
    assert decision.status == "draft" and decision.document.number == 9
    assert decision.document.status == "draft"
    assert Assessment.objects.get(pk=proposed[1].pk).status == "proposed"


def test_replacing_a_draft_is_a_wrong_state(campaign, tree, personas, proposed):
    decision = _draft(campaign, tree, personas, proposed, number=10)
    with pytest.raises(WrongState, match="thay thế"):
        decision_reissue(by=personas.officer_a, decision=decision, note="Sửa", place="Cẩm Phả")
