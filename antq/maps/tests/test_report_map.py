"""The year-end report carries the province's map: its figures frozen with the
report, its picture in the DOCX (PNG) and the PDF (SVG), read back here."""

import io
import subprocess

from docx import Document
from PIL import Image

from antq.maps.report import report_map
from antq.reports.documents import render_docx, render_pdf
from antq.reports.services import report_create

DARKEST = (0x08, 0x51, 0x9C)  # "Từ 95 % trở lên"
LIGHTEST = (0xDE, 0xEB, 0xF7)  # "Dưới 50 %"


def _year_report(world):
    world.report_province.delete()
    return report_create(
        by=world.personas.province_approver, unit=world.tree.province, period="2026"
    )


def test_the_year_end_report_freezes_its_map_in_the_results_section(world):
    report = _year_report(world)

    maps = [s["map"] for s in report.figures["sections"] if s.get("map")]
    assert len(maps) == 1
    assert maps[0]["title"].startswith("Tỷ lệ đơn vị đạt “An toàn về ANTT” năm 2026")
    assert maps[0]["title"].endswith("(sơ đồ)")


def test_the_docx_holds_the_map_as_a_picture_with_its_caption(world):
    report = _year_report(world)

    document = Document(io.BytesIO(render_docx(report)))

    captions = [p.text for p in document.paragraphs if "An toàn về ANTT” năm 2026" in p.text]
    assert captions, "the map's caption is in the document"
    pictures = [
        part.blob for part in document.part.package.parts if part.content_type == "image/png"
    ]
    colours = set()
    for blob in pictures:
        image = Image.open(io.BytesIO(blob)).convert("RGB")
        colours |= {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}
    # commune A (33,3 %) and commune B (0 %) are both below 50 %: the lightest class
    assert LIGHTEST in colours


def test_the_pdf_draws_the_map_too(world):
    report = _year_report(world)

    pdf = render_pdf(report)

    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_a_commune_report_has_no_map(world):
    assert report_map(root=world.tree.commune_a, year=2026) is None


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler reads it (pypdf misses the text of an SVG
    drawn in italics), one space between words."""
    read = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(read.stdout.decode().split())


def test_the_pdf_names_the_map_once_under_it_and_says_it_is_a_sơ_đồ(world):
    report = _year_report(world)

    text = _pdf_text(render_pdf(report))

    # the caption under the picture names the map; the picture does not repeat it
    assert text.count("“An toàn về ANTT” năm 2026 của các xã") == 1
    assert text.count("Sơ đồ: mỗi ô là một xã, phường, đặc khu") == 1


def test_the_maps_note_in_the_picture_is_one_line_aligned_with_the_map(world):
    report = _year_report(world)

    the_map = next(s["map"] for s in report.figures["sections"] if s.get("map"))
    title = the_map["spec"]["title"]
    # a multi-line title or subtitle is drawn with <tspan>s that WeasyPrint
    # places from the middle of the picture: one line, anchored at the start
    assert isinstance(title["text"], str) and "subtitle" not in title
    assert title["anchor"] == "start"


def test_a_report_frozen_with_the_title_in_its_picture_prints_it_once(world):
    report = _year_report(world)
    # as reports were frozen before: the title, the year and the note inside the picture
    for section in report.figures["sections"]:
        if section.get("map"):
            entry = section["map"]
            entry["spec"]["title"] = {
                "text": entry["title"],
                "subtitle": [
                    "Năm 2026",
                    "Sơ đồ: mỗi ô là một đơn vị, đặt gần vị trí thực; không phải ranh giới.",
                ],
            }
    report.save(update_fields=["figures"])

    text = _pdf_text(render_pdf(report))

    assert text.count("“An toàn về ANTT” năm 2026 của các xã") == 1
    assert text.count("Sơ đồ: mỗi ô là một đơn vị") == 1
