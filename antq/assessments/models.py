"""The annual "An toàn về an ninh, trật tự" cycle.

Criteria sets (national base per unit target and year, plus provincial
additions) → a province's campaign for a year → registrations in Q1 →
self-assessments with answers, evidence and the meeting → review (return or
propose) → one recognition decision per batch with its documents → the
movement classification on a 100-point score sheet.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.scoping import ScopedQuerySet
from antq.units.models import Placement, Unit


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


class UnitScopedQuerySet(ScopedQuerySet):
    scope_path_field = "unit__path"


class Registration(models.Model):
    """Đăng ký phấn đấu: a unit commits in Q1 to strive for the standard."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    registered_on = models.DateField(_("ngày đăng ký"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="assessments_registration_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign.year}"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã nộp, chờ xét duyệt")
        RETURNED = "returned", _("Bị trả lại để bổ sung")
        PROPOSED = "proposed", _("Đã đề nghị công nhận")
        RECOGNIZED = "recognized", _("Đã công nhận")
        NOT_RECOGNIZED = "not_recognized", _("Không công nhận")

    class Classification(models.TextChoices):
        EXCELLENT = "Xuất sắc", _("Xuất sắc")
        GOOD = "Khá", _("Khá")
        AVERAGE = "Trung bình", _("Trung bình")
        WEAK = "Yếu", _("Yếu")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    # Ancestors under today's tree, so roll-ups of merged units are one GROUP BY;
    # restated by `antq restate_assessments` when lineage changes.
    restated_province = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    restated_commune = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    meeting_date = models.DateField(_("ngày họp tự đánh giá"), null=True, blank=True)
    meeting_chair = models.CharField(_("chủ trì"), max_length=150, blank=True)
    meeting_attendees = models.TextField(_("thành phần dự họp"), blank=True)
    self_result = models.BooleanField(_("tự đánh giá đạt"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến xét duyệt"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.ForeignKey(
        "RecognitionDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    self_score = models.DecimalField(
        _("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    confirmed_score = models.DecimalField(
        _("điểm xác nhận"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    classification = models.CharField(
        _("xếp loại"), max_length=20, choices=Classification.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    # no lost updates: every save adds one (antq.audit.versions)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    objects = UnitScopedQuerySet.as_manager()
    # scoped by its own unit's path; restated columns for today's roll-ups
    placement = Placement(seen_from=Placement.OWN)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="assessments_assessment_once_a_year"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="assess_campaign_status_idx")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    met = models.BooleanField(_("đạt"), null=True, blank=True)
    number = models.DecimalField(
        _("số liệu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    computed = models.JSONField(_("số liệu tính"), null=True, blank=True)

    class Meta:
        ordering = ["criterion__criteria_set__province_id", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="assessments_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion.code}"


class EvidenceQuerySet(ScopedQuerySet):
    scope_path_field = "assessment__unit__path"


def evidence_path(instance: "Evidence", filename: str) -> str:
    assessment = instance.assessment
    return f"evidence/{assessment.campaign.year}/{assessment.unit_id}/{filename}"


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScoreItem, on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    confirmed_points = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="assessments_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.item.code}"


class DecisionQuerySet(ScopedQuerySet):
    scope_path_field = "issuer__path"


class RecognitionDecision(models.Model):
    """One decision recognizing a batch of units, with its attached list."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    class SigningForm(models.TextChoices):
        TM = "TM.", "TM."
        KT = "KT.", "KT."

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions")
    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=30, default="QĐ-UBND")
    date = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=100)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signing_form = models.CharField(
        _("hình thức ký"), max_length=4, choices=SigningForm.choices, default=SigningForm.TM
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    proposer = models.CharField(_("theo đề nghị của"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "symbol", "date"],
                name="assessments_decision_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"Số {self.number:02d}/{self.symbol}"

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/{self.symbol}"


class DocumentQuerySet(ScopedQuerySet):
    scope_path_field = "decision__issuer__path"


def document_path(instance: "DecisionDocument", filename: str) -> str:
    return f"decisions/{instance.decision_id}/v{instance.version}/{filename}"


def document_storage():
    """Generated files go to versioned paths, so a file already at a path is a
    leftover of a generation that did not commit: replace it, never add a
    renamed twin beside it."""
    from django.core.files.storage import storages

    return storages["documents"]


class DecisionDocument(models.Model):
    """A generated file; re-issuing adds a version and keeps the old files."""

    class Kind(models.TextChoices):
        DECISION_DOCX = "decision_docx", _("Quyết định (DOCX)")
        DECISION_PDF = "decision_pdf", _("Quyết định (PDF)")
        CERTIFICATES_DOCX = "certificates_docx", _("Giấy công nhận (DOCX)")

    decision = models.ForeignKey(
        RecognitionDecision, on_delete=models.PROTECT, related_name="documents"
    )
    version = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=document_path, storage=document_storage, max_length=255)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-version", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "version", "kind"], name="assessments_document_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} v{self.version} {self.kind}"
