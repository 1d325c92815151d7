"""Reads of the assessment cycle. Counts run in SQL (conditional aggregates over
one subtree prefix), never by looping over rows. Where an assessment is counted
(as published, or restated under today's units) is the kernel's rule
(`units.placement`: `Assessment.objects.under(root, view)`)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from antq.accounts.access import APPROVE, EDIT, VIEW, scope_paths
from antq.assessments.models import (
    ASSESSED_TYPES,
    TARGET_OF_TYPE,
    Answer,
    Assessment,
    Campaign,
    Registration,
    Target,
)
from antq.units.models import PUBLISHED, RESTATED, Unit
from antq.units.placement import placed_under

S = Assessment.Status
SUBMITTED_STATES = [S.SUBMITTED, S.RETURNED, S.PROPOSED, S.RECOGNIZED, S.NOT_RECOGNIZED]


def campaigns_for(user) -> QuerySet[Campaign]:
    return Campaign.objects.for_user(user, VIEW).select_related("province")


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class TargetResult:
    target: str
    label: str
    units: int = 0
    registered: int = 0
    assessed: int = 0
    recognized: int = 0
    last_year_recognized_pct: Decimal | None = None

    @property
    def registered_pct(self) -> Decimal | None:
        return _percent(self.registered, self.units)

    @property
    def assessed_pct(self) -> Decimal | None:
        return _percent(self.assessed, self.units)

    @property
    def recognized_pct(self) -> Decimal | None:
        return _percent(self.recognized, self.units)

    @property
    def change_pct_points(self) -> Decimal | None:
        if self.recognized_pct is None or self.last_year_recognized_pct is None:
            return None
        return self.recognized_pct - self.last_year_recognized_pct


@dataclass
class Results:
    year: int
    root: Unit | None
    view: str
    targets: list[TargetResult] = field(default_factory=list)
    classification: dict[str, int] = field(default_factory=dict)
    not_recognized: list[Assessment] = field(default_factory=list)
    # a recognition decision has judged some unit of the year: until then the
    # page says "chưa có quyết định", never a fall from last year
    decided: bool = True


def _counts(root: Unit | None, year: int, view: str) -> dict[str, TargetResult]:
    by_target = {t: TargetResult(t, str(label)) for t, label in Target.choices}
    day_end = f"{year}-12-31"
    units = (
        (Unit.objects.subtree(root) if root else Unit.objects.all())
        .filter(type__in=ASSESSED_TYPES)
        # the units at the year's end, when the campaign assesses them: the
        # communes merged away in July 2025 are not in 2025's denominator
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day_end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day_end),
        )
        .values("type")
        .annotate(n=Count("id"))
    )
    for row in units:
        by_target[TARGET_OF_TYPE[row["type"]]].units += row["n"]
    # a registration is counted where its unit was (it is never restated)
    registrations = (
        Registration.objects.filter(campaign__year=year)
        .filter(Q(unit__path__prefix=root.path) if root else Q())
        .values("unit__type")
        .annotate(n=Count("id"))
    )
    for row in registrations:
        by_target[TARGET_OF_TYPE[row["unit__type"]]].registered += row["n"]
    assessments = (
        Assessment.objects.filter(campaign__year=year)
        .under(root, view)
        .values("unit__type")
        .annotate(
            assessed=Count("id", filter=Q(status__in=SUBMITTED_STATES)),
            recognized=Count("id", filter=Q(status=S.RECOGNIZED)),
        )
    )
    for row in assessments:
        result = by_target[TARGET_OF_TYPE[row["unit__type"]]]
        result.assessed += row["assessed"]
        result.recognized += row["recognized"]
    if view == RESTATED and root is not None:
        # Units merged away still count in the denominator of the year they reported.
        merged = (
            Assessment.objects.filter(campaign__year=year)
            .under(root, RESTATED)
            .exclude(placed_under(Assessment, root, PUBLISHED))
            .values("unit__type")
            .annotate(n=Count("unit", distinct=True))
        )
        for row in merged:
            by_target[TARGET_OF_TYPE[row["unit__type"]]].units += row["n"]
    return by_target


def classification_counts(*, root: Unit | None, year: int, view: str = PUBLISHED) -> dict:
    """Units classified in `year` under `root`, by classification (one GROUP BY)."""
    scoped = Assessment.objects.filter(campaign__year=year).under(root, view)
    return {
        row["classification"]: row["n"]
        for row in scoped.exclude(classification="")
        .values("classification")
        .annotate(n=Count("id"))
    }


def results_for(
    *, root: Unit | None, year: int, view: str = PUBLISHED, detail: bool = True
) -> Results:
    """Counts and percentages registered / assessed / recognized by target for
    `root`'s subtree in `year`, the change in recognition from last year, the
    classification counts and (with `detail`) the units not recognized with the
    criteria they failed. `view` is "published" (units as they were) or
    "restated" (today's tree)."""
    current = _counts(root, year, view)
    previous = _counts(root, year - 1, view)
    for target, result in current.items():
        before = previous[target]
        # No comparison where nothing was assessed last year (no campaign yet).
        if before.assessed or before.recognized:
            result.last_year_recognized_pct = before.recognized_pct
    scoped = Assessment.objects.filter(campaign__year=year).under(root, view)
    classification = classification_counts(root=root, year=year, view=view)
    targets = [r for r in current.values() if r.units or r.assessed]
    decided = scoped.filter(status__in=[S.RECOGNIZED, S.NOT_RECOGNIZED]).exists()
    if not detail:  # the counts only (the movement report), not the units
        return Results(year, root, view, targets, classification, decided=decided)
    failed = Prefetch(
        "answers",
        queryset=Answer.objects.filter(met=False).select_related("criterion"),
        to_attr="failed_answers",
    )
    not_recognized = list(
        scoped.filter(status__in=[S.NOT_RECOGNIZED, S.SUBMITTED, S.RETURNED, S.DRAFT])
        .filter(Q(self_result=False) | Q(status=S.NOT_RECOGNIZED))
        .select_related("unit", "unit__parent")
        .prefetch_related(failed)
        .order_by("unit__path")
    )
    return Results(
        year=year,
        root=root,
        view=view,
        targets=targets,
        classification=classification,
        not_recognized=not_recognized,
        decided=decided,
    )


def registration_status(*, campaign: Campaign, commune: Unit) -> list[tuple[Unit, bool]]:
    """The units a commune manages and whether each has registered."""
    registered = set(
        Registration.objects.filter(campaign=campaign, unit__parent=commune).values_list(
            "unit_id", flat=True
        )
    )
    units = (
        Unit.objects.filter(parent=commune, type__in=ASSESSED_TYPES)
        .valid_on(campaign.other_period_end)
        .order_by("type", "name_folded")
    )
    return [(unit, unit.pk in registered) for unit in units]


def review_queue(*, user, campaign: Campaign) -> QuerySet[Assessment]:
    """Assessments waiting for a decision of a unit where `user` may approve:
    the units whose recognizer lies in the user's approval scope."""
    paths = scope_paths(user, APPROVE)
    assessments = Assessment.objects.filter(
        campaign=campaign, status__in=[S.SUBMITTED, S.PROPOSED, S.RETURNED]
    ).select_related("unit", "unit__parent", "decision")
    if paths is None:
        return assessments.order_by("status", "unit__path")
    province_level = campaign.province.path in paths
    condition = Q()
    for path in paths:
        # Children of a unit the user approves at (the default recognizer is the parent).
        condition |= Q(unit__parent__path=path)
    if province_level:
        overridden = [
            t for t, level in campaign.recognizers.items() if level == Campaign.Recognizer.PROVINCE
        ]
        condition |= Q(unit__type__in=overridden)
    return assessments.filter(condition).order_by("status", "unit__path")


def assessment_detail(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_related("unit", "campaign", "campaign__province", "decision")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("criterion", "criterion__criteria_set"),
            ),
            "scores__item",
            "evidence",
        )
        .get(pk=assessment.pk)
    )


