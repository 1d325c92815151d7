"""A file's name may carry Vietnamese letters (the symbol QĐ-UBND): the
download says so in RFC 6266's filename*, never a raw or MIME-encoded name
that a browser would mangle or open in place."""

from django.urls import reverse


def test_a_decisions_files_are_named_with_their_symbol_in_utf8(client, personas, world):
    document = world.decision_a.document
    client.force_login(personas.officer_a)
    for name, args in (
        ("documents:document-preview", [document.pk, "docx"]),
        ("documents:document-edxml", [document.pk]),
    ):
        answer = client.get(reverse(name, args=args))
        assert answer.status_code == 200
        header = answer["Content-Disposition"]
        assert header.startswith("attachment; filename*=utf-8''"), header
        assert "q%C4%91-ubnd" in header, header


def test_a_drafts_preview_is_named_as_a_draft(client, personas, tree):
    from datetime import date

    from antq.documents.services import document_create

    draft = document_create(
        by=personas.province_approver,
        unit=tree.province,
        purpose="plan",
        subject="Kế hoạch",
        day=date(2026, 11, 2),
        signer_name="Nguyễn Văn Chủ",
    )
    client.force_login(personas.province_approver)
    answer = client.get(reverse("documents:document-preview", args=[draft.pk, "docx"]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith('attachment; filename="du-thao-'), answer[
        "Content-Disposition"
    ]
