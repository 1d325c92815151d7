from datetime import date
from decimal import Decimal

import pytest
from django import forms

from antq.core.forms import NumberField
from antq.core.vietnamese import (
    NotANumber,
    date_in_words,
    fold,
    format_date,
    format_number,
    name_key,
    parse_integer,
    parse_number,
)


def test_search_folding_makes_ben_tre_match_ben_tre_with_diacritics():
    assert fold("Bến Tre") == fold("ben tre") == "ben tre"


def test_folding_maps_d_with_stroke_and_collapses_spaces():
    assert fold("  Đồng   Nai ") == "dong nai"
    assert fold("Đặc khu Cô Tô") == "dac khu co to"


def test_name_key_ignores_punctuation_so_headers_match_with_or_without_star():
    assert name_key("Tên *") == name_key("tên") == "ten"


def test_numbers_use_dot_for_thousands_and_comma_for_decimals():
    assert format_number(1480) == "1.480"
    assert format_number(1234567.5, decimals=1) == "1.234.567,5"
    assert format_number(None) == ""


def test_dates_read_day_first():
    assert format_date(date(2025, 7, 1)) == "01/07/2025"


def test_date_in_words_pads_days_and_the_first_two_months_as_decree_30_asks():
    assert date_in_words(date(2026, 2, 5), "Hạ Long") == "Hạ Long, ngày 05 tháng 02 năm 2026"
    assert date_in_words(date(2026, 11, 20)) == "ngày 20 tháng 11 năm 2026"


# --- one reader of numbers, for every form, import and API field -------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1.480", 1480), ("1.480.000", 1480000), ("7,5", Decimal("7.5")),
     ("1.480,5", Decimal("1480.5")), (" 1 480 ", 1480), ("12.5", Decimal("12.5")),
     ("0.500", Decimal("0.5")), ("-3", -3), (1480, 1480), (7.5, Decimal("7.5"))],
)  # fmt: skip
def test_numbers_are_read_as_an_office_writes_them(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["abc", "1.48.0", "2.", ".5", "1,2,3", "NaN", "Infinity", True])
def test_what_is_not_a_number_is_refused_in_vietnamese(typed):
    with pytest.raises(NotANumber, match="không phải là số"):
        parse_number(typed)


def test_a_count_refuses_a_fraction_and_empty_is_nothing():
    assert parse_integer("1.480") == 1480
    assert parse_integer("") is None
    with pytest.raises(NotANumber, match="phải là số nguyên"):
        parse_integer("7,5")


def test_machine_written_numbers_keep_their_decimal_point():
    assert parse_number("1.480", machine=True) == Decimal("1.48")


class Counted(forms.Form):
    articles = NumberField(integer=True, label="Số bài viết")
    rate = NumberField(required=False, max_value=100)


def test_a_form_accepts_1_480_and_shows_it_back_the_same_way():
    form = Counted({"articles": "1.480", "rate": "7,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"articles": 1480, "rate": Decimal("7.5")}
    assert 'value="1.480"' in str(Counted(initial={"articles": 1480})["articles"])


def test_a_form_refuses_a_bad_number_with_a_vietnamese_message():
    form = Counted({"articles": "1,5", "rate": "120"})
    assert not form.is_valid()
    assert form.errors["articles"] == ["“1,5” phải là số nguyên."]
    assert form.errors["rate"] == ["Không được lớn hơn 100."]


def test_names_sort_in_vietnamese_alphabetical_order():
    from antq.core.vietnamese import collation_key

    names = ["Yên Thọ", "Đông Mai", "Dương Huy", "Ăn Khê", "An Sinh", "Âu Cơ", "Bãi Cháy", "Ba Chẽ"]
    assert sorted(names, key=collation_key) == [
        "An Sinh", "Ăn Khê", "Âu Cơ", "Ba Chẽ", "Bãi Cháy", "Dương Huy", "Đông Mai", "Yên Thọ",
    ]  # fmt: skip
    assert sorted(["Hà", "Ha", "Hạ", "Hả", "Há", "Hã"], key=collation_key) == [
        "Ha", "Hà", "Hả", "Hã", "Há", "Hạ",
    ]  # fmt: skip
