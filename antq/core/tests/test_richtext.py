"""Narrative sections are plain rich text: paragraphs, bullets, bold and the
[…] placeholders still to write; rendered escaped, never as raw HTML."""

from antq.core.richtext import parse, placeholders, to_html


def test_lines_become_paragraphs_and_dashes_bullets():
    blocks = parse("Đoạn một.\n\n- Ý thứ nhất\n* Ý thứ hai\nĐoạn cuối.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "Đoạn một."),
        ("li", "Ý thứ nhất"),
        ("li", "Ý thứ hai"),
        ("p", "Đoạn cuối."),
    ]


def test_double_stars_mark_bold():
    assert parse("**Ưu điểm:** phong trào sâu rộng")[0].runs == [
        ("Ưu điểm:", True),
        (" phong trào sâu rộng", False),
    ]


def test_html_is_escaped_and_lists_are_wrapped():
    html = to_html("<script>alert(1)</script>\n- **một**\n- hai")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<ul><li><strong>một</strong></li><li>hai</li></ul>" in html


def test_placeholders_are_found_and_marked():
    text = "Tình hình [Nêu đặc điểm địa bàn.] ổn định"
    assert placeholders(text) == ["[Nêu đặc điểm địa bàn.]"]
    assert '<mark class="placeholder">[Nêu đặc điểm địa bàn.]</mark>' in to_html(text)
    assert placeholders("Không còn chỗ trống.") == []
