"""Reads of models, sites and examples: scoped, counted in SQL."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from antq.accounts.access import EDIT, VIEW, get_for_user
from antq.community.models import (
    CommunityModel,
    Evaluation,
    Example,
    LeadOrganisation,
    ModelCategory,
    Site,
)
from antq.core.vietnamese import fold
from antq.units.models import Unit
from antq.units.placement import placed_under


def active_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def models_for(
    user,
    *,
    root: Unit | None = None,
    category: str | None = None,
    lead: str | None = None,
    status: str | None = None,
    q: str = "",
    exemplary: bool = False,
) -> QuerySet[CommunityModel]:
    """Models `user` sees: registered under `root`, or running there."""
    rows = CommunityModel.objects.for_user(user, VIEW).select_related("unit", "category")
    if root is not None:
        sites = Site.objects.under(root).values("model")
        rows = rows.filter(placed_under(CommunityModel, root) | Q(pk__in=sites))
    if category:
        rows = rows.filter(category__code=category)
    if lead:
        rows = rows.filter(lead_organisation=lead)
    if status:
        rows = rows.filter(status=status)
    if exemplary:
        rows = rows.filter(exemplary_year__isnull=False)
    for word in fold(q).split():
        rows = rows.filter(name_folded__contains=word)
    today = timezone.localdate()
    return rows.annotate(active_sites=Count("sites", filter=active_on(today, "sites__")))


def model_detail(user, pk: int) -> CommunityModel:
    return get_for_user(
        CommunityModel.objects.select_related("unit", "category"), user, VIEW, pk=pk
    )


def sites_of(user, model: CommunityModel) -> QuerySet[Site]:
    """The model's sites the user may see (all of them from the registering
    unit up; a commune sees its own), with their evaluations."""
    rows = Site.objects.filter(model=model)
    if not CommunityModel.objects.for_user(user, EDIT).filter(pk=model.pk).exists():
        rows = rows.for_user(user, VIEW)
    return rows.select_related("unit", "origin__unit").prefetch_related(
        Prefetch("evaluations", queryset=Evaluation.objects.order_by("-year"))
    )


@dataclass
class ModelSummary:
    root: Unit
    day: date
    models: int = 0
    sites: int = 0
    participants: int = 0
    exemplary: int = 0
    by_category: list[dict] = field(default_factory=list)
    by_lead: list[dict] = field(default_factory=list)


def model_summary(user, *, root: Unit, day: date | None = None) -> ModelSummary:
    """Models and active sites under `root` on `day`, by category and by lead
    organisation: one GROUP BY each."""
    day = day or timezone.localdate()
    sites = Site.objects.for_user(user, VIEW).under(root).filter(active_on(day))
    summary = ModelSummary(root=root, day=day)
    totals = sites.aggregate(
        models=Count("model", distinct=True),
        sites=Count("pk"),
        participants=Sum("participants"),
        exemplary=Count("model", distinct=True, filter=Q(model__exemplary_year__isnull=False)),
    )
    summary.models = totals["models"]
    summary.sites = totals["sites"]
    summary.participants = totals["participants"] or 0
    summary.exemplary = totals["exemplary"]
    names = dict(ModelCategory.objects.values_list("pk", "name"))
    for row in (
        sites.order_by()
        .values("model__category")
        .annotate(models=Count("model", distinct=True), sites=Count("pk"))
        .order_by("-sites")
    ):
        summary.by_category.append({"name": names.get(row["model__category"], ""), **row})
    labels = dict(LeadOrganisation.choices)
    for row in (
        sites.order_by()
        .values("model__lead_organisation")
        .annotate(models=Count("model", distinct=True), sites=Count("pk"))
        .order_by("-sites")
    ):
        summary.by_lead.append(
            {"name": str(labels.get(row["model__lead_organisation"], "")), **row}
        )
    return summary


def examples_for(
    user, *, root: Unit | None = None, year: int | None = None, kind: str | None = None
) -> QuerySet[Example]:
    rows = Example.objects.for_user(user, VIEW).select_related("unit")
    if root is not None:
        rows = rows.under(root)
    if year:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


# --- figures for the statistics engine -------------------------------------------


def _grouping(model, root: Unit | None, view: str) -> tuple[str | None, Q]:
    if root is None:
        return f"{view}_province", Q()
    if root.type == Unit.Type.PROVINCE:
        return f"{view}_commune", placed_under(model, root, view)
    return "unit", placed_under(model, root, view)


def figures(
    measure: str, *, root: Unit | None, days: tuple[date, date], view: str, by_child: bool
) -> dict:
    """{group: (now, a year earlier)}: active sites, models with an active site,
    or exemplary examples of the days' years."""
    group, condition = _grouping(Example if measure == "examples" else Site, root, view)
    now, before = days
    if measure == "examples":
        rows = Example.objects.filter(condition, year__in=[now.year, before.year])
        values = {
            "a": Count("pk", filter=Q(year=now.year)),
            "b": Count("pk", filter=Q(year=before.year)),
        }
    else:
        rows = Site.objects.filter(condition).filter(active_on(now) | active_on(before))
        counted = "model" if measure == "models" else "pk"
        distinct = measure == "models"
        values = {
            "a": Count(counted, filter=active_on(now), distinct=distinct),
            "b": Count(counted, filter=active_on(before), distinct=distinct),
        }
    if by_child and group:
        result = rows.order_by().values(group).annotate(**values)
        return {row[group]: (row["a"], row["b"]) for row in result}
    totals = rows.aggregate(**values)
    return {None: (totals["a"], totals["b"])}
