"""Placement in history: one rule for where a row is counted and who sees it.

Every model that records something for a unit says once how it is placed
(`units.models.Placement`, inherited from `Placed` or declared on the model).
This module holds the rest of the rule, written once:

- `unit_place(unit)` / `places_of(units)`: a unit's own province and commune
  (as published) and those of today's unit carrying it (restated), and that
  unit's path (who sees it);
- `place(row)`: the columns of a new or edited row, from its unit;
- `placed_under(model, root, view, as_of)`: the filter every selector uses;
- `restate_all(by=...)`: after a boundary change, every placed row of every
  placed model moved under today's units; no model registers anything.

Today's unit carrying a unit (its *carrier*): the unit itself while open; once
closed, the carrier of its primary successor; a closed unit with no successor
(the districts abolished in 2025) is carried by its nearest ancestor's
carrier, so Thành phố Bến Tre (a district of Bến Tre until 2025) is counted in
today's Tỉnh Vĩnh Long and seen by its officers.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.module_loading import import_string

from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.units.models import (
    PLACE_COLUMNS,
    PUBLISHED,
    RESTATED,
    VIEWS,
    LineageLink,
    Placement,
    Unit,
)


@dataclass(frozen=True)
class _Node:
    path: str
    type: str
    is_open: bool
    parent_id: int | None

    @property
    def chain(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


class _Tree:
    """The units and primary lineage links a placement needs, read in a few
    queries whatever the number of units asked about."""

    def __init__(self):
        self.nodes: dict[int, _Node] = {}
        self.successors: dict[int, list[int]] = {}

    def load(self, ids: Iterable[int]) -> None:
        missing = {i for i in ids if i is not None and i not in self.nodes}
        if not missing:
            return
        rows = Unit.objects.filter(pk__in=missing).values_list(
            "pk", "path", "type", "valid_to", "parent_id"
        )
        for pk, path, kind, valid_to, parent_id in rows:
            self.nodes[pk] = _Node(path, kind, valid_to is None, parent_id)

    def add(self, unit: Unit) -> None:
        self.nodes[unit.pk] = _Node(unit.path, unit.type, unit.valid_to is None, unit.parent_id)

    def load_lineage(self, closed: set[int]) -> None:
        """Primary successors of every closed unit reachable from `closed`,
        through successors and ancestors, one query per generation."""
        pending = {i for i in closed if i not in self.successors}
        while pending:
            for i in pending:
                self.successors[i] = []
            links = LineageLink.objects.filter(predecessor__in=pending, is_primary=True)
            for predecessor, successor in links.values_list("predecessor", "successor").order_by(
                "successor"
            ):
                self.successors[predecessor].append(successor)
            reached = {s for i in pending for s in self.successors[i]}
            reached |= {self.nodes[i].parent_id for i in pending if self.nodes[i].parent_id}
            self.load(reached)
            pending = {i for i in reached if not self.nodes[i].is_open and i not in self.successors}

    def carrier(self, pk: int, seen: frozenset[int] = frozenset()) -> int | None:
        """Today's unit carrying `pk` (None when nothing today carries it)."""
        node = self.nodes[pk]
        if node.is_open:
            return pk
        if pk in seen:  # a cycle in bad lineage data: carried by nothing
            return None
        seen = seen | {pk}
        for successor in self.successors.get(pk, []):
            found = self.carrier(successor, seen)
            if found is not None:
                return found
        return self.carrier(node.parent_id, seen) if node.parent_id else None


def _first(chain: list[int], types: dict[int, str], kind: str) -> int | None:
    return next((i for i in chain if types.get(i) == kind), None)


def places_of(units: Iterable[Unit | int]) -> dict[int, dict]:
    """The place of each unit (by id): `published_province_id`,
    `published_commune_id`, `restated_province_id`, `restated_commune_id`,
    `scope_path` (today's carrier's path) and `commune_path` (today's
    commune's path, for rows seen from the commune up). A few queries in all."""
    tree = _Tree()
    ids: list[int] = []
    for unit in units:
        if isinstance(unit, Unit):
            tree.add(unit)
            ids.append(unit.pk)
        else:
            ids.append(unit)
    tree.load(ids)
    tree.load_lineage({i for i in ids if not tree.nodes[i].is_open})
    carriers = {i: tree.carrier(i) for i in ids}
    chains = {i: tree.nodes[i].chain for i in ids}
    chains |= {c: tree.nodes[c].chain for c in carriers.values() if c is not None}
    tree.load({a for chain in chains.values() for a in chain})
    types = {pk: node.type for pk, node in tree.nodes.items()}
    places = {}
    for i in ids:
        own, carrier = chains[i], carriers[i]
        today = chains[carrier] if carrier is not None else []
        commune = _first(today, types, Unit.Type.COMMUNE)
        scope_path = tree.nodes[carrier].path if carrier is not None else tree.nodes[i].path
        places[i] = {
            "published_province_id": _first(own, types, Unit.Type.PROVINCE),
            "published_commune_id": _first(own, types, Unit.Type.COMMUNE),
            "restated_province_id": _first(today, types, Unit.Type.PROVINCE),
            "restated_commune_id": commune,
            "scope_path": scope_path,
            "commune_path": tree.nodes[commune].path if commune is not None else scope_path,
        }
    return places


