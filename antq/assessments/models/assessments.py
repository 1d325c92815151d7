"""A unit's self-assessment of a year: its answers, evidence and scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.assessments.models.campaigns import Campaign
from antq.assessments.models.criteria import Criterion, ScoreItem
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.units.models import PlacedQuerySet, Placement, Unit


class AssessmentQuerySet(PlacedQuerySet):
    """Seen from the assessment's own unit (`Placement.OWN`); counted under
    today's units through its restated columns (`under(root, view)`)."""

    scope_path_field = "unit__path"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã nộp, chờ xét duyệt")
        RETURNED = "returned", _("Bị trả lại để bổ sung")
        PROPOSED = "proposed", _("Đã đề nghị công nhận")
        RECOGNIZED = "recognized", _("Đã công nhận")
        NOT_RECOGNIZED = "not_recognized", _("Không công nhận")

    # draft ─submit─► submitted ─propose─► proposed ─recognize (decision issued)─► recognized
    #   ▲                 │  ▲                 │
    #   └─── returned ◄───┘  └─────────────────┴─reject─► not_recognized
    moves = Workflow(
        Move("edit", _("sửa"), {Status.DRAFT, Status.RETURNED}),
        Move("submit", _("nộp"), {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
        Move("return", _("trả lại"), {Status.SUBMITTED, Status.PROPOSED}, Status.RETURNED),
        Move("propose", _("đề nghị công nhận"), {Status.SUBMITTED}, Status.PROPOSED),
        Move(
            "reject",
            _("kết luận không công nhận"),
            {Status.SUBMITTED, Status.PROPOSED},
            Status.NOT_RECOGNIZED,
        ),
        Move("recognize", _("công nhận"), {Status.PROPOSED}, Status.RECOGNIZED),
        Move(
            "confirm_scores",
            _("xác nhận điểm"),
            {Status.SUBMITTED, Status.PROPOSED, Status.RECOGNIZED, Status.NOT_RECOGNIZED},
        ),
    )

    class Classification(models.TextChoices):
        EXCELLENT = "Xuất sắc", _("Xuất sắc")
        GOOD = "Khá", _("Khá")
        AVERAGE = "Trung bình", _("Trung bình")
        WEAK = "Yếu", _("Yếu")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    # Ancestors under today's tree, so roll-ups of merged units are one GROUP BY;
    # moved by the generic restatement (`antq restate`) when lineage changes.
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
    objects = AssessmentQuerySet.as_manager()
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
        return self.moves.can(self, "edit")


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
