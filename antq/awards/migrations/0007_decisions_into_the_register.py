"""Every award decision becomes a document of the outgoing register, with every
file it had: the files of its latest version as the document's DOCX, PDF and
certificates, every earlier version kept as "bản trước". A decision issued
as QĐ-UBND for a police award stays what was signed. No row or file is lost."""

from django.db import migrations

KINDS = {"docx": "docx", "pdf": "pdf", "certificates": "certificates"}


def forward(apps, schema_editor):
    from antq.documents import legacy

    Decision = apps.get_model("awards", "Decision")
    Versions = apps.get_model("awards", "DecisionDocument")
    for decision in Decision.objects.select_related("round__unit", "award_type").order_by("pk"):
        body = legacy.body(apps, decision.issuer or decision.round.unit)
        issued = decision.status == "issued"
        document = legacy.document(
            apps,
            body=body,
            number=decision.number,
            date=decision.date,
            series="qd" if body.numbering == "type" else "",
            doc_type="qd",
            source_kind="awards.decision",
            source_id=decision.pk,
            symbol=decision.symbol,
            place=decision.place or body.place,
            subject=f"Về việc tặng {decision.award_type.name}",
            signing_form=legacy.SIGNING_FORMS.get(decision.signing_form, "TM"),
            signer_title=decision.signer_title,
            signer_name=decision.signer_name,
            recipients="Như Điều 3;\nLưu: VT, TĐKT.",
            content={"certificate_type": "", "moved_from": "awards.decisiondocument"},
            status="issued" if issued else "draft",
        )
        seen = set()
        latest = decision.document_version
        for row in Versions.objects.filter(decision=decision).order_by("-version", "kind"):
            kind = KINDS[row.kind] if row.version == latest else "earlier"
            attached = legacy.attach(apps, document, row.file.name, kind, f"phiên bản {row.version}")
            seen.add(row.file.name)
            if kind == "pdf":
                document.pdf_sha256 = attached.sha256
            elif kind == "docx":
                document.docx_sha256 = attached.sha256
        # files of the decision that no version row lists (issued before versions existed)
        for field, kind in (("docx", "docx"), ("pdf", "pdf"), ("certificates", "certificates")):
            name = getattr(decision, field).name
            if name and name not in seen:
                attached = legacy.attach(apps, document, name, kind, "chuyển từ quyết định")
                seen.add(name)
                if kind == "pdf":
                    document.pdf_sha256 = attached.sha256
        document.save()
        decision.document = document
        decision.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_decision_document")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
