"""Official documents in the layout of Decree 30/2020/NĐ-CP, as DOCX (python-docx).

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman
(Liberation Serif on machines without it) 13–14 pt; the header block of two
columns (issuing body and number on the left, national title, motto, place and
date on the right), the title and subject, the body, then "Nơi nhận" and the
signature block. Page numbers are centred in the top margin from page 2 on.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from antq.core.vietnamese import date_in_words

FONT = "Times New Roman"
# Liberation Serif (SIL OFL 1.1) has Times New Roman's metrics and full
# Vietnamese coverage; antq ships it so a PDF never depends on the machine's fonts.
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FACES = (("normal", "normal", "Regular"), ("bold", "normal", "Bold"))
FONT_FACES += (("normal", "italic", "Italic"), ("bold", "italic", "BoldItalic"))
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Header:
    parent_body: str  # "" when the issuer has no parent line
    issuing_body: str  # e.g. "ỦY BAN NHÂN DÂN\nPHƯỜNG HẠ LONG"
    reference: str  # e.g. "12/QĐ-UBND"
    place: str
    day: date


@dataclass
class Signature:
    form: str  # "TM." or "KT."
    authority: str  # "ỦY BAN NHÂN DÂN" (after TM.) or "CHỦ TỊCH" (after KT.)
    title: str  # "CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
    name: str


@dataclass
class Decision:
    header: Header
    kind: str  # "QUYẾT ĐỊNH"
    subject: str
    authority_line: str  # "ỦY BAN NHÂN DÂN PHƯỜNG HẠ LONG"
    grounds: Sequence[str]  # "Căn cứ …" lines
    articles: Sequence[str]  # text after "Điều n."
    recipients: Sequence[str]
    signature: Signature
    annex_title: str = ""
    annex_subtitle: str = ""
    annex_columns: Sequence[str] = ()
    annex_rows: Sequence[Sequence[str]] = field(default_factory=list)


def _base_document(landscape: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    return document


def _run(paragraph, text: str, *, size: int = 14, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return run


def _para(
    container,
    text: str = "",
    *,
    size: int = 14,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: int = 0,
    after: int = 0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        for index, line in enumerate(text.split("\n")):
            if index:
                paragraph.add_run().add_break()
            _run(paragraph, line, size=size, bold=bold, italic=italic)
    return paragraph


def _rule(container, width_cm: float, within_cm: float) -> None:
    """A short solid line, centred in a space `within_cm` wide: a paragraph whose
    bottom border is the rule, narrowed by equal indents."""
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(4)
    indent = max(0.0, (within_cm - width_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(indent)
    paragraph.paragraph_format.right_indent = Cm(indent)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.paragraph_format.line_spacing = Pt(2)


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _clear(cell) -> None:
    """Drop the cell's default empty paragraph (call only before adding content:
    a cell must keep at least one paragraph to be valid)."""
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)


def _two_columns(document: Document, left_cm: float, right_cm: float):
    """A borderless two-column table with fixed widths (Word and LibreOffice read
    the grid, not only the cells)."""
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, (left_cm, right_cm), strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _page_numbers(document: Document) -> None:
    """Page numbers centred at the top, from page 2 (first page differs)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), "PAGE")
    run._r.append(field_element)


def header_block(document: Document, header: Header) -> None:
    left, right = _two_columns(document, 6.3, 10.2).rows[0].cells
    _clear(left)
    _clear(right)
    if header.parent_body:
        _para(left, header.parent_body, size=13)
    _para(left, header.issuing_body, size=13, bold=True)
    _rule(left, 2.5, 6.3)
    _para(left, f"Số: {header.reference}", size=13, before=2)
    _para(right, NATIONAL_TITLE, size=13, bold=True)
    _para(right, MOTTO, size=14, bold=True)
    _rule(right, 5.5, 10.2)
    _para(right, date_in_words(header.day, header.place), size=14, italic=True, before=2)


