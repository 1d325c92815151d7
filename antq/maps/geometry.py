"""The units a map draws and their shapes: imported boundaries where every
unit of the map has one valid on the day, else the schematic tile map."""

from dataclasses import dataclass, field
from datetime import date

from antq.maps.models import DETAILS, Boundary
from antq.maps.tiles import LEGACY, NATIONAL_COMMUNES, TODAY, commune_tiles, province_tiles
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
    return list(units.only("id", "code", "name", "short_name", "path", "type").order_by("code"))


def map_units(
    root: Unit | None, as_of: date, *, level: str = PROVINCE, detail: str = "coarse"
) -> MapUnits:
    """The units of the map and a GeoJSON feature for each (properties: code,
    name, short name; a tile's also its column and row)."""
    if detail not in DETAILS:
        raise ValueError(detail)
    units = children_of(root, as_of, level)
    boundaries = {
        b["unit_id"]: b[detail]
        for b in Boundary.objects.valid_on(as_of)
        .filter(unit__in=[u.pk for u in units])
        .values("unit_id", detail)
    }
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
            geometry = boundaries[unit.pk]
        result.features.append(
            {"type": "Feature", "id": unit.code, "properties": properties, "geometry": geometry}
        )
    return result


def _cells(units: list[Unit], era: str) -> dict[str, tuple[int, int]]:
    """Grid cells: the kept national grids (provinces of either era, today's
    communes) when the map is one of them, else laid out for these units."""
    codes = [u.code for u in units]
    provinces = all(u.type == Unit.Type.PROVINCE for u in units)
    key = era if provinces else NATIONAL_COMMUNES if era == TODAY else None
    known = province_tiles().get(key, {}) if key else {}
    if len(codes) > len(known) / 2 and all(c in known for c in codes):
        return {c: known[c] for c in codes}
    return commune_tiles(era, codes)


def _square(col: int, row: int) -> dict:
    x, y = float(col), float(row)
    ring = [[x, y], [x, y + TILE], [x + TILE, y + TILE], [x + TILE, y], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def tile_centre(feature: dict) -> tuple[float, float]:
    return feature["properties"]["col"] + TILE / 2, feature["properties"]["row"] + TILE / 2