def recognized_counts(
    *, unit_type: str, years: list[int], group: str | None, condition: Q
) -> dict[tuple, int]:
    """Recognized units of `unit_type` per (group key, year), for the statistics
    module's derived indicators. `group` is "restated_province", "restated_commune"
    or None (one total); `condition` restricts the subtree."""
    fields = [group] if group else []
    rows = (
        Assessment.objects.filter(
            status=S.RECOGNIZED, unit__type=unit_type, campaign__year__in=years
        )
        .filter(condition)
        .values(*fields, "campaign__year")
        .annotate(n=Count("id"))
    )
    return {((row[group] if group else None), row["campaign__year"]): row["n"] for row in rows}


def recognized_units(*, province: Unit, year: int) -> list[dict]:
    """For the province's public page: the communes and residential areas
    recognized "An toàn về ANTT" in `year`, by today's commune."""
    rows = (
        Assessment.objects.filter(
            status=S.RECOGNIZED,
            campaign__year=year,
            unit__type__in=[Unit.Type.COMMUNE, Unit.Type.RESIDENTIAL_AREA],
        )
        .under(province, RESTATED)
        .order_by("restated_commune__name_folded", "unit__type", "unit__name_folded")
        .values("unit__name", "unit__type", "restated_commune__name")
    )
    return [
        {"name": r["unit__name"], "type": r["unit__type"],
         "commune": r["restated_commune__name"] or r["unit__name"]}
        for r in rows
    ]  # fmt: skip


