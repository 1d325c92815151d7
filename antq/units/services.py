"""Writes to the unit tree: create, update and close units below a commune.

Administrative units (provinces, districts, communes) come only from the
official packages through `antq.units.loaders`; users manage what sits below a
commune (residential areas, agencies, enterprises, schools), and provinces may
also hold the agencies, Party bodies, Fatherland Front and mass organisations,
enterprises and schools they manage themselves. A system administrator may
correct the dates of an administrative unit (`/admin/`).

Every unit has a history: a founding date (`valid_from`, never after today)
and, once closed, a closing date, both within its parent's validity. A unit
of the past (an agency of Tỉnh Bến Tre that closed before 2025) is created
with both dates, under its parent of then, by whoever holds that parent's
past today.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.audit.context import current
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.access import EDIT, require
from antq.core.actors import Actor
from antq.core.dates import future_date_message
from antq.core.vietnamese import fold, format_date
from antq.units.history import unit_label, units_instead
from antq.units.models import BELOW_COMMUNE_TYPES, CHILD_TYPES, KINDS_BY_TYPE, Unit
from antq.units.placement import carriers_refresh, holds_placed_rows

EDITABLE_FIELDS = [
    "code",
    "name",
    "type",
    "kind",
    "households",
    "population",
    "address",
    "note",
    "valid_from",
    "valid_to",
]
# what may change on a closed unit, or (by a system administrator) on an
# administrative unit: its dates and a note
DATE_FIELDS = ["valid_from", "valid_to", "note"]
AUDITED_FIELDS = [*EDITABLE_FIELDS, "parent_id", "path", "version"]


def unit_set_path(unit: Unit) -> None:
    """Fill `path` and `depth` from the parent; the row must already have an id."""
    parent_path = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2
    if unit.valid_to is None:
        unit.carrier_path = unit.path  # an open unit carries itself


def unit_refresh_derived(unit: Unit) -> None:
    unit.name_folded = fold(unit.name)[:255]
    if not unit.short_name:
        unit.short_name = unit.name


def _refusal() -> str:
    return _("Bạn không có quyền sửa dữ liệu của đơn vị này.")


def _validate_dates(*, unit: Unit, parent: Unit | None, errors: dict[str, list[str]]) -> None:
    """A founding date not after today, before the closing date, and the
    unit's life within its parent's; its children's within its own."""
    start, end = unit.valid_from, unit.valid_to
    if message := future_date_message(start, what=_("Ngày thành lập")):
        errors.setdefault("valid_from", []).append(message)
    if message := future_date_message(end, what=_("Ngày ngừng hoạt động")):
        errors.setdefault("valid_to", []).append(message)
    if start is not None and end is not None and start > end:
        errors.setdefault("valid_to", []).append(
            _("Ngày ngừng hoạt động phải từ ngày thành lập trở đi.")
        )
    if parent is not None:
        _within_parent(unit, parent, errors)
    if unit.pk is not None:
        _children_within(unit, errors)


def _within_parent(unit: Unit, parent: Unit, errors: dict[str, list[str]]) -> None:
    """Known dates only: a date left empty (a unit loaded without one) is
    "since before antq", never a conflict."""
    start, end = unit.valid_from, unit.valid_to
    if parent.valid_from is not None and start is not None and start < parent.valid_from:
        message = _(
            "%(parent)s có từ %(parent_start)s: đơn vị trực thuộc không thành lập trước ngày đó."
        ) % {"parent": parent.name, "parent_start": format_date(parent.valid_from)}
        instead = units_instead(parent, start)
        if instead:
            message += " " + _("Trước ngày đó, hãy tạo đơn vị dưới: %(units)s.") % {
                "units": ", ".join(unit_label(u) for u in instead)
            }
        errors.setdefault("valid_from", []).append(message)
    if parent.valid_to is not None and (end is None or end > parent.valid_to):
        errors.setdefault("valid_to", []).append(
            _(
                "%(parent)s ngừng hoạt động từ %(parent_end)s: đơn vị trực thuộc phải có ngày "
                "ngừng hoạt động đến ngày đó."
            )
            % {"parent": parent.name, "parent_end": format_date(parent.valid_to)}
        )


def _children_within(unit: Unit, errors: dict[str, list[str]]) -> None:
    children = Unit.objects.filter(parent=unit)
    if unit.valid_from is not None:
        first = (
            children.filter(valid_from__lt=unit.valid_from).order_by("valid_from", "name").first()
        )
        if first is not None:
            errors.setdefault("valid_from", []).append(
                _("%(child)s trực thuộc đơn vị này có từ %(day)s, trước ngày thành lập mới.")
                % {"child": first.name, "day": format_date(first.valid_from)}
            )
    if unit.valid_to is not None:
        late = children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=unit.valid_to))
        if late.exists():
            errors.setdefault("valid_to", []).append(
                _("Còn đơn vị trực thuộc hoạt động sau ngày ngừng hoạt động.")
            )


