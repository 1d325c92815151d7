"""An audit entry as a person reads it: the model's Vietnamese field names,
choices by their labels, dates dd/mm/yyyy, numbers "1.480", yes/no in words;
never a Python dict or an ISO timestamp."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core.vietnamese import format_date, format_number

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name.removesuffix("_id"))
    except Exception:  # a key that is not a field (an indicator code, say)
        return None


def readable_value(value, field=None) -> str | None:
    """One stored value in words; None stays None (the page shows "∅")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if field is not None and getattr(field, "choices", None):
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, dict):
        return "; ".join(
            f"{k}: {readable_value(v)}" if k else str(readable_value(v)) for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return ", ".join(str(readable_value(v)) for v in value)
    if isinstance(value, int | float | Decimal):
        return _number(Decimal(str(value)))
    text = str(value)
    if _ISO_DATE.match(text):
        return format_date(date.fromisoformat(text))
    if _ISO_DATETIME.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if _NUMBER.match(text):
        try:
            return _number(Decimal(text))
        except InvalidOperation:
            return text
    return text


def _number(number: Decimal) -> str:
    normal = format(number.normalize(), "f")
    decimals = len(normal.split(".")[1]) if "." in normal else 0
    return format_number(number, decimals)


def readable_changes(entry) -> list[tuple[str, str | None, str | None]]:
    """(field name in Vietnamese, before, after) for what `entry` changed."""
    model = _model(entry.object_type)
    rows = []
    for name, before, after in entry.changed_fields():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        rows.append((label, readable_value(before, field), readable_value(after, field)))
    return rows
