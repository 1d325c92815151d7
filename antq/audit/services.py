"""The one write path into the audit log, and the one way configuration
tables change (`configuration_create`, `configuration_update`; the rule is
in `audit.configuration`)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.audit.configuration import configured, frozen_fields, use_of
from antq.audit.context import current
from antq.audit.models import AuditEntry
from antq.core.access import EDIT, require
from antq.core.bulk import insert_rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` (foreign keys as ids), ready for JSON."""
    names = fields or [f.attname for f in obj._meta.concrete_fields if f.name not in {"password"}]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def _actor_columns(actor) -> dict:
    """The actor's columns: a person keeps a link; the system (or nobody, for
    a failed sign-in) is named only."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        return {"actor": actor, "actor_name": actor.get_username()[:150]}
    name = actor.get_username() if actor is not None else "hệ thống"
    return {"actor": None, "actor_name": name[:150]}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    unit_path: str = "",
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one audit entry. Call inside the same transaction as the write it
    describes, so both land or neither does. Source and address come from the
    audit context set by the caller's edge (web, API, CLI)."""
    context = current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    return AuditEntry.objects.create(
        **_actor_columns(actor),
        action=action,
        source=context.source,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        unit_path=unit_path,
        before=before,
        after=after,
        ip_address=context.ip_address,
        note=note[:255],
    )


def audit_read(*, actor, obj: models.Model, what: str, unit_path: str, count: int) -> AuditEntry:
    """Record that `actor` read personal data (`count` people of `obj`, such
    as a team's member list) through a page, the API or a printout: one entry
    per reading, at the unit whose people were read. Reads write nothing else,
    so it commits on its own."""
    return audit_record(
        actor=actor,
        action=AuditEntry.Action.READ,
        obj=obj,
        object_repr=what,
        unit_path=unit_path,
        after={"people": count},
    )


def audit_record_each(
    *,
    actor,
    action: str,
    objects: list[models.Model],
    unit_path_of,
    before_of=None,
    after_of=None,
    note: str = "",
) -> int:
    """One entry per row of a bulk write (a decision that awards every
    nomination it lists, an approval of many reports): a bulk move is
    audited row by row like the same moves made one at a time, in one
    statement (`audit_rows`). `unit_path_of`, `before_of` and `after_of`
    take one row and give its entry's path and snapshots. Returns how many
    entries were written."""
    return audit_rows(
        actor=actor,
        action=action,
        rows=[
            AuditRow(
                obj._meta.label_lower,
                str(obj.pk),
                str(obj),
                unit_path_of(obj),
                before_of(obj) if before_of else None,
                after_of(obj) if after_of else None,
            )
            for obj in objects
        ],
        note=note,
    )


class AuditRow(NamedTuple):
    """What one entry of a bulk write says of its row."""

    object_type: str
    object_id: str
    object_repr: str
    unit_path: str
    before: dict | None
    after: dict | None


def audit_rows(*, actor, action: str, rows: list[AuditRow], note: str = "") -> int:
    """The bulk trail itself: one entry per row, the actor, action, source,
    address, time and note shared, written at once (`core.bulk.insert_rows`:
    COPY on PostgreSQL). No AuditEntry instances are built: an import audits every
    report it touches (forty thousand in a national year), and the ORM's
    per-field preparation cost more than writing the rows."""
    if not rows:
        return 0
    context = current()
    who = _actor_columns(actor)
    meta = AuditEntry._meta
    ops = connection.ops
    encoder = meta.get_field("after").encoder
    shared = {
        "at": ops.adapt_datetimefield_value(timezone.now()),
        "actor_id": who["actor"].pk if who["actor"] is not None else None,
        "actor_name": who["actor_name"],
        "action": action,
        "source": context.source,
        "ip_address": ops.adapt_ipaddressfield_value(context.ip_address),
        "note": note[:255],
    }
    values = [
        (
            *shared.values(),
            row.object_type,
            row.object_id,
            row.object_repr[:255],
            row.unit_path,
            None if row.before is None else ops.adapt_json_value(row.before, encoder),
            None if row.after is None else ops.adapt_json_value(row.after, encoder),
        )
        for row in rows
    ]
    names = (*shared, *AuditRow._fields)
    insert_rows(meta.db_table, [meta.get_field(name).column for name in names], values)
    return len(values)


def _configuration_refusal() -> str:
    return _("Chỉ quản trị hệ thống được sửa danh mục cấu hình.")


@transaction.atomic
def configuration_create(*, by, model: type[models.Model], values: dict) -> models.Model:
    """A new entry of a configuration table (see `audit.configuration`).
    Raises Refused unless `by` is a system administrator, ValidationError
    (by field, Vietnamese) for bad or duplicate values. One audit entry."""
    configured(model)
    require(by, EDIT, None, _configuration_refusal())
    entry = model(**values)
    entry.full_clean()
    entry.save()
    audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def configuration_update(*, by, entry: models.Model, changes: dict) -> models.Model:
    """Change a configuration entry: never its code, never what defines its
    figures once it is used (a new entry is made instead), deactivated
    rather than deleted. Raises Refused unless `by` is a system
    administrator, ValidationError naming the field that may not change.
    One audit entry with the values before and after (nothing when nothing
    changed)."""
    require(by, EDIT, None, _configuration_refusal())
    entry = type(entry)._base_manager.select_for_update().get(pk=entry.pk)
    before = snapshot(entry)
    frozen = frozen_fields(entry)
    errors = {}
    for field, value in changes.items():
        if field in frozen and getattr(entry, entry._meta.get_field(field).attname) != (
            value.pk if isinstance(value, models.Model) else value
        ):
            errors[field] = [_frozen_message(entry, field)]
        setattr(entry, field, value)
    if errors:
        raise ValidationError(errors)
    entry.full_clean()
    if snapshot(entry) == before:
        return entry
    entry.save()
    audit_record(
        actor=by, action=AuditEntry.Action.UPDATE, obj=entry, before=before, after=snapshot(entry)
    )
    return entry


def _frozen_message(entry: models.Model, field: str) -> str:
    label = entry._meta.get_field(field).verbose_name
    if field == configured(type(entry)).code_field:
        return _("Không đổi mã của một mục đã có (số liệu, tệp nhập và DHIS2 dùng mã này).")
    return _(
        "Không đổi “%(field)s”: %(why)s, đổi sẽ làm thay đổi số liệu đã có. Hãy tạo mục mới "
        "(mã mới) và ngừng dùng mục này."
    ) % {"field": label, "why": use_of(entry)}
