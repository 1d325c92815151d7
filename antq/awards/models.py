"""Emulation and rewards: configurable award types with eligibility
conditions (data) checked by rules (code, `awards.rules`), rounds at a level
with a deadline, nominations of collectives and individuals, the council's
review, and the decision with its documents in the Decree 30 layout."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.audit.configuration import Configured
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.units.models import Placed, PlacedQuerySet, Unit


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AwardType(models.Model):
    """A form of reward (hình thức khen thưởng). `conditions` is a list of
    {"rule": name, ...parameters} checked by awards.rules; e.g.
    [{"rule": "recognized_safe"}, {"rule": "quota", "percent": 20}]."""

    # the award counts group by level and by collective or individual: once
    # nominated, a type keeps them (audit.configuration)
    configured = Configured(
        defines_figures=("level", "for_collectives", "for_individuals", "once_per_lifetime"),
        used_by=(("awards.Nomination", "award_type"),),
    )

    class Level(models.TextChoices):
        MINISTRY = "ministry", _("Bộ Công an")
        PROVINCE = "province", _("Ủy ban nhân dân tỉnh")
        PROVINCE_POLICE = "province_police", _("Công an tỉnh")
        COMMUNE = "commune", _("Ủy ban nhân dân xã")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên hình thức"), max_length=255)
    level = models.CharField(_("cấp khen"), max_length=16, choices=Level.choices)
    for_collectives = models.BooleanField(_("khen tập thể"), default=True)
    for_individuals = models.BooleanField(_("khen cá nhân"), default=True)
    once_per_lifetime = models.BooleanField(_("chỉ tặng một lần"), default=False)
    conditions = models.JSONField(_("điều kiện"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self) -> str:
        return self.name

    def accepts(self, kind: str) -> bool:
        return self.for_collectives if kind == RecipientKind.COLLECTIVE else self.for_individuals


class RoundQuerySet(ScopedQuerySet):
    scope_path_field = "unit__path"


class Round(models.Model):
    """A round of rewards (year-end, the 19/8 festival, thematic) at a unit."""

    class Kind(models.TextChoices):
        YEAR_END = "year_end", _("Tổng kết năm")
        FESTIVAL = "festival", _("Ngày hội 19/8")
        THEMATIC = "thematic", _("Chuyên đề")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận đề nghị")
        DECIDED = "decided", _("Đã quyết định")

    unit = models.ForeignKey(
        Unit, verbose_name=_("cấp xét"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("đợt"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên đợt"), max_length=255)
    deadline = models.DateField(_("hạn đề nghị"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    # nominations are received while the round is open; closing it ends them
    moves = Workflow(
        Move("nominate", _("đề nghị khen thưởng"), {Status.OPEN}),
        Move("close", _("kết thúc đợt khen thưởng"), {Status.OPEN}, Status.DECIDED),
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-deadline"]
        verbose_name = _("đợt khen thưởng")
        verbose_name_plural = _("đợt khen thưởng")

    def __str__(self) -> str:
        return self.name


class Nomination(Placed):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị")
        ACCEPTED = "accepted", _("Hội đồng nhất trí")
        REJECTED = "rejected", _("Không đề nghị")
        AWARDED = "awarded", _("Đã khen thưởng")

    # the council may change its conclusion until the decision awards it
    moves = Workflow(
        Move("accept", _("nhất trí đề nghị"), {Status.PROPOSED, Status.REJECTED}, Status.ACCEPTED),
        Move(
            "reject",
            _("kết luận không đề nghị"),
            {Status.PROPOSED, Status.ACCEPTED},
            Status.REJECTED,
        ),
        Move("award", _("khen thưởng"), {Status.ACCEPTED}, Status.AWARDED),
    )

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nominations")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField(_("đối tượng"), max_length=10, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=120, blank=True, default="", editable=False)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    achievement = models.TextField(_("thành tích"))
    years_of_service = models.PositiveSmallIntegerField(_("số năm công tác"), null=True, blank=True)
    example = models.ForeignKey(
        "community.Example", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = PlacedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "award_type__order", "recipient_kind", "pk"]
        indexes = [models.Index(fields=["restated_province", "status"], name="awards_nom_prov")]

    def __str__(self) -> str:
        return self.person_name or self.unit.name


class DecisionQuerySet(ScopedQuerySet):
    scope_path_field = "round__unit__path"


class Decision(models.Model):
    """The decision of one award type for a round's accepted nominations; its
    number, date, signer and files are its document's in the outgoing
    register (antq.documents), issued by the body the award type names."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    moves = Workflow(
        Move("issue", _("ban hành quyết định"), {Status.DRAFT}, Status.ISSUED),
        # a correction: a new document with its own number, the first kept
        Move("reissue", _("ban hành lại quyết định"), {Status.ISSUED}),
    )

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="decisions")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("tình trạng"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    nominations = models.ManyToManyField(Nomination, related_name="decisions")
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.reference

    # what the register says of the decision
    @property
    def reference(self) -> str:
        return self.document.reference if self.document_id else "…"

    @property
    def date(self):
        return self.document.date if self.document_id else None

    @property
    def number(self) -> int | None:
        return self.document.number if self.document_id else None

    @property
    def signer_name(self) -> str:
        return self.document.signer_name if self.document_id else ""