def render_decision(decision: Decision) -> bytes:
    """The decision and its attached list, as DOCX bytes."""
    document = _base_document()
    _page_numbers(document)
    header_block(document, decision.header)
    _para(document, decision.kind, bold=True, before=18)
    _para(document, decision.subject, bold=True)
    _rule(document, 3.0, 16.5)
    _para(document, decision.authority_line, bold=True, before=6, after=6)
    for index, ground in enumerate(decision.grounds):
        ending = "." if index == len(decision.grounds) - 1 else ";"
        paragraph = _para(
            document,
            ground.rstrip(";.") + ending,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            after=6,
        )
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    _para(document, "QUYẾT ĐỊNH:", bold=True, before=6, after=6)
    for number, article in enumerate(decision.articles, start=1):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.space_after = Pt(6)
        _run(paragraph, f"Điều {number}. ", bold=True)
        _run(paragraph, article)
    signature_block(document, decision.recipients, decision.signature)
    if decision.annex_rows:
        _annex(document, decision)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def signature_block(document: Document, recipients: Sequence[str], signature: Signature) -> None:
    table = _two_columns(document, 7.5, 9.0)
    # the signer's block never splits across pages (the name alone on the last one)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    _clear(right)
    if recipients:
        _clear(left)
        _para(
            left,
            "Nơi nhận:",
            size=12,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before=12,
        )
        for line in recipients:
            _para(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, f"{signature.form} {signature.authority}", bold=True, before=12)
    _para(right, signature.title, bold=True)
    for _line in range(4):
        _para(right, "")
    _para(right, signature.name, bold=True)


def _annex(document: Document, decision: Decision) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    _para(document, decision.annex_title, bold=True)
    _para(document, decision.annex_subtitle, italic=True, after=12)
    table = document.add_table(rows=1, cols=len(decision.annex_columns))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, decision.annex_columns, strict=True):
        _clear(cell)
        _para(cell, label, size=13, bold=True)
    for row in decision.annex_rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            _clear(cell)
            align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT
            _para(cell, str(value), size=13, align=align)


@dataclass
class Certificate:
    header: Header
    recipient: str
    achievement: str
    basis: str
    signature: Signature
    title: str = "GIẤY CÔNG NHẬN"  # "BẰNG KHEN", "GIẤY KHEN" for rewards


def render_certificates(certificates: Sequence[Certificate]) -> bytes:
    """One landscape page per certificate (Giấy công nhận), ready to print."""
    document = _base_document(landscape=True)
    for index, certificate in enumerate(certificates):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        header_block(document, certificate.header)
        _para(document, certificate.title, size=26, bold=True, before=24, after=12)
        _para(document, certificate.recipient, size=20, bold=True, after=6)
        _para(document, certificate.achievement, size=16, after=6)
        _para(document, certificate.basis, size=13, italic=True, after=6)
        signature_block(document, [], certificate.signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_decision_pdf(decision: Decision) -> bytes:
    """The same decision as PDF (A4, Decree 30 margins), by WeasyPrint."""
    from django.template.loader import render_to_string

    return pdf_from_html(render_to_string("includes/decision_print.html", {"d": decision}))


@dataclass
class Proposal:
    """A Tờ trình: the header, the title, to whom, the paragraphs, the
    signature and the attached list (the same shape as a decision's)."""

    header: Header
    subject: str
    to: str
    paragraphs: Sequence[str]
    recipients: Sequence[str]
    signature: Signature
    annex_title: str = ""
    annex_subtitle: str = ""
    annex_columns: Sequence[str] = ()
    annex_rows: Sequence[Sequence[str]] = field(default_factory=list)


def render_proposal(proposal: Proposal) -> bytes:
    """A Tờ trình in the Decree 30 layout, as DOCX bytes."""
    document = _base_document()
    _page_numbers(document)
    header_block(document, proposal.header)
    _para(document, "TỜ TRÌNH", bold=True, before=18)
    _para(document, proposal.subject, bold=True)
    _rule(document, 3.0, 16.5)
    _para(document, f"Kính gửi: {proposal.to}", before=6, after=6)
    for text in proposal.paragraphs:
        paragraph = _para(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    signature_block(document, proposal.recipients, proposal.signature)
    if proposal.annex_rows:
        _annex(document, proposal)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_from_html(html: str) -> bytes:
    """HTML → PDF with WeasyPrint, "Times New Roman" always meaning the serif
    antq ships, so every machine lays out the same page (the national title on
    one line, as Decree 30 sets it)."""
    from weasyprint import CSS, HTML  # imported late: it loads Pango at import time
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = "".join(
        f'@font-face {{ font-family: "{FONT}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(FONTS_DIR / f"LiberationSerif-{name}.ttf").as_uri()}"); }}'
        for weight, style, name in FONT_FACES
    )
    stylesheet = CSS(string=faces, font_config=fonts)
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], font_config=fonts)


