"""A province opens the year's campaign; units register to strive for the standard."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, Actor, require
from antq.assessments.models import ASSESSED_TYPES, Campaign, Registration
from antq.assessments.services.criteria import criteria_load
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.core.actors import person_of
from antq.units.models import Unit

CAMPAIGN_FIELDS = [
    "year",
    "status",
    "area_period_start",
    "area_period_end",
    "other_period_start",
    "other_period_end",
    "area_deadline",
    "other_deadline",
    "recognizers",
    "bands",
    "cap_unrecognized",
    "required_share",
]


def campaign_defaults(year: int) -> dict:
    """TT 124 Điều 8: residential areas 01/11–31/10, others 16/11–15/11; the QĐ 510
    deadlines 20/11 and 30/11."""
    return {
        "area_period_start": date(year - 1, 11, 1),
        "area_period_end": date(year, 10, 31),
        "other_period_start": date(year - 1, 11, 16),
        "other_period_end": date(year, 11, 15),
        "area_deadline": date(year, 11, 20),
        "other_deadline": date(year, 11, 30),
    }


@transaction.atomic
def campaign_open(*, by: Actor, province: Unit, year: int, **overrides) -> Campaign:
    """Open `province`'s campaign for `year` (loading that year's national criteria
    if needed). Raises Refused or ValidationError (already open, bad dates)."""
    require(by, APPROVE, province, _("Chỉ cấp tỉnh mở được đợt đánh giá."))
    if province.type != Unit.Type.PROVINCE or not province.is_open:
        raise ValidationError(_("Đợt đánh giá được mở cho một tỉnh đang hoạt động."))
    if Campaign.objects.filter(province=province, year=year).exists():
        raise ValidationError({"year": [_("Năm %(year)s đã có đợt đánh giá.") % {"year": year}]})
    criteria_load(year=year)
    campaign = Campaign(province=province, year=year, **(campaign_defaults(year) | overrides))
    campaign.full_clean()
    if campaign.area_period_end <= campaign.area_period_start or (
        campaign.other_period_end <= campaign.other_period_start
    ):
        raise ValidationError(_("Ngày kết thúc kỳ đánh giá phải sau ngày bắt đầu."))
    campaign.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=campaign,
        unit_path=province.path,
        after=snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


@transaction.atomic
def registration_create(
    *, by: Actor, campaign: Campaign, unit: Unit, on: date | None = None
) -> Registration:
    """Record that `unit` registers to strive for the standard this year. Raises
    Refused or ValidationError (a unit not assessed, a closed campaign, twice)."""
    require(by, EDIT, unit, _("Bạn không có quyền đăng ký cho đơn vị này."))
    if unit.type not in ASSESSED_TYPES or not unit.path.startswith(campaign.province.path):
        raise ValidationError(_("Đơn vị này không thuộc diện đăng ký của đợt đánh giá."))
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Đợt đánh giá đã kết thúc."))
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                campaign=campaign,
                unit=unit,
                registered_on=on or timezone.localdate(),
                registered_by=person_of(by),
            )
    except IntegrityError:
        raise ValidationError(
            _("%(unit)s đã đăng ký năm %(year)s.") % {"unit": unit.name, "year": campaign.year}
        ) from None
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=registration,
        unit_path=unit.path,
        after={"campaign": campaign.year, "unit": unit.code},
    )
    return registration
