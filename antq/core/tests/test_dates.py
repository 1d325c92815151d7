"""The one check that refuses a date after today (the suite runs on 02/12/2026)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.core.dates import future_date_message, future_period_message, not_after_today, today
from antq.core.periods import parse


def test_today_is_the_day_in_ha_noi():
    assert today() == date(2026, 12, 2)


def test_today_and_the_past_pass_unchanged():
    assert not_after_today(date(2026, 12, 2), what="Ngày ký") == date(2026, 12, 2)
    assert not_after_today(date(2019, 12, 31), what="Ngày ký") == date(2019, 12, 31)
    assert not_after_today(None, what="Ngày ký") is None


def test_tomorrow_is_refused_with_a_vietnamese_sentence_naming_the_field():
    with pytest.raises(ValidationError) as refused:
        not_after_today(date(2026, 12, 3), what="Ngày họp")
    message = refused.value.messages[0]
    assert message.startswith("Ngày họp (03/12/2026) ở sau ngày hôm nay (02/12/2026)")


def test_a_refusal_can_sit_on_a_form_field():
    with pytest.raises(ValidationError) as refused:
        not_after_today(date(2062, 1, 1), what="Ngày ban hành", field="date")
    assert list(refused.value.message_dict) == ["date"]


def test_importers_collect_the_message_instead_of_raising():
    assert future_date_message(date(2026, 12, 1), what="Ngày") is None
    assert "01/01/2027" in future_date_message(date(2027, 1, 1), what="Ngày")


def test_a_statistics_period_to_come_is_refused_and_the_one_under_way_is_not():
    assert future_period_message(parse("202612")) is None  # December 2026 has begun
    assert future_period_message(parse("2026")) is None
    message = future_period_message(parse("202701"))
    assert message.startswith("Kỳ báo cáo Tháng 1/2027 bắt đầu ngày 01/01/2027, sau ngày hôm nay")
    assert "(02/12/2026)" in message
    assert "Quý I/2027" in future_period_message(parse("2027Q1"))