@dataclass
class ReportBlock:
    """One piece of a report's body: "h1" (I. …), "h2" (1. …), "p", "li",
    "note" (italic), "table" (`rows`, the first one the header), "image" (PNG
    `image` for DOCX, `svg` for PDF, with its `runs` as caption)."""

    kind: str
    runs: Sequence[tuple[str, bool]] = ()
    rows: Sequence[Sequence[str]] = ()
    image: bytes = b""
    svg: str = ""

    @property
    def text(self) -> str:
        return "".join(text for text, _bold in self.runs)


@dataclass
class Report:
    """A Báo cáo: the header, "BÁO CÁO" and its subject, the body, then Nơi
    nhận and the signature. A draft carries "DỰ THẢO" above the header."""

    header: Header
    subject: str
    blocks: Sequence[ReportBlock]
    recipients: Sequence[str]
    signature: Signature
    draft: bool = False


def _report_table(document: Document, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, row, strict=True)):
            _clear(cell)
            align = WD_ALIGN_PARAGRAPH.LEFT if column == 0 else WD_ALIGN_PARAGRAPH.CENTER
            _para(cell, str(value), size=12, bold=index == 0, align=align)
    _para(document, "", after=6)


def render_report(report: Report) -> bytes:
    """The report as DOCX bytes (Decree 30 layout, editable in Word and LibreOffice)."""
    document = _base_document()
    _page_numbers(document)
    if report.draft:
        _para(document, "DỰ THẢO", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
    header_block(document, report.header)
    _para(document, "BÁO CÁO", bold=True, before=18)
    _para(document, report.subject, bold=True)
    _rule(document, 3.0, 16.5)
    for block in report.blocks:
        if block.kind == "table":
            _report_table(document, block.rows)
            continue
        if block.kind == "image":
            paragraph = _para(document, before=6)
            paragraph.add_run().add_picture(io.BytesIO(block.image), width=Cm(15.5))
            _para(document, block.text, size=12, italic=True, after=6)
            continue
        heading = block.kind in {"h1", "h2"}
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.space_before = Pt(6 if heading else 0)
        paragraph.paragraph_format.space_after = Pt(6)
        if block.kind == "li":
            _run(paragraph, "- ")
        for text, bold in block.runs:
            _run(
                paragraph,
                text,
                bold=bold or heading,
                italic=block.kind in {"h2", "note"},
            )
    signature_block(document, report.recipients, report.signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_report_pdf(report: Report) -> bytes:
    """The same report as PDF (A4, Decree 30 margins), by WeasyPrint."""
    import base64

    from django.template.loader import render_to_string

    images = {
        index: "data:image/svg+xml;base64," + base64.b64encode(block.svg.encode()).decode()
        if block.svg
        else "data:image/png;base64," + base64.b64encode(block.image).decode()
        for index, block in enumerate(report.blocks)
        if block.kind == "image"
    }
    blocks = [(block, images.get(index, "")) for index, block in enumerate(report.blocks)]
    html = render_to_string("includes/report_print.html", {"d": report, "blocks": blocks})
    return pdf_from_html(html)
