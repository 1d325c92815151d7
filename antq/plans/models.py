"""Plans (kế hoạch) with numbered key tasks assigned to a lead unit or agency,
each task's deadline or recurrence (an iCalendar RRULE, RFC 5545) expanded
into dated occurrences within the plan's years, and the progress the lead
reports on each occurrence.

A plan is `Placed` under its issuing unit: one issued by a province merged
in 2025 keeps that province (published) and is seen from its successor.
Once its issuer is closed, the plan's occurrences are history (never
overdue, never reminded) unless a successor takes the plan over
("tiếp nhận"): from that day on they are the successor's to carry out."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.scoping import ScopedQuerySet
from antq.core.workflow import Move, Workflow
from antq.units.models import Placed, PlacedQuerySet, Placement, Unit


class PlanQuerySet(PlacedQuerySet):
    pass


def plan_document_path(instance: "Plan", filename: str) -> str:
    return f"plans/{instance.pk}/{filename}"


class Plan(Placed):
    class Kind(models.TextChoices):
        MULTI_YEAR = "multi_year", _("Nhiều năm")
        ANNUAL = "annual", _("Hằng năm")
        THEMATIC = "thematic", _("Chuyên đề")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("số"), max_length=20)
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    date = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))
    kind = models.CharField(_("loại kế hoạch"), max_length=12, choices=Kind.choices)
    document = models.FileField(
        _("văn bản đã ký"), upload_to=plan_document_path, max_length=255, blank=True
    )
    # a plan drafted and issued in antq: its document in the outgoing register
    # (number, date, signer and files are the register's); empty for a plan
    # issued elsewhere and recorded here with its number
    register_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản trong sổ đăng ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # a closed issuer's plan carried on by a successor, from a day
    taken_over_by = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    taken_over_on = models.DateField(_("tiếp nhận từ ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="plans_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(taken_over_by__isnull=True, taken_over_on__isnull=True)
                | Q(taken_over_by__isnull=False, taken_over_on__isnull=False),
                name="plans_takeover_with_its_day",
            ),
        ]
        indexes = [
            models.Index(
                fields=["scope_path"], name="plans_plan_scope", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.number or '…'}/{self.symbol}"

    @property
    def is_draft(self) -> bool:
        """Drafted on the register and not issued yet: its tasks are nobody's
        work and never overdue until it is."""
        return self.register_document_id is not None and not self.number

    @property
    def is_history(self) -> bool:
        """Its issuer is closed and no successor took it over."""
        return self.unit.valid_to is not None and self.taken_over_by_id is None


class TaskQuerySet(ScopedQuerySet):
    """A task is its plan's: seen and edited within the issuer's scope."""

    scope_path_field = "plan__scope_path"


class Task(Placed):
    """A key task, led by a unit of the plan's time; placed by its lead, so
    the lead's successor today (`scope_path`) reports on it and is reminded
    of it when a reform closed the lead."""

    placement = Placement(unit="lead")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung nhiệm vụ"))
    lead = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating = models.CharField(_("đơn vị phối hợp"), max_length=500, blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    # RFC 5545 RRULE, e.g. FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19; empty: once
    recurrence = models.CharField(_("lặp lại"), max_length=255, blank=True)
    expected_output = models.CharField(_("sản phẩm"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_task_number_once")
        ]
        indexes = [
            models.Index(
                fields=["scope_path"], name="plans_task_scope", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


# An occurrence is history when its plan's issuer is closed and the plan
# was not taken over, or it fell due before the successor took it over.
HISTORY = Q(task__plan__unit__valid_to__isnull=False) & (
    Q(task__plan__taken_over_on__isnull=True) | Q(due__lt=models.F("task__plan__taken_over_on"))
)


# An occurrence of a plan still drafted on the register is nobody's work yet.
DRAFT = Q(task__plan__register_document__status="draft")


class _Occurrences(ScopedQuerySet):
    def history(self):
        """Occurrences of a closed issuer's plan before any successor took it
        over: a record of the past, never overdue."""
        return self.filter(HISTORY)

    def current(self):
        """Occurrences someone still has to carry out (not history, not of a
        draft plan)."""
        return self.exclude(HISTORY).exclude(DRAFT)


class OccurrenceQuerySet(_Occurrences):
    """Progress is seen, and reported, through the plan (its issuer's scope)
    and by the task's lead unit, which may sit in a commune that does not see
    the province's plan itself."""

    scope_path_field = ("task__plan__scope_path", "task__scope_path")


class LedQuerySet(_Occurrences):
    """Occurrences by their task's lead unit only (today's unit carrying it):
    what a unit has to report on."""

    scope_path_field = "task__scope_path"


class Occurrence(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")

    # Progress is a report, not a move: the lead says where the task stands
    # (status and percent together) from whatever it said before, and a later
    # report corrects an earlier one; no status closes an occurrence.
    moves = Workflow(Move("report", _("báo cáo tiến độ"), Status.values))

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    due = models.DateField(_("hạn"))
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = OccurrenceQuerySet.as_manager()
    led = LedQuerySet.as_manager()

    class Meta:
        ordering = ["task", "due"]
        constraints = [
            models.UniqueConstraint(fields=["task", "due"], name="plans_occurrence_once"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="plans_percent_max_100"),
        ]
        indexes = [models.Index(fields=["due", "status"], name="plans_occurrence_due")]

    def __str__(self) -> str:
        return f"{self.task} · {self.due:%d/%m/%Y}"

    @property
    def is_history(self) -> bool:
        plan = self.task.plan
        if plan.unit.valid_to is None:
            return False
        return plan.taken_over_on is None or self.due < plan.taken_over_on

    def is_overdue(self, today) -> bool:
        return (
            self.status != self.Status.DONE
            and self.due < today
            and not self.is_history
            and not self.task.plan.is_draft
        )


def evidence_path(instance: "ProgressEvidence", filename: str) -> str:
    return f"plans/progress/{instance.occurrence_id}/{filename}"


class ProgressEvidenceQuerySet(ScopedQuerySet):
    """Evidence is seen by whoever sees its occurrence."""

    scope_path_field = tuple(f"occurrence__{f}" for f in OccurrenceQuerySet.scope_path_field)


class ProgressEvidence(models.Model):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressEvidenceQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class CommitteeQuerySet(PlacedQuerySet):
    pass


def committee_decision_path(instance: "Committee", filename: str) -> str:
    return f"committees/{instance.pk}/{filename}"


class Committee(Placed):
    """A steering committee (ban chỉ đạo, e.g. Ban Chỉ đạo 138) of a unit."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên ban chỉ đạo"), max_length=255)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    decision_file = models.FileField(
        _("quyết định"), upload_to=committee_decision_path, max_length=255, blank=True
    )
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = _("ban chỉ đạo")
        verbose_name_plural = _("ban chỉ đạo")

    def __str__(self) -> str:
        return self.name


class CommitteeMemberQuerySet(ScopedQuerySet):
    """A term is its committee's: seen and edited within the committee's scope."""

    scope_path_field = "committee__scope_path"


class CommitteeMember(models.Model):
    """One term of a person on a committee: a change of role or of person is
    a new term, the old one keeps its end date (history)."""

    class Term(models.TextChoices):
        SERVING = "serving", _("Đang trong nhiệm kỳ")
        ENDED = "ended", _("Đã kết thúc nhiệm kỳ")

    # a term is ended once; the end date says it (`term`, computed)
    moves = Workflow(Move("end", _("kết thúc nhiệm kỳ"), {Term.SERVING}), field="term")

    class Role(models.TextChoices):
        HEAD = "truong_ban", _("Trưởng ban")
        STANDING_DEPUTY = "pho_thuong_truc", _("Phó Trưởng ban Thường trực")
        DEPUTY = "pho_truong_ban", _("Phó Trưởng ban")
        MEMBER = "thanh_vien", _("Thành viên")
        STANDING = "thuong_truc", _("Thường trực")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=255)
    agency = models.CharField(_("cơ quan"), max_length=255, blank=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    tasks = models.ManyToManyField(
        Task, verbose_name=_("nhiệm vụ phụ trách"), blank=True, related_name="responsible"
    )
    communes = models.ManyToManyField(
        Unit, verbose_name=_("địa bàn phụ trách"), blank=True, related_name="+"
    )

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "ended_on", "role", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def term(self) -> str:
        return self.Term.SERVING if self.ended_on is None else self.Term.ENDED

    def get_term_display(self) -> str:
        return str(self.Term(self.term).label)
