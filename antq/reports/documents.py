"""A movement report as an official document (Decree 30 layout): its figures
as sentences, tables and charts (PNG, rendered offline), its narrative, the
header and the signature. Built from the report's stored figures only, so the
issued files say exactly what was signed."""

from collections.abc import Callable

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core import documents as doc
from antq.core.periods import SIX_MONTHLY, parse
from antq.core.richtext import parse as parse_richtext
from antq.reports.charts import to_png, to_svg
from antq.reports.models import Report

Progress = Callable[[int, int], None]


def subject(report: Report) -> str:
    """ "Sơ kết 6 tháng đầu năm 2026 phong trào …", "Tổng kết phong trào … năm 2026"."""
    period, what = parse(report.period), report.template.subject
    if period.type == SIX_MONTHLY:
        kind = "Sơ kết" if period.start.month == 1 else "Kết quả"
        return f"{kind} {period.label.lower()} {what}"
    return f"Tổng kết {what} năm {period.start.year}"


def blocks(report: Report, *, charts: str = "png") -> list[doc.ReportBlock]:
    """The body; charts as "png" (DOCX), "svg" (PDF) or "" (none)."""
    figures = report.figures
    body: list[doc.ReportBlock] = []
    if figures.get("note"):
        body.append(doc.ReportBlock("note", [(f"Ghi chú: {figures['note']}", False)]))
    for section in figures.get("sections", []):
        heading = f"{section['number']}. {section['heading']}"
        body.append(
            doc.ReportBlock(
                "h1" if section["level"] == 1 else "h2",
                [(heading.upper() if section["level"] == 1 else heading, True)],
            )
        )
        for line in section["lines"]:
            body.append(doc.ReportBlock("li", [(line["sentence"] + ".", False)]))
        table = section.get("table")
        if table and len(table["rows"]) > 1:
            body.append(doc.ReportBlock("note", [(table["title"], False)]))
            body.append(doc.ReportBlock("table", rows=table["rows"]))
        chart = section.get("chart")
        if charts and chart and chart["spec"]["data"]["values"]:
            caption = [(chart["title"], False)]
            if charts == "svg":
                body.append(doc.ReportBlock("image", caption, svg=to_svg(chart["spec"])))
            else:
                body.append(doc.ReportBlock("image", caption, image=to_png(chart["spec"])))
        the_map = section.get("map")  # antq.maps: drawn like a chart
        if charts and the_map:
            picture = {"svg": to_svg(the_map["spec"])} if charts == "svg" else {}
            picture = picture or {"image": to_png(the_map["spec"])}
            body.append(doc.ReportBlock("image", [(the_map["title"], False)], **picture))
        for block in parse_richtext(report.narrative.get(section["key"], "")):
            body.append(doc.ReportBlock(block.kind, block.runs))
    return body


def content(report: Report, charts: str = "png") -> doc.Report:
    if report.signing_form == Report.SigningForm.KT:
        authority = "CỤC TRƯỞNG" if report.unit is None else "CHỦ TỊCH"
        signature = doc.Signature("KT.", authority, report.signer_title, report.signer_name)
    else:
        authority = report.issuing_body.split("\n")[0] if report.issuing_body else ""
        signature = doc.Signature("TM.", authority, report.signer_title, report.signer_name)
    return doc.Report(
        header=doc.Header(
            report.parent_body,
            report.issuing_body,
            report.reference,
            report.place,
            report.date or timezone.localdate(),
        ),
        subject=subject(report),
        blocks=blocks(report, charts=charts),
        recipients=[line.strip() for line in report.recipients.splitlines() if line.strip()],
        signature=signature,
        draft=not report.is_issued,
    )


def render_docx(report: Report) -> bytes:
    return doc.render_report(content(report))


def render_pdf(report: Report) -> bytes:
    return doc.render_report_pdf(content(report, charts="svg"))


def download(report: Report, kind: str):
    """An issued report's kept file, or a draft rendered now (marked DỰ THẢO)."""
    if kind not in {"docx", "pdf"}:
        raise Http404(_("Không có định dạng này."))
    name = f"bao-cao-{report.period}-{report.unit.code if report.unit else 'toan-quoc'}.{kind}"
    stored = getattr(report, kind)
    if report.is_issued and stored:
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    data = render_docx(report) if kind == "docx" else render_pdf(report)
    content_type = (
        "application/pdf"
        if kind == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="du-thao-{name}"'
    return response
