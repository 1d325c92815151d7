"""Official documents in the layout of Decree 30/2020/NĐ-CP: the page, its
pieces, and the PDF.

A document is data first: a `Paper` (the header, the name of its type and
its subject, the body as `Block`s, "Nơi nhận" and the signature) or a
`Certificate`. The DOCX is written by `antq.documents` through a docxtpl
template per document type (the shipped ones are built from the pieces
here, a province may upload its own); the body goes into the template as a
sub-document written by `write_blocks`. The PDF is the same `Paper` through
an HTML template and WeasyPrint (`render_pdf`).

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New
Roman (Liberation Serif, shipped, on machines without it) 13–14 pt; the
header block of two columns (issuing body and number on the left, national
title, motto, place and date on the right), the title and subject, the body,
then "Nơi nhận" and the signature block. Page numbers are centred in the top
margin from page 2 on.
"""

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
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
    reference: str  # e.g. "12/QĐ-UBND"; "…/QĐ-UBND" on a draft
    place: str  # "Quảng Ninh": the place name without its unit type
    day: date
    reference_label: str = "Số"  # "Số vào sổ" on a certificate

    @property
    def place_line(self) -> str:
        return date_in_words(self.day, self.place)


@dataclass
class Signature:
    """The signature block: the authority lines above the name, e.g.
    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]."""

    lines: Sequence[str]
    name: str


@dataclass
class Block:
    """One piece of a body. `kind`: "center" (bold, centred: the authority
    line, "QUYẾT ĐỊNH:"), "ground" (italic "Căn cứ …"), "p", "li", "note"
    (italic), "h1" (I. …), "h2" (1. …), "title"/"subtitle" (an annex's, centred),
    "break" (a new page), "table" (`rows`, the first the header),
    "image" (PNG `image` for DOCX, `svg` for PDF, its `runs` the caption)."""

    kind: str
    runs: Sequence[tuple[str, bool]] = ()
    rows: Sequence[Sequence[str]] = ()
    image: bytes = b""
    svg: str = ""

    @property
    def text(self) -> str:
        return "".join(text for text, _bold in self.runs)


ReportBlock = Block  # the name the movement report used


def text_block(kind: str, text: str, bold: bool = False) -> Block:
    return Block(kind, [(text, bold)])


@dataclass
class Paper:
    """A text document (Quyết định, Kế hoạch, Báo cáo, Tờ trình, Thông báo)."""

    header: Header
    kind: str  # "QUYẾT ĐỊNH", "BÁO CÁO" …
    subject: str  # the trích yếu, lines separated by "\n"
    blocks: Sequence[Block]
    recipients: Sequence[str]
    signature: Signature
    draft: bool = False
    annex: Sequence[Block] = ()  # after the signature, from a new page


@dataclass
class Certificate:
    """A Bằng khen, Giấy khen or Giấy chứng nhận: its own number in the
    register (số vào sổ) and the decision that grants it (`basis`)."""

    header: Header
    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"
    title: str  # "BẰNG KHEN", "GIẤY KHEN", "GIẤY CÔNG NHẬN"
    recipient: str
    achievement: str
    basis: str
    signature: Signature
    draft: bool = False
    verb: str = "TẶNG"  # above the title of a reward; none on a recognition


# --- the pieces of a DOCX page (python-docx) ---------------------------------


def base_document(landscape: bool = False) -> Document:
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


def run(paragraph, text: str, *, size: int = 14, bold: bool = False, italic: bool = False):
    result = paragraph.add_run(text)
    result.font.name = FONT
    result.font.size = Pt(size)
    result.bold, result.italic = bold, italic
    return result


def para(
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
            run(paragraph, line, size=size, bold=bold, italic=italic)
    return paragraph


def rule(container, width_cm: float, within_cm: float) -> None:
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


def _table_borders(table, value: str) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def clear(cell) -> None:
    """Drop the cell's default empty paragraph (call only before adding content:
    a cell must keep at least one paragraph to be valid)."""
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)


