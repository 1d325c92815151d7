"""What a unit is assessed against: the year's criteria sets (national, plus a
province's additions) and the 100-point score sheets (QĐ 510)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.access import VIEW
from antq.core.scoping import ScopedQuerySet
from antq.units.models import Unit


class Target(models.TextChoices):
    """Which criteria set a unit is assessed against (TT 124 Điều 4–7)."""

    RESIDENTIAL_AREA = "residential_area", _("Khu dân cư")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    AGENCY_ENTERPRISE = "agency_enterprise", _("Cơ quan, doanh nghiệp")
    SCHOOL = "school", _("Cơ sở giáo dục")


TARGET_OF_TYPE = {
    Unit.Type.RESIDENTIAL_AREA: Target.RESIDENTIAL_AREA,
    Unit.Type.COMMUNE: Target.COMMUNE,
    Unit.Type.AGENCY: Target.AGENCY_ENTERPRISE,
    Unit.Type.ENTERPRISE: Target.AGENCY_ENTERPRISE,
    Unit.Type.SCHOOL: Target.SCHOOL,
}
ASSESSED_TYPES = tuple(TARGET_OF_TYPE)


class Confidence(models.TextChoices):
    CONFIRMED = "C", _("đã đối chiếu văn bản")
    PARTLY = "P", _("đối chiếu một phần")
    RECALLED = "R", _("cần đối chiếu văn bản")
    INFERRED = "I", _("đề xuất, cần xác nhận")


class CriteriaSet(models.Model):
    """A year's criteria for one target: national (province empty) or a province's
    additions (TT 124 Điều 8 khoản 1). Frozen once an assessment using it is
    submitted, so next year's edits never touch a past year's results."""

    year = models.PositiveSmallIntegerField(_("năm"))
    target = models.CharField(_("đối tượng"), max_length=20, choices=Target.choices)
    province = models.ForeignKey(
        Unit,
        verbose_name=_("tỉnh bổ sung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    locked_at = models.DateTimeField(_("khóa từ"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "target", "province_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "target"],
                condition=Q(province__isnull=True),
                name="assessments_criteriaset_one_national",
            ),
            models.UniqueConstraint(
                fields=["year", "target", "province"],
                name="assessments_criteriaset_one_per_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class CriterionQuerySet(ScopedQuerySet):
    """A province's criteria are its own; the national ones are everyone's to
    read and only a system administrator's (scope everywhere) to change."""

    scope_path_field = "criteria_set__province__path"

    def for_user(self, user, action: str) -> "CriterionQuerySet":
        scoped = super().for_user(user, action)
        if action == VIEW:
            return scoped | self.filter(criteria_set__province__isnull=True)
        return scoped


class Criterion(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Đạt / không đạt")
        NUMBER = "number", _("Số liệu so với ngưỡng")
        COMPUTED = "computed", _("Hệ thống tính")

    class Comparator(models.TextChoices):
        GTE = "gte", "≥"
        LTE = "lte", "≤"

    class Source(models.TextChoices):
        REGISTERED_ALL = "registered_all", _("Tỷ lệ đơn vị thuộc quyền quản lý đã đăng ký")
        RECOGNIZED_SHARE = "recognized_share", _("Tỷ lệ đơn vị thuộc quyền quản lý được công nhận")
        CRIME_DECREASE = "crime_decrease", _("Tội phạm giảm so với năm trước")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=16)
    text = models.TextField(_("nội dung"))
    kind = models.CharField(
        _("cách trả lời"), max_length=10, choices=Kind.choices, default=Kind.YES_NO
    )
    comparator = models.CharField(max_length=3, choices=Comparator.choices, blank=True)
    threshold = models.DecimalField(
        _("ngưỡng"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("nguồn tính"), max_length=20, choices=Source.choices, blank=True)
    confidence = models.CharField(
        _("độ tin cậy"), max_length=1, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["criteria_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="assessments_criterion_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"

    @property
    def editable_wording(self) -> bool:
        return self.confidence in {Confidence.RECALLED, Confidence.PARTLY, Confidence.INFERRED}

    def passes(self, number: Decimal | None) -> bool | None:
        if number is None or self.threshold is None:
            return None
        if self.comparator == self.Comparator.LTE:
            return number <= self.threshold
        return number >= self.threshold


class ScoreSheet(models.Model):
    """The 100-point classification sheet for one target and year (QĐ 510)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    target = models.CharField(_("đối tượng"), max_length=20, choices=Target.choices)
    title = models.CharField(_("tên"), max_length=255)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "target"], name="assessments_scoresheet_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ScoreItem(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("mục"), max_length=16)
    text = models.TextField(_("nội dung chấm điểm"))
    max_points = models.DecimalField(_("điểm chuẩn"), max_digits=5, decimal_places=2)
    confidence = models.CharField(
        max_length=1, choices=Confidence.choices, default=Confidence.INFERRED
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "order"]

    def __str__(self) -> str:
        return f"{self.code} ({self.max_points})"