def areas_missing_by_commune(campaign: Campaign) -> dict[int, int]:
    """Per commune of `campaign`'s province: residential areas with no
    assessment submitted yet (for the reminders), one GROUP BY."""
    submitted = Assessment.objects.filter(campaign=campaign, status__in=SUBMITTED_STATES).values(
        "unit"
    )
    rows = (
        Unit.objects.subtree(campaign.province)
        .filter(type=Unit.Type.RESIDENTIAL_AREA, valid_to__isnull=True)
        .exclude(pk__in=submitted)
        .values("parent")
        .annotate(n=Count("pk"))
    )
    return {row["parent"]: row["n"] for row in rows}


def open_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=Campaign.Status.OPEN).select_related("province")


def areas_to_submit(*, campaign: Campaign, user) -> int:
    """Residential areas `user` enters for in `campaign`'s province whose
    self-assessment is not submitted yet (for their home page)."""
    submitted = Assessment.objects.filter(campaign=campaign, status__in=SUBMITTED_STATES).values(
        "unit"
    )
    return (
        Unit.objects.for_user(user, EDIT)
        .filter(path__prefix=campaign.province.path, type=Unit.Type.RESIDENTIAL_AREA)
        .filter(valid_to__isnull=True)
        .exclude(pk__in=submitted)
        .count()
    )


def unregistered(*, campaign: Campaign, user) -> int:
    """Units `user` enters for in `campaign`'s province (of the types the
    standard assesses) not registered for the year yet (for their home page)."""
    return (
        Unit.objects.for_user(user, EDIT)
        .filter(path__prefix=campaign.province.path, type__in=ASSESSED_TYPES)
        .filter(valid_to__isnull=True)
        .exclude(pk__in=Registration.objects.filter(campaign=campaign).values("unit"))
        .count()
    )


def late_dossiers(campaign: Campaign, *, today, root: Unit | None = None) -> QuerySet[Unit]:
    """Communes, agencies, enterprises and schools of `campaign`'s province (under
    `root` when given) whose self-assessment dossier is not submitted although
    their deadline (`other_deadline`) has passed; none before that day.

    Every commune owes a dossier (the province assesses each one); an agency,
    enterprise or school owes one once it registered to strive for the
    standard that year (đăng ký phấn đấu): one that never registered takes
    no part and is counted as not registered (`unregistered`), not as late.
    Residential areas have their own deadline (`areas_missing_by_commune`)."""
    units = Unit.objects.none()
    if today <= campaign.other_deadline:
        return units
    submitted = Assessment.objects.filter(campaign=campaign, status__in=SUBMITTED_STATES).values(
        "unit"
    )
    registered = Registration.objects.filter(campaign=campaign).values("unit")
    kinds = [t for t in ASSESSED_TYPES if t not in {Unit.Type.RESIDENTIAL_AREA, Unit.Type.COMMUNE}]
    return (
        Unit.objects.subtree(root or campaign.province)
        .filter(path__prefix=campaign.province.path, valid_to__isnull=True)
        .filter(Q(type=Unit.Type.COMMUNE) | Q(type__in=kinds, pk__in=registered))
        .exclude(pk__in=submitted)
        .order_by("path")
    )
