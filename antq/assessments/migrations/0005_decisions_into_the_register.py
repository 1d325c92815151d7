"""Every recognition decision becomes a document of the outgoing register, with
every file it had (each version: the latest as the document's DOCX, PDF and
certificates, the earlier ones kept as "bản trước"). No row or file is lost."""

from django.db import migrations

KINDS = {"decision_docx": "docx", "decision_pdf": "pdf", "certificates_docx": "certificates"}


def forward(apps, schema_editor):
    from antq.documents import legacy

    Decision = apps.get_model("assessments", "RecognitionDecision")
    for decision in Decision.objects.select_related("issuer", "campaign").order_by("pk"):
        body = legacy.body(apps, decision.issuer)
        issued = decision.status == "issued"
        document = legacy.document(
            apps,
            body=body,
            number=decision.number,
            date=decision.date,
            series="qd" if body.numbering == "type" else "",
            doc_type="qd",
            source_kind="assessments.recognition",
            source_id=decision.pk,
            symbol=decision.symbol,
            place=decision.place,
            subject="Về việc công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm "
            f"{decision.campaign.year}",
            signing_form=legacy.SIGNING_FORMS.get(decision.signing_form, "TM"),
            signer_title=decision.signer_title,
            signer_name=decision.signer_name,
            recipients="Như Điều 3;\nCông an tỉnh (để báo cáo);\nLưu: VT, CA.",
            content={"certificate_type": "gcn", "moved_from": "assessments.decisiondocument"},
            status="issued" if issued else "draft",
            created_by_id=decision.created_by_id,
            issued_at=decision.issued_at,
        )
        rows = list(apps.get_model("assessments", "DecisionDocument").objects.filter(
            decision=decision).order_by("-version", "kind"))  # fmt: skip
        latest = rows[0].version if rows else None
        for row in rows:
            kind = KINDS[row.kind] if row.version == latest else "earlier"
            attached = legacy.attach(apps, document, row.file.name, kind, note=f"phiên bản {row.version}")
            if kind == "pdf":
                document.pdf_sha256 = attached.sha256
            elif kind == "docx":
                document.docx_sha256 = attached.sha256
        document.save()
        decision.document = document
        decision.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_decision_document")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
