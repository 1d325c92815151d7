"""The year-end report carries the province's map: its figures frozen with the
report, its picture in the DOCX (PNG) and the PDF (SVG), read back here."""

import io

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
