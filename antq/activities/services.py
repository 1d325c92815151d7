"""Writes of activities: one validator (`activity_check`), audited services.

The history rule: an activity belongs to the unit that organised it on its
date. A unit closed in the 2025 reform can be chosen for dates it existed,
by a user whose scope covers today's successor; an open unit only from the
day it was founded.

A review conference may name the period it reviews (`activities.reviews`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, can, require
from antq.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    ActivityOutput,
    FestivalPlan,
    FestivalSite,
    OutputKind,
    ThreatCategory,
)
from antq.activities.reviews import reviewed_end, reviewed_errors
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.dates import future_date_message
from antq.core.geo import POINT_FIELDS, point_errors
from antq.core.periods import FIRST_DAY
from antq.core.vietnamese import fold, format_date
from antq.units.models import Unit
from antq.units.placement import place, unit_place

FIELDS = [
    "unit_id",
    "kind_id",
    "title",
    "topic",
    "host",
    "date",
    "end_date",
    "presenter_name",
    "presenter_position",
    "chair_name",
    "chair_position",
    "attendance",
    "reviewed_period",
    "is_public",
    "version",
]
EDITABLE = [f.removesuffix("_id") for f in FIELDS if f != "version"]
MAX_DAYS = 366
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@dataclass
class ActivityInput:
    """What a person enters: the unit and kind resolved, codes for the rest."""

    unit: Unit
    kind: ActivityKind
    title: str
    date: date
    end_date: date | None = None
    topic: str = ""
    host: str = ""
    presenter_name: str = ""
    presenter_position: str = ""
    chair_name: str = ""
    chair_position: str = ""
    attendance: int = 0
    reviewed_period: str = ""
    is_public: bool = False
    categories: Iterable[str] = ()
    outputs: Mapping[str, int] | None = None


def _lifetime(unit: Unit) -> str:
    if unit.valid_from and unit.valid_to:
        return _("tồn tại từ %(start)s đến %(end)s") % {
            "start": format_date(unit.valid_from),
            "end": format_date(unit.valid_to),
        }
    if unit.valid_to:
        return _("tồn tại đến %(end)s") % {"end": format_date(unit.valid_to)}
    return _("thành lập từ %(start)s") % {"start": format_date(unit.valid_from)}


def activity_check(
    *, by: Actor, data: ActivityInput
) -> tuple[list[ThreatCategory], dict[OutputKind, int]]:
    """The one validator of an activity, for forms, the API and imports alike.
    Raises ValidationError by field, in Vietnamese, then Refused when `by` may
    not record for the unit (today's unit carrying it decides); returns the
    categories and outputs resolved from their codes. Any unit that existed on
    the activity's dates may be chosen, a district closed in 2025 included:
    the past is data."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    unit = data.unit
    if not data.title.strip():
        refuse("title", _("Nhập tên hoạt động."))
    if not data.kind.active:
        refuse("kind", _("Loại hoạt động “%(name)s” không còn dùng.") % {"name": data.kind.name})
    if data.date < FIRST_DAY:
        refuse(
            "date",
            _("Ngày %(day)s quá sớm: antq ghi nhận hoạt động từ %(first)s.")
            % {"day": format_date(data.date), "first": format_date(FIRST_DAY)},
        )
    elif message := future_date_message(data.date, what=_("Ngày diễn ra")):
        refuse("date", message)
    end = data.end_date
    if end is not None and end < data.date:
        refuse("end_date", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    elif end is not None and (end - data.date).days > MAX_DAYS:
        refuse("end_date", _("Một hoạt động kéo dài không quá %(n)s ngày.") % {"n": MAX_DAYS})
    elif message := future_date_message(end, what=_("Ngày kết thúc")):
        refuse("end_date", message)
    for field, day in (("date", data.date), ("end_date", end)):
        if day is not None and not unit.is_valid_on(day):
            refuse(
                field,
                _("%(unit)s không tồn tại vào ngày %(day)s (%(life)s); chọn đơn vị có vào ngày đó.")
                % {"unit": unit.name, "day": format_date(day), "life": _lifetime(unit)},
            )
    if data.attendance is None or data.attendance < 0:
        refuse("attendance", _("Số người dự phải là số nguyên không âm."))
    reviewed_errors(data, refuse)
    codes = list(dict.fromkeys(data.categories))
    categories = list(ThreatCategory.objects.filter(code__in=codes, active=True))
    unknown = sorted(set(codes) - {c.code for c in categories})
    if unknown:
        refuse("categories", _("Không có lĩnh vực mã: %(codes)s.") % {"codes": ", ".join(unknown)})
    outputs: dict[OutputKind, int] = {}
    wanted = dict(data.outputs or {})
    kinds = {k.code: k for k in OutputKind.objects.filter(code__in=list(wanted), active=True)}
    for code, count in wanted.items():
        if code not in kinds:
            refuse("outputs", _("Không có loại sản phẩm mã %(code)s.") % {"code": code})
        elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
            refuse(
                "outputs",
                _("Số %(name)s phải là số nguyên không âm.") % {"name": kinds[code].name.lower()},
            )
        elif count:
            outputs[kinds[code]] = count
    if errors:
        raise ValidationError(errors)
    message = _("Bạn không có quyền ghi hoạt động của %(unit)s.") % {"unit": unit.name}
    require(by, EDIT, unit_place(unit)["scope_path"], message)
    return categories, outputs


def _search_text(activity: Activity) -> str:
    parts = [activity.title, activity.topic, activity.host, activity.unit.name]
    return fold(" ".join(p for p in parts if p))


def _outputs_snapshot(activity: Activity) -> dict:
    return {
        "categories": sorted(activity.categories.values_list("code", flat=True)),
        "outputs": dict(
            sorted(activity.outputs.values_list("kind__code", "count"), key=lambda kv: kv[0])
        ),
    }


def _write_children(activity: Activity, categories, outputs: dict[OutputKind, int]) -> None:
    activity.categories.set(categories)
    activity.outputs.all().delete()
    ActivityOutput.objects.bulk_create(
        ActivityOutput(activity=activity, kind=kind, count=count) for kind, count in outputs.items()
    )


def may_publish(*, by: Actor, unit: Unit) -> bool:
    """Only the province's officers put an activity on the province's public
    page (and the system: the command line and imports run by the operator)."""
    province = Unit.objects.filter(pk=unit_place(unit)["restated_province_id"]).first()
    return province is not None and can(by, EDIT, province.path)


def _publish_check(by: Actor, data: ActivityInput, was_public: bool = False) -> None:
    if data.is_public != was_public and not may_publish(by=by, unit=data.unit):
        raise ValidationError(
            {"is_public": [_("Chỉ cán bộ cấp tỉnh công khai hoạt động trên trang của tỉnh.")]}
        )


@transaction.atomic
def activity_create(*, by: Actor, data: ActivityInput) -> Activity:
    """Record an activity (audited). Raises ValidationError or Refused."""
    categories, outputs = activity_check(by=by, data=data)
    _publish_check(by, data)
    activity = Activity(
        **{name: getattr(data, name) for name in EDITABLE},
        created_by=person_of(by),
    )
    activity.reviewed_end = reviewed_end(data.reviewed_period)
    place(activity)
    activity.search_text = _search_text(activity)
    activity.save()
    _write_children(activity, categories, outputs)
    festival_link(activity)  # a planned festival site is now held
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=activity,
        unit_path=activity.scope_path,
        after={**snapshot(activity, FIELDS), **_outputs_snapshot(activity)},
    )
    return activity


@transaction.atomic
def activity_update(
    *, by: Actor, activity: Activity, data: ActivityInput, expected_version: int | None = None
) -> Activity:
    """Change an activity (audited, refusing an edit based on an older version
    with StaleVersion). Raises Refused, ValidationError."""
    lock_current(activity, expected_version=expected_version)
    require(by, EDIT, activity.scope_path, _("Bạn không có quyền sửa hoạt động này."))
    categories, outputs = activity_check(by=by, data=data)
    _publish_check(by, data, was_public=activity.is_public)
    before = {**snapshot(activity, FIELDS), **_outputs_snapshot(activity)}
    for name in EDITABLE:
        setattr(activity, name, getattr(data, name))
    activity.reviewed_end = reviewed_end(data.reviewed_period)
    place(activity)
    activity.search_text = _search_text(activity)
    bump(activity)
    activity.save()
    _write_children(activity, categories, outputs)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=activity,
        unit_path=activity.scope_path,
        before=before,
        after={**snapshot(activity, FIELDS), **_outputs_snapshot(activity)},
    )
    return activity


