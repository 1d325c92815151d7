"""A point typed as a phone or a map shows it, checked once for every module."""

from decimal import Decimal

import pytest

from antq.core.geo import point_errors, read_degrees


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("20,95123", Decimal("20.95123")),
        ("20.95123", Decimal("20.95123")),  # as Google Maps shows it: never 2.095.123
        ("107,052", Decimal("107.05200")),  # three decimals: not a thousands group either
        (" 107,05211° ", Decimal("107.05211")),
        (20.5, Decimal("20.50000")),
        ("", None),
    ],
)
def test_degrees_are_read_with_a_comma_or_a_point(typed, read):
    assert read_degrees(typed) == read


@pytest.mark.parametrize("typed", ["abc", "20,951,23", "1.480,5", "nan", 1e300, "9" * 40])
def test_what_is_not_a_coordinate_says_so_in_vietnamese(typed):
    with pytest.raises(ValueError, match="không phải là tọa độ"):
        read_degrees(typed)


def test_a_point_outside_vietnam_names_each_wrong_degree():
    errors = point_errors(Decimal("48.85"), Decimal("2.35"))  # Paris

    assert errors["latitude"][0].startswith("Vĩ độ phải từ 6 đến 24")
    assert errors["longitude"][0].startswith("Kinh độ phải từ 100 đến 118,5")


def test_half_a_point_asks_for_the_other_half():
    assert point_errors(Decimal("20.9"), None) == {
        "longitude": ["Nhập cả kinh độ (hoặc xóa vĩ độ)."]
    }


def test_trường_sa_and_hoàng_sa_are_inside():
    assert point_errors(Decimal("8.64"), Decimal("111.92")) == {}  # Trường Sa
    assert point_errors(Decimal("16.5"), Decimal("111.6")) == {}  # Hoàng Sa
