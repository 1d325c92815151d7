"""Writes of models, sites, evaluations and exemplary examples, each audited.

Rules:
- a model is registered by a unit that exists on its start date; its first
  site is usually that unit or one of its residential areas;
- a site is a unit inside the registering unit's area (a commune's model runs
  in the commune; a province's anywhere in the province), existing on the
  site's start date, at most once at a time; replicating creates a new site
  that remembers the site it came from;
- a site stops once (`Site.moves`); a model pauses, resumes and ends, and
  stays ended (`CommunityModel.moves`);
- one evaluation per site and year, of a year that has begun;
- an exemplary individual is an official or a member of the movement named
  with their position; never a private person's views.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.community.models import (
    CommunityModel,
    Evaluation,
    Example,
    LeadOrganisation,
    ModelCategory,
    Site,
)
from antq.core.actors import person_of
from antq.core.dates import future_date_message
from antq.core.geo import point_errors
from antq.core.vietnamese import fold, format_date
from antq.units.models import Unit
from antq.units.placement import place, unit_place

MODEL_FIELDS = [
    "unit_id", "name", "category_id", "lead_organisation", "description", "started_on",
    "status", "exemplary_year", "version",
]  # fmt: skip
SITE_FIELDS = [
    "model_id", "unit_id", "started_on", "ended_on", "groups", "participants",
    "participant_kind", "origin_id", "latitude", "longitude", "version",
]  # fmt: skip
EXAMPLE_FIELDS = ["kind", "unit_id", "person_name", "position", "achievement", "year", "version"]
SITE_TYPES = {
    Unit.Type.COMMUNE,
    Unit.Type.RESIDENTIAL_AREA,
    Unit.Type.AGENCY,
    Unit.Type.ENTERPRISE,
    Unit.Type.SCHOOL,
}


def _audit(by: Actor, action: str, obj, fields: list[str], before: dict | None = None) -> None:
    audit_record(
        actor=by,
        action=action,
        obj=obj,
        unit_path=obj.scope_path,
        before=before,
        after=snapshot(obj, fields),
    )


def _existed(unit: Unit, day: date, field: str, errors: dict) -> None:
    if not unit.is_valid_on(day):
        errors.setdefault(field, []).append(
            _("%(unit)s không tồn tại vào ngày %(day)s.")
            % {"unit": unit.name, "day": format_date(day)}
        )


def _not_future(day: date, field: str, errors: dict) -> None:
    if message := future_date_message(day, what=_("Ngày")):
        errors.setdefault(field, []).append(message)


# --- models -----------------------------------------------------------------


@dataclass
class ModelInput:
    unit: Unit
    name: str
    category: ModelCategory
    lead_organisation: str
    started_on: date
    description: str = ""


def model_check(data: ModelInput) -> None:
    """The one validator of a model, for forms, the API and imports."""
    errors: dict[str, list[str]] = {}
    if not " ".join(data.name.split()):
        errors["name"] = [_("Nhập tên mô hình.")]
    if not data.category.active:
        errors["category"] = [_("Nhóm “%(n)s” không còn dùng.") % {"n": data.category.name}]
    if data.lead_organisation not in LeadOrganisation.values:
        errors["lead_organisation"] = [_("Chọn cơ quan, tổ chức chủ trì.")]
    _existed(data.unit, data.started_on, "started_on", errors)
    _not_future(data.started_on, "started_on", errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def model_register(
    *,
    by: Actor,
    data: ModelInput,
    site_unit: Unit | None = None,
    groups: int = 1,
    participants: int = 0,
    participant_kind: str = Site.Participants.HOUSEHOLDS,
) -> CommunityModel:
    """Register a model and, with `site_unit`, its first site (same start).
    Raises Refused outside the unit's scope, ValidationError."""
    model = CommunityModel(
        unit=data.unit,
        name=" ".join(data.name.split()),
        category=data.category,
        lead_organisation=data.lead_organisation,
        description=data.description,
        started_on=data.started_on,
        created_by=person_of(by),
    )
    place(model)
    require(by, EDIT, model.scope_path, _("Bạn không có quyền đăng ký mô hình cho đơn vị này."))
    model_check(data)
    model.name_folded = fold(model.name)
    model.save()
    _audit(by, AuditEntry.Action.CREATE, model, MODEL_FIELDS)
    if site_unit is not None:
        site_add(
            by=by,
            model=model,
            unit=site_unit,
            started_on=data.started_on,
            groups=groups,
            participants=participants,
            participant_kind=participant_kind,
        )
    return model