def unit_place(unit: Unit) -> dict:
    """Where anything of `unit` is counted and who sees it (see `places_of`)."""
    place = places_of([unit])[unit.pk]
    del place["commune_path"]
    return place


def scope_of(units: Iterable[Unit | int]) -> str:
    """The one scope path under which all of `units`' rows are seen: their
    places' deepest common ancestor ("" for no unit). An entry about many rows
    (an import's summary, an export) is audited there, so the people who see
    the rows see the entry."""
    return common_scope(place["scope_path"] for place in places_of(list(units)).values())


def common_scope(scope_paths: Iterable[str]) -> str:
    """The deepest path above every one of `scope_paths` (places'
    `scope_path`, already known to a caller that placed its units): what
    `scope_of` gives for those units, without reading them again."""
    common = None
    for path in scope_paths:
        if common is None:
            common = path
        while not path.startswith(common):
            common = common[: common.rstrip("/").rfind("/") + 1]
    return common or ""


def unit_carrier(unit: Unit) -> Unit | None:
    """Today's unit carrying `unit`: itself while open (see the module's note)."""
    tree = _Tree()
    tree.add(unit)
    if unit.is_open:
        return unit
    tree.load_lineage({unit.pk})
    carrier = tree.carrier(unit.pk)
    return Unit.objects.get(pk=carrier) if carrier is not None else None


def carriers_refresh(within: str | None = None) -> int:
    """Store in `Unit.carrier_path` the path of today's unit carrying each
    unit (its own while open), for every unit, or only those under the path
    `within` or carried by a unit under it. Returns how many changed: one
    UPDATE for the open units, the closed ones' carriers in a few queries,
    one UPDATE per carrier that changed. Called by `restate_all`, the loader
    and the unit services that open, close or date a unit."""
    units = Unit.objects.all()
    if within is not None:
        units = units.filter(Q(path__prefix=within) | Q(carrier_path__prefix=within))
    changed = (
        units.filter(valid_to__isnull=True)
        .exclude(carrier_path=models.F("path"))
        .update(carrier_path=models.F("path"))
    )
    closed = list(units.filter(valid_to__isnull=False).values_list("pk", "carrier_path"))
    places = places_of([pk for pk, _current in closed])
    moving: dict[str, list[int]] = defaultdict(list)
    for pk, current in closed:
        if places[pk]["scope_path"] != current:
            moving[places[pk]["scope_path"]].append(pk)
    for path, ids in moving.items():
        for start in range(0, len(ids), _BATCH):
            changed += Unit.objects.filter(pk__in=ids[start:][:_BATCH]).update(carrier_path=path)
    return changed


# --- the placed models -------------------------------------------------------


def placement_of(model: type[models.Model]) -> Placement:
    placement = getattr(model, "placement", None)
    if not isinstance(placement, Placement):
        raise TypeError(f"{model._meta.label} declares no placement")
    return placement


def placed_models() -> list[type[models.Model]]:
    """Every installed model that declares a placement, in a fixed order."""
    found = [m for m in apps.get_models() if isinstance(getattr(m, "placement", None), Placement)]
    return sorted(found, key=lambda m: m._meta.label)


def holds_placed_rows(unit: Unit) -> bool:
    """Is anything of a placed model recorded for `unit` or a unit below it?
    (Then a change of its boundaries moves rows: see `restate_all`.) One
    EXISTS per placed model."""
    for model in placed_models():
        lookup = {f"{placement_of(model).unit}__path__prefix": unit.path}
        if model._base_manager.filter(**lookup).exists():
            return True
    return False


def place_columns(model: type[models.Model]) -> list[str]:
    """The placement columns `model` carries, as attribute names."""
    names = {f.attname for f in model._meta.concrete_fields}
    return [c for c in PLACE_COLUMNS if c in names]


