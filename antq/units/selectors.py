"""Reads of the unit tree, always starting from what the user may see."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from antq.core.access import EDIT, VIEW, get_for_user, scope_paths
from antq.core.tabular import parse_day
from antq.core.vietnamese import collation_key, fold
from antq.units.history import UnitNotOnDay
from antq.units.models import LineageLink, Unit
from antq.units.recipes import replay

# Residential areas first, then agencies, enterprises, schools (as offices list them).
TYPE_ORDER = Case(
    *(When(type=t, then=Value(i)) for i, t in enumerate(Unit.Type.values)),
    output_field=IntegerField(),
)


def unit_list(
    *,
    user,
    q: str = "",
    type: str | None = None,
    parent: Unit | None = None,
    as_of: date | None = None,
    include_closed: bool = False,
) -> QuerySet[Unit]:
    """Units `user` may see, filtered. `q` matches name or code without regard to
    diacritics or case ("ben tre" finds "Bến Tre"). Units are those valid on
    `as_of` (default today) unless `include_closed`."""
    units = Unit.objects.for_user(user, VIEW)
    if not include_closed:
        units = units.valid_on(as_of or timezone.localdate())
    if type:
        units = units.filter(type=type)
    if parent is not None:
        units = units.filter(parent=parent)
    words = fold(q).split()
    for word in words:
        units = units.filter(Q(name_folded__contains=word) | Q(code__startswith=word))
    return units.select_related("parent").order_by("depth", "name_folded", "code")


def unit_children(*, user, unit: Unit, include_closed: bool = False) -> list[Unit]:
    """The units right below `unit` the user sees, by type, then by name in
    Vietnamese alphabetical order (`core.vietnamese.collation_key`)."""
    children = Unit.objects.for_user(user, VIEW).filter(parent=unit)
    if not include_closed:
        children = children.filter(valid_to__isnull=True)
    order = {t: i for i, t in enumerate(Unit.Type.values)}
    return sorted(children, key=lambda u: (order.get(u.type, 99), collation_key(u.name)))


def unit_child_counts(*, unit: Unit) -> dict[str, int]:
    """Open units directly below `unit`, by type, counted in SQL."""
    rows = (
        Unit.objects.filter(parent=unit, valid_to__isnull=True)
        .values("type")
        .annotate(n=Count("id"))
    )
    return {row["type"]: row["n"] for row in rows}


def unit_subtree_counts(*, unit: Unit) -> dict[str, int]:
    """Open units anywhere below `unit`, by type: one prefix query and a GROUP BY."""
    rows = (
        Unit.objects.subtree(unit)
        .filter(valid_to__isnull=True)
        .exclude(pk=unit.pk)
        .values("type")
        .annotate(n=Count("id"))
    )
    return {row["type"]: row["n"] for row in rows}


def units_subtree_counts(units: list[Unit]) -> list[dict[str, int]]:
    """`unit_subtree_counts` for each of `units`, in one query: a count per
    unit filtered on its prefix, grouped by type (subtrees may nest)."""
    if len(units) < 2:
        return [unit_subtree_counts(unit=u) for u in units]
    below = [Q(path__prefix=u.path) & ~Q(pk=u.pk) for u in units]
    anywhere = Q()
    for q in below:
        anywhere |= q
    rows = (
        Unit.objects.filter(anywhere, valid_to__isnull=True)
        .values("type")
        .annotate(**{f"n{i}": Count("id", filter=q) for i, q in enumerate(below)})
    )
    result = [{} for _ in units]
    for row in rows:
        for i, counts in enumerate(result):
            if row[f"n{i}"]:
                counts[row["type"]] = row[f"n{i}"]
    return result


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the root down to `unit`'s parent, in one query."""
    ids = unit.ancestor_ids[:-1]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class Lineage:
    predecessors: list[LineageLink]
    successors: list[LineageLink]


def unit_lineage(unit: Unit) -> Lineage:
    links = LineageLink.objects.select_related("event", "predecessor", "successor")
    return Lineage(
        predecessors=list(links.filter(successor=unit).order_by("predecessor__name_folded")),
        successors=list(links.filter(predecessor=unit).order_by("-is_primary", "successor__name")),
    )


