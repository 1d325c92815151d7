"""Reads of activities, always through the user's scope. Counts run in SQL
(one GROUP BY over the province/commune columns), never over rows in Python.

Two views, as in the statistics: *published* counts an activity under the
unit that organised it (a commune merged in 2025 keeps its own), *restated*
under today's successor.

An activity is counted on its date, a review conference that names the
period it reviews in that period (`counted_in`); its attendance and outputs
stay on the day they happened. A period under a root where antq holds no
activity at all has no data (None), never 0."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL

from antq.accounts.access import VIEW, get_for_user, scope_paths
from antq.activities import totals
from antq.activities.models import (
    Activity,
    ActivityKind,
    ActivityOutput,
    FestivalPlan,
    FestivalSite,
    OutputKind,
)
from antq.activities.reviews import CONFERENCE_KIND
from antq.core.generations import Generation
from antq.core.paging import CAP
from antq.core.vietnamese import fold
from antq.units.models import RESTATED, Unit
from antq.units.placement import placed_under


def activities_for(
    user,
    *,
    root: Unit | None = None,
    view: str = RESTATED,
    kind: str | None = None,
    category: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    q: str = "",
) -> QuerySet[Activity]:
    """The activities `user` may see, filtered. `q` matches title, topic, host
    and unit name without diacritics ("tuyen truyen" finds "Tuyên truyền")."""
    rows = Activity.objects.for_user(user, VIEW).select_related("unit", "kind")
    if root is not None:
        rows = rows.under(root, view)
    if kind:
        rows = rows.filter(kind__code=kind)
    if category:
        rows = rows.filter(categories__code=category)
    if date_from:
        rows = rows.filter(
            Q(end_date__gte=date_from) | Q(end_date__isnull=True, date__gte=date_from)
        )
    if date_to:
        rows = rows.filter(date__lte=date_to)
    words = fold(q).split()
    for word in words:
        rows = rows.filter(search_text__contains=word)
    indexed = _text_index_ids(words)
    if indexed is not None:
        rows = rows.filter(pk__in=indexed)
    return rows


def _text_index_ids(words: list[str]) -> RawSQL | None:
    """On SQLite, the ids of the activities whose folded text holds every
    word of three letters or more, from the FTS5 trigram index (migration
    0007) — when they are few. A word found in more than `CAP` activities
    ("tuyen truyen": a quarter of them) is better found by walking the list
    in its order and reading the text of each row until the page is full:
    the index would hand over hundreds of thousands of ids to sort. One
    capped probe of the index decides. PostgreSQL's planner makes the same
    choice itself between its pg_trgm index and the date index."""
    indexed = [w for w in words if len(w) >= 3 and not set(w) & {"%", "_", "\\"}]
    if not indexed or connection.vendor != "sqlite":
        return None
    # no ESCAPE clause: FTS5 would not use its index with one
    where = " AND ".join(["search_text LIKE %s"] * len(indexed))
    params = [f"%{w}%" for w in indexed]
    ids = f"SELECT rowid FROM activities_activity_fts WHERE {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({ids} LIMIT {CAP + 1})", params)  # noqa: S608
        (found,) = cursor.fetchone()
    return RawSQL(ids, params) if found <= CAP else None  # noqa: S611 (words are parameters)


def activity_detail(user, pk: int) -> Activity:
    return get_for_user(
        Activity.objects.select_related("unit", "kind", "created_by").prefetch_related(
            "categories", "outputs__kind", "attachments"
        ),
        user,
        VIEW,
        pk=pk,
    )


def counted_in(first: date, last: date, prefix: str = "") -> Q:
    """Activities counted between `first` and `last`: by their date, a review
    conference by the end of the period it reviews."""
    return Q(**{f"{prefix}reviewed_end__isnull": True, f"{prefix}date__range": (first, last)}) | Q(
        **{f"{prefix}reviewed_end__range": (first, last)}
    )


def happened_in(first: date, last: date, prefix: str = "") -> Q:
    """Activities that took place between `first` and `last` (their first day)."""
    return Q(**{f"{prefix}date__range": (first, last)})


@dataclass
class Summary:
    root: Unit
    year: int
    view: str
    total: int = 0
    attendance: int = 0
    by_kind: list[dict] = field(default_factory=list)
    outputs: list[dict] = field(default_factory=list)


def activity_summary(user, *, root: Unit, year: int, view: str = RESTATED) -> Summary:
    """Counts by kind and totals of each output kind for `root`'s subtree and
    `year`, with the same figures a year earlier (a review conference in the
    year it reviews; attendance and outputs in the year they happened)."""
    now = (date(year, 1, 1), date(year, 12, 31))
    before = (date(year - 1, 1, 1), date(year - 1, 12, 31))
    if _sees_all_of(user, root, view) and totals.answers(root, by_child=False):
        counts, outputs = _summary_from_totals(root, view, totals.Window(now, before))
    else:
        counts, outputs = _summary_from_rows(user, root, view, now, before)
    summary = Summary(root=root, year=year, view=view)
    for kind in ActivityKind.objects.all():
        row = counts.get(kind.pk, {})
        if kind.active or row.get("count"):
            summary.by_kind.append(
                {
                    "code": kind.code,
                    "name": kind.name,
                    "count": row.get("count") or 0,
                    "previous": row.get("previous") or 0,
                    "attendance": row.get("people") or 0,
                }
            )
    summary.total = sum(k["count"] for k in summary.by_kind)
    summary.attendance = sum(k["attendance"] for k in summary.by_kind)
    for kind in OutputKind.objects.all():
        row = outputs.get(kind.pk, {})
        if kind.active or row.get("total"):
            summary.outputs.append(
                {
                    "code": kind.code,
                    "name": kind.name,
                    "unit_label": kind.unit_label,
                    "total": row.get("total") or 0,
                    "previous": row.get("previous") or 0,
                }
            )
    return summary


def _sees_all_of(user, root: Unit, view: str) -> bool:
    """Does `user`'s scope hold every activity counted under `root`? Then
    the totals may answer for them. In the published view an activity of a
    merged province is counted under a unit outside today's tree of its
    scope, so only a user who sees everything reads the totals there."""
    paths = scope_paths(user, VIEW)
    if paths is None:
        return True
    return view == RESTATED and any(root.path.startswith(p) for p in paths)


def _summary_from_totals(root: Unit, view: str, window: totals.Window) -> tuple[dict, dict]:
    counts: dict[int, dict] = {}
    for measure, now_key, before_key in (("k", "count", "previous"), ("a", "people", None)):
        found = totals.family(measure, root=root, window=window, view=view, by_child=False)
        for kind, groups in found.items():
            now, before = groups.get(None, (0, 0))
            row = counts.setdefault(kind, {})
            row[now_key] = now
            if before_key:
                row[before_key] = before
    outputs = {
        kind: {"total": groups.get(None, (0, 0))[0], "previous": groups.get(None, (0, 0))[1]}
        for kind, groups in totals.family(
            "o", root=root, window=window, view=view, by_child=False
        ).items()
    }
    return counts, outputs


def _summary_from_rows(user, root: Unit, view: str, now, before) -> tuple[dict, dict]:
    base = activities_for(user, root=root, view=view).filter(
        counted_in(before[0], now[1]) | happened_in(before[0], now[1])
    )
    this_year = Q(date__range=now)  # a range scan, not a function per row
    counts = {
        row["kind"]: row
        for row in base.order_by()
        .values("kind")
        .annotate(
            count=Count("pk", filter=counted_in(*now)),
            previous=Count("pk", filter=counted_in(*before)),
            people=Sum("attendance", filter=this_year),
        )
    }
    outputs = {
        row["kind"]: row
        for row in ActivityOutput.objects.filter(activity__in=base.values("pk"))
        .order_by()
        .values("kind")
        .annotate(
            total=Sum("count", filter=Q(activity__date__range=now)),
            previous=Sum("count", filter=Q(activity__date__range=before)),
        )
    }
    return counts, outputs


def calendar_days(rows: QuerySet[Activity], first: date, last: date) -> dict[date, list[Activity]]:
    """Activities of a month by day (a multi-day one on each of its days)."""
    days: dict[date, list[Activity]] = {}
    window = rows.filter(date__lte=last).filter(
        Q(end_date__gte=first) | Q(end_date__isnull=True, date__gte=first)
    )
    for activity in window.order_by("date", "pk")[:2000]:
        day = max(activity.date, first)
        while day <= min(activity.last_day, last):
            days.setdefault(day, []).append(activity)
            day += timedelta(days=1)
    return days


# --- figures for the statistics engine (antq.indicators.sources) -------------


def _grouping(root: Unit | None, view: str, prefix: str = "") -> tuple[str | None, Q]:
    """By province for the nation, by commune for a province, by organising
    unit (the commune itself, its residential areas) below."""
    condition = placed_under(Activity, root, view, prefix=prefix)
    if root is None:
        return f"{prefix}{view}_province", condition
    if root.type == Unit.Type.PROVINCE:
        return f"{prefix}{view}_commune", condition
    return f"{prefix}unit", condition


# The report figures of activities, per process, until any activity changes:
# a national report asks one measure per kind and output kind, and each is
# answered from one grouped query per family (core.generations).
FIGURES = Generation("activities", Activity, ActivityOutput)
_FIGURES_MAX = 512  # cached answers per process (each a few hundred numbers)


def figures(
    measure: str,
    argument: str,
    *,
    root: Unit | None,
    current: tuple[date, date],
    previous: tuple[date, date],
    view: str,
    by_child: bool,
) -> dict:
    """{group: (this period, same period last year)} of one measure: "kind"
    (activities of a kind), "attendance", or "output" (items of an output kind),
    by the activity's first day. Every kind (or output kind) of one question is
    counted by one grouped query, kept until an activity changes."""
    memo = FIGURES.cached(dict)
    key = (measure, root.pk if root else None, view, current, previous, by_child)
    family = memo.get(key)
    if family is None:
        if len(memo) >= _FIGURES_MAX:
            memo.clear()
        family = memo[key] = _family_figures(
            measure, root=root, current=current, previous=previous, view=view, by_child=by_child
        )
    found = family.get(argument if measure != "attendance" else "") or {}
    if by_child and _grouping(root, view)[0]:
        return dict(found)
    # a period in which antq holds no activity at all has no data (None), not 0
    held_key = ("held", root.pk if root else None, view, current, previous)
    held = memo.get(held_key)
    if held is None:
        held = memo[held_key] = _held(root, view, current, previous)
    now, before = found.get(None, (0, 0))
    return {None: (now if held[0] else None, before if held[1] else None)}


def _family_figures(
    measure: str,
    *,
    root: Unit | None,
    current: tuple[date, date],
    previous: tuple[date, date],
    view: str,
    by_child: bool,
) -> dict[str, dict]:
    """{kind code ("" for attendance): {group: (now, before)}} in one query."""
    window = totals.Window(current, previous)
    if window.covers and totals.answers(root, by_child):
        return _family_from_totals(measure, root=root, window=window, view=view, by_child=by_child)
    is_output = measure == "output"
    prefix = "activity__" if is_output else ""
    group, condition = _grouping(root, view, prefix)
    rows = (ActivityOutput if is_output else Activity).objects.filter(condition)
    dated = counted_in if measure == "kind" else happened_in
    now, before = dated(*current, prefix), dated(*previous, prefix)
    rows = rows.filter(now | before)
    if measure == "kind":
        value_now, value_before = Count("pk", filter=now), Count("pk", filter=before)
    elif measure == "attendance":
        value_now, value_before = Sum("attendance", filter=now), Sum("attendance", filter=before)
    else:
        value_now, value_before = Sum("count", filter=now), Sum("count", filter=before)
    kind = "kind__code" if measure != "attendance" else None
    columns = [c for c in (kind, group if by_child else None) if c]
    result: dict[str, dict] = {}
    if not columns:
        found = rows.aggregate(a=value_now, b=value_before)
        return {"": {None: (found["a"] or 0, found["b"] or 0)}}
    for row in rows.order_by().values(*columns).annotate(a=value_now, b=value_before):
        at = row[group] if by_child and group else None
        result.setdefault(row[kind] if kind else "", {})[at] = (row["a"] or 0, row["b"] or 0)
    return result


def _family_from_totals(
    measure: str, *, root: Unit | None, window: totals.Window, view: str, by_child: bool
) -> dict[str, dict]:
    """`_family_figures` read from `ActivityTotal`: milliseconds for the nation."""
    code = {"kind": "k", "attendance": "a", "output": "o"}[measure]
    found = totals.family(
        code, root=root, window=window, view=view, by_child=by_child, by_kind=code != "a"
    )
    if measure == "attendance":  # kept by kind, read as their sum
        return {"": found.get(0, {})}
    catalogue = OutputKind if measure == "output" else ActivityKind
    codes = dict(catalogue.objects.values_list("pk", "code"))
    return {codes[kind]: groups for kind, groups in found.items() if kind in codes}


def _held(root: Unit | None, view: str, current, previous) -> tuple[bool, bool]:
    """Does antq hold any activity under `root` in each period (counted or
    taking place there)? A period with none has no data."""
    window = totals.Window(current, previous)
    if window.covers and totals.answers(root, by_child=False):
        return totals.held(root, view, window)
    rows = Activity.objects.filter(placed_under(Activity, root, view))
    found = rows.aggregate(
        a=Count("pk", filter=counted_in(*current) | happened_in(*current)),
        b=Count("pk", filter=counted_in(*previous) | happened_in(*previous)),
    )
    return bool(found["a"]), bool(found["b"])


def conferences_in(root: Unit | None, first: date, last: date, view: str = RESTATED) -> list[dict]:
    """For the movement report: the review conferences counted between
    `first` and `last` under `root`, oldest first, each with its date, the
    period it reviews, its chair and participants (officials acting in
    office, never private persons)."""
    shown = 100
    rows = (
        Activity.objects.filter(placed_under(Activity, root, view))
        .filter(kind__code=CONFERENCE_KIND)
        .select_related("unit")
        .order_by("date", "pk")
    )
    # `counted_in` as its two halves, each read in date order through its own
    # index and stopped at `shown` (act_kind_date, act_reviewed_end): as one OR
    # the nation's tens of thousands of conferences of a year are sorted first
    held = rows.filter(reviewed_end__isnull=True, date__range=(first, last))[:shown]
    reviewing = rows.filter(reviewed_end__range=(first, last))[:shown]
    found = sorted([*held, *reviewing], key=lambda a: (a.date, a.pk))[:shown]
    return [
        {
            "title": a.title,
            "date": a.date,
            "reviewed": a.reviewed_label,
            "unit": a.unit.name,
            "chair": ", ".join(p for p in (a.chair_name, a.chair_position) if p),
            "attendance": a.attendance,
        }
        for a in found
    ]


# --- the 19/8 festival ----------------------------------------------------------


def default_window(year: int) -> tuple[date, date]:
    """The usual window of the festival: 01/07 to 19/08."""
    return date(year, 7, 1), date(year, 8, 19)


@dataclass
class CommuneFestival:
    commune: Unit
    planned: int
    held: int
    required: int

    @property
    def short(self) -> bool:
        return self.planned < self.required


def festival_overview(user, plan: FestivalPlan) -> list[CommuneFestival]:
    """Planned vs held per commune of the province (visible to `user`): one
    GROUP BY over the sites."""
    communes = Unit.objects.for_user(user, VIEW).filter(
        parent=plan.province, type=Unit.Type.COMMUNE, valid_to__isnull=True
    )
    counts = {
        row["restated_commune"]: row
        for row in FestivalSite.objects.filter(plan=plan)
        .values("restated_commune")
        .annotate(planned=Count("pk"), held=Count("pk", filter=Q(activity__isnull=False)))
    }
    return [
        CommuneFestival(
            commune=c,
            planned=counts.get(c.pk, {}).get("planned", 0),
            held=counts.get(c.pk, {}).get("held", 0),
            required=plan.sites_per_commune,
        )
        for c in communes.order_by("name_folded")
    ]


def festival_sites(user, plan: FestivalPlan):
    """The sites of `plan` that `user` sees, by date then name."""
    return (
        FestivalSite.objects.for_user(user, VIEW)
        .filter(plan=plan)
        .select_related("unit", "activity")
        .order_by("planned_on", "unit__name_folded")
    )


def public_activities(province: Unit, limit: int = 30) -> list[dict]:
    """For the province's public page: activities an officer marked public,
    newest first, each named by its commune (never a person)."""
    rows = (
        Activity.objects.filter(restated_province=province, is_public=True)
        .order_by("-date", "-pk")
        .values("title", "date", "kind__name", "restated_commune__name")[:limit]
    )
    return [
        {"title": r["title"], "date": r["date"], "kind": r["kind__name"],
         "commune": r["restated_commune__name"] or ""}
        for r in rows
    ]  # fmt: skip


def festival_sites_held(province: Unit, year: int) -> list[dict]:
    """For the province's public page: the 19/8 festival sites of `year`
    that were held (their activity recorded), by commune."""
    rows = (
        FestivalSite.objects.filter(
            plan__province=province, plan__year=year, activity__isnull=False
        )
        .order_by("restated_commune__name", "unit__name")
        .values("unit__name", "restated_commune__name", "activity__date")
    )
    return [
        {"site": r["unit__name"], "commune": r["restated_commune__name"] or "",
         "date": r["activity__date"]}
        for r in rows
    ]  # fmt: skip
