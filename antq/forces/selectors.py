"""Reads of the grassroots force, scoped (members from the commune up), with
the checks a commune officer runs: areas without a team, teams below or above
the province's size rule, members without training, members reaching the
years of service for the Kỷ niệm chương."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import VIEW, get_for_user
from antq.core.periods import years_before
from antq.core.vietnamese import fold
from antq.forces.models import Gender, Level, Member, Rating, SizeRule, Team, Training
from antq.forces.services import rating_period, rating_refusal
from antq.units.models import Unit
from antq.units.placement import placed_under


def teams_for(user, *, root: Unit | None = None, active: bool = True) -> QuerySet[Team]:
    rows = Team.objects.for_user(user, VIEW).select_related("unit")
    if root is not None:
        rows = rows.under(root)
    if active:
        rows = rows.filter(dissolved_on__isnull=True)
    return rows.annotate(active_members=Count("members", filter=Q(members__ended_on__isnull=True)))


def team_detail(user, pk: int) -> Team:
    return get_for_user(Team.objects.select_related("unit"), user, VIEW, pk=pk)


def members_for(
    user, *, root: Unit | None = None, team: Team | None = None, active: bool = True, q: str = ""
) -> QuerySet[Member]:
    rows = Member.objects.for_user(user, VIEW).select_related("team__unit")
    if root is not None:
        rows = rows.filter(placed_under(Team, root, prefix="team__"))
    if team is not None:
        rows = rows.filter(team=team)
    if active:
        rows = rows.filter(ended_on__isnull=True)
    for word in fold(q).split():
        rows = rows.filter(name_folded__contains=word)
    trained = Training.objects.filter(member=OuterRef("pk")).exclude(result="failed")
    return rows.annotate(trained=Exists(trained))


def size_rule_for(province: Unit | None, households: int | None) -> SizeRule | None:
    if province is None or households is None:
        return None
    return (
        SizeRule.objects.filter(province=province, min_households__lte=households)
        .filter(Q(max_households__isnull=True) | Q(max_households__gt=households))
        .first()
    )


@dataclass
class TeamCheck:
    """What a commune officer should fix about the force, with counts."""

    areas_without_team: list[Unit] = field(default_factory=list)
    below_size: list[tuple[Team, SizeRule]] = field(default_factory=list)
    above_size: list[tuple[Team, SizeRule]] = field(default_factory=list)
    untrained: list[Member] = field(default_factory=list)
    teams: int = 0
    members: int = 0

    @property
    def problems(self) -> int:
        return (
            len(self.areas_without_team)
            + len(self.below_size)
            + len(self.above_size)
            + len(self.untrained)
        )


def team_check(user, commune: Unit) -> TeamCheck:
    """The checks for one commune (its open residential areas and their teams)."""
    check = TeamCheck()
    areas = Unit.objects.filter(
        parent=commune, type=Unit.Type.RESIDENTIAL_AREA, valid_to__isnull=True
    ).order_by("name_folded")
    teams = {t.unit_id: t for t in teams_for(user, root=commune)}
    check.teams = len(teams)
    check.areas_without_team = [a for a in areas if a.pk not in teams]
    rules = list(SizeRule.objects.filter(province_id=commune.ancestor_ids[0]))
    by_area = {a.pk: a for a in areas}
    for team in teams.values():
        area = by_area.get(team.unit_id, team.unit)
        rule = next(
            (
                r
                for r in rules
                if area.households is not None
                and r.min_households <= area.households
                and (r.max_households is None or area.households < r.max_households)
            ),
            None,
        )
        if rule is None:
            continue
        if team.active_members < rule.min_members:
            check.below_size.append((team, rule))
        elif team.active_members > rule.max_members:
            check.above_size.append((team, rule))
    members = members_for(user, root=commune)
    check.members = members.count()
    check.untrained = list(members.filter(trained=False).order_by("team__unit__name_folded"))
    return check


def medal_candidates(user, *, root: Unit | None = None, on: date | None = None):
    """Active members whose years in the force (counting the predecessor forces)
    reach the Kỷ niệm chương "Bảo vệ an ninh Tổ quốc" on `on`: by default 15
    years for men, 10 for women (settings.ANTQ_MEDAL_YEARS)."""
    on = on or timezone.localdate()
    years = settings.ANTQ_MEDAL_YEARS

    return (
        members_for(user, root=root)
        .annotate(since=Coalesce("service_since", "appointed_on"))
        .filter(
            Q(gender=Gender.MALE, since__lte=years_before(on, years["male"]))
            | Q(gender=Gender.FEMALE, since__lte=years_before(on, years["female"]))
        )
        .order_by("since", "name_folded")
    )


@dataclass
class RatingRow:
    obj: object
    level: str
    note: str
    eligible: bool
    reason: str


def rating_sheet(user, commune: Unit, year: int) -> tuple[list[RatingRow], list[RatingRow]]:
    """Teams and members of `commune` for `year`'s rating, with their current
    level and whether they can be rated (9 months by 14/11)."""
    ratings = {
        (r.team_id, r.member_id): r for r in Rating.objects.filter(commune=commune, year=year)
    }
    _first, last = rating_period(year)
    team_rows, member_rows = [], []
    for team in teams_for(user, root=commune).filter(established_on__lte=last):
        rating = ratings.get((team.pk, None))
        reason = rating_refusal(start=team.established_on, year=year, kind=_("Tổ"))
        team_rows.append(
            RatingRow(
                team,
                rating.level if rating else "",
                rating.note if rating else "",
                not reason,
                reason,
            )
        )
    members = members_for(user, root=commune, active=False).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=last), appointed_on__lte=last
    )
    for member in members.order_by("team__unit__name_folded", "role", "name_folded"):
        rating = ratings.get((None, member.pk))
        reason = rating_refusal(start=member.appointed_on, year=year, kind=member.full_name)
        member_rows.append(
            RatingRow(
                member,
                rating.level if rating else "",
                rating.note if rating else "",
                not reason,
                reason,
            )
        )
    return team_rows, member_rows


def rating_counts(commune: Unit, year: int) -> dict[str, dict[str, int]]:
    """{"team"|"member": {level: count}} for a commune and year, in SQL."""
    rows = (
        Rating.objects.filter(commune=commune, year=year)
        .values("level")
        .annotate(
            teams=Count("pk", filter=Q(team__isnull=False)),
            members=Count("pk", filter=Q(member__isnull=False)),
        )
    )
    result = {"team": dict.fromkeys(Level.values, 0), "member": dict.fromkeys(Level.values, 0)}
    for row in rows:
        result["team"][row["level"]] = row["teams"]
        result["member"][row["level"]] = row["members"]
    return result


# --- figures for the statistics engine -----------------------------------------


def _grouping(root: Unit | None, prefix: str = "") -> tuple[str | None, Q]:
    if root is None:
        return f"{prefix}restated_province", Q()
    if root.type == Unit.Type.PROVINCE:
        return f"{prefix}restated_commune", placed_under(Team, root, prefix=prefix)
    return f"{prefix}unit", placed_under(Team, root, prefix=prefix)


def figures(
    measure: str, *, root: Unit | None, days: tuple[date, date], view: str, by_child: bool
) -> dict:
    """{group: (on the first day, on the second)} of teams, active members or
    trained active members: a team or member counts on a day it was in office.
    Teams are counted under today's units in both views (a team's area keeps
    its commune)."""
    del view
    now, before = days
    if measure == "teams":
        rows, prefix = Team.objects.all(), ""

        def active(day: date) -> Q:
            return Q(established_on__lte=day) & (
                Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
            )
    else:
        rows, prefix = Member.objects.all(), "team__"
        if measure == "trained":
            rows = rows.filter(
                Exists(Training.objects.filter(member=OuterRef("pk")).exclude(result="failed"))
            )

        def active(day: date) -> Q:
            return Q(appointed_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))

    group, condition = _grouping(root, prefix)
    rows = rows.filter(condition).filter(active(now) | active(before))
    values = {"a": Count("pk", filter=active(now)), "b": Count("pk", filter=active(before))}
    if by_child and group:
        result = rows.order_by().values(group).annotate(**values)
        return {row[group]: (row["a"], row["b"]) for row in result}
    totals = rows.aggregate(**values)
    return {None: (totals["a"], totals["b"])}