def model_statuses(model: CommunityModel) -> list[str]:
    """The statuses `model` may take now: its own, and those its moves lead to."""
    return [model.status, *(move.target for move in CommunityModel.moves.allowed(model))]


def _status_move(model: CommunityModel, status: str) -> None:
    """Make the declared move that takes `model` to `status` (WrongState
    when its status does not allow it)."""
    if status == model.status:
        return
    move = next((m for m in CommunityModel.moves.moves.values() if m.target == status), None)
    if move is None:
        raise ValidationError({"status": [_("Chọn tình trạng.")]})
    CommunityModel.moves.apply(model, move.name)


@transaction.atomic
def model_update(
    *, by: Actor, model: CommunityModel, expected_version: int | None = None, **changes
) -> CommunityModel:
    """Edit a model's description, and move its status (pause, resume, end)
    as `CommunityModel.moves` allows. Raises StaleVersion, Refused,
    WrongState (e.g. an ended model made active), ValidationError."""
    lock_current(model, expected_version=expected_version)
    require(by, EDIT, model.scope_path, _("Bạn không có quyền sửa mô hình này."))
    before = snapshot(model, MODEL_FIELDS)
    allowed = {"name", "category", "lead_organisation", "description", "status"}
    if set(changes) - allowed:
        raise ValueError(f"not editable: {sorted(set(changes) - allowed)}")
    _status_move(model, changes.pop("status", model.status))
    for field, value in changes.items():
        setattr(model, field, value)
    model_check(
        ModelInput(
            unit=model.unit,
            name=model.name,
            category=model.category,
            lead_organisation=model.lead_organisation,
            started_on=model.started_on,
        )
    )
    model.name = " ".join(model.name.split())
    model.name_folded = fold(model.name)
    bump(model)
    model.save()
    _audit(by, AuditEntry.Action.UPDATE, model, MODEL_FIELDS, before=before)
    return model


@transaction.atomic
def model_recognise(*, by: Actor, model: CommunityModel, year: int | None) -> CommunityModel:
    """Recognise the model as exemplary (điển hình) in `year`, or withdraw it:
    a judgement, so an approver's (a data-entry clerk records, never judges)."""
    lock_current(model)
    require(by, APPROVE, model.scope_path, _("Chỉ cán bộ xét duyệt công nhận mô hình điển hình."))
    if year is not None and not (model.started_on.year <= year <= timezone.localdate().year):
        raise ValidationError({"year": [_("Năm công nhận từ năm bắt đầu mô hình đến năm nay.")]})
    before = snapshot(model, MODEL_FIELDS)
    model.exemplary_year = year
    bump(model)
    model.save()
    _audit(by, AuditEntry.Action.UPDATE, model, MODEL_FIELDS, before=before)
    return model


# --- sites --------------------------------------------------------------------


