"""A province's year of the movement and the units registering to strive for it."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.core.scoping import ScopedQuerySet
from antq.units.models import Unit


def default_bands() -> list[dict]:
    # [R] QĐ 510 bands as recalled; to be confirmed, hence data not code.
    return [
        {"label": "Xuất sắc", "min": 90},
        {"label": "Khá", "min": 70},
        {"label": "Trung bình", "min": 50},
        {"label": "Yếu", "min": 0},
    ]


class CampaignQuerySet(ScopedQuerySet):
    scope_path_field = "province__path"

    def within_paths(self, paths):
        """A campaign concerns everyone in its province: a commune officer sees
        their province's campaign though the province is above their scope."""
        if paths is None:
            return self
        province_ids = {int(path.strip("/").split("/")[0]) for path in paths}
        return self.filter(province_id__in=province_ids)


class Campaign(models.Model):
    """A province's year of the movement: periods, deadlines, who recognizes whom,
    and the classification rules."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        CLOSED = "closed", _("Đã kết thúc")

    class Recognizer(models.TextChoices):
        PARENT = "parent", _("Cấp trên trực tiếp")
        PROVINCE = "province", _("UBND tỉnh")

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    area_period_start = models.DateField(_("khu dân cư: kỳ đánh giá từ"))
    area_period_end = models.DateField(_("khu dân cư: đến"))
    other_period_start = models.DateField(_("đơn vị khác: kỳ đánh giá từ"))
    other_period_end = models.DateField(_("đơn vị khác: đến"))
    area_deadline = models.DateField(_("hạn nộp của khu dân cư"))
    other_deadline = models.DateField(_("hạn nộp của đơn vị khác"))
    # Post-2025 default (unconfirmed, TT 48/2025): the parent recognizes; a type
    # may be sent to the province instead, e.g. {"school": "province"}.
    recognizers = models.JSONField(_("thẩm quyền công nhận"), default=dict, blank=True)
    bands = models.JSONField(_("thang phân loại"), default=default_bands)
    cap_unrecognized = models.BooleanField(
        _("đơn vị chưa đạt không được xếp Xuất sắc, Khá"), default=True
    )
    required_share = models.DecimalField(
        _("tỷ lệ công nhận tối thiểu của xã"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.70"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"], name="assessments_campaign_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province.short_name or self.province.name} {self.year}"

    def recognizer_of(self, unit: Unit) -> Unit:
        """The unit whose People's Committee recognizes `unit` in this campaign."""
        if self.recognizers.get(unit.type) == self.Recognizer.PROVINCE:
            return self.province
        return unit.parent

    def deadline_for(self, unit: Unit):
        return (
            self.area_deadline if unit.type == Unit.Type.RESIDENTIAL_AREA else (self.other_deadline)
        )


class Registration(models.Model):
    """Đăng ký phấn đấu: a unit commits in Q1 to strive for the standard."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    registered_on = models.DateField(_("ngày đăng ký"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="assessments_registration_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign.year}"
