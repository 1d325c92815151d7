"""The grassroots force: one Tổ bảo vệ an ninh, trật tự per residential area
(Law 30/2023), its members, their training, and the annual rating
(Hướng dẫn 01/HD-BCA-V05).

Members are personal data: ordinary personnel facts only (name, birth year,
gender, role, dates, training, allowance, rating), never opinions or beliefs.
A team's `scope_path` is its *commune's* path, so members are visible to the
commune and the levels above only, never to a residential-area account, and
every export of them is audited.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.geo import Located
from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.units.models import Placed, PlacedQuerySet, Placement, Unit


class TeamQuerySet(PlacedQuerySet):
    pass


class Team(Placed, Located):
    # members are personal data: seen from the commune up, never by the area
    placement = Placement(seen_from=Placement.COMMUNE)

    class State(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        DISSOLVED = "dissolved", _("Đã giải thể")

    # a team is dissolved once, and recognises members only while active; its
    # dissolution date says which (`state`, computed)
    moves = Workflow(
        Move("dissolve", _("giải thể tổ"), {State.ACTIVE}),
        Move("recognise", _("công nhận thành viên"), {State.ACTIVE}),
        field="state",
    )

    unit = models.ForeignKey(
        Unit, verbose_name=_("khu dân cư"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("tên tổ"), max_length=255)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký quyết định"), max_length=120, blank=True)
    established_on = models.DateField(_("ngày thành lập"))
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name_folded"]
        verbose_name = _("Tổ bảo vệ an ninh, trật tự")
        verbose_name_plural = _("Tổ bảo vệ an ninh, trật tự")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(dissolved_on__isnull=True),
                name="forces_one_active_team_per_area",
            )
        ]
        indexes = [
            models.Index(
                fields=["scope_path"], name="forces_team_scope", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["restated_province"], name="forces_team_province"),
            models.Index(fields=["restated_commune"], name="forces_team_commune"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def state(self) -> str:
        return self.State.ACTIVE if self.is_active else self.State.DISSOLVED

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)


class Role(models.TextChoices):
    LEADER = "to_truong", _("Tổ trưởng")
    DEPUTY = "to_pho", _("Tổ phó")
    MEMBER = "to_vien", _("Tổ viên")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MemberQuerySet(ScopedQuerySet):
    scope_path_field = "team__scope_path"


class Member(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, default="")
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices)
    role = models.CharField(_("chức danh"), max_length=10, choices=Role.choices)
    appointed_on = models.DateField(_("ngày công nhận"))
    ended_on = models.DateField(_("ngày thôi"), null=True, blank=True)
    # earlier service in the predecessor forces (bảo vệ dân phố, công an xã bán
    # chuyên trách) counts towards the Kỷ niệm chương
    service_since = models.DateField(_("tham gia lực lượng từ"), null=True, blank=True)
    allowance = models.DecimalField(
        _("mức phụ cấp (đồng/tháng)"), max_digits=12, decimal_places=0, default=Decimal(0)
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["team", "role", "name_folded"]
        verbose_name = _("thành viên Tổ bảo vệ ANTT")
        verbose_name_plural = _("thành viên Tổ bảo vệ ANTT")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")),
                name="forces_member_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def service_start(self):
        return min(filter(None, [self.service_since, self.appointed_on]))


class TrainingQuerySet(ScopedQuerySet):
    scope_path_field = "member__team__scope_path"


class Training(models.Model):
    class Result(models.TextChoices):
        PASSED = "passed", _("Đạt")
        GOOD = "good", _("Khá, giỏi")
        FAILED = "failed", _("Không đạt")
        ATTENDED = "attended", _("Tham gia")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("khóa huấn luyện, bồi dưỡng"), max_length=255)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    result = models.CharField(_("kết quả"), max_length=10, choices=Result.choices)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.course} ({self.start:%d/%m/%Y})"


class Level(models.TextChoices):
    """Hướng dẫn 01/HD-BCA-V05: the four levels of the annual rating."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    NOT_DONE = "not_done", _("Không hoàn thành nhiệm vụ")


class Rating(models.Model):
    """One year's rating of a team or of a member (exactly one of them)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    commune = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("xếp loại"), max_length=10, choices=Level.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True, member__isnull=False)
                | Q(team__isnull=False, member__isnull=True),
                name="forces_rating_of_team_or_member",
            ),
            models.UniqueConstraint(fields=["year", "team"], name="forces_rating_team_once"),
            models.UniqueConstraint(fields=["year", "member"], name="forces_rating_member_once"),
        ]
        indexes = [models.Index(fields=["commune", "year"], name="forces_rating_commune_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_level_display()}"


class SizeRuleQuerySet(ScopedQuerySet):
    scope_path_field = "province__path"


class SizeRule(models.Model):
    """A province's rule (HĐND/UBND tỉnh) for the number of members of a team,
    by the residential area's households: [min_households, max_households)."""

    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    min_households = models.PositiveIntegerField(_("từ số hộ"), default=0)
    max_households = models.PositiveIntegerField(
        _("dưới số hộ"), null=True, blank=True, help_text=_("Để trống: không giới hạn.")
    )
    min_members = models.PositiveSmallIntegerField(_("số thành viên tối thiểu"))
    max_members = models.PositiveSmallIntegerField(_("số thành viên tối đa"))
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    objects = SizeRuleQuerySet.as_manager()

    class Meta:
        ordering = ["province", "min_households"]
        verbose_name = _("quy định số thành viên tổ")
        verbose_name_plural = _("quy định số thành viên tổ")

    def __str__(self) -> str:
        upper = self.max_households if self.max_households is not None else "∞"
        return f"{self.min_households}–{upper} hộ: {self.min_members}–{self.max_members}"
