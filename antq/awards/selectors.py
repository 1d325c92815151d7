"""Reads of rewards: scoped lists, and the counts conferences quote (awards
by form × level × collective/individual for a subtree and year): the
nominations antq awarded and the recipients of the decisions recorded as
already issued, one GROUP BY each."""

from django.db.models import Count, Q, QuerySet

from antq.accounts.access import APPROVE, EDIT, VIEW, scope_paths
from antq.awards.models import (
    AwardRecipient,
    AwardRecord,
    AwardType,
    Decision,
    Nomination,
    RecipientKind,
    Round,
)
from antq.units.models import RESTATED, Unit
from antq.units.selectors import units_for_entry


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


def _awarded(root: Unit | None, view: str, years: list[int]) -> tuple[QuerySet, QuerySet]:
    """The two kinds of award counted under `root` in `view` for `years`:
    nominations awarded by antq's decisions (by the round's year), and the
    recipients of decisions recorded as already issued (by the record's)."""
    nominations = Nomination.objects.under(root, view).filter(
        round__year__in=years, status=Nomination.Status.AWARDED
    )
    recipients = AwardRecipient.objects.under(root, view).filter(record__year__in=years)
    return nominations, recipients


def award_counts(*, root: Unit | None, year: int, view: str = RESTATED) -> list[dict]:
    """Rows {award_type, name, level, level_name, recipient_kind, count,
    recorded} of the year's awards received under `root` (None: the nation),
    counted in `view`: awarded in antq plus recorded (`recorded` of them),
    in the award types' order."""
    nominations, recipients = _awarded(root, view, [year])
    counted: dict[tuple[int, str], list[int]] = {}
    for rows, award_field, recorded in (
        (nominations, "award_type", False),
        (recipients, "record__award_type", True),
    ):
        grouped = (
            rows.order_by()
            .values(award_field, "recipient_kind")
            .annotate(n=Count("pk"))
            .values_list(award_field, "recipient_kind", "n")
        )
        for award, kind, n in grouped:
            cell = counted.setdefault((award, kind), [0, 0])
            cell[0] += n
            cell[1] += n if recorded else 0
    types = AwardType.objects.in_bulk({award for award, _kind in counted})
    kinds = list(RecipientKind.values)
    ordered = sorted(
        counted.items(),
        key=lambda kv: (types[kv[0][0]].order, types[kv[0][0]].code, kinds.index(kv[0][1])),
    )
    return [
        {
            "award_type": types[award].code,
            "name": types[award].name,
            "level": types[award].level,
            "level_name": str(types[award].get_level_display()),
            "recipient_kind": kind,
            "count": total,
            "recorded": recorded,
        }
        for (award, kind), (total, recorded) in ordered
    ]


def _child_column(root: Unit | None, view: str) -> str:
    """The column naming the unit one level below `root` a row counts for."""
    if root is None:
        return f"{view}_province"
    if root.type == Unit.Type.PROVINCE:
        return f"{view}_commune"
    return "unit"


def _held(root: Unit | None, view: str, year: int) -> bool:
    """Does antq hold any award data of `year` under `root`: a round held
    there, or a decision recorded? Without either the year has no data."""
    rounds = Round.objects.filter(year=year)
    if root is not None:
        rounds = rounds.filter(unit__path__prefix=root.path)
    return rounds.exists() or AwardRecord.objects.under(root, view).filter(year=year).exists()


def figures(
    *, root: Unit | None, years: tuple[int, int], by_child: bool, view: str = RESTATED
) -> dict:
    """Collectives and individuals awarded (in antq or by a recorded
    decision), {group: (this year, last year)}, counted under `root` in
    `view`. As one total, a year antq holds no award data for is None
    (“chưa có dữ liệu”), never 0."""
    now, before = years
    group = _child_column(root, view)
    nominations, recipients = _awarded(root, view, [now, before])
    result: dict = {}
    for rows, year_field in ((nominations, "round__year"), (recipients, "record__year")):
        values = {
            "a": Count("pk", filter=Q(**{year_field: now})),
            "b": Count("pk", filter=Q(**{year_field: before})),
        }
        if by_child:
            counted = rows.order_by().values(group).annotate(**values)
            pairs = {r[group]: (r["a"], r["b"]) for r in counted}
        else:
            totals = rows.aggregate(**values)
            pairs = {None: (totals["a"], totals["b"])}
        for key, (a, b) in pairs.items():
            old = result.get(key, (0, 0))
            result[key] = (old[0] + a, old[1] + b)
    if not by_child:
        a, b = result[None]
        result[None] = (
            a if a or _held(root, view, now) else None,
            b if b or _held(root, view, before) else None,
        )
    return result


def records_for(user, action: str = VIEW) -> QuerySet[AwardRecord]:
    """Recorded decisions `user` may see (or edit), by the unit that keeps
    them (today's unit carrying it), newest first, each with its counts."""
    return (
        AwardRecord.objects.for_user(user, action)
        .select_related("unit", "award_type")
        .annotate(
            collectives=Count(
                "recipients", filter=Q(recipients__recipient_kind=RecipientKind.COLLECTIVE)
            ),
            individuals=Count(
                "recipients", filter=Q(recipients__recipient_kind=RecipientKind.INDIVIDUAL)
            ),
        )
    )


def record_units(user) -> QuerySet[Unit]:
    """The units `user` may keep records for or name in one: those they may
    edit, and the units closed in a reform whose history they carry."""
    return units_for_entry(user, EDIT)


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
