"""Reads of rewards: scoped lists, and the counts conferences quote (awards
by form × collective/individual for a subtree and year), in one GROUP BY."""

from django.db.models import Count, Q, QuerySet

from antq.accounts.access import APPROVE, VIEW, scope_paths
from antq.awards.models import AwardType, Decision, Nomination, Round
from antq.units.models import RESTATED, Unit


def rounds_for(user) -> QuerySet[Round]:
    """Rounds held at or below the user's units (they see every nomination)."""
    return Round.objects.for_user(user, VIEW).select_related("unit")


def rounds_to_review(user) -> QuerySet[Round]:
    """Open rounds at units where `user` sits on the council (may approve),
    each with `proposed`: its nominations waiting for the council. One query."""
    return (
        Round.objects.for_user(user, APPROVE)
        .filter(status=Round.Status.OPEN)
        .annotate(
            proposed=Count("nominations", filter=Q(nominations__status=Nomination.Status.PROPOSED))
        )
        .order_by("-year", "deadline")
    )


def rounds_open_to(user) -> QuerySet[Round]:
    """Rounds a user takes part in: held at or below their units, or above
    them (where their units are nominated)."""
    paths = scope_paths(user, VIEW)
    if paths is None:
        return Round.objects.select_related("unit")
    above = {prefix for path in paths for prefix in _prefixes(path)}
    return Round.objects.filter(
        Q(pk__in=rounds_for(user).values("pk")) | Q(unit__path__in=above)
    ).select_related("unit")


def _prefixes(path: str) -> list[str]:
    """ "/1/5/9/" → ["/1/", "/1/5/", "/1/5/9/"]."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def nominations_visible(user, round: Round) -> QuerySet[Nomination]:
    """The round's nominations `user` sees: all of them at the round's level,
    their own units' below it."""
    rows = round.nominations.select_related("unit", "award_type")
    if Round.objects.for_user(user, VIEW).filter(pk=round.pk).exists():
        return rows
    return rows.filter(pk__in=Nomination.objects.for_user(user, VIEW).values("pk"))


def decisions_for(user) -> QuerySet[Decision]:
    return Decision.objects.for_user(user, VIEW).select_related("round", "award_type")


def award_counts(*, root: Unit | None, year: int, view: str = RESTATED) -> list[dict]:
    """Rows {award_type, name, recipient_kind, count} of the year's awards
    received under `root` (None: the nation), counted in `view`."""
    names = dict(AwardType.objects.values_list("code", "name"))
    rows = (
        Nomination.objects.under(root, view)
        .filter(round__year=year, status=Nomination.Status.AWARDED)
        .values("award_type__code", "recipient_kind")
        .annotate(count=Count("pk"))
        .order_by("award_type__order", "recipient_kind")
    )
    return [
        {
            "award_type": row["award_type__code"],
            "name": names.get(row["award_type__code"], ""),
            "recipient_kind": row["recipient_kind"],
            "count": row["count"],
        }
        for row in rows
    ]


def _child_column(root: Unit | None, view: str) -> str:
    """The column naming the unit one level below `root` a row counts for."""
    if root is None:
        return f"{view}_province"
    if root.type == Unit.Type.PROVINCE:
        return f"{view}_commune"
    return "unit"


def figures(
    *, root: Unit | None, years: tuple[int, int], by_child: bool, view: str = RESTATED
) -> dict:
    """Collectives and individuals awarded, {group: (this year, last year)},
    counted under `root` in `view`."""
    now, before = years
    group = _child_column(root, view)
    rows = Nomination.objects.under(root, view).filter(
        round__year__in=[now, before], status=Nomination.Status.AWARDED
    )
    values = {
        "a": Count("pk", filter=Q(round__year=now)),
        "b": Count("pk", filter=Q(round__year=before)),
    }
    if by_child:
        return {
            r[group]: (r["a"], r["b"]) for r in rows.order_by().values(group).annotate(**values)
        }
    totals = rows.aggregate(**values)
    return {None: (totals["a"], totals["b"])}


def nomination_visible(user, pk: int) -> Nomination | None:
    """A nomination, if `user` sees it: at the round's level (the council) or
    from the nominated unit's side."""
    nomination = Nomination.objects.select_related("round__unit").filter(pk=pk).first()
    if nomination is None:
        return None
    if rounds_for(user).filter(pk=nomination.round_id).exists():
        return nomination
    if Nomination.objects.for_user(user, VIEW).filter(pk=pk).exists():
        return nomination
    return None
