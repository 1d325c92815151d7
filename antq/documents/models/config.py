"""What a province configures in /admin/: the bodies that issue documents and
who holds their offices when, who issues what (authority by purpose), the
legal documents a decision cites by date, and its own DOCX templates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.audit.configuration import Configured
from antq.core.fields import PathField
from antq.core.scoping import ScopedQuerySet
from antq.units.models import Unit


class DocumentType(models.TextChoices):
    """The documents antq issues, with the abbreviation that starts their symbol
    (Decree 30/2020, Phụ lục III)."""

    DECISION = "qd", _("Quyết định")
    PLAN = "kh", _("Kế hoạch")
    REPORT = "bc", _("Báo cáo")
    PROPOSAL = "ttr", _("Tờ trình")
    NOTICE = "tb", _("Thông báo")
    GIAY_KHEN = "gk", _("Giấy khen")
    BANG_KHEN = "bk", _("Bằng khen")
    CERTIFICATE = "gcn", _("Giấy chứng nhận")


ABBREVIATIONS = {"qd": "QĐ", "kh": "KH", "bc": "BC", "ttr": "TTr", "tb": "TB"}
ABBREVIATIONS |= {"gk": "GK", "bk": "BK", "gcn": "GCN"}
NAMES_ON_PAPER = {"qd": "QUYẾT ĐỊNH", "kh": "KẾ HOẠCH", "bc": "BÁO CÁO", "ttr": "TỜ TRÌNH"}
NAMES_ON_PAPER |= {"tb": "THÔNG BÁO", "gk": "GIẤY KHEN", "bk": "BẰNG KHEN"}
NAMES_ON_PAPER |= {"gcn": "GIẤY CHỨNG NHẬN"}
CERTIFICATE_TYPES = frozenset({"gk", "bk", "gcn"})


class SigningForm(models.TextChoices):
    """Decree 30, Điều 13: who signs, on whose authority. The lines above the
    name follow from the form, the body and the signer's title."""

    HEAD = "", _("Người đứng đầu ký (không ghi TM./KT.)")
    TM = "TM", _("TM. tập thể, người đứng đầu ký")
    TM_KT = "TM_KT", _("TM. tập thể, KT. người đứng đầu (cấp phó ký)")
    KT = "KT", _("KT. người đứng đầu (cấp phó ký)")
    Q = "Q", _("Q. (quyền người đứng đầu)")
    TL = "TL", _("TL. (thừa lệnh)")
    TUQ = "TUQ", _("TUQ. (thừa ủy quyền)")


class BodyQuerySet(ScopedQuerySet):
    scope_path_field = "scope_path"


