"""What the movement does: activities (outreach sessions, thematic sessions,
conferences, the 19/8 festival, drills, patrols, signing of commitments,
responses to non-traditional threats) with their attendance and outputs.

Kinds, output kinds and threat categories are configuration (seeded, edited
in /admin/). An activity belongs to the unit that organised it *on its date*:
one dated before the 2025 reform stays with the commune or province of then
(published) and is counted under today's successor (restated), exactly as the
statistics' values are. `scope_path` is the path of today's unit carrying it,
so a commune officer sees the activities of the communes merged into theirs
(`units.models.Placed`).

A review conference (sơ kết, tổng kết) names the period it reviews and is
counted, as a conference, in that period rather than on its date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.accounts.access import VIEW, scope_paths
from antq.audit.configuration import Configured
from antq.core.generations import GenerationQuerySet
from antq.core.geo import Located
from antq.core.scoping import ScopedQuerySet
from antq.units.models import Placed, PlacedQuerySet, Unit


class _Configurable(models.Model):
    # the code stays, rows are deactivated not deleted (audit.configuration)
    configured = Configured()

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ActivityKind(_Configurable):
    class Meta(_Configurable.Meta):
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")


class OutputKind(_Configurable):
    unit_label = models.CharField(_("đơn vị tính"), max_length=40, blank=True)

    class Meta(_Configurable.Meta):
        verbose_name = _("loại sản phẩm tuyên truyền")
        verbose_name_plural = _("loại sản phẩm tuyên truyền")


class ThreatCategory(_Configurable):
    """A field or threat an activity addresses; a specific threat sits under
    its group ("Lừa đảo qua mạng" under "An ninh phi truyền thống")."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhóm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(_Configurable.Meta):
        verbose_name = _("lĩnh vực, loại nguy cơ")
        verbose_name_plural = _("lĩnh vực, loại nguy cơ")


class ActivityQuerySet(PlacedQuerySet, GenerationQuerySet):
    """Bulk writes (restating, imports) change the activities' generation,
    which the report figures are cached under (`selectors.figures`)."""


class Activity(Placed):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.ForeignKey(
        ActivityKind, verbose_name=_("loại hoạt động"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên hoạt động"), max_length=255)
    topic = models.TextField(_("chủ đề, nội dung"), blank=True)
    host = models.CharField(_("cơ quan, tổ chức chủ trì"), max_length=255, blank=True)
    date = models.DateField(_("ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    # officials acting in office, never private persons
    presenter_name = models.CharField(_("báo cáo viên"), max_length=120, blank=True)
    presenter_position = models.CharField(_("chức vụ báo cáo viên"), max_length=255, blank=True)
    chair_name = models.CharField(_("chủ trì"), max_length=120, blank=True)
    chair_position = models.CharField(_("chức vụ người chủ trì"), max_length=255, blank=True)
    attendance = models.PositiveIntegerField(_("số người dự"), default=0)
    # a review conference (sơ kết, tổng kết) names the period it reviews, and
    # is counted in that period: the 2021 review held on 19/01/2022 in 2021
    reviewed_period = models.CharField(_("kỳ được sơ kết, tổng kết"), max_length=7, blank=True)
    reviewed_end = models.DateField(null=True, blank=True, editable=False)
    categories = models.ManyToManyField(
        ThreatCategory, verbose_name=_("lĩnh vực"), blank=True, related_name="+"
    )
    is_public = models.BooleanField(_("công khai"), default=False)
    search_text = models.TextField(editable=False, default="")  # folded, for search
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # no lost updates: every save adds one (antq.audit.versions)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # restating's bulk moves change the generation too
        ordering = ["-date", "-pk"]
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="activities_activity_ends_after_start",
            )
        ]
        indexes = [
            models.Index(
                fields=["scope_path", "date"],
                name="act_activity_scope_date",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["restated_province", "date"], name="act_restated_province"),
            models.Index(fields=["restated_commune", "date"], name="act_restated_commune"),
            # the published view filters by these columns too (units.placement.placed_under)
            models.Index(fields=["published_province", "date"], name="act_published_province"),
            models.Index(fields=["published_commune", "date"], name="act_published_commune"),
            models.Index(fields=["unit", "date"], name="act_unit_date"),
            # the list in its order (newest first), walked until a page is full
            models.Index(fields=["date", "id"], name="act_date_id"),
            # the review conferences a report lists (`selectors.conferences_in`); the
            # others of a period come through the date index, in order. No (kind,
            # date) index: joined to the kinds, SQLite would prefer it to the date
            # order of every list and sort a quarter of the table
            models.Index(
                fields=["reviewed_end"],
                condition=Q(reviewed_end__isnull=False),
                name="act_reviewed_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def last_day(self):
        return self.end_date or self.date

    @property
    def reviewed_label(self) -> str:
        """ "Năm 2021", "6 tháng đầu năm 2021"; "" when it reviews no period."""
        from antq.core.periods import parse

        return parse(self.reviewed_period).label if self.reviewed_period else ""


class ActivityOutput(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outputs")
    kind = models.ForeignKey(OutputKind, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("số lượng"))

    objects = GenerationQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["activity", "kind"], name="activities_output_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind.code}: {self.count}"


class ActivityTotal(models.Model):
    """What the nation's and a province's figures read instead of the
    activities: per view, province, month and measure, the activities of a
    kind counted there ("k"), their attendance by kind ("a"), the items of an
    output kind ("o"), and whether anything was held ("h", for "no data").

    Kept by database triggers on the activities and their outputs
    (`activities.totals`): every write path, the ORM's bulk writes, restating
    and raw SQL included, moves the totals in its own transaction. A month
    is the month of the activity's date, or for "k" of the end of the period a
    review conference reviews (`selectors.counted_in`)."""

    class Measure(models.TextChoices):
        KIND = "k", "activities of a kind"
        ATTENDANCE = "a", "attendance by kind"
        OUTPUT = "o", "items of an output kind"
        HELD = "h", "activities held"

    view = models.CharField(max_length=10)
    measure = models.CharField(max_length=1, choices=Measure.choices)
    month = models.DateField()  # its first day
    # plain ids, 0 for none: the triggers upsert on this key, which NULL would split
    province = models.IntegerField()
    kind = models.IntegerField()  # ActivityKind ("k", "a"), OutputKind ("o"), 0 ("h")
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["view", "measure", "month", "province", "kind"],
                name="activities_total_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.view} {self.measure} {self.month} {self.province} {self.kind}"


class AttachmentQuerySet(ScopedQuerySet):
    scope_path_field = "activity__scope_path"


def attachment_path(instance: "ActivityAttachment", filename: str) -> str:
    return f"activities/{instance.activity_id}/{filename}"


class ActivityAttachment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class FestivalPlanQuerySet(ScopedQuerySet):
    """A plan is the province's: changed by those who may act on the province,
    and seen as well by everyone working in it (communes choose its sites)."""

    scope_path_field = "province__path"

    def for_user(self, user, action: str) -> "FestivalPlanQuerySet":
        paths = scope_paths(user, action)
        own = self.within_paths(paths)
        if action != VIEW or not paths:
            return own
        # the units above each of the user's units: "/22/106/" → "/22/"
        above = {path[: i + 1] for path in paths for i, c in enumerate(path) if c == "/" and i}
        return own | self.filter(province__path__in=above)


class FestivalPlan(models.Model):
    """A province's plan for the year's Ngày hội Toàn dân bảo vệ an ninh Tổ quốc
    (19/8): the window, and how many sites each commune holds at least."""

    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    window_start = models.DateField(_("từ ngày"))
    window_end = models.DateField(_("đến ngày"))
    sites_per_commune = models.PositiveSmallIntegerField(_("số điểm tối thiểu mỗi xã"), default=1)
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = FestivalPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="activities_festival_once"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="activities_festival_window",
            ),
        ]

    def __str__(self) -> str:
        return f"Ngày hội {self.year} · {self.province.name}"


class FestivalSiteQuerySet(PlacedQuerySet):
    pass


class FestivalSite(Placed, Located):
    """A place chosen to hold the festival; held once a festival activity of
    that unit within the window is recorded (linked automatically)."""

    plan = models.ForeignKey(FestivalPlan, on_delete=models.CASCADE, related_name="sites")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField(_("ngày dự kiến"))
    activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="festival_site"
    )

    objects = FestivalSiteQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "planned_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="activities_festival_site_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} ({self.planned_on:%d/%m/%Y})"
