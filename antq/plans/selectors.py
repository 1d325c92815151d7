"""Reads of plans: scoped, with progress counted in SQL (by task, by lead
unit, by year) and the overdue occurrences that stand out."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from antq.accounts.access import EDIT, VIEW, get_for_user
from antq.plans.models import Occurrence, Plan, Task
from antq.units.models import PUBLISHED, RESTATED, Unit
from antq.units.placement import placed_under

DONE = Occurrence.Status.DONE


def plans_for(
    user, *, root: Unit | None = None, year: int | None = None, include_history: bool = False
) -> QuerySet[Plan]:
    """Plans `user` sees: issued under `root` (its own subtree, as published);
    with `include_history`, also those of the units closed in 2025 whose
    history `root` carries (a merged province's plans under its successor)."""
    rows = Plan.objects.for_user(user, VIEW).select_related("unit")
    if root is not None:
        condition = placed_under(Plan, root, PUBLISHED)
        if include_history:  # an open unit's plans are the same in both views
            condition |= placed_under(Plan, root, RESTATED)
        rows = rows.filter(condition)
    if year:
        rows = rows.filter(first_year__lte=year, last_year__gte=year)
    return rows


def plan_detail(user, pk: int) -> Plan:
    return get_for_user(Plan.objects.select_related("unit"), user, VIEW, pk=pk)


def tasks_of(plan: Plan) -> QuerySet[Task]:
    return plan.tasks.select_related("lead").prefetch_related(
        Prefetch("occurrences", queryset=Occurrence.objects.order_by("due"))
    )


@dataclass
class Progress:
    label: str
    total: int
    done: int
    overdue: int
    percent: float

    @property
    def share_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _progress(rows, key: str, today: date) -> list[dict]:
    return list(
        rows.values(key)
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=DONE)),
            overdue=Count("pk", filter=Q(due__lt=today) & ~Q(status=DONE)),
            percent=Avg("percent"),
        )
        .order_by(key)
    )


def plan_progress(plan: Plan, today: date | None = None) -> dict[str, list[Progress]]:
    """Occurrences done, overdue and the mean percent: by task, by lead unit
    and by year, each one GROUP BY."""
    today = today or timezone.localdate()
    rows = Occurrence.objects.filter(task__plan=plan)
    tasks = {t.pk: f"{t.number}. {t.text[:60]}" for t in plan.tasks.all()}
    leads = dict(Unit.objects.filter(pk__in=plan.tasks.values("lead")).values_list("pk", "name"))

    def build(key: str, label) -> list[Progress]:
        return [
            Progress(label(r[key]), r["total"], r["done"], r["overdue"], r["percent"] or 0)
            for r in _progress(rows, key, today)
        ]

    return {
        "task": build("task", lambda k: tasks.get(k, "")),
        "lead": build("task__lead", lambda k: leads.get(k, "")),
        "year": build("due__year", str),
    }


def assigned_to(user) -> QuerySet[Occurrence]:
    """Occurrences not done of the tasks `user`'s units lead (edit scope over
    the lead unit), whoever issued the plan: what they have to report on."""
    return _led_by(user).exclude(status=DONE)


def overdue_for(user, *, today: date | None = None) -> QuerySet[Occurrence]:
    """Occurrences past their due date and not done, of tasks `user` leads
    (edit scope over the lead unit): what stands out on their home page."""
    today = today or timezone.localdate()
    return _led_by(user).filter(due__lt=today).exclude(status=DONE)


def _led_by(user) -> QuerySet[Occurrence]:
    rows = Occurrence.led.for_user(user, EDIT)
    return rows.select_related("task__plan", "task__lead").order_by("due")


def progress_under(
    root: Unit | None, first: date, last: date, today: date | None = None
) -> list[dict]:
    """For the movement report: per plan issued under `root` (None: the
    nation), its occurrences due between `first` and `last`, done and
    overdue, in one GROUP BY."""
    today = today or timezone.localdate()
    rows = Occurrence.objects.filter(due__gte=first, due__lte=last)
    if root is not None:
        rows = rows.filter(placed_under(Plan, root, PUBLISHED, prefix="task__plan__"))
    counted = list(
        rows.values("task__plan")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=DONE)),
            overdue=Count("pk", filter=Q(due__lt=today) & ~Q(status=DONE)),
        )
        .order_by("task__plan")
    )
    plans = Plan.objects.in_bulk([row["task__plan"] for row in counted])
    return [
        {"plan": plans[row["task__plan"]], **{k: row[k] for k in ("total", "done", "overdue")}}
        for row in counted
    ]


def occurrences_open(first: date, last: date) -> QuerySet[Occurrence]:
    """Occurrences due between `first` and `last` and not done (for the reminders)."""
    return (
        Occurrence.objects.filter(due__gte=first, due__lte=last)
        .exclude(status=DONE)
        .select_related("task__plan", "task__lead")
    )
