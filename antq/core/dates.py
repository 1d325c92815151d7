"""No date after today: the one check every entry point calls.

A document, a meeting, a unit's closure, a statistics period or an imported
row records something that happened; a date after today is a typing mistake
(2062 for 2026) or a document signed in advance, and a clerk must not be able
to write either. Callers name what the date is ("Ngày ban hành", "Kỳ báo
cáo") so the refusal says which field is wrong, in Vietnamese.

    not_after_today(day, what=_("Ngày họp"))          # raises ValidationError
    future_date_message(day, what=...) -> str | None   # for importers that collect
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

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
