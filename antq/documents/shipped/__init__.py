"""antq's own DOCX templates, one per document type, built from the Decree 30
pieces of `antq.core.documents` by `antq build_document_templates` (run it
after changing the layout, and commit the files)."""

from antq.core.documents import (
    MOTTO,
    NATIONAL_TITLE,
    base_document,
    clear,
    keep_together,
    page_numbers,
    para,
    rule,
    two_columns,
)

LEFT = 0  # WD_ALIGN_PARAGRAPH.LEFT
RIGHT = 2


def _loop(container, items: str, line: str, **style) -> None:
    para(container, "{%p for l in " + items + " %}")
    para(container, line, **style)
    para(container, "{%p endfor %}")


def _header(document) -> None:
    para(document, "{%p if du_thao %}")
    para(document, "DỰ THẢO", size=13, bold=True, align=RIGHT, after=6)
    para(document, "{%p endif %}")
    left, right = two_columns(document, 6.3, 10.2).rows[0].cells
    clear(left)
    clear(right)
    _loop(left, "co_quan_chu_quan", "{{ l }}", size=13)
    _loop(left, "co_quan", "{{ l }}", size=13, bold=True)
    rule(left, 2.5, 6.3)
    return left, right


def _right(right) -> None:
    para(right, NATIONAL_TITLE, size=13, bold=True)
    para(right, MOTTO, size=14, bold=True)
    rule(right, 5.5, 10.2)
    para(right, "{{ dia_danh_ngay }}", size=14, italic=True, before=2)


def text_template():
    """Quyết định, Kế hoạch, Báo cáo, Tờ trình, Thông báo."""
    document = base_document()
    page_numbers(document)
    left, right = _header(document)
    para(left, "Số: {{ so_ky_hieu }}", size=13, before=2)
    _right(right)
    para(document, "{{ ten_loai }}", bold=True, before=18)
    _loop(document, "trich_yeu", "{{ l }}", bold=True)
    rule(document, 3.0, 16.5)
    para(document, "{{p noi_dung }}")
    table = two_columns(document, 7.5, 9.0)
    keep_together(table)
    left, right = table.rows[0].cells
    clear(left)
    clear(right)
    para(left, "{%p if noi_nhan %}")
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, before=12)
    _loop(left, "noi_nhan", "- {{ l }}", size=11, align=LEFT)
    para(left, "{%p endif %}")
    para(right, "", before=12)
    _loop(right, "chu_ky", "{{ l }}", bold=True)
    for _line in range(4):
        para(right, "")
    para(right, "{{ nguoi_ky }}", bold=True)
    para(document, "{%p if phu_luc %}")
    para(document, "{{p phu_luc }}")
    para(document, "{%p endif %}")
    return document


def certificate_template():
    """Giấy khen, Bằng khen, Giấy chứng nhận: one landscape page."""
    document = base_document(landscape=True)
    left, right = _header(document)
    para(left, "Số vào sổ: {{ so_vao_so }}", size=13, before=2)
    _right(right)
    para(document, "{{ tham_quyen }}", size=14, bold=True, before=12)
    para(document, "{%p if tang %}")
    para(document, "{{ tang }}", size=18, bold=True, before=6)
    para(document, "{%p endif %}")
    para(document, "{{ ten_loai }}", size=26, bold=True, before=12, after=12)
    para(document, "{{ nguoi_nhan }}", size=20, bold=True, after=6)
    para(document, "{{ thanh_tich }}", size=16, after=6)
    para(document, "{{ can_cu }}", size=13, italic=True, after=6)
    table = two_columns(document, 12.0, 12.0)
    keep_together(table)
    right = table.rows[0].cells[1]
    clear(right)
    _loop(right, "chu_ky", "{{ l }}", bold=True, before=0)
    for _line in range(4):
        para(right, "")
    para(right, "{{ nguoi_ky }}", bold=True)
    return document