def _overlapping(unit: Unit):
    """Other units whose life overlaps `unit`'s."""
    others = Unit.objects.exclude(pk=unit.pk) if unit.pk else Unit.objects.all()
    if unit.valid_to is not None:
        others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=unit.valid_to))
    if unit.valid_from is not None:
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=unit.valid_from))
    return others


def _validate(unit: Unit, *, parent: Unit) -> None:
    """The rules of a unit below a commune (or a province), by field."""
    errors: dict[str, list[str]] = {}
    if unit.type not in BELOW_COMMUNE_TYPES:
        errors.setdefault("type", []).append(
            _("Chỉ được tạo khu dân cư, cơ quan, tổ chức, doanh nghiệp, cơ sở giáo dục.")
        )
    elif unit.type not in CHILD_TYPES.get(parent.type, ()):
        errors.setdefault("type", []).append(
            _("Không thể đặt loại đơn vị này dưới %(parent)s.") % {"parent": parent.name}
        )
    if unit.type in KINDS_BY_TYPE and unit.kind not in KINDS_BY_TYPE[unit.type]:
        errors.setdefault("kind", []).append(_("Loại hình không phù hợp với loại đơn vị."))
    if not unit.name.strip():
        errors.setdefault("name", []).append(_("Cần nhập tên."))
    same_time = _overlapping(unit)
    if unit.code and same_time.filter(code=unit.code).exists():
        message = (
            _("Mã %(code)s đã được dùng cho một đơn vị đang hoạt động.")
            if unit.is_open
            else _("Mã %(code)s đã được dùng cho một đơn vị khác trong cùng thời gian.")
        )
        errors.setdefault("code", []).append(message % {"code": unit.code})
    siblings = same_time.filter(parent=parent, type=unit.type, name_folded=fold(unit.name))
    if unit.name.strip() and unit.type in Unit.Type.values and siblings.exists():
        errors.setdefault("name", []).append(
            _("Đã có %(type)s tên “%(name)s” trong %(parent)s.")
            % {
                "type": Unit.Type(unit.type).label.lower(),
                "name": unit.name,
                "parent": parent.name,
            }
        )
    _validate_dates(unit=unit, parent=parent, errors=errors)
    if errors:
        raise ValidationError(errors)


def unit_next_code(parent: Unit) -> str:
    """Codes for units below a commune: the parent's code, a dash, a 3-digit number."""
    prefix = f"{parent.code}-"
    # Children only: the parent index finds them without scanning every code.
    taken = parent.children.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(c[len(prefix) :]) for c in taken if c[len(prefix) :].isdigit()]
    return f"{prefix}{(max(numbers) + 1 if numbers else 1):03d}"


def _where(unit: Unit) -> str:
    """Where a right over `unit` is checked: today's unit carrying it (its
    own path while open), so a closed unit's past is written by the officers
    of the unit that holds it today."""
    return unit.carrier_path or unit.path