def units_for_entry(user, action: str = EDIT, on: date | None = None) -> QuerySet[Unit]:
    """Units `user` may record something for (an activity, a model, an
    example, a nomination…): every unit, open or closed, whose carrier today
    (`Unit.carrier_path`: itself while open; a closed one's primary successor,
    else its nearest ancestor's carrier) lies in their scope for `action`, so
    the officers of today's Tỉnh Vĩnh Long may record what Thành phố Bến Tre
    (a district until 2025) did in 2022. With `on`, only the units that
    existed that day. Who holds a right everywhere (the system, a system
    administrator) may record for every unit that ever existed.

    One query on the indexed carrier path; the set remembers how it was
    built, so a picker searches it again (`antq.units.recipes`)."""
    paths = scope_paths(user, action)
    units = Unit.objects.all()
    if paths is not None:
        condition = Q()
        for path in paths:
            condition |= Q(carrier_path__prefix=path)
        units = units.filter(condition) if condition else units.none()
    if on is not None:
        units = units.valid_on(on)
    units.recipe = [["entry", action, {"d": on.isoformat()} if on else None]]
    return units


def unit_current_successors(unit: Unit) -> list[Unit]:
    """Today's units that carry `unit`'s history, following primary links through
    several reforms if needed."""
    seen: set[int] = set()
    frontier = [unit]
    result: list[Unit] = []
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_open and current.pk != unit.pk:
            result.append(current)
            continue
        frontier.extend(
            link.successor
            for link in LineageLink.objects.select_related("successor").filter(
                predecessor=current, is_primary=True
            )
        )
    return result


class AmbiguousCode(Exception):
    def __init__(self, code: str, candidates: list[Unit]):
        super().__init__(code)
        self.code = code
        self.candidates = candidates


def unit_by_code(*, user, code: str, as_of: date | None = None) -> Unit | None:
    """The unit a code means on `as_of` (default today), among those `user` may see.

    Codes are reused across the 2025 reform, so the date decides. Returns None
    when no visible unit with that code existed on that day; raises
    AmbiguousCode if, against the rules, two did.
    """
    day = as_of or timezone.localdate()
    found = list(Unit.objects.for_user(user, VIEW).filter(code=code).valid_on(day)[:2])
    if len(found) > 1:
        raise AmbiguousCode(code, found)
    return found[0] if found else None


def unit_versions(*, user, code: str) -> list[Unit]:
    """Every visible unit that has carried `code`, oldest first."""
    return list(
        Unit.objects.for_user(user, VIEW)
        .filter(code=code)
        .order_by(F("valid_from").asc(nulls_first=True), F("valid_to").asc(nulls_last=True))
    )


def home_units(user, action: str = VIEW) -> QuerySet[Unit]:
    """The units where a user's rights to `action` start (the top of each
    subtree they may see, or approve…), shallowest first; the nation's roots
    for a system administrator. Someone who sees a province and approves in
    one of its communes starts at the province, and approves from the commune."""
    paths = scope_paths(user, action)
    if paths is None:
        return Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("name")
    return Unit.objects.filter(path__in=paths).order_by("depth", "name")


def requested_unit(request) -> Unit | None:
    """The unit whose subtree a page shows: `?unit=<id>` (404 outside what the
    user may see; a closed unit is seen by the officers of today's unit
    carrying it), else the user's first starting unit (None without any).
    With `?as_of=<yyyy-mm-dd>`, a unit that did not exist that day is a
    `UnitNotOnDay` (a 422 page naming its dates and what to pick instead)."""
    text = request.GET.get("unit", "")
    if not text.isdigit():
        return home_units(request.user).first()
    unit = get_for_user(Unit.objects.all(), request.user, VIEW, pk=int(text))
    day = parse_day(request.GET.get("as_of", ""))
    if day is not None and not unit.is_valid_on(day):
        raise UnitNotOnDay(unit, day)
    return unit


PICKER_LIMIT = 20


def unit_matches(
    *,
    user,
    recipe: list,
    q: str = "",
    on: date | None = None,
    during: tuple[date, date] | None = None,
    limit: int = PICKER_LIMIT,
) -> tuple[list[Unit], bool]:
    """What a unit picker offers `user` for `q`: the units its form offered
    (`recipe`, replayed for this user, within what they may see), those that
    existed `on` that day if given (or at some time `during` a span), each
    word of `q` found in the name, the parent's name or at the start of the
    code, without regard to diacritics
    ("bac son cam pha" finds "Khu phố Bắc Sơn — Phường Cẩm Phả"). Returns at
    most `limit` units, shallowest first, and whether there are more."""
    units = replay(recipe, user, Unit.objects) & Unit.objects.for_user(user, VIEW)
    if on is not None:
        units = units.valid_on(on)
    if during is not None:
        start, end = during
        units = units.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        )
    for word in fold(q).split()[:8]:
        units = units.filter(
            Q(name_folded__contains=word)
            | Q(parent__name_folded__contains=word)
            | Q(code__startswith=word)
        )
    found = list(
        units.select_related("parent").order_by("depth", "name_folded", "valid_from")[: limit + 1]
    )
    return found[:limit], len(found) > limit
