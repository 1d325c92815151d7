"""Periodic statistics: indicators, report forms, submissions and values.

DHIS2's concepts under Vietnamese names: an indicator (chỉ tiêu) is a data
element; a report form (biểu mẫu) a data set; a submission the complete
registration of a form for a unit and period, with its approval; a value one
number for an indicator, unit, period and (optional) disaggregation option.

Each value carries the ids of its unit's province and commune twice: as
published (the unit's own ancestors, fixed) and restated (today's successors,
recomputed by the kernel's restatement, `antq restate`, after a boundary
change), so a national roll-up is one GROUP BY over an index, never a walk of
the tree. A report's moves are declared once, on `Submission.moves`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.audit.configuration import Configured
from antq.core.fields import UidField
from antq.core.generations import GenerationQuerySet
from antq.core.periods import PERIOD_TYPES, TYPE_LABELS
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.units.models import Placement, Unit

PERIOD_TYPE_CHOICES = [(t, TYPE_LABELS[t]) for t in PERIOD_TYPES]


class Indicator(models.Model):
    # what a value means stays once values exist (audit.configuration)
    configured = Configured(
        defines_figures=("value_type", "aggregation", "unit_label", "options", "formula", "source"),
        used_by=(("indicators.DataValue", "indicator"),),
    )

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        DECIMAL = "decimal", _("Số thập phân")
        PERCENT = "percent", _("Tỷ lệ %")
        BOOLEAN = "boolean", _("Có / không")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng dồn")
        AVERAGE = "average", _("Trung bình")
        MIN = "min", _("Nhỏ nhất")
        MAX = "max", _("Lớn nhất")
        LAST = "last", _("Số cuối kỳ")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    uid = UidField("UID")  # DHIS2's identifier of the data element
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit_label = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    category = models.CharField(_("nhóm"), max_length=100, blank=True)
    value_type = models.CharField(
        _("kiểu giá trị"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    up_is_good = models.BooleanField(_("tăng là tốt"), null=True, blank=True)
    min_value = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # [{"code": "trom_cap", "label": "Trộm cắp tài sản"}, …]; values per option add up.
    options = models.JSONField(_("phân tổ"), default=list, blank=True)
    # Derived: computed from other indicators after aggregation, e.g.
    # "TP_KHAM_PHA / TP_SO_VU * 100"; or counted from another module (source).
    formula = models.CharField(_("công thức"), max_length=255, blank=True)
    source = models.CharField(_("nguồn từ phân hệ khác"), max_length=60, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes change the catalogue's generation

    class Meta:
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def uid_seed(self) -> str:
        return f"antq:dataElement:{self.code}"

    @property
    def is_derived(self) -> bool:
        return bool(self.formula or self.source)


class ReportForm(models.Model):
    # completeness counts by these once reports exist (audit.configuration)
    configured = Configured(
        defines_figures=("period_type", "unit_types"),
        used_by=(("indicators.Submission", "form"),),
    )

    code = models.CharField(_("mã biểu"), max_length=40, unique=True)
    uid = UidField("UID")  # DHIS2's identifier of the data set
    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    period_type = models.CharField(_("kỳ báo cáo"), max_length=12, choices=PERIOD_TYPE_CHOICES)
    unit_types = models.JSONField(_("đơn vị báo cáo"), default=list)
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn nộp (số ngày sau kỳ)"),
        default=20,
        help_text=_("20 nghĩa là ngày 20 của tháng sau với biểu tháng."),
    )
    is_open = models.BooleanField(_("đang mở"), default=True)
    # reports are expected only for periods from this day on: a year before
    # the form was in use is "chưa có dữ liệu", never 0 % of reports sent
    in_use_from = models.DateField(
        _("áp dụng từ ngày"),
        null=True,
        blank=True,
        help_text=_("Các kỳ trước ngày này không tính phải gửi. Để trống: mọi kỳ."),
    )
    indicators = models.ManyToManyField(Indicator, through="FormIndicator", related_name="forms")

    objects = GenerationQuerySet.as_manager()  # bulk writes change the catalogue's generation

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def in_use(self, period) -> bool:
        """Was the form in use in `period` (a report expected for it)?"""
        return self.in_use_from is None or period.end >= self.in_use_from

    def uid_seed(self) -> str:
        return f"antq:dataSet:{self.code}"


class FormIndicator(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(_("bắt buộc"), default=False)

    objects = GenerationQuerySet.as_manager()  # bulk writes change the catalogue's generation

    class Meta:
        ordering = ["form", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "indicator"], name="indicators_formindicator_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form.code}/{self.indicator.code}"


class ValidationRule(models.Model):
    """A rule between values of one form: left operator right, e.g.
    "TP_KHAM_PHA <= TP_SO_VU" with its Vietnamese message."""

    class Operator(models.TextChoices):
        LTE = "<=", "≤"
        GTE = ">=", "≥"
        EQ = "==", "="
        LT = "<", "<"
        GT = ">", ">"

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    left = models.CharField(_("vế trái"), max_length=255)
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("vế phải"), max_length=255)
    message = models.CharField(_("thông báo"), max_length=255)

    objects = GenerationQuerySet.as_manager()  # bulk writes change the catalogue's generation

    def __str__(self) -> str:
        return f"{self.left} {self.operator} {self.right}"


class Submission(models.Model):
    """A form for a unit and period: submitted (complete), approved, returned."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang nhập")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    # draft ──submit──► submitted ──approve──► approved
    #   ▲                   │                      │
    #   └──── returned ◄────┴──return──────────────┘ (reopened for a correction)
    moves = Workflow(
        Move("edit", _("sửa số liệu"), {Status.DRAFT, Status.RETURNED}),
        Move("submit", _("nộp"), {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
        Move("approve", _("duyệt"), {Status.SUBMITTED}, Status.APPROVED),
        Move("return", _("trả lại"), {Status.SUBMITTED, Status.APPROVED}, Status.RETURNED),
    )

    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    period = models.CharField(_("kỳ"), max_length=7)
    period_start = models.DateField()
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    # no lost updates: every save adds one (antq.audit.versions)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "period"], name="indicators_submission_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["form", "period_start", "status"], name="ind_submission_form_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form.name}: {self.unit.name}, {self.period_label}"

    @property
    def period_label(self) -> str:
        """ "Tháng 10/2026", never the period id 202610 (on pages, in the bell)."""
        from antq.core.periods import InvalidPeriod, parse

        try:
            return parse(self.period).label
        except InvalidPeriod:
            return self.period

    @property
    def is_editable(self) -> bool:
        return self.moves.can(self, "edit")


class DataValue(models.Model):
    # No single-column foreign-key indexes: every lookup goes through one of
    # the composite indexes below, and units are closed, never deleted. Each
    # index is one more B-tree per value written (bench/import.py: 13 → 6
    # B-trees, SQLite's raw insert 70,000 → 100,000 rows/s).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="data_values", db_index=False
    )
    period = models.CharField(max_length=7)
    period_type = models.CharField(max_length=12, choices=PERIOD_TYPE_CHOICES)
    period_start = models.DateField()
    option = models.CharField(max_length=40, blank=True, default="")
    value = models.DecimalField(max_digits=18, decimal_places=4)
    comment = models.CharField(_("ghi chú"), max_length=500, blank=True)
    published_province = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    published_commune = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    restated_province = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    restated_commune = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    # deleting a user (rare; accounts are deactivated) scans for its values
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    objects = ScopedQuerySet.as_manager()
    # scoped by its own unit's path; restated columns only, then the totals
    placement = Placement(
        seen_from=Placement.OWN, after_restate="antq.indicators.totals.totals_rebuild"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                # unit and period first: it is also the index of a report's values
                fields=["unit", "period", "indicator", "option"],
                name="indicators_value_once",
            )
        ]
        indexes = [
            # "value" closes the roll-up indexes so a roll-up never visits the
            # table (bench, SQLite, 8.2 M values: 162 → 57 ms nationally).
            models.Index(
                fields=["indicator", "period_type", "period_start", "restated_province", "value"],
                name="ind_value_restated_prov_v",
            ),
            models.Index(
                fields=["indicator", "period_type", "period_start", "published_province", "value"],
                name="ind_value_published_prov_v",
            ),
            models.Index(
                fields=["restated_commune", "indicator", "period_start"],
                name="ind_value_restated_commune",
            ),
            models.Index(
                fields=["published_commune", "indicator", "period_start"],
                name="ind_value_published_commune",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period} = {self.value}"


class ProvinceTotal(models.Model):
    """Sum and count of one indicator for one province and period, kept in step
    with the values by atomic increments from every write path (entry, import,
    restating; see totals.py). A national roll-up reads 34 provinces × the
    requested periods instead of every commune's row."""

    class View(models.TextChoices):
        RESTATED = "restated", _("Quy về đơn vị hiện nay")
        PUBLISHED = "published", _("Theo đơn vị khi báo cáo")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period_type = models.CharField(max_length=12, choices=PERIOD_TYPE_CHOICES)
    period_start = models.DateField()
    view = models.CharField(max_length=10, choices=View.choices)
    province = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    total = models.DecimalField(max_digits=22, decimal_places=4)
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period_start", "view", "province"],
                name="indicators_provincetotal_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_start} {self.view} {self.province_id}"
