"""Recognition decisions: one per batch, Decree 30 layout, versions kept."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from antq.accounts.access import Refused
from antq.assessments.models import Assessment, DecisionDocument
from antq.assessments.services.decisions import (
    decision_create,
    decision_generate,
    decision_issue,
    decision_reissue,
)
from antq.assessments.services.workflow import (
    assessment_propose,
    assessment_return,
    assessment_start,
    assessment_submit,
)
from antq.audit.models import AuditEntry
from antq.core.workflow import WrongState

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


@pytest.fixture
def issued(campaign, tree, personas, proposed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision = decision_create(
        by=personas.officer_a,
        campaign=campaign,
        issuer=tree.commune_a,
        assessments=proposed,
        number=7,
        day=date(2026, 12, 5),
        signer_name="Nguyễn Văn Chủ",
        place="Hạ Long",
    )
    return decision_issue(by=personas.officer_a, decision=decision)


def docx_text(document_row: DecisionDocument) -> tuple[list[str], Document]:
    document = Document(io.BytesIO(document_row.file.read()))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines, document


def test_issuing_recognizes_the_batch_and_writes_a_decree_30_decision(issued, proposed):
    assert {a.status for a in Assessment.objects.filter(decision=issued)} == {"recognized"}
    docx = issued.documents.get(version=1, kind="decision_docx")
    lines, document = docx_text(docx)
    header = document.tables[0].rows[0].cells
    left = [p.text for p in header[0].paragraphs]
    right = [p.text for p in header[1].paragraphs]
    assert left[0] == "ỦY BAN NHÂN DÂN\nPHƯỜNG HẠ LONG" and "Số: 07/QĐ-UBND" in left
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Hạ Long, ngày 05 tháng 12 năm 2026" in right
    assert header[1].paragraphs[-1].runs[0].italic
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


def test_a_pdf_and_the_certificates_come_with_the_decision(issued):
    pdf = issued.documents.get(version=1, kind="decision_pdf").file.read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    lines, _document = docx_text(issued.documents.get(version=1, kind="certificates_docx"))
    assert lines.count("GIẤY CÔNG NHẬN") == 2
    assert "KHU PHỐ ĐỒNG TÂM" in lines and "TRƯỜNG THCS HẠ LONG" in lines


def test_reissuing_after_a_correction_keeps_the_old_files(issued, personas):
    first = issued.documents.get(version=1, kind="decision_docx")
    decision_reissue(
        by=personas.officer_a,
        decision=issued,
        note="Đính chính người ký",
        signer_name="Trần Thị Ký",
        signing_form="KT.",
        signer_title="PHÓ CHỦ TỊCH",
    )
    assert issued.documents.filter(kind="decision_docx").count() == 2
    old_lines, _ = docx_text(DecisionDocument.objects.get(pk=first.pk))
    new_lines, _ = docx_text(issued.documents.get(version=2, kind="decision_docx"))
    assert "Nguyễn Văn Chủ" in old_lines
    assert "Trần Thị Ký" in new_lines and "KT. CHỦ TỊCH" in new_lines
    assert "PHÓ CHỦ TỊCH" in new_lines
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


def test_generating_again_where_a_file_was_left_replaces_it_and_leaves_no_twin(
    issued, personas, settings
):
    """A generation whose transaction rolled back leaves files behind; the next
    generation of that version writes over them instead of beside them."""
    from pathlib import Path

    from antq.assessments.services.decisions import _generate

    folder = Path(settings.MEDIA_ROOT) / "decisions" / str(issued.pk) / "v1"
    names = sorted(p.name for p in folder.iterdir())
    DecisionDocument.objects.filter(decision=issued).delete()  # as after a rollback

    assert _generate(issued, personas.officer_a, "lại") == 1
    assert sorted(p.name for p in folder.iterdir()) == names
    assert len(names) == 3


def test_the_pdf_is_set_in_the_serif_antq_ships_whatever_the_machine_has(issued):
    """Decree 30 asks for Times New Roman; antq embeds its metric twin (Liberation
    Serif) from its own folder, never the machine's DejaVu."""
    import re
    import zlib

    pdf = issued.documents.get(kind=DecisionDocument.Kind.DECISION_PDF).file.read()
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
    decision = decision_create(
        by=personas.officer_a,
        campaign=campaign,
        issuer=tree.commune_a,
        assessments=proposed,
        number=8,
        day=date(2026, 12, 6),
        signer_name="Nguyễn Văn Chủ",
    )
    decision_issue(by=personas.officer_a, decision=decision, generate=False)
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
    decision = decision_create(
        by=personas.officer_a,
        campaign=campaign,
        issuer=tree.commune_a,
        assessments=proposed,
        number=9,
        day=date(2026, 12, 6),
        signer_name="Nguyễn Văn Chủ",
    )
    assessment_return(by=personas.officer_a, assessment=proposed[0], reason="Thiếu biên bản")
    with pytest.raises(WrongState, match="Không thể công nhận"):
        decision_issue(by=personas.officer_a, decision=decision, generate=False)
    decision.refresh_from_db()
    assert decision.status == "draft"
    assert Assessment.objects.get(pk=proposed[1].pk).status == "proposed"


def test_reissuing_or_generating_a_draft_is_a_wrong_state(campaign, tree, personas, proposed):
    decision = decision_create(
        by=personas.officer_a,
        campaign=campaign,
        issuer=tree.commune_a,
        assessments=proposed,
        number=10,
        day=date(2026, 12, 6),
        signer_name="Nguyễn Văn Chủ",
    )
    with pytest.raises(WrongState, match="ban hành lại"):
        decision_reissue(by=personas.officer_a, decision=decision, note="Sửa", place="Cẩm Phả")
    with pytest.raises(WrongState, match="tạo văn bản"):
        decision_generate(by=personas.officer_a, decision=decision)
