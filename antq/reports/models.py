"""The half-year and year-end movement report (báo cáo sơ kết / tổng kết): its
template (configuration in /admin/) and each unit's report, drafted from live
data, edited, and issued with its figures frozen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.fields import PathField
from antq.core.periods import parse
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.units import models as units
from antq.units.models import Unit


class ReportTemplate(models.Model):
    """The structure of a movement report: numbered sections, each with its
    narrative placeholder, the indicators it states as sentences, a table and
    a chart. The default one follows the usual I–IV outline."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên mẫu"), max_length=255)
    subject = models.CharField(
        _("trích yếu"),
        max_length=255,
        default="phong trào Toàn dân bảo vệ an ninh Tổ quốc",
        help_text=_("antq ghi thêm kỳ: “Sơ kết 6 tháng đầu năm 2026 …”, “Tổng kết … năm 2026”."),
    )
    is_default = models.BooleanField(_("mẫu mặc định"), default=False)

    class Meta:
        verbose_name = _("mẫu báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("mẫu báo cáo sơ kết, tổng kết")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="reports_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TemplateSection(models.Model):
    class Table(models.TextChoices):
        RESULTS = "results", _("Kết quả “An toàn về ANTT” theo loại đơn vị")
        CLASSIFICATION = "classification", _("Xếp loại phong trào")
        AWARDS = "awards", _("Khen thưởng theo hình thức, tập thể/cá nhân")
        COMPLETENESS = "completeness", _("Tình hình gửi báo cáo thống kê")
        PLANS = "plans", _("Tiến độ kế hoạch, nhiệm vụ trọng tâm")

    class Chart(models.TextChoices):
        BAR = "bar", _("Cột theo đơn vị trực thuộc")
        LINE = "line", _("Đường 24 tháng")
        CLASSIFICATION = "classification", _("Xếp loại phong trào")

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    # names the section in every report's stored figures and narrative: it
    # stays when sections are reordered or renumbered
    key = models.SlugField(
        _("mã mục"), max_length=40, help_text=_("Không đổi sau khi đã có báo cáo dùng mẫu này.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    number = models.CharField(_("số mục"), max_length=8, help_text=_("I, II… hoặc 1, 2…"))
    heading = models.CharField(_("tiêu đề mục"), max_length=255)
    level = models.PositiveSmallIntegerField(
        _("cấp"), choices=[(1, _("Mục lớn (I, II…)")), (2, _("Mục nhỏ (1, 2…)"))], default=1
    )
    figures = models.TextField(
        _("số liệu"),
        blank=True,
        help_text=_(
            "Mỗi dòng một chỉ tiêu: MÃ | câu, trong đó {value} là số liệu. "
            "Ví dụ: HD_TUYEN_TRUYEN | Tổ chức {value} buổi tuyên truyền"
        ),
    )
    table = models.CharField(_("bảng"), max_length=16, choices=Table.choices, blank=True)
    chart = models.CharField(_("biểu đồ"), max_length=16, choices=Chart.choices, blank=True)
    chart_indicator = models.CharField(_("chỉ tiêu của biểu đồ"), max_length=40, blank=True)
    placeholder = models.TextField(
        _("gợi ý phần viết"),
        blank=True,
        help_text=_("Để trống nếu mục không có phần viết. [...] là chỗ cần viết."),
    )

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("mục của mẫu báo cáo")
        verbose_name_plural = _("các mục của mẫu báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="reports_section_order"),
            models.UniqueConstraint(fields=["template", "key"], name="reports_section_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"

    def figure_lines(self) -> list[tuple[str, str]]:
        """(indicator code, phrase) per line of `figures`; the phrase may be empty."""
        lines = []
        for raw in self.figures.splitlines():
            code, _bar, phrase = raw.partition("|")
            if code.strip():
                lines.append((code.strip().upper(), phrase.strip()))
        return lines

    def clean(self) -> None:
        from antq.indicators.models import Indicator

        codes = [code for code, _phrase in self.figure_lines()]
        if self.chart in {self.Chart.BAR, self.Chart.LINE}:
            codes.append(self.chart_indicator.strip().upper())
        known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                {"figures": _("Không có chỉ tiêu: %(codes)s.") % {"codes": ", ".join(unknown)}}
            )
        for code, phrase in self.figure_lines():
            if phrase and "{value}" not in phrase:
                raise ValidationError(
                    {"figures": _("Câu của %(code)s thiếu {value}.") % {"code": code}}
                )


class ReportQuerySet(ScopedQuerySet):
    # seen from its unit's subtree and from today's unit carrying a closed
    # unit: Tỉnh Bến Tre's reports are read by today's Tỉnh Vĩnh Long
    scope_path_field = ("scope_path", "unit__carrier_path")


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    class View(models.TextChoices):  # the two views of the placement kernel
        RESTATED = units.RESTATED, _("Quy về đơn vị hiện nay")
        PUBLISHED = units.PUBLISHED, _("Như đã công bố (đơn vị lúc đó)")

    # a draft is written (narrative, figures read again, quotes) until it is
    # issued; an issued report never changes
    moves = Workflow(
        Move("edit", _("sửa báo cáo"), {Status.DRAFT}),
        Move("refresh", _("cập nhật số liệu"), {Status.DRAFT}),
        Move("issue", _("ban hành báo cáo"), {Status.DRAFT}, Status.ISSUED),
    )

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="movement_reports"
    )  # None: the nation
    scope_path = PathField(editable=False, blank=True)
    period = models.CharField(_("kỳ báo cáo"), max_length=7)
    view = models.CharField(_("cách tính"), max_length=10, choices=View.choices)
    status = models.CharField(
        _("tình trạng"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    figures = models.JSONField(default=dict, editable=False)  # sections as drafted
    drafted_at = models.DateTimeField(_("lấy số liệu lúc"), null=True)
    narrative = models.JSONField(default=dict, editable=False)  # section key → text
    # the issued report is a document of the outgoing register (antq.documents):
    # its number, date, signer and files
    document = models.OneToOneField(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "scope_path"]
        verbose_name = _("báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "template"], name="reports_one_per_unit_period"
            ),
        ]
        indexes = [models.Index(fields=["scope_path", "period"], name="reports_scope_period")]

    def __str__(self) -> str:
        place = self.unit.name if self.unit_id else "Toàn quốc"
        return f"Báo cáo {self.period_label.lower()} — {place}"

    @property
    def covered(self) -> str:
        """The months the figures state: a period or range id (a report drafted
        before the months were stored states its whole period)."""
        return self.figures.get("covered", self.period)

    @property
    def period_label(self) -> str:
        return parse(self.period).label

    @property
    def reference(self) -> str:
        return self.document.reference if self.document_id else "…"

    @property
    def date(self):
        return self.document.date if self.document_id else None

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED
