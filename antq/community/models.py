"""What the movement builds: self-management models (mô hình tự phòng, tự
quản, tự bảo vệ) registered by a unit, run at sites (điểm), evaluated each
year, replicated from one site to another, some recognised as exemplary; and
exemplary collectives and individuals (điển hình tiên tiến, gương người tốt
việc tốt) that later feed reward nominations.

Every row is `Placed`: counted where its unit is, published and restated, and
seen from today's unit carrying it up."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from antq.accounts.access import VIEW, scope_paths
from antq.audit.configuration import Configured
from antq.core.geo import Located
from antq.core.workflow import Move, Workflow
from antq.units.models import Placed, PlacedQuerySet, Unit


class ModelCategory(models.Model):
    configured = Configured(used_by=(("community.CommunityModel", "category"),))

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("nhóm mô hình")
        verbose_name_plural = _("nhóm mô hình")

    def __str__(self) -> str:
        return self.name


class LeadOrganisation(models.TextChoices):
    POLICE = "cong_an", _("Công an")
    GOVERNMENT = "chinh_quyen", _("Chính quyền")
    FRONT = "mat_tran", _("Mặt trận Tổ quốc")
    WOMEN = "phu_nu", _("Hội Liên hiệp Phụ nữ")
    YOUTH = "thanh_nien", _("Đoàn Thanh niên")
    VETERANS = "cuu_chien_binh", _("Hội Cựu chiến binh")
    FARMERS = "nong_dan", _("Hội Nông dân")
    SCHOOL = "truong_hoc", _("Nhà trường")
    ENTERPRISE = "doanh_nghiep", _("Doanh nghiệp")
    OTHER = "khac", _("Khác")


class CommunityModelQuerySet(PlacedQuerySet):
    def within_paths(self, paths):
        """A model is seen where it was registered, and where it runs."""
        if paths is None:
            return self
        own = super().within_paths(paths)
        sites = Site.objects.within_paths(paths).filter(model=OuterRef("pk"))
        return self.filter(Q(pk__in=own.values("pk")) | Exists(sites))

    def for_user(self, user, action: str):
        if action == VIEW:
            return super().for_user(user, action)
        # only the registering unit's side edits the model itself
        return PlacedQuerySet.within_paths(self, scope_paths(user, action))


class CommunityModel(Placed):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        PAUSED = "paused", _("Tạm dừng")
        ENDED = "ended", _("Đã kết thúc")

    # a model pauses and resumes; once ended it stays ended (a revival is a
    # new registration, with its own start date)
    moves = Workflow(
        Move("pause", _("tạm dừng mô hình"), {Status.ACTIVE}, Status.PAUSED),
        Move("resume", _("cho mô hình hoạt động lại"), {Status.PAUSED}, Status.ACTIVE),
        Move("end", _("kết thúc mô hình"), {Status.ACTIVE, Status.PAUSED}, Status.ENDED),
    )

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên mô hình"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, default="")
    category = models.ForeignKey(
        ModelCategory, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="+"
    )
    lead_organisation = models.CharField(
        _("cơ quan, tổ chức chủ trì"), max_length=20, choices=LeadOrganisation.choices
    )
    description = models.TextField(_("mô tả"), blank=True)
    started_on = models.DateField(_("ngày bắt đầu"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    exemplary_year = models.PositiveSmallIntegerField(
        _("được công nhận điển hình năm"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = CommunityModelQuerySet.as_manager()

    class Meta:
        ordering = ["name_folded"]
        verbose_name = _("mô hình tự quản")
        verbose_name_plural = _("mô hình tự quản")
        indexes = [
            models.Index(
                fields=["scope_path"], name="community_model_scope",
                opclasses=["varchar_pattern_ops"],
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class SiteQuerySet(PlacedQuerySet):
    pass


class Site(Placed, Located):
    class Participants(models.TextChoices):
        HOUSEHOLDS = "households", _("hộ")
        MEMBERS = "members", _("thành viên")

    class State(models.TextChoices):
        RUNNING = "running", _("Đang áp dụng")
        ENDED = "ended", _("Đã dừng")

    # a site stops once; its end date says it (`state`, computed)
    moves = Workflow(Move("end", _("dừng điểm áp dụng"), {State.RUNNING}), field="state")

    model = models.ForeignKey(CommunityModel, on_delete=models.CASCADE, related_name="sites")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("ngày áp dụng"))
    ended_on = models.DateField(_("ngày dừng"), null=True, blank=True)
    groups = models.PositiveIntegerField(_("số tổ, nhóm"), default=1)
    participants = models.PositiveIntegerField(_("số tham gia"), default=0)
    participant_kind = models.CharField(
        _("tính theo"), max_length=10, choices=Participants.choices, default=Participants.HOUSEHOLDS
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("nhân rộng từ điểm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replicas",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["model", "started_on", "pk"]
        verbose_name = _("điểm áp dụng mô hình")
        verbose_name_plural = _("điểm áp dụng mô hình")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "unit"], condition=Q(ended_on__isnull=True),
                name="community_site_once_per_unit",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["restated_province", "started_on"], name="community_site_prov"),
            models.Index(fields=["restated_commune", "started_on"], name="community_site_commune"),
            models.Index(
                fields=["scope_path"], name="community_site_scope",
                opclasses=["varchar_pattern_ops"],
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.model.name} · {self.unit.name}"

    @property
    def state(self) -> str:
        return self.State.RUNNING if self.ended_on is None else self.State.ENDED

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)


class Evaluation(models.Model):
    class Result(models.TextChoices):
        EFFECTIVE = "effective", _("Hiệu quả")
        PARTLY = "partly", _("Hiệu quả một phần")
        NOT_EFFECTIVE = "not_effective", _("Chưa hiệu quả")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("năm"))
    result = models.CharField(_("kết quả"), max_length=15, choices=Result.choices)
    note = models.CharField(_("nhận xét"), max_length=500, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="community_evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_result_display()}"


class ExampleQuerySet(PlacedQuerySet):
    pass


class Example(Placed):
    """An exemplary collective (a unit) or individual of a year."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    position = models.CharField(_("chức vụ, nghề nghiệp"), max_length=255, blank=True)
    achievement = models.TextField(_("thành tích"))
    year = models.PositiveSmallIntegerField(_("năm"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = ExampleQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "pk"]
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        indexes = [models.Index(fields=["restated_commune", "year"], name="community_example_year")]

    def __str__(self) -> str:
        return self.person_name or self.unit.name