@transaction.atomic
def unit_create(
    *,
    parent: Unit,
    type: str,
    kind: str,
    name: str,
    by: Actor,
    code: str = "",
    households: int | None = None,
    population: int | None = None,
    address: str = "",
    note: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    is_demo: bool = False,
) -> Unit:
    """Create a unit below `parent`, founded on `valid_from` (default today)
    and, for a unit of the past, closed on `valid_to`.

    Raises Refused if `by` may not edit `parent`'s subtree (a closed parent:
    the subtree of today's unit carrying it) and ValidationError (by field)
    for a wrong type, kind, duplicate code or name, or dates outside the
    parent's life or after today. Writes one audit entry.
    """
    require(by, EDIT, _where(parent), _refusal())
    code = code.strip()
    unit = Unit(
        parent=parent,
        type=type,
        kind=kind,
        name=" ".join(name.split()),
        code=code,
        households=households,
        population=population,
        address=address.strip(),
        note=note.strip(),
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
        is_demo=is_demo,
        path="",
    )
    _validate(unit, parent=parent)
    unit.code = code or unit_next_code(parent)
    unit_refresh_derived(unit)
    unit.full_clean(exclude=["path", "name_folded", "carrier_path"])
    unit.save()
    unit_set_path(unit)
    unit.save(update_fields=["path", "depth", "carrier_path"])
    if not unit.is_open:
        carriers_refresh(unit.path)
        unit.refresh_from_db(fields=["carrier_path"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=unit,
        unit_path=unit.path,
        after=snapshot(unit, AUDITED_FIELDS),
    )
    return unit


def _check_changes(unit: Unit, changes: dict, by: Actor) -> None:
    """Which fields `by` may change on `unit`: everything editable on an open
    unit below a commune; only its dates and note on a closed one, or on an
    administrative unit (a system administrator's correction); a closing date
    only corrected, never added or removed here (`unit_close` closes)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: [_("Không được sửa trường này.")] for f in sorted(unknown)})
    if not unit.is_below_commune:
        require(by, EDIT, None, _("Chỉ quản trị hệ thống được sửa ngày của đơn vị hành chính."))
    else:
        require(by, EDIT, _where(unit), _refusal())
    if not unit.is_below_commune and set(changes) - set(DATE_FIELDS):
        raise ValidationError(_("Đơn vị hành chính chỉ được cập nhật từ danh mục chính thức."))
    if not unit.is_open and set(changes) - set(DATE_FIELDS):
        raise ValidationError(_("Đơn vị đã ngừng hoạt động: chỉ sửa được ngày và ghi chú."))
    if "valid_to" in changes and (unit.is_open or changes["valid_to"] is None):
        raise ValidationError(
            {"valid_to": [_("Ngày ngừng hoạt động chỉ được sửa khi đơn vị đã ngừng hoạt động.")]}
        )


@transaction.atomic
def unit_update(*, unit: Unit, by: Actor, expected_version: int | None = None, **changes) -> Unit:
    """Change the editable fields of a unit (see EDITABLE_FIELDS and
    `_check_changes`), its founding date included.

    Raises Refused; StaleVersion when `expected_version` is given and
    someone saved the unit since; ValidationError when a field may not
    change or the new values are invalid (dates outside the parent's life or
    around a child's, after today). Writes one audit entry when something
    changed.
    """
    _check_changes(unit, changes, by)
    lock_current(unit, expected_version=expected_version)
    before = snapshot(unit, AUDITED_FIELDS)
    for field, value in changes.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    unit.name = " ".join(unit.name.split())
    if unit.is_below_commune:
        _validate(unit, parent=unit.parent)
        if not unit.code:
            raise ValidationError({"code": [_("Cần nhập mã.")]})
    else:
        errors: dict[str, list[str]] = {}
        _validate_dates(unit=unit, parent=unit.parent, errors=errors)
        if errors:
            raise ValidationError(errors)
    unit_refresh_derived(unit)
    unit.full_clean()
    if snapshot(unit, AUDITED_FIELDS) == before:
        return unit  # nothing changed: no new version, no audit entry
    bump(unit)
    unit.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=unit,
        unit_path=unit.path,
        before=before,
        after=snapshot(unit, AUDITED_FIELDS),
    )
    return unit


@transaction.atomic
def unit_close(
    *, unit: Unit, by: Actor, on: date, reason: str = "", expected_version: int | None = None
) -> Unit:
    """Close a unit below a commune on `on` (it stays in history, never deleted).

    Raises Refused (see unit_update), StaleVersion; ValidationError if it has
    open children, is already closed, or `on` is before it opened.

    What was recorded for the unit is then carried by its commune (a closed
    unit with no successor is carried by its nearest ancestor), so when it
    holds placed rows the restatement job is queued, as `by`, once the close
    is committed.
    """
    require(by, EDIT, unit, _refusal())
    lock_current(unit, expected_version=expected_version)
    errors = []
    if not unit.is_below_commune:
        errors.append(_("Đơn vị hành chính chỉ được đóng theo danh mục chính thức."))
    if not unit.is_open:
        errors.append(_("Đơn vị đã ngừng hoạt động từ trước."))
    if unit.valid_from and on < unit.valid_from:
        errors.append(_("Ngày đóng không được trước ngày bắt đầu hiệu lực."))
    if unit.children.filter(valid_to__isnull=True).exists():
        errors.append(_("Còn đơn vị trực thuộc đang hoạt động."))
    future = future_date_message(on, what=_("Ngày đóng"))
    if future:
        errors.append(future)
    if errors:
        raise ValidationError(errors)
    before = snapshot(unit, AUDITED_FIELDS)
    unit.valid_to = on
    if reason:
        unit.note = f"{unit.note}\n{reason}".strip()
    bump(unit)
    unit.save(update_fields=["valid_to", "note", "updated_at", "version"])
    carriers_refresh(unit.path)  # its past (and what it carried) moves to its ancestor
    unit.refresh_from_db(fields=["carrier_path"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CLOSE,
        obj=unit,
        unit_path=unit.path,
        before=before,
        after=snapshot(unit, AUDITED_FIELDS),
        note=reason,
    )
    if holds_placed_rows(unit):
        _restate_after_commit(by)
    return unit


def _restate_after_commit(by: Actor) -> None:
    # jobs runs the units importer, which calls these services: import late
    from antq.units.jobs import restate_enqueue

    context = current()
    transaction.on_commit(
        lambda: restate_enqueue(by=by, source=context.source, ip_address=context.ip_address)
    )
