"""The units a map draws and their shapes: imported boundaries where every
unit of the map has one valid on the day, else the schematic tile map."""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

from antq.core.vietnamese import name_key
from antq.maps.models import DETAILS, SHAPES, Boundary
from antq.maps.tiles import (
    LEGACY,
    NATIONAL_COMMUNES,
    TODAY,
    commune_tiles,
    coordinates,
    nearest_free,
    province_tiles,
)
from antq.units.models import REFORM_2025_OPEN, Unit

TILE = 0.9  # a tile's side in grid cells; the rest is the gap between tiles
PROVINCE, COMMUNE = "province", "commune"


@dataclass
class MapUnits:
    root: Unit | None
    as_of: date
    level: str
    units: list[Unit]
    schematic: bool
    features: list[dict] = field(default_factory=list)
    # code → the boundary wound as d3 (Vega) reads it: clockwise outer rings
    drawn: dict[str, dict] = field(default_factory=dict)

    @property
    def era(self) -> str:
        return era_of(self.as_of)


def era_of(day: date) -> str:
    return TODAY if day >= REFORM_2025_OPEN else LEGACY


def children_of(root: Unit | None, as_of: date, level: str = PROVINCE) -> list[Unit]:
    """What a map of `root` draws on `as_of`: without a root, the provinces (or,
    at the commune level, every commune) of the nation; under a province its
    communes (below its districts before 2025); under any other unit, the
    units right below it."""
    units = Unit.objects.valid_on(as_of)
    if root is None:
        units = units.filter(type=COMMUNE if level == COMMUNE else PROVINCE)
    elif root.type in {Unit.Type.PROVINCE, Unit.Type.DISTRICT}:
        units = units.subtree(root).filter(type=Unit.Type.COMMUNE)
    else:
        units = units.filter(parent=root)
    fields = ("id", "code", "name", "short_name", "name_folded", "path", "type", "parent_id")
    rows = units.only(*fields).annotate(parent_code=F("parent__code")).order_by("code")
    return list(rows)


def map_units(
    root: Unit | None, as_of: date, *, level: str = PROVINCE, detail: str = "coarse"
) -> MapUnits:
    """The units of the map and a GeoJSON feature for each (properties: code,
    name, short name; a tile's also its column and row)."""
    if detail not in DETAILS:
        raise ValueError(detail)
    units = children_of(root, as_of, level)
    outlines = boundaries_at(detail)
    boundaries: dict[int, tuple[dict, dict]] = {}
    for unit in units:
        for start, end, geometry, drawn in outlines.get(unit.pk, ()):
            if (start is None or start <= as_of) and (end is None or as_of <= end):
                boundaries[unit.pk] = (geometry, drawn)
                break
    schematic = not units or len(boundaries) < len(units)
    result = MapUnits(root, as_of, level, units, schematic)
    cells = _cells(units, era_of(as_of)) if schematic else {}
    for unit in units:
        properties = {"code": unit.code, "name": unit.name, "short": unit.short_name or unit.name}
        if schematic:
            col, row = cells[unit.code]
            properties.update(col=col, row=row)
            geometry = _square(col, row)
        else:
            geometry, result.drawn[unit.code] = boundaries[unit.pk]
        result.features.append(
            {"type": "Feature", "id": unit.code, "properties": properties, "geometry": geometry}
        )
    return result


def boundaries_at(detail: str) -> dict[int, list[tuple[date | None, date | None, dict, dict]]]:
    """{unit id: [(valid from, valid to, GeoJSON geometry, the same wound for
    d3)]} of one level of detail, from this process's copy (read-only)."""
    copy = SHAPES.cached(dict)
    if detail not in copy:
        table: dict[int, list] = {}
        rows = Boundary.objects.order_by("unit_id", "-valid_from").values_list(
            "unit_id", "valid_from", "valid_to", detail
        )
        for unit_id, start, end, geometry in rows.iterator(chunk_size=2000):
            table.setdefault(unit_id, []).append((start, end, geometry, d3_winding(geometry)))
        copy[detail] = table
    return copy[detail]


def d3_winding(geometry: dict) -> dict:
    """d3 (Vega) reads spherical polygons with clockwise outer rings, the
    reverse of GeoJSON's right-hand rule: a counter-clockwise province would
    be drawn as the whole globe without it."""
    geom = shape(geometry)
    if geom.geom_type == "Polygon":
        return mapping(orient(geom, sign=-1.0))
    if geom.geom_type == "MultiPolygon":
        return mapping(type(geom)([orient(p, sign=-1.0) for p in geom.geoms]))
    return geometry


def _cells(units: list[Unit], era: str) -> dict[str, tuple[int, int]]:
    """Grid cells: the kept national grids (provinces of either era, today's
    communes) when the map is one of them, else laid out for these units."""
    provinces = all(u.type == Unit.Type.PROVINCE for u in units)
    keys = {u.code: u.code if provinces else data_code(u, era) for u in units}
    key = era if provinces else NATIONAL_COMMUNES if era == TODAY else None
    known = province_tiles().get(key, {}) if key else {}
    if len(keys) > len(known) / 2 and all(k in known for k in keys.values()):
        cells: dict[str, tuple[int, int]] = {}
        taken: set[tuple[int, int]] = set()
        columns = 1 + max(cell[0] for cell in known.values())
        for code, k in keys.items():
            cell = known[k]
            if cell in taken:  # two units named alike: the second beside the first
                cell = nearest_free(cell[0], cell[1], columns, 0, taken)
            cells[code] = cell
            taken.add(cell)
        return cells
    cells = commune_tiles(era, keys.values())
    return {code: cells[k] for code, k in keys.items()}


def data_code(unit: Unit, era: str) -> str:
    """The unit's code in the coordinates' data set: its own, else the code of
    the commune of that name in its province there."""
    data = coordinates(era)
    parent_code = getattr(unit, "parent_code", None)  # children_of's units carry it
    if parent_code is None and unit.parent_id:
        parent_code = unit.parent.code
    if unit.code in data["commune"] or parent_code is None:
        return unit.code
    return data["alias"].get((parent_code, name_key(unit.name)), unit.code)


@functools.lru_cache(maxsize=20000)
def _square(col: int, row: int) -> dict:
    """A tile's polygon (shared between maps: never changed in place)."""
    x, y = float(col), float(row)
    ring = [[x, y], [x, y + TILE], [x + TILE, y + TILE], [x + TILE, y], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def tile_centre(feature: dict) -> tuple[float, float]:
    return feature["properties"]["col"] + TILE / 2, feature["properties"]["row"] + TILE / 2
