"""Writes to the unit tree: create, update and close units below a commune.

Administrative units (provinces, districts, communes) come only from the
official packages through `antq.units.loaders`; users manage what sits below a
commune (residential areas, agencies, enterprises, schools), and provinces may
also hold the agencies, enterprises and schools they manage themselves.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.audit.context import current
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.access import EDIT, require
from antq.core.actors import Actor
from antq.core.dates import future_date_message
from antq.core.vietnamese import fold
from antq.units.models import BELOW_COMMUNE_TYPES, CHILD_TYPES, KINDS_BY_TYPE, Unit
from antq.units.placement import holds_placed_rows

EDITABLE_FIELDS = [
    "code",
    "name",
    "type",
    "kind",
    "households",
    "population",
    "address",
    "note",
]
AUDITED_FIELDS = [*EDITABLE_FIELDS, "parent_id", "valid_from", "valid_to", "path", "version"]


def unit_set_path(unit: Unit) -> None:
    """Fill `path` and `depth` from the parent; the row must already have an id."""
    parent_path = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2


def unit_refresh_derived(unit: Unit) -> None:
    unit.name_folded = fold(unit.name)[:255]
    if not unit.short_name:
        unit.short_name = unit.name


def _refusal() -> str:
    return _("Bạn không có quyền sửa dữ liệu của đơn vị này.")


def _validate_child(
    *, parent: Unit, type: str, kind: str, code: str, name: str, exclude_pk: int | None = None
) -> None:
    errors: dict[str, list[str]] = {}
    if not parent.is_open:
        errors.setdefault("parent", []).append(_("Đơn vị cấp trên đã ngừng hoạt động."))
    if type not in BELOW_COMMUNE_TYPES:
        errors.setdefault("type", []).append(
            _("Chỉ được tạo khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục.")
        )
    elif type not in CHILD_TYPES.get(parent.type, ()):
        errors.setdefault("type", []).append(
            _("Không thể đặt loại đơn vị này dưới %(parent)s.") % {"parent": parent.name}
        )
    if type in KINDS_BY_TYPE and kind not in KINDS_BY_TYPE[type]:
        errors.setdefault("kind", []).append(_("Loại hình không phù hợp với loại đơn vị."))
    if not name.strip():
        errors.setdefault("name", []).append(_("Cần nhập tên."))
    open_units = Unit.objects.filter(valid_to__isnull=True).exclude(pk=exclude_pk)
    if code and open_units.filter(code=code).exists():
        errors.setdefault("code", []).append(
            _("Mã %(code)s đã được dùng cho một đơn vị đang hoạt động.") % {"code": code}
        )
    siblings = open_units.filter(parent=parent, type=type, name_folded=fold(name))
    if name.strip() and siblings.exists():
        errors.setdefault("name", []).append(
            _("Đã có %(type)s tên “%(name)s” trong %(parent)s.")
            % {"type": Unit.Type(type).label.lower(), "name": name, "parent": parent.name}
        )
    if errors:
        raise ValidationError(errors)


def unit_next_code(parent: Unit) -> str:
    """Codes for units below a commune: the parent's code, a dash, a 3-digit number."""
    prefix = f"{parent.code}-"
    # Children only: the parent index finds them without scanning every code.
    taken = parent.children.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(c[len(prefix) :]) for c in taken if c[len(prefix) :].isdigit()]
    return f"{prefix}{(max(numbers) + 1 if numbers else 1):03d}"


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
    is_demo: bool = False,
) -> Unit:
    """Create a unit below `parent`.

    Raises Refused if `by` may not edit `parent`'s subtree and
    ValidationError (by field) for a wrong type, kind, duplicate code or name.
    Writes one audit entry.
    """
    require(by, EDIT, parent, _refusal())
    code = code.strip()
    name = " ".join(name.split())
    _validate_child(parent=parent, type=type, kind=kind, code=code, name=name)
    unit = Unit(
        parent=parent,
        type=type,
        kind=kind,
        name=name,
        code=code or unit_next_code(parent),
        households=households,
        population=population,
        address=address.strip(),
        note=note.strip(),
        valid_from=valid_from or timezone.localdate(),
        is_demo=is_demo,
        path="",
    )
    unit_refresh_derived(unit)
    unit.full_clean(exclude=["path", "name_folded"])
    unit.save()
    unit_set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=unit,
        unit_path=unit.path,
        after=snapshot(unit, AUDITED_FIELDS),
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by: Actor, expected_version: int | None = None, **changes) -> Unit:
    """Change the editable fields of a unit below a commune (see EDITABLE_FIELDS).

    Raises Refused; StaleVersion when `expected_version` is given and
    someone saved the unit since; ValidationError when the unit is an official
    administrative unit, is closed, or the new values are invalid.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: [_("Không được sửa trường này.")] for f in sorted(unknown)})
    require(by, EDIT, unit, _refusal())
    lock_current(unit, expected_version=expected_version)
    if not unit.is_below_commune:
        raise ValidationError(_("Đơn vị hành chính chỉ được cập nhật từ danh mục chính thức."))
    if not unit.is_open:
        raise ValidationError(_("Đơn vị đã ngừng hoạt động, không thể sửa."))
    before = snapshot(unit, AUDITED_FIELDS)
    for field, value in changes.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    unit.name = " ".join(unit.name.split())
    _validate_child(
        parent=unit.parent,
        type=unit.type,
        kind=unit.kind,
        code=unit.code,
        name=unit.name,
        exclude_pk=unit.pk,
    )
    if not unit.code:
        raise ValidationError({"code": [_("Cần nhập mã.")]})
    unit_refresh_derived(unit)
    unit.full_clean()
    if snapshot(unit, AUDITED_FIELDS) == before:
        return unit  # nothing changed: no new version, no audit entry
    bump(unit)
    unit.save()
    after = snapshot(unit, AUDITED_FIELDS)
    if after != before:
        audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=unit,
            unit_path=unit.path,
            before=before,
            after=after,
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