@transaction.atomic
def activity_delete(*, by: Actor, activity: Activity, expected_version: int | None = None) -> None:
    """Delete an activity and, once committed, its files (audited). Raises
    Refused, StaleVersion."""
    lock_current(activity, expected_version=expected_version)
    require(by, EDIT, activity.scope_path, _("Bạn không có quyền xóa hoạt động này."))
    before = {**snapshot(activity, FIELDS), **_outputs_snapshot(activity)}
    files = [a.file for a in activity.attachments.all()]
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=activity,
        unit_path=activity.scope_path,
        before=before,
    )
    activity.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def attachment_add(*, by: Actor, activity: Activity, upload) -> ActivityAttachment:
    """Attach a file (minutes, photos, the plan) to an activity; audited.
    Raises Refused, ValidationError (too large)."""
    message = _("Bạn không có quyền đính kèm tệp cho hoạt động này.")
    require(by, EDIT, activity.scope_path, message)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {"file": _("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // 2**20}}
        )
    name = upload.name.rsplit("/", 1)[-1][:200]
    attachment = ActivityAttachment(activity=activity, name=name, size=upload.size)
    attachment.uploaded_by = person_of(by)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=attachment,
        unit_path=activity.scope_path,
        after={"activity": activity.pk, "name": name, "size": upload.size},
    )
    return attachment