def _columns_for(model: type[models.Model], place: dict) -> dict:
    placement = placement_of(model)
    chosen = {c: place[c] for c in place_columns(model)}
    if "scope_path" in chosen and placement.seen_from == Placement.COMMUNE:
        chosen["scope_path"] = place["commune_path"]
    return chosen


def place(row: models.Model, unit: Unit | None = None) -> dict:
    """Set `row`'s placement columns from its unit (or `unit`); returns them.
    Called by every service that creates a placed row or changes its unit."""
    placement = placement_of(type(row))
    unit = unit or getattr(row, placement.unit)
    columns = _columns_for(type(row), places_of([unit])[unit.pk])
    for name, value in columns.items():
        setattr(row, name, value)
    return columns


def placed_under(
    model: type[models.Model],
    root: Unit | None,
    view: str = RESTATED,
    as_of: date | None = None,
    prefix: str = "",
) -> Q:
    """The rows of `model` counted under `root` (None: the nation).

    - `RESTATED`: under today's units, a province or commune by the restated
      columns, anything else by the path of today's unit carrying the row;
    - `PUBLISHED`: under the unit the row was recorded for, in the tree of
      its time (its own province, commune or path);
    - `as_of`: only rows of units that existed on that day (what the tree of
      that day held), in either view.

    `prefix` reaches the model through a relation (`"site__"`)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    placement = placement_of(model)
    columns = set(place_columns(model))
    unit = f"{prefix}{placement.unit}__"
    condition = Q()
    if root is not None:
        level = {Unit.Type.PROVINCE: "province", Unit.Type.COMMUNE: "commune"}.get(root.type)
        column = f"{view}_{level}_id" if level else None
        if column in columns:
            condition = Q(**{f"{prefix}{view}_{level}": root})
        elif view == RESTATED and "scope_path" in columns and placement.seen_from == Placement.UNIT:
            condition = Q(**{f"{prefix}scope_path__prefix": root.path})
        else:
            condition = Q(**{f"{unit}path__prefix": root.path})
    if as_of is not None:
        condition &= Q(**{f"{unit}valid_from__isnull": True}) | Q(
            **{f"{unit}valid_from__lte": as_of}
        )
        condition &= Q(**{f"{unit}valid_to__isnull": True}) | Q(**{f"{unit}valid_to__gte": as_of})
    return condition


# --- restatement -------------------------------------------------------------

_BATCH = 500


def model_restate(model: type[models.Model]) -> int:
    """Move `model`'s rows whose place changed; returns how many moved. One
    read of the distinct (unit, columns) pairs, the places of those units in a
    few queries, then one UPDATE per unit (or group of units) that moved."""
    placement = placement_of(model)
    unit_column = model._meta.get_field(placement.unit).attname
    columns = place_columns(model)
    stored = list(model._base_manager.values_list(unit_column, *columns).distinct())
    places = places_of({row[0] for row in stored})
    moving: dict[tuple, set[int]] = defaultdict(set)
    for unit_id, *current in stored:
        target = _columns_for(model, places[unit_id])
        wanted = tuple(target[c] for c in columns)
        if tuple(current) != wanted:
            moving[wanted].add(unit_id)
    changed = 0
    for wanted, unit_ids in moving.items():
        ordered = sorted(unit_ids)
        for start in range(0, len(ordered), _BATCH):
            rows = model._base_manager.filter(**{f"{unit_column}__in": ordered[start:][:_BATCH]})
            changed += rows.update(**dict(zip(columns, wanted, strict=True)))
    return changed


def restate_all(*, by, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """After a change of boundaries: every placed model's rows moved under
    today's units, then its `after_restate` (called without arguments, its
    result kept), each model audited with what moved. Returns rows moved by
    model label."""
    chosen = placed_models()
    result: dict[str, int] = {"units.unit": carriers_refresh()}
    if progress:
        progress(0, len(chosen))
    for done, model in enumerate(chosen, start=1):
        changed = model_restate(model)
        result[model._meta.label_lower] = changed
        after = {"rows_changed": changed}
        hook = placement_of(model).after_restate
        if hook:
            after[hook.rsplit(".", 1)[-1]] = import_string(hook)()
        audit_record(
            actor=by,
            action=AuditEntry.Action.RESTATE,
            object_type=model._meta.label_lower,
            object_repr=str(model._meta.verbose_name_plural),
            after=after,
        )
        if progress:
            progress(done, len(chosen))
    return result


__all__ = [
    "PUBLISHED",
    "RESTATED",
    "VIEWS",
    "carriers_refresh",
    "holds_placed_rows",
    "place",
    "place_columns",
    "placed_models",
    "placed_under",
    "places_of",
    "restate_all",
    "unit_carrier",
    "unit_place",
]
