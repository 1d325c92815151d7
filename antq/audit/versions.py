"""No lost updates: every object two people can edit carries a `version`.

A write service starts with `lock_current(obj, expected_version=…)`: it locks
the object's row for the rest of the transaction (so concurrent moves of one
report or assessment run one after the other and the later ones see the state
the first left), reloads the object from it, and refuses an edit based on an
older version with `StaleVersion`, which lists what changed since, read from
the audit log (every write records the version it produced). The service then
calls `bump(obj)` before saving.
"""

from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _

from antq.audit.models import AuditEntry


class StaleVersion(Exception):
    """The edit was based on `expected`; the object is at `current` since `changes`."""

    def __init__(self, *, obj: models.Model, expected: int, changes: list[dict]):
        self.current = obj.version
        self.expected = expected
        self.changes = changes
        who = ", ".join(dict.fromkeys(c["actor"] for c in changes)) or _("người khác")
        super().__init__(
            _(
                "%(object)s đã được %(who)s sửa sau khi bạn mở (phiên bản %(expected)s → "
                "%(current)s). Xem các thay đổi, rồi nhập lại trên bản mới nhất."
            )
            % {"object": obj, "who": who, "expected": expected, "current": obj.version}
        )

    def as_dict(self) -> dict:
        return {"current_version": self.current, "your_version": self.expected}


def lock_current(obj: models.Model, *, expected_version: int | None = None) -> None:
    """Lock `obj`'s row until the transaction ends and reload its fields from it.
    Raises StaleVersion when `expected_version` is given and is not the row's."""
    fresh = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(fresh, field.attname))
    if expected_version is not None and obj.version != expected_version:
        raise StaleVersion(
            obj=obj, expected=expected_version, changes=changes_since(obj, expected_version)
        )


def bump(obj: models.Model) -> None:
    obj.version += 1


def changes_since(obj: models.Model, version: int) -> list[dict]:
    """The audited writes that took `obj` past `version`: who, when, and each
    field's value before and after."""
    entries = (
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), after__version__gt=version
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    changes = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        fields = [
            {
                "name": name,
                "label": _label(obj, name),
                "before": _plain(before.get(name)),
                "after": _plain(value),
            }
            for name, value in after.items()
            if name != "version" and _plain(before.get(name)) != _plain(value)
        ]
        changes.append(
            {
                "at": entry.at,
                "actor": entry.actor_display,  # the person's name, not a user name
                "note": entry.note,
                "version": after.get("version"),
                "fields": fields,
            }
        )
    return changes


def _plain(value):
    """A stored value as people read it: "3.0000" is 3, and a report's values by
    disaggregation option read "trom_cap: 2, khac: 1" (one value reads alone)."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" if k else str(_plain(v)) for k, v in value.items())
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return format(number.normalize(), "f") if number == number.to_integral() else value
    return value


def _label(obj: models.Model, name: str) -> str:
    try:
        return str(obj._meta.get_field(name.removesuffix("_id")).verbose_name)
    except Exception:  # a key that is not a field (an indicator code, say) labels itself
        return name


def form_saw_stale(form, stale: StaleVersion) -> None:
    """Keep a page's form on what the user typed, say what changed meanwhile, and
    move its hidden version to the current one: saving again is a deliberate
    choice made after seeing the other person's changes."""
    form.add_error(None, str(stale))
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(stale.current)


def form_save(form, save):
    """Run `save()` (a write service) for a valid page form. Returns (what it
    returned, None), or (None, the StaleVersion) after showing the changes, or
    (None, None) after putting the service's ValidationError on the form (by
    field where it names one).

    A refused right (`Refused`) or a move the state does not allow
    (`WrongState`) is not the form's business: it propagates, and the page
    answers 403 or 409 (`core.middleware.RefusalMiddleware`), never a form
    error with 200."""
    from django.core.exceptions import ValidationError

    from antq.core.forms import add_service_errors

    try:
        return save(), None
    except StaleVersion as stale:
        form_saw_stale(form, stale)
        return None, stale
    except ValidationError as error:
        add_service_errors(form, error)
    return None, None
