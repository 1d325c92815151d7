"""Every movement report becomes a document of the outgoing register: an issued
report with its number, date, signer and both files as they were issued; a
draft keeps its header and signature as a draft document. No row or file is
lost."""

from django.db import migrations


def forward(apps, schema_editor):
    from antq.documents import legacy

    Report = apps.get_model("reports", "Report")
    for report in Report.objects.select_related("unit").order_by("pk"):
        kind = "ubnd" if report.unit_id else "cuc"
        body = legacy.body(apps, report.unit, kind)
        issued = report.status == "issued"
        document = legacy.document(
            apps,
            body=body,
            number=report.number if issued else None,
            date=report.date,
            series="bc" if body.numbering == "type" else "",
            doc_type="bc",
            source_kind="reports.report",
            source_id=report.pk,
            symbol=report.symbol,
            place=report.place,
            subject=f"Báo cáo kỳ {report.period}",
            signing_form=legacy.SIGNING_FORMS.get(report.signing_form, "TM"),
            signer_title=report.signer_title,
            signer_name=report.signer_name,
            recipients=report.recipients,
            content={"moved_from": "reports.report"},
            status="issued" if issued else "draft",
            created_by_id=report.created_by_id,
        )
        # the header the report was issued with, which may differ from the body's defaults
        document.header_parent = report.parent_body
        document.header_body = report.issuing_body or document.header_body
        for field in ("docx", "pdf"):
            name = getattr(report, field).name
            if name:
                attached = legacy.attach(apps, document, name, field, "chuyển từ báo cáo")
                setattr(document, f"{field}_sha256", attached.sha256)
        document.save()
        report.document = document
        report.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_report_document")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