def two_columns(container, left_cm: float, right_cm: float):
    """A borderless two-column table with fixed widths (Word and LibreOffice read
    the grid, not only the cells)."""
    table = container.add_table(rows=1, cols=2)
    _table_borders(table, "nil")
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, (left_cm, right_cm), strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def page_numbers(document: Document) -> None:
    """Page numbers centred at the top, from page 2 (first page differs)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    result = paragraph.add_run()
    result.font.size = Pt(13)
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), "PAGE")
    result._r.append(field_element)


def keep_together(table) -> None:
    """The row never splits across pages (a signer's name alone on the last one)."""
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _grid(container, rows: Sequence[Sequence[str]], size: int, first_column_left: bool) -> None:
    table = container.add_table(rows=0, cols=len(rows[0]))
    _table_borders(table, "single")  # no named style: a province's template may lack it
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, row, strict=True)):
            clear(cell)
            left = (column == 0) == first_column_left
            align = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
            para(cell, str(value), size=size, bold=index == 0, align=align)


def write_blocks(container, blocks: Sequence[Block]) -> None:
    """The body, written into a document or a docxtpl sub-document."""
    for block in blocks:
        _write_block(container, block)


def _write_block(container, block: Block) -> None:
    if block.kind == "table":
        # a report's tables name the unit first; a list (STT first) is centred there
        _grid(container, block.rows, 12, first_column_left=block.rows[0][0] != "STT")
        para(container, "", after=6)
        return
    if block.kind == "image":
        paragraph = para(container, before=6)
        paragraph.add_run().add_picture(io.BytesIO(block.image), width=Cm(15.5))
        para(container, block.text, size=12, italic=True, after=6)
        return
    if block.kind == "break":
        container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        return
    if block.kind in {"center", "title"}:
        para(container, block.text, bold=True, before=6, after=6)
        return
    if block.kind == "subtitle":
        para(container, block.text, italic=True, after=12)
        return
    heading = block.kind in {"h1", "h2"}
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_before = Pt(6 if heading else 0)
    paragraph.paragraph_format.space_after = Pt(6)
    if block.kind == "li":
        run(paragraph, "- ")
    italic = block.kind in {"h2", "note", "ground"}
    for text, bold in block.runs:
        run(paragraph, text, bold=bold or heading, italic=italic)


# --- the PDF (HTML and WeasyPrint) -------------------------------------------


def _image_sources(blocks: Sequence[Block]) -> list[tuple[Block, str]]:
    def source(block: Block) -> str:
        if block.kind != "image":
            return ""
        if block.svg:
            return "data:image/svg+xml;base64," + base64.b64encode(block.svg.encode()).decode()
        return "data:image/png;base64," + base64.b64encode(block.image).decode()

    return [(block, source(block)) for block in blocks]


def render_pdf(paper: Paper) -> bytes:
    """The document as PDF (A4, Decree 30 margins), by WeasyPrint."""
    from django.template.loader import render_to_string

    html = render_to_string(
        "includes/paper_print.html",
        {
            "d": paper,
            "blocks": _image_sources(paper.blocks),
            "annex": _image_sources(paper.annex),
        },
    )
    return pdf_from_html(html)


def render_certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    """Certificates as PDF, one landscape page each."""
    from django.template.loader import render_to_string

    return pdf_from_html(
        render_to_string("includes/certificate_print.html", {"certificates": certificates})
    )


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


__all__ = [
    "MOTTO",
    "NATIONAL_TITLE",
    "Block",
    "Certificate",
    "Header",
    "Paper",
    "ReportBlock",
    "Signature",
    "base_document",
    "clear",
    "keep_together",
    "page_numbers",
    "para",
    "pdf_from_html",
    "render_certificates_pdf",
    "render_pdf",
    "rule",
    "run",
    "text_block",
    "two_columns",
    "write_blocks",
]
