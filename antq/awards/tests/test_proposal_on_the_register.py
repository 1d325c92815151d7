"""The council's Tờ trình is a document of its own register: drafted from the
round's page, previewed, issued on the register's page with its number,
date and signer, its attached list citing that number. A decision drafted by
the awards module is never issued from the register's page (that would
skip awarding its nominations)."""

from datetime import date

import pytest
from django.urls import reverse

from antq.awards.services import nominate, nomination_accept, proposal_draft
from antq.awards.tests.conftest import collective
from antq.awards.tests.test_rules import recognise
from antq.documents.models import Document
from antq.documents.tests.conftest import docx_lines


@pytest.fixture
def accepted(tree, personas, year_end):
    recognise(tree.commune_a, 2026)
    nomination = nominate(by=personas.officer_a, round=year_end, data=collective(tree.commune_a))
    return nomination_accept(by=personas.province_approver, nomination=nomination)


def test_a_proposal_is_drafted_previewed_and_issued_on_the_councils_register(
    client, tree, personas, year_end, accepted, django_capture_on_commit_callbacks
):
    client.force_login(personas.province_approver)
    url = reverse("awards:proposal-download", args=[year_end.pk])
    answer = client.post(url, {"award": accepted.award_type.code})
    draft = Document.objects.get(source_kind="awards.proposal")
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "documents:document-detail", args=[draft.pk]
    )
    assert (draft.doc_type, draft.symbol, draft.status) == ("ttr", "TTr-HĐTĐKT", "draft")
    page = client.get(answer["Location"]).content.decode()
    assert 'id="issue"' in page  # issued on the register's page
    client.post(answer["Location"], {"action": "edit", "number": "", "date": "20/11/2026",
                                     "place": "Quảng Ninh", "signing_form": "TM",
                                     "signer_title": "CHỦ TỊCH", "signer_name": "Trần Văn Hội",
                                     "subject": draft.subject, "recipients": draft.recipients,
                                     "version": draft.version})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer["Location"], {"action": "issue"})
    draft.refresh_from_db()
    assert (draft.status, draft.reference, draft.date) == ("issued", "01/TTr-HĐTĐKT",
                                                           date(2026, 11, 20))  # fmt: skip
    lines = docx_lines(draft.file_of("docx").file.read())
    text = "\n".join(lines)
    assert "TỜ TRÌNH" in lines and "Số: 01/TTr-HĐTĐKT" in lines
    assert "Quảng Ninh, ngày 20 tháng 11 năm 2026" in lines
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh" in lines
    assert "TM. HỘI ĐỒNG" in lines and "Trần Văn Hội" in lines and "Như trên;" in text
    assert "Kèm theo Tờ trình số 01/TTr-HĐTĐKT ngày 20/11/2026 của Hội đồng Thi đua - " in text
    assert "Phường Hạ Long" in text


def test_nothing_accepted_means_no_proposal(personas, year_end):
    from django.core.exceptions import ValidationError

    from antq.awards.models import AwardType

    with pytest.raises(ValidationError, match="Chưa có đề nghị nào được hội đồng nhất trí"):
        proposal_draft(
            by=personas.province_approver,
            round=year_end,
            award_type=AwardType.objects.get(code="bang_khen_chu_tich_tinh"),
        )
    assert not Document.objects.filter(source_kind="awards.proposal").exists()


def test_an_award_decision_is_not_issued_from_the_registers_page(
    client, personas, year_end, accepted
):
    from antq.awards.services import decision_create

    decision = decision_create(by=personas.province_approver, round=year_end,
                               award_type=accepted.award_type, date=date(2026, 11, 20),
                               signer_name="Nguyễn Văn Chủ")  # fmt: skip
    client.force_login(personas.province_approver)
    url = reverse("documents:document-detail", args=[decision.document_id])
    assert 'id="issue"' not in client.get(url).content.decode()
    client.post(url, {"action": "issue"})
    decision.document.refresh_from_db()
    assert decision.document.status == "draft"
    accepted.refresh_from_db()
    assert accepted.status == "accepted"  # not awarded behind the module's back
