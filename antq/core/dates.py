"""No date after today: the one check every entry point calls.

A document, a meeting, a unit's closure, a statistics period or an imported
row records something that happened; a date after today is a typing mistake
(2062 for 2026) or a document signed in advance, and a clerk must not be able
to write either. Callers name what the date is ("Ngày ban hành", "Kỳ báo
cáo") so the refusal says which field is wrong, in Vietnamese.

    not_after_today(day, what=_("Ngày họp"))          # raises ValidationError
    future_date_message(day, what=...) -> str | None   # for importers that collect
    future_period_message(period) -> str | None        # a statistics period to come
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core.periods import Period
from antq.core.vietnamese import format_date


def today() -> date:
    """Today in Hà Nội (the project's TIME_ZONE), which is what "after today" means."""
    return timezone.localdate()


def future_date_message(day: date | None, *, what: str) -> str | None:
    """The Vietnamese sentence refusing `day` when it is after today, else None
    (an empty date is for the caller's own "required" rule)."""
    if day is None or day <= today():
        return None
    return _("%(what)s (%(day)s) ở sau ngày hôm nay (%(today)s): không ghi ngày chưa đến.") % {
        "what": what,
        "day": format_date(day),
        "today": format_date(today()),
    }


def not_after_today(day: date | None, *, what: str, field: str | None = None) -> date | None:
    """`day` unchanged, or ValidationError (on `field` when given) if it is
    after today. Call it before the first write, so nothing is written."""
    message = future_date_message(day, what=what)
    if message is None:
        return day
    raise ValidationError({field: [message]} if field else message)


def future_period_message(period: Period) -> str | None:
    """The Vietnamese sentence refusing figures for a statistics period that
    has not begun (its first day is after today), else None. The period under
    way is allowed: a month's figures are gathered before it ends."""
    if period.start <= today():
        return None
    return _(
        "Kỳ báo cáo %(period)s bắt đầu ngày %(day)s, sau ngày hôm nay (%(today)s): "
        "không nhập số liệu cho kỳ chưa đến."
    ) % {"period": period.label, "day": format_date(period.start), "today": format_date(today())}
