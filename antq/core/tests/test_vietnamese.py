from datetime import date

from antq.core.vietnamese import date_in_words, fold, format_date, format_number, name_key


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
