"""The outgoing register (sổ đăng ký văn bản đi): each document, its number in
its body's register, its files, and the links between a document and the one
that corrects or replaces it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.fields import PathField
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.documents.models.config import (
    ABBREVIATIONS,
    CERTIFICATE_TYPES,
    DocumentType,
    IssuingBody,
    SigningForm,
)


class DocumentQuerySet(ScopedQuerySet):
    scope_path_field = "scope_path"


class Document(models.Model):
    """One outgoing document. A draft is edited and previewed; issuing gives it
    the next number of its body's register and its date, and its files are made
    once, after the issuing transaction commits. An issued document never
    changes: a correction (đính chính) or a replacement (thay thế) is a new
    document with its own number that cites it."""

    Type = DocumentType

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CORRECTED = "corrected", _("Đã được đính chính")
        REPLACED = "replaced", _("Đã bị thay thế")

    class Relation(models.TextChoices):
        NONE = "", _("—")
        CORRECTION = "correction", _("Đính chính")
        REPLACEMENT = "replacement", _("Thay thế")

    moves = Workflow(
        Move("edit", _("sửa dự thảo"), {Status.DRAFT}),
        Move("issue", _("ban hành"), {Status.DRAFT}, Status.ISSUED),
        # the files of an issued document are made once, whatever came after
        Move("render", _("tạo tệp"), {Status.ISSUED, Status.CORRECTED, Status.REPLACED}),
        Move("correct", _("đính chính"), {Status.ISSUED, Status.CORRECTED}, Status.CORRECTED),
        Move("replace", _("thay thế"), {Status.ISSUED, Status.CORRECTED}, Status.REPLACED),
    )

    body = models.ForeignKey(
        IssuingBody, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT
    )
    scope_path = PathField(editable=False, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    # what the document is about: the module and row that compose its body
    source_kind = models.CharField(max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    # the register: one number per body, year and series ("" or the type)
    series = models.CharField(max_length=4, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    # the header as issued (a body renamed later does not rename its past)
    header_parent = models.CharField(max_length=255, blank=True)
    header_body = models.CharField(max_length=255, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    signing_form = models.CharField(
        _("hình thức ký"), max_length=6, choices=SigningForm.choices, blank=True
    )
    signer_title = models.CharField(_("chức danh người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    # what the document itself says when no module composes it (a certificate's
    # recipient, a correction's wording)
    content = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    relation = models.CharField(max_length=12, choices=Relation.choices, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cites = models.ForeignKey(
        "self",
        verbose_name=_("theo quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    signed_by_certificate = models.CharField(max_length=255, blank=True)
    render_job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "body", "series", "-number", "-pk"]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "series", "number"],
                condition=Q(number__isnull=False),
                name="documents_number_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["scope_path"], name="documents_scope", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["source_kind", "source_id"], name="documents_source"),
            models.Index(fields=["date"], name="documents_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.reference}"

    @property
    def is_certificate(self) -> bool:
        return self.doc_type in CERTIFICATE_TYPES

    @property
    def is_issued(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def reference(self) -> str:
        """ "12/QĐ-UBND" (numbers below 10 with a leading 0, Decree 30); a
        certificate's is its register number; "…/QĐ-UBND" while a draft."""
        if self.number is None:
            return f"…/{self.symbol}" if self.symbol else "…"
        number = f"{self.number:02d}"
        return number if self.is_certificate else f"{number}/{self.symbol}"

    @property
    def type_abbreviation(self) -> str:
        return ABBREVIATIONS[self.doc_type]

    def signature_lines(self) -> list[str]:
        from antq.documents.authority import signature_lines

        return signature_lines(self.body, self.signing_form, self.signer_title)

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def file_of(self, kind: str) -> "DocumentFile | None":
        return next((f for f in self.files.all() if f.kind == kind), None)


def document_file_path(instance: "DocumentFile", filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


def document_storage():
    """Generated files go to their document's folder; a file already at a path
    is a leftover of a generation that did not commit: replace it."""
    from django.core.files.storage import storages

    return storages["documents"]


class FileQuerySet(ScopedQuerySet):
    scope_path_field = "document__scope_path"


class DocumentFile(models.Model):
    """A file of a document, with its SHA-256; never changed once written."""

    class Kind(models.TextChoices):
        DOCX = "docx", _("Văn bản (DOCX)")
        PDF = "pdf", _("Văn bản (PDF)")
        CERTIFICATES = "certificates", _("Bằng, giấy khen, giấy công nhận để in")
        EARLIER = "earlier", _("Bản trước (chuyển từ phiên bản cũ)")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to=document_file_path, storage=document_storage, max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FileQuerySet.as_manager()

    class Meta:
        ordering = ["document", "kind", "-pk"]
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def filename(self) -> str:
        return str(self)


class RegisterCounter(models.Model):
    """The last number given in one series of a body's register in a year:
    the row every issuing locks, so a number is never given twice."""

    body = models.ForeignKey(IssuingBody, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=4, blank=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "series"], name="documents_counter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year} {self.series}: {self.last}"
