from datetime import date

import pytest

from antq.core.periods import InvalidPeriod, between, containing, parse


@pytest.mark.parametrize(
    ("period_id", "label", "start", "end"),
    [
        ("202507", "Tháng 7/2025", date(2025, 7, 1), date(2025, 7, 31)),
        ("2024Q1", "Quý I/2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("2025Q3", "Quý III/2025", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025S1", "6 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("2025S2", "6 tháng cuối năm 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025", "Năm 2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("202402", "Tháng 2/2024", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_dhis2_period_ids_read_as_vietnamese_periods(period_id, label, start, end):
    period = parse(period_id)
    assert (period.label, period.start, period.end, period.id) == (label, start, end, period_id)


@pytest.mark.parametrize("bad", ["", "2025Q5", "202513", "2025-07", "25Q1", "2025S3"])
def test_bad_period_ids_are_refused_in_vietnamese(bad):
    with pytest.raises(InvalidPeriod, match="không hợp lệ"):
        parse(bad)


def test_a_quarter_contains_its_three_months_and_a_year_its_quarters():
    assert [p.id for p in parse("2025Q3").parts("monthly")] == ["202507", "202508", "202509"]
    assert [p.id for p in parse("2025").parts("quarterly")] == [
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
    ]


def test_same_period_last_year_and_previous_period():
    assert parse("202501").same_period_last_year.id == "202401"
    assert parse("202501").previous.id == "202412"
    assert parse("2025Q1").previous.id == "2024Q4"


def test_periods_between_and_containing_a_day():
    assert [p.id for p in between(parse("202411"), parse("202502"))] == [
        "202411",
        "202412",
        "202501",
        "202502",
    ]
    assert containing(date(2025, 8, 19), "quarterly").id == "2025Q3"
    assert parse("202507").deadline(20) == date(2025, 8, 20)
