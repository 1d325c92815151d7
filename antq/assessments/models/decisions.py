"""Recognition decisions: which units one decision recognizes, and a link to
the outgoing document that is the decision (antq.documents: its number, date,
signer and files)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.assessments.models.campaigns import Campaign
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.documents.models import Document
from antq.units.models import Unit


class DecisionQuerySet(ScopedQuerySet):
    scope_path_field = "issuer__path"


class RecognitionDecision(models.Model):
    """One decision recognizing a batch of units, with its attached list."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    # issuing recognizes every assessment of the decision (Assessment "recognize")
    # and issues its document; an issued decision may be replaced by a new
    # document with its own number (the first one stays, marked replaced)
    moves = Workflow(
        Move("issue", _("ban hành"), {Status.DRAFT}, Status.ISSUED),
        Move("reissue", _("ban hành quyết định thay thế"), {Status.ISSUED}),
    )

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions")
    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="decisions"
    )
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposer = models.CharField(_("theo đề nghị của"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
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
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Số {self.reference}"

    # what the register says of the decision
    @property
    def reference(self) -> str:
        return self.document.reference if self.document_id else "…"

    @property
    def date(self):
        return self.document.date if self.document_id else None

    @property
    def place(self) -> str:
        return self.document.place if self.document_id else ""

    @property
    def signer_name(self) -> str:
        return self.document.signer_name if self.document_id else ""


# The decision's files before the outgoing register: migrations 0001–0002
# name these, and the data migration moves their rows into antq.documents.
def document_path(instance, filename: str) -> str:
    return f"decisions/{instance.decision_id}/v{instance.version}/{filename}"


def document_storage():
    from django.core.files.storage import storages

    return storages["documents"]