# --- the 19/8 festival ----------------------------------------------------------
# The province plans the window (default 01/07–19/08) and the minimum number of
# sites per commune; communes choose their sites; a site is held once a
# festival activity of its unit within the window is recorded.

FESTIVAL_KIND = "ngay_hoi"
PLAN_FIELDS = ["province_id", "year", "window_start", "window_end", "sites_per_commune", "note"]


@transaction.atomic
def festival_plan_save(
    *,
    by: Actor,
    province: Unit,
    year: int,
    window_start: date,
    window_end: date,
    sites_per_commune: int = 1,
    note: str = "",
) -> FestivalPlan:
    """Create or change the province's plan for `year` (audited). Raises
    Refused (only the province plans), ValidationError."""
    require(by, EDIT, province, _("Chỉ tỉnh lập kế hoạch Ngày hội."))
    errors: dict[str, list[str]] = {}
    if province.type != Unit.Type.PROVINCE:
        errors["province"] = [_("Kế hoạch Ngày hội do tỉnh lập.")]
    if window_end < window_start:
        errors["window_end"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    if window_start.year != year or window_end.year != year:
        errors.setdefault("window_start", []).append(
            _("Thời gian tổ chức phải trong năm %(y)s.") % {"y": year}
        )
    if sites_per_commune < 0:
        errors["sites_per_commune"] = [_("Số điểm không được âm.")]
    if errors:
        raise ValidationError(errors)
    Unit.objects.select_for_update().filter(pk=province.pk).exists()  # one plan a year
    plan = FestivalPlan.objects.select_for_update().filter(province=province, year=year).first()
    before = snapshot(plan, PLAN_FIELDS) if plan else None
    plan = plan or FestivalPlan(province=province, year=year)
    plan.window_start, plan.window_end = window_start, window_end
    plan.sites_per_commune, plan.note = sites_per_commune, note
    if plan.pk:
        plan.version += 1
    plan.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=plan,
        unit_path=province.path,
        before=before,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan


def _held_activity(site: FestivalSite) -> Activity | None:
    return (
        Activity.objects.filter(
            unit=site.unit,
            kind__code=FESTIVAL_KIND,
            date__range=(site.plan.window_start, site.plan.window_end),
            festival_site__isnull=True,
        )
        .order_by("date")
        .first()
    )


@transaction.atomic
def festival_site_add(
    *,
    by: Actor,
    plan: FestivalPlan,
    unit: Unit,
    planned_on: date,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> FestivalSite:
    """Choose a unit of the province to hold the festival, with where on the
    map when known (audited). Raises Refused, ValidationError."""
    site = FestivalSite(
        plan=plan, unit=unit, planned_on=planned_on, latitude=latitude, longitude=longitude
    )
    where = place(site)
    message = _("Bạn không có quyền chọn điểm tổ chức ở %(u)s.") % {"u": unit.name}
    require(by, EDIT, where["scope_path"], message)
    FestivalPlan.objects.select_for_update().filter(pk=plan.pk).exists()  # one site per unit
    errors: dict[str, list[str]] = {}
    if where["restated_province_id"] != plan.province_id:
        errors["unit"] = [_("Điểm tổ chức phải thuộc %(p)s.") % {"p": plan.province.name}]
    if unit.type not in {"commune", "residential_area", "agency", "enterprise", "school"}:
        errors["unit"] = [_("Điểm tổ chức là xã, khu dân cư, cơ quan, doanh nghiệp, trường học.")]
    if not (plan.window_start <= planned_on <= plan.window_end):
        errors["planned_on"] = [
            _("Ngày dự kiến phải trong thời gian tổ chức (%(a)s – %(b)s).")
            % {"a": format_date(plan.window_start), "b": format_date(plan.window_end)}
        ]
    if FestivalSite.objects.filter(plan=plan, unit=unit).exists():
        errors.setdefault("unit", []).append(_("%(u)s đã là điểm tổ chức.") % {"u": unit.name})
    errors.update(point_errors(latitude, longitude))
    if errors:
        raise ValidationError(errors)
    site.activity = _held_activity(site)
    site.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=site,
        unit_path=site.scope_path,
        after={
            "plan": plan.pk,
            "unit": unit.pk,
            "planned_on": planned_on.isoformat(),
            "activity": site.activity_id,
            **snapshot(site, POINT_FIELDS),
        },
    )
    return site


def festival_link(activity: Activity) -> FestivalSite | None:
    """Called when a festival activity is recorded: the planned site of its
    unit whose window holds its date is now held. Part of `activity_create`,
    whose audit entry records the activity."""
    if activity.kind.code != FESTIVAL_KIND:
        return None
    site = (
        FestivalSite.objects.filter(
            unit=activity.unit,
            activity__isnull=True,
            plan__window_start__lte=activity.date,
            plan__window_end__gte=activity.date,
        )
        .select_related("plan")
        .first()
    )
    if site is not None:
        site.activity = activity
        site.save(update_fields=["activity"])
    return site
