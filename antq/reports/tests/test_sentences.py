"""A figure reads as a Vietnamese report writes it: the number formatted
1.480, the comparison with the same period last year in words."""

from decimal import Decimal

import pytest

from antq.core.vietnamese import format_percent
from antq.reports.sentences import comparison, number, sentence

PHRASE = "Tổ chức {value} buổi tuyên truyền"


def test_a_decrease_is_said_with_its_share_of_last_year():
    assert (
        sentence("Buổi tuyên truyền", PHRASE, 1065, 1185, "buổi")
        == "Tổ chức 1.065 buổi tuyên truyền, giảm 10,1 % so với cùng kỳ"
    )


def test_an_increase():
    assert sentence("x", PHRASE, 1480, 1000, "buổi").endswith("tăng 48 % so với cùng kỳ")
    assert sentence("x", PHRASE, 1480, 1000, "buổi").startswith("Tổ chức 1.480 buổi")


def test_no_change():
    assert sentence("x", PHRASE, 12, 12, "buổi") == "Tổ chức 12 buổi tuyên truyền, bằng cùng kỳ"


def test_no_previous_value_says_so_instead_of_inventing_a_comparison():
    assert (
        sentence("x", PHRASE, 12, None, "buổi")
        == "Tổ chức 12 buổi tuyên truyền (cùng kỳ năm trước chưa có dữ liệu)"
    )


def test_no_current_value_says_there_is_none():
    assert sentence("Buổi tuyên truyền", PHRASE, None, 7, "buổi") == (
        "Buổi tuyên truyền: chưa có dữ liệu"
    )


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (0, 0, "bằng cùng kỳ"),
        (0, 8, "(cùng kỳ năm trước: 8 buổi)"),
        (5, 0, "(cùng kỳ năm trước: 0 buổi)"),
    ],
)
def test_zero_on_either_side_is_stated_never_a_fall_of_100_percent(current, previous, expected):
    assert comparison(current, previous, "buổi") == expected


def test_a_figure_against_a_zero_says_both_never_cung_ky_khong_co():
    text = sentence("x", PHRASE, 5, 0, "buổi")
    assert text == "Tổ chức 5 buổi tuyên truyền (cùng kỳ năm trước: 0 buổi)"
    assert sentence("x", PHRASE, 0, 8, "buổi") == (
        "Tổ chức 0 buổi tuyên truyền (cùng kỳ năm trước: 8 buổi)"
    )


def test_a_rate_reads_to_one_decimal_and_moves_by_percentage_points():
    assert (
        sentence(
            "Tỷ lệ khám phá", "Tỷ lệ khám phá đạt {value}", Decimal("52.05"), Decimal("49.5"), "%"
        )
        == "Tỷ lệ khám phá đạt 52,1 %, tăng 2,6 điểm phần trăm so với cùng kỳ"
    )


def test_without_a_phrase_the_name_and_unit_read_the_figure():
    assert (
        sentence("Số vụ phạm tội", "", 1480, 1480, "vụ") == "Số vụ phạm tội: 1.480 vụ, bằng cùng kỳ"
    )


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1480, "", "1.480"),
        (Decimal("1480.00"), "", "1.480"),
        (Decimal("12.50"), "", "12,5"),
        (Decimal("1234567.25"), "", "1.234.567,25"),
        (Decimal("52.05"), "%", "52,1 %"),
        (Decimal("87.5"), "%", "87,5 %"),
        (50, "%", "50 %"),
        (0, "", "0"),
    ],
)
def test_vietnamese_number_formatting(value, unit, expected):
    assert number(value, unit) == expected


def test_percent_format_keeps_the_space_and_drops_trailing_zeros():
    assert format_percent(Decimal("52.05")) == "52,05 %"
    assert format_percent(Decimal("12.50")) == "12,5 %"
    assert format_percent(Decimal("10.1"), 1) == "10,1 %"
    assert format_percent(None) == ""
