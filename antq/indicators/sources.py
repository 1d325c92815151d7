"""Indicators counted from other antq modules, so nothing is entered twice.

A source answers like a roll-up: {group key: (current, same period last
year)} for a root, a period and a view. An indicator names its source:
"assessments.recognized_communes", or with an argument after a colon
("activities.kind:tuyen_truyen") for a family of sources. Apps that the
statistics must not import register theirs when they are ready
(`register_source`), so imports run one way.
"""

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Q

from antq.assessments.selectors import recognized_counts
from antq.core.periods import Period
from antq.units.models import Unit

Source = Callable[[Unit | None, Period, str, bool], dict]


def _recognized(unit_type: str) -> Source:
    def count(root: Unit | None, period: Period, view: str, by_child: bool) -> dict:
        # Recognition is yearly: a period counts the year it ends in.
        year = period.end.year
        prefix = "restated" if view == "restated" else "published"
        if root is None:
            group, condition = "restated_province", Q()
        elif root.type == Unit.Type.PROVINCE:
            group, condition = "restated_commune", Q(restated_province=root)
        else:
            group, condition = None, Q(restated_commune=root)
        if prefix == "published":
            condition = Q(unit__path__prefix=root.path) if root else Q()
            group = None if root else "restated_province"
        counts = recognized_counts(
            unit_type=unit_type,
            years=[year, year - 1],
            group=group if by_child else None,
            condition=condition,
        )
        keys = {key for key, _year in counts}
        if not keys and not by_child:
            keys = {None}
        # no recognition at all under the root yet: the year is not decided,
        # which is not the same as nobody recognized
        decided = {y for _key, y in counts}

        def of(key, y):
            return Decimal(counts.get((key, y), 0)) if y in decided else None

        return {key: (of(key, year), of(key, year - 1)) for key in keys}

    return count


SOURCES: dict[str, Source] = {
    "assessments.recognized_residential_areas": _recognized(Unit.Type.RESIDENTIAL_AREA),
    "assessments.recognized_communes": _recognized(Unit.Type.COMMUNE),
}
# "name:argument" → factory(argument) → Source
FAMILIES: dict[str, Callable[[str], Source]] = {}


def register_source(name: str, source: Source | None = None, *, family=None) -> None:
    """Add a source (or, with `family`, a factory of sources by argument)."""
    if family is not None:
        FAMILIES[name] = family
    else:
        SOURCES[name] = source


def source_of(name: str) -> Source:
    """The source an indicator names; KeyError for an unknown one."""
    if name in SOURCES:
        return SOURCES[name]
    family, _colon, argument = name.partition(":")
    return FAMILIES[family](argument)