class IssuingBody(models.Model):
    """A body that issues documents, with its own register: the People's
    Committee of a province or commune, the provincial police, a steering
    committee, a council, or (no unit) the ministry's department."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
        POLICE = "cong_an", _("Công an")
        STEERING_COMMITTEE = "bcd", _("Ban Chỉ đạo")
        COUNCIL = "hdtdkt", _("Hội đồng Thi đua - Khen thưởng")
        DEPARTMENT = "cuc", _("Cục nghiệp vụ (Bộ Công an)")
        MINISTRY = "bo", _("Bộ Công an")

    class Numbering(models.TextChoices):
        PER_BODY = "body", _("Một dãy số cho mọi loại văn bản trong năm")
        PER_TYPE = "type", _("Mỗi loại văn bản một dãy số trong năm")

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT
    )
    scope_path = PathField(editable=False, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=10, choices=Kind.choices)
    parent_name = models.CharField(
        _("cơ quan chủ quản (dòng trên)"), max_length=255, blank=True, help_text=_("Không đậm.")
    )
    name = models.CharField(
        _("tên cơ quan trên văn bản"), max_length=255, help_text=_("Chữ in hoa, mỗi dòng một dòng.")
    )
    name_in_sentence = models.CharField(
        _("tên trong câu"), max_length=255, help_text=_("Ví dụ: Ủy ban nhân dân tỉnh Quảng Ninh.")
    )
    collective = models.CharField(
        _("tập thể ký thay mặt (sau TM.)"),
        max_length=120,
        blank=True,
        help_text=_("ỦY BAN NHÂN DÂN, BAN CHỈ ĐẠO…; để trống nếu chỉ người đứng đầu ký."),
    )
    head_title = models.CharField(_("chức danh người đứng đầu"), max_length=120)
    deputy_title = models.CharField(_("chức danh cấp phó"), max_length=120)
    abbreviation = models.CharField(
        _("chữ viết tắt trong ký hiệu"), max_length=30, help_text=_("UBND, CAT, BCĐ…")
    )
    place = models.CharField(
        _("địa danh"), max_length=120, help_text=_("Không ghi loại đơn vị: “Quảng Ninh”.")
    )
    numbering = models.CharField(
        _("cách đánh số"), max_length=4, choices=Numbering.choices, default=Numbering.PER_TYPE
    )
    identifier_code = models.CharField(
        _("mã định danh (trao đổi văn bản điện tử)"),
        max_length=40,
        blank=True,
        help_text=_("Mã cơ quan theo hệ thống quản lý văn bản của tỉnh, dùng trong gói edXML."),
    )
    report_to = models.TextField(
        _("nơi nhận để báo cáo"), blank=True, help_text=_("Mỗi dòng một nơi nhận, theo cấp.")
    )
    executors = models.CharField(
        _("cơ quan thi hành (Điều cuối quyết định)"), max_length=500, blank=True
    )
    archive = models.CharField(_("lưu"), max_length=60, default="VT", help_text=_("“VT, CA”"))
    active = models.BooleanField(_("đang dùng"), default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["scope_path", "kind"]
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"], name="documents_body_one_per_unit_kind"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(unit__isnull=True), name="documents_body_one_national"
            ),
        ]

    def __str__(self) -> str:
        return " ".join(self.name.split())

    def save(self, *args, **kwargs):
        self.scope_path = self.unit.path if self.unit_id else ""
        super().save(*args, **kwargs)


class HolderQuerySet(ScopedQuerySet):
    scope_path_field = "body__scope_path"


class OfficeHolder(models.Model):
    """Who held an office of a body, from when to when: the signer of a
    document is the holder on its date."""

    body = models.ForeignKey(IssuingBody, on_delete=models.CASCADE, related_name="holders")
    title = models.CharField(_("chức danh"), max_length=120, help_text=_("CHỦ TỊCH, GIÁM ĐỐC…"))
    name = models.CharField(_("họ và tên"), max_length=120)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = HolderQuerySet.as_manager()

    class Meta:
        ordering = ["body", "title", "-valid_from"]
        verbose_name = _("người giữ chức vụ")
        verbose_name_plural = _("người giữ chức vụ")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="documents_holder_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


class Authority(models.Model):
    """Who issues a document made for a purpose, at a level: the body's kind,
    the type, the signing form and the signer's title. Purposes: "recognition",
    "report", "plan", "award:<award type code>"…; an empty level is the rule
    for every level without one of its own."""

    purpose = models.CharField(_("mục đích"), max_length=80)
    level = models.CharField(
        _("cấp"), max_length=20, choices=Unit.Type.choices, blank=True, default=""
    )
    body_kind = models.CharField(
        _("cơ quan ban hành"), max_length=10, choices=IssuingBody.Kind.choices
    )
    doc_type = models.CharField(
        _("loại văn bản"), max_length=4, choices=DocumentType.choices, default=DocumentType.DECISION
    )
    certificate_type = models.CharField(
        _("kèm theo"),
        max_length=4,
        choices=[("", _("không"))]
        + [(c, label) for c, label in DocumentType.choices if c in CERTIFICATE_TYPES],
        blank=True,
    )
    signing_form = models.CharField(
        _("hình thức ký"), max_length=6, choices=SigningForm.choices, blank=True
    )
    signer_title = models.CharField(_("chức danh người ký"), max_length=120)

    class Meta:
        ordering = ["purpose", "level"]
        verbose_name = _("thẩm quyền ban hành")
        verbose_name_plural = _("thẩm quyền ban hành")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "level"], name="documents_authority_once")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.level or '*'})"


class LegalDocument(models.Model):
    """A law, decree or circular the "Căn cứ" lines cite, with the days it is
    in force: a decision cites, for each topic, the document in force on its
    date (a 2019 decision never cites a 2022 law). Configuration
    (`audit.configuration`): changed by a system administrator in /admin/ or
    the API, audited, its code kept, never deleted (a law that ceased to
    apply gets its `valid_to`); an issued document keeps the lines it cited."""

    configured = Configured()

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    topic = models.SlugField(
        _("chủ đề"), max_length=40, help_text=_("local_government, emulation, safety_standard…")
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    citation = models.TextField(_("trích dẫn trong phần căn cứ"))
    valid_from = models.DateField(_("có hiệu lực từ"))
    valid_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự trích dẫn"), default=0)
    to_verify = models.CharField(
        _("cần đối chiếu"), max_length=255, blank=True, help_text=_("Điều chưa được xác minh.")
    )

    class Meta:
        ordering = ["order", "topic", "valid_from"]
        verbose_name = _("văn bản pháp luật làm căn cứ")
        verbose_name_plural = _("văn bản pháp luật làm căn cứ")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="documents_legal_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.number or self.code


def template_path(instance: "DocumentTemplate", filename: str) -> str:
    return f"documents/templates/{instance.doc_type}/{filename}"


class DocumentTemplate(models.Model):
    """A province's own DOCX template for a document type (docxtpl), checked
    for the placeholders it must contain when uploaded; without one, antq's
    shipped template is used."""

    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("dùng cho đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Tỉnh (và các xã trong tỉnh); để trống: cả nước."),
    )
    file = models.FileField(_("tệp mẫu DOCX"), upload_to=template_path, max_length=255)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["doc_type", "-uploaded_at"]
        verbose_name = _("mẫu văn bản (DOCX)")
        verbose_name_plural = _("mẫu văn bản (DOCX)")

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} · {self.unit or _('cả nước')}"
