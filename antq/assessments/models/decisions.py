"""Recognition decisions and the documents generated for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.assessments.models.campaigns import Campaign
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.units.models import Unit


class DecisionQuerySet(ScopedQuerySet):
    scope_path_field = "issuer__path"


class RecognitionDecision(models.Model):
    """One decision recognizing a batch of units, with its attached list."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    # issuing recognizes every assessment of the decision (Assessment "recognize");
    # an issued decision gets its files, or a corrected version of them
    moves = Workflow(
        Move("issue", _("ban hành"), {Status.DRAFT}, Status.ISSUED),
        Move("generate", _("tạo văn bản"), {Status.ISSUED}),
        Move("reissue", _("ban hành lại"), {Status.ISSUED}),
    )

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