def site_check(
    *,
    model: CommunityModel,
    unit: Unit,
    started_on: date,
    groups: int,
    participants: int,
    participant_kind: str,
    origin: Site | None = None,
) -> None:
    """The one validator of a site (`model` may not be saved yet)."""
    errors: dict[str, list[str]] = {}
    if unit.type not in SITE_TYPES:
        errors["unit"] = [_("Mô hình áp dụng ở xã, khu dân cư, cơ quan, doanh nghiệp, trường học.")]
    elif not unit_place(unit)["scope_path"].startswith(model.scope_path):
        errors["unit"] = [
            _(
                "%(unit)s ở ngoài địa bàn của %(owner)s, đơn vị đăng ký mô hình; đăng ký mô "
                "hình ở cấp trên hoặc ở đơn vị mới (ghi nguồn nhân rộng)."
            )
            % {"unit": unit.name, "owner": model.unit.name}
        ]
    _existed(unit, started_on, "started_on", errors)
    _not_future(started_on, "started_on", errors)
    if started_on < model.started_on:
        errors.setdefault("started_on", []).append(
            _("Mô hình bắt đầu ngày %(day)s; điểm áp dụng không thể trước đó.")
            % {"day": format_date(model.started_on)}
        )
    if groups is None or participants is None or groups < 0 or participants < 0:
        errors["participants"] = [_("Số tổ, nhóm và số tham gia không được âm.")]
    if participant_kind not in Site.Participants.values:
        errors["participant_kind"] = [_("Tính theo hộ hoặc thành viên.")]
    if origin is not None and origin.model_id != model.pk:
        errors["origin"] = [_("Điểm nguồn phải thuộc cùng mô hình.")]
    if model.pk and Site.objects.filter(model=model, unit=unit, ended_on__isnull=True).exists():
        errors.setdefault("unit", []).append(
            _("Mô hình đang được áp dụng ở %(unit)s.") % {"unit": unit.name}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def site_add(
    *,
    by: Actor,
    model: CommunityModel,
    unit: Unit,
    started_on: date,
    groups: int = 1,
    participants: int = 0,
    participant_kind: str = Site.Participants.HOUSEHOLDS,
    origin: Site | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Site:
    """Apply a model at a unit (with where on the map when known); with
    `origin`, replicate it from that site. Raises Refused outside the unit's
    scope, ValidationError."""
    site = Site(
        model=model,
        unit=unit,
        started_on=started_on,
        groups=groups,
        participants=participants,
        participant_kind=participant_kind,
        origin=origin,
        latitude=latitude,
        longitude=longitude,
    )
    place(site)
    require(
        by,
        EDIT,
        site.scope_path,
        _("Bạn không có quyền áp dụng mô hình ở %(u)s.") % {"u": unit.name},
    )
    # one running site per unit: concurrent replications run one after the other
    CommunityModel._base_manager.select_for_update().filter(pk=model.pk).exists()
    site_check(
        model=model,
        unit=unit,
        started_on=started_on,
        groups=groups,
        participants=participants,
        participant_kind=participant_kind,
        origin=origin,
    )
    errors = point_errors(latitude, longitude)
    if errors:
        raise ValidationError(errors)
    site.save()
    _audit(by, AuditEntry.Action.CREATE, site, SITE_FIELDS)
    return site


@transaction.atomic
def site_end(*, by: Actor, site: Site, on: date) -> Site:
    """Stop applying the model at a site (the row stays). Raises Refused,
    WrongState (already stopped), ValidationError."""
    lock_current(site)
    require(by, EDIT, site.scope_path, _("Bạn không có quyền sửa điểm áp dụng này."))
    Site.moves.check(site, "end")
    if on < site.started_on:
        raise ValidationError({"on": [_("Ngày dừng phải sau ngày áp dụng.")]})
    before = snapshot(site, SITE_FIELDS)
    site.ended_on = on
    bump(site)
    site.save()
    _audit(by, AuditEntry.Action.CLOSE, site, SITE_FIELDS, before=before)
    return site


@transaction.atomic
def site_evaluate(*, by: Actor, site: Site, year: int, result: str, note: str = "") -> Evaluation:
    """The year's evaluation of a site (replaces an earlier one of that year)."""
    require(by, EDIT, site.scope_path, _("Bạn không có quyền đánh giá điểm áp dụng này."))
    errors: dict[str, list[str]] = {}
    if result not in Evaluation.Result.values:
        errors["result"] = [_("Chọn kết quả đánh giá.")]
    if not (site.started_on.year <= year <= timezone.localdate().year):
        errors["year"] = [
            _("Đánh giá năm từ %(a)s đến %(b)s.")
            % {"a": site.started_on.year, "b": timezone.localdate().year}
        ]
    if errors:
        raise ValidationError(errors)
    existing = Evaluation.objects.filter(site=site, year=year).first()
    before = {"result": existing.result, "note": existing.note} if existing else None
    evaluation, _created = Evaluation.objects.update_or_create(
        site=site,
        year=year,
        defaults={
            "result": result,
            "note": note[:500],
            "evaluated_by": person_of(by),
        },
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE if existing else AuditEntry.Action.CREATE,
        obj=evaluation,
        unit_path=site.scope_path,
        before=before,
        after={"site": site.pk, "year": year, "result": result, "note": evaluation.note},
    )
    return evaluation


# --- exemplary examples -----------------------------------------------------------


@dataclass
class ExampleInput:
    kind: str
    unit: Unit
    achievement: str
    year: int
    person_name: str = ""
    position: str = ""


def _check_example(data: ExampleInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.kind not in Example.Kind.values:
        errors["kind"] = [_("Chọn tập thể hoặc cá nhân.")]
    if data.kind == Example.Kind.INDIVIDUAL and not data.person_name.strip():
        errors["person_name"] = [_("Nhập họ và tên của cá nhân điển hình.")]
    if data.kind == Example.Kind.COLLECTIVE and data.person_name.strip():
        errors["person_name"] = [_("Tập thể điển hình là một đơn vị; để trống họ và tên.")]
    if not data.achievement.strip():
        errors["achievement"] = [_("Nhập thành tích.")]
    if not (2000 <= data.year <= timezone.localdate().year):
        errors["year"] = [_("Năm %(y)s không hợp lệ.") % {"y": data.year}]
    elif not any(
        data.unit.is_valid_on(day) for day in (date(data.year, 1, 1), date(data.year, 12, 31))
    ):
        errors["unit"] = [
            _("%(unit)s không tồn tại trong năm %(y)s.") % {"unit": data.unit.name, "y": data.year}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def example_create(*, by: Actor, data: ExampleInput) -> Example:
    """Record an exemplary collective or individual (audited)."""
    example = Example(
        kind=data.kind,
        unit=data.unit,
        person_name=" ".join(data.person_name.split()),
        position=data.position.strip(),
        achievement=data.achievement.strip(),
        year=data.year,
        created_by=person_of(by),
    )
    place(example)
    require(by, EDIT, example.scope_path, _("Bạn không có quyền ghi điển hình của đơn vị này."))
    _check_example(data)
    example.save()
    _audit(by, AuditEntry.Action.CREATE, example, EXAMPLE_FIELDS)
    return example


@transaction.atomic
def example_update(
    *, by: Actor, example: Example, data: ExampleInput, expected_version: int | None = None
) -> Example:
    """Edit an example, possibly moving it to another unit in the editor's scope."""
    lock_current(example, expected_version=expected_version)
    require(by, EDIT, example.scope_path, _("Bạn không có quyền sửa điển hình này."))
    _check_example(data)
    before = snapshot(example, EXAMPLE_FIELDS)
    for field in ("kind", "unit", "achievement", "year"):
        setattr(example, field, getattr(data, field))
    example.person_name = " ".join(data.person_name.split())
    example.position = data.position.strip()
    place(example)
    require(by, EDIT, example.scope_path, _("Bạn không có quyền ghi điển hình của đơn vị này."))
    bump(example)
    example.save()
    _audit(by, AuditEntry.Action.UPDATE, example, EXAMPLE_FIELDS, before=before)
    return example
