"""Reads of plans: scoped, with progress counted in SQL (by task, by lead
unit, by year) and the overdue occurrences that stand out.

Occurrences of a closed issuer's plan that nobody took over (or that fell
due before the successor took it over) are history (`Occurrence.objects
.history()`): counted as done or not, never overdue, never on anyone's list
of work; a plan taken over is the taker's to carry out from that day."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from antq.accounts.access import EDIT, VIEW, get_for_user
from antq.plans.models import DRAFT, HISTORY, Occurrence, Plan, Task
from antq.units.models import PUBLISHED, RESTATED, Unit
from antq.units.placement import placed_under

DONE = Occurrence.Status.DONE


def overdue_when(today: date) -> Q:
    """Past due, not done, not history, not of a draft plan."""
    return Q(due__lt=today) & ~Q(status=DONE) & ~HISTORY & ~DRAFT


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
    return get_for_user(Plan.objects.select_related("unit", "register_document"), user, VIEW, pk=pk)


def tasks_of(plan: Plan) -> QuerySet[Task]:
    return plan.tasks.select_related("lead", "plan__unit").prefetch_related(
        Prefetch(
            "occurrences",
            queryset=Occurrence.objects.select_related("task__plan__unit").order_by("due"),
        )
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
            overdue=Count("pk", filter=overdue_when(today)),
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
    today's unit carrying the lead), whoever issued the plan: what they have
    to report on. History is nobody's work."""
    return _led_by(user).exclude(status=DONE)


def overdue_for(user, *, today: date | None = None) -> QuerySet[Occurrence]:
    """Occurrences past their due date and not done, of tasks `user` leads
    (see `assigned_to`): what stands out on their home page. Never history:
    a merged province's 2022 tasks are not overdue for its successor."""
    today = today or timezone.localdate()
    return _led_by(user).filter(due__lt=today).exclude(status=DONE)


def _led_by(user) -> QuerySet[Occurrence]:
    rows = Occurrence.led.for_user(user, EDIT).current()
    return rows.select_related("task__plan__unit", "task__lead").order_by("due")


def _issued_under(root: Unit | None, view: str, prefix: str = "") -> Q:
    """Plans issued under `root`: as published (the issuer of then), or
    restated, where an open root also carries its predecessors' plans."""
    if root is None:
        return Q()
    condition = placed_under(Plan, root, PUBLISHED, prefix=prefix)
    if view == RESTATED:
        condition |= placed_under(Plan, root, RESTATED, prefix=prefix)
    return condition


def progress_under(
    root: Unit | None,
    first: date,
    last: date,
    today: date | None = None,
    view: str = PUBLISHED,
) -> list[dict]:
    """For the movement report: per plan issued under `root` (None: the
    nation; in `view`), its occurrences due between `first` and `last`, done
    and overdue (history is never overdue), in one GROUP BY."""
    today = today or timezone.localdate()
    rows = Occurrence.objects.filter(due__gte=first, due__lte=last)
    rows = rows.filter(_issued_under(root, view, prefix="task__plan__"))
    counted = list(
        rows.values("task__plan")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=DONE)),
            overdue=Count("pk", filter=overdue_when(today)),
        )
        .order_by("task__plan")
    )
    plans = Plan.objects.in_bulk([row["task__plan"] for row in counted])
    return [
        {"plan": plans[row["task__plan"]], **{k: row[k] for k in ("total", "done", "overdue")}}
        for row in counted
    ]


def occurrences_open(first: date, last: date) -> QuerySet[Occurrence]:
    """Occurrences due between `first` and `last` and not done, history left
    out (for the reminders)."""
    return (
        Occurrence.objects.filter(due__gte=first, due__lte=last)
        .current()
        .exclude(status=DONE)
        .select_related("task__plan", "task__lead")
    )


def responsible_unit(occurrence: Occurrence) -> int:
    """Who is reminded of an occurrence: today's unit carrying its task's
    lead (the lead itself while open)."""
    return int(occurrence.task.scope_path.strip("/").split("/")[-1])


def tasks_due_in(root: Unit | None, first: date, last: date, view: str = RESTATED) -> list[dict]:
    """For section IV of a movement report: the key tasks of the plans issued
    under `root` that fall due between `first` and `last` (the next period),
    with their lead and dates, plan by plan. Two queries."""
    due = (
        Occurrence.objects.filter(due__gte=first, due__lte=last)
        .filter(_issued_under(root, view, prefix="task__plan__"))
        .values_list("task", "due")
        .order_by("due")
    )
    dates: dict[int, list[date]] = {}
    for task, day in due:
        dates.setdefault(task, []).append(day)
    tasks = Task.objects.filter(pk__in=list(dates)).select_related("plan", "lead")
    return [
        {"plan": task.plan, "task": task, "dates": dates[task.pk]}
        for task in tasks.order_by("plan__date", "plan__pk", "number")
    ]
