"""A movement report as an official document: its figures as sentences,
tables and charts, and its narrative, registered with antq.documents as the
composer of "reports.report" (the header, number, signature and recipients
are the register's). Built from the report's stored figures only, so the
issued files say exactly what was signed. A draft is shown through an unsaved
document of its body, marked DỰ THẢO."""

from collections.abc import Callable

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from antq.core import documents as doc
from antq.core.documents import render_pdf as paper_pdf
from antq.core.periods import SIX_MONTHLY, parse
from antq.core.richtext import parse as parse_richtext
from antq.documents.authority import body_or_default, rule_for
from antq.documents.composers import Body, paper_of
from antq.documents.models import ABBREVIATIONS, Document
from antq.documents.rendering import render_docx as paper_docx
from antq.documents.services import default_recipients
from antq.maps.report import paper_spec
from antq.reports.charts import to_png, to_svg
from antq.reports.models import Report

SOURCE = "reports.report"
Progress = Callable[[int, int], None]


def subject(report: Report) -> str:
    """ "Sơ kết 6 tháng đầu năm 2026 phong trào …", "Tổng kết phong trào … năm 2026"."""
    period, what = parse(report.period), report.template.subject
    if period.type == SIX_MONTHLY:
        kind = "Sơ kết" if period.start.month == 1 else "Kết quả"
        return f"{kind} {period.label.lower()} {what}"
    return f"Tổng kết {what} năm {period.start.year}"


def blocks(report: Report, *, charts: str = "both") -> list[doc.Block]:
    """The body; charts as "png" (DOCX), "svg" (PDF), "both" or "" (none)."""
    figures = report.figures
    body: list[doc.Block] = []
    if figures.get("note"):
        body.append(doc.Block("note", [(f"Ghi chú: {figures['note']}", False)]))
    for section in figures.get("sections", []):
        heading = f"{section['number']}. {section['heading']}"
        body.append(
            doc.Block(
                "h1" if section["level"] == 1 else "h2",
                [(heading.upper() if section["level"] == 1 else heading, True)],
            )
        )
        for line in section["lines"]:
            body.append(doc.Block("li", [(line["sentence"] + ".", False)]))
            for detail in line.get("details", []):  # the conferences a count names
                body.append(doc.Block("p", [(f"– {detail}.", False)]))
        table = section.get("table")
        if table and len(table["rows"]) > 1:
            body.append(doc.Block("note", [(table["title"], False)]))
            body.append(doc.Block("table", rows=table["rows"]))
        chart = section.get("chart")
        if charts and chart and chart["spec"]["data"]["values"]:
            caption = [(chart["title"], False)]
            png = to_png(chart["spec"]) if charts in {"png", "both"} else b""
            svg = to_svg(chart["spec"]) if charts in {"svg", "both"} else ""
            body.append(doc.Block("image", caption, image=png, svg=svg))
        the_map = section.get("map")  # antq.maps: drawn like a chart, under its caption
        if charts and the_map:
            spec = paper_spec(the_map)
            png = to_png(spec) if charts in {"png", "both"} else b""
            svg = to_svg(spec) if charts in {"svg", "both"} else ""
            body.append(doc.Block("image", [(the_map["title"], False)], image=png, svg=svg))
        for block in parse_richtext(report.narrative.get(section["key"], "")):
            body.append(doc.Block(block.kind, block.runs))
    return body


def compose(document: Document) -> Body:
    report = Report.objects.select_related("template", "unit").get(pk=document.source_id)
    return Body(subject=subject(report), blocks=blocks(report))


def draft_document(report: Report) -> Document:
    """The document the report will be, unsaved: the body the rule names for
    the report's level, its symbol, place and recipients by that level."""
    if report.document_id:
        return report.document
    rule = rule_for("report", report.unit)
    body = body_or_default(report.unit, rule.body_kind)
    return Document(
        body=body,
        doc_type=rule.doc_type,
        symbol=f"{ABBREVIATIONS[rule.doc_type]}-{body.abbreviation}",
        place=body.place,
        signing_form=rule.signing_form,
        signer_title=rule.signer_title,
        recipients=default_recipients(body, rule.doc_type),
    )


def render_docx(report: Report, charts: str = "png") -> bytes:
    """The report as DOCX now (a draft, or the command line's preview)."""
    document = draft_document(report)
    paper = paper_of(document, Body(subject=subject(report), blocks=blocks(report, charts=charts)))
    return paper_docx(paper, document.doc_type, report.unit)


def render_pdf(report: Report) -> bytes:
    document = draft_document(report)
    return paper_pdf(
        paper_of(document, Body(subject=subject(report), blocks=blocks(report, charts="svg")))
    )


def download(report: Report, kind: str):
    """An issued report's file as issued, or a draft rendered now (DỰ THẢO)."""
    if kind not in {"docx", "pdf"}:
        raise Http404(_("Không có định dạng này."))
    name = f"bao-cao-{report.period}-{report.unit.code if report.unit else 'toan-quoc'}.{kind}"
    stored = report.document.file_of(kind) if report.is_issued and report.document_id else None
    if stored is not None:
        return FileResponse(stored.file.open("rb"), as_attachment=True, filename=name)
    if report.is_issued:
        raise Http404(_("Tệp của báo cáo đang được tạo; thử lại sau ít phút."))
    data = render_docx(report) if kind == "docx" else render_pdf(report)
    content_type = (
        "application/pdf"
        if kind == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="du-thao-{name}"'
    return response
