"""The schematic tile map: one equal tile per unit, laid out by geography.

No redistributable boundary set of today's provinces and communes exists in
the package registries, so where no boundaries were imported antq draws a
*sơ đồ*: each unit a square at a grid position near where it lies. The
positions are derived from facts, the coordinates of each province and
commune that `vietnamadminunits` (MIT) ships, by one deterministic rule
(`layout`). The provinces' grids are kept as data in the repository
(`data/province_tiles.json`, written by `python -m antq.maps.tiles`, checked
against the rule by a test) so that the national sơ đồ is reviewed like code;
communes are laid out on demand from the same coordinates and cached.
"""

import functools
import importlib.util
import json
import math
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from antq.core.vietnamese import name_key

DATA_FILE = Path(__file__).parent / "data" / "province_tiles.json"
TODAY, LEGACY = "today", "legacy"  # the 34 provinces since 1/7/2025, the 63 before
CELLS_PER_UNIT = 1.8
NATIONAL_COMMUNES = "today-communes"
SWAP_LIMIT = 400  # below this many units, swaps refine the greedy layout


COLUMNS = "provinceCode, provinceLat, provinceLon, wardCode, wardLat, wardLon, ward"
QUERIES = {
    TODAY: f"SELECT {COLUMNS} FROM admin_units",  # noqa: S608 (constant names)
    LEGACY: f"SELECT {COLUMNS} FROM admin_units_legacy",  # noqa: S608
}


def _dataset() -> sqlite3.Connection:
    # found without importing the package, which loads pandas (seconds)
    spec = importlib.util.find_spec("vietnamadminunits")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@functools.cache
def coordinates(era: str) -> dict[str, dict]:
    """{"province": {code: (lat, lon)}, "commune": {code: (lat, lon)},
    "alias": {(province code, name key): commune code}} of an era. The alias
    finds a commune whose code differs between this data set and antq's
    (`vietnam-provinces`; about a hundred communes of 2025 do)."""
    query = QUERIES[era]
    with _dataset() as db:
        rows = db.execute(query).fetchall()
    provinces: dict[str, tuple[float, float]] = {}
    communes: dict[str, tuple[float, float]] = {}
    alias: dict[tuple[str, str], str] = {}
    for pcode, plat, plon, wcode, wlat, wlon, ward in rows:
        if pcode and plat is not None:
            provinces.setdefault(str(pcode).zfill(2), (float(plat), float(plon)))
        if wcode and wlat is not None:
            communes[str(wcode).zfill(5)] = (float(wlat), float(wlon))
            alias[(str(pcode).zfill(2), name_key(ward))] = str(wcode).zfill(5)
    return {"province": provinces, "commune": communes, "alias": alias}


def layout(points: dict[str, tuple[float, float] | None]) -> dict[str, tuple[int, int]]:
    """Grid cells (column, row; row 0 at the north) for `points` {key: (lat, lon)}.

    The rule: the bounding box of the points is cut into a grid of about 1.3
    cells per point with the box's proportions (a degree of longitude counted
    as cos(latitude) of a degree of latitude); in order from the point whose
    own cell is most contested outward, each point takes the free cell
    nearest to where it lies. Keys without coordinates follow, in key order,
    in the free cells at the end of the grid. Deterministic: the same points
    give the same grid on every machine."""
    placed = {k: v for k, v in points.items() if v is not None}
    unplaced = sorted(k for k, v in points.items() if v is None)
    count = len(points)
    if not count:
        return {}
    if placed:
        lats = [p[0] for p in placed.values()]
        lons = [p[1] for p in placed.values()]
        squeeze = math.cos(math.radians(sum(lats) / len(lats)))
        height = max(max(lats) - min(lats), 1e-6)
        width = max((max(lons) - min(lons)) * squeeze, 1e-6)
        cells = count * CELLS_PER_UNIT
        cols = max(1, round(math.sqrt(cells * width / height)))
        rows = max(1, math.ceil(cells / cols))
    else:
        cols = max(1, math.ceil(math.sqrt(count)))
        rows = math.ceil(count / cols)
    taken: dict[tuple[int, int], str] = {}
    result: dict[str, tuple[int, int]] = {}
    wanted: dict[str, tuple[float, float]] = {}
    for key, (lat, lon) in placed.items():
        x = (lon - min(lons)) * squeeze / width * (cols - 1)
        y = (max(lats) - lat) / height * (rows - 1)
        wanted[key] = (x, y)
    crowd: dict[tuple[int, int], int] = {}
    for x, y in wanted.values():
        crowd[(round(x), round(y))] = crowd.get((round(x), round(y)), 0) + 1
    order = sorted(wanted, key=lambda k: (-crowd[(round(wanted[k][0]), round(wanted[k][1]))], k))
    for key in order:
        x, y = wanted[key]
        result[key] = nearest_free(x, y, cols, rows, taken)
        taken[result[key]] = key
    if len(result) <= SWAP_LIMIT:
        _improve(result, wanted)
    for key in unplaced:
        cell = _first_free(cols, rows, taken)
        result[key] = cell
        taken[cell] = key
    return result


def _improve(result: dict, wanted: dict) -> None:
    """Swap two units' cells, or move one to a free neighbouring cell, while
    that brings the units nearer to where they lie (sum of squared distances)."""

    def cost(key, cell):
        return (cell[0] - wanted[key][0]) ** 2 + (cell[1] - wanted[key][1]) ** 2

    keys = sorted(result)
    for _round in range(20):
        changed = False
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                ca, cb = result[a], result[b]
                if cost(a, cb) + cost(b, ca) < cost(a, ca) + cost(b, cb) - 1e-9:
                    result[a], result[b] = cb, ca
                    changed = True
        if not changed:
            return


def _ring(cx: int, cy: int, radius: int):
    if radius == 0:
        yield cx, cy
        return
    for col in range(cx - radius, cx + radius + 1):
        yield col, cy - radius
        yield col, cy + radius
    for row in range(cy - radius + 1, cy + radius):
        yield cx - radius, row
        yield cx + radius, row


def nearest_free(x: float, y: float, cols: int, rows: int, taken) -> tuple[int, int]:
    """The free cell nearest to (x, y), searched ring by ring around its own
    cell; a cell one ring further out can still be nearer, so one more ring is
    looked at once a free cell is found."""
    cx, cy = round(x), round(y)
    best = None
    radius = 0
    while True:
        for col, row in _ring(cx, cy, radius):
            if col < 0 or row < 0 or col >= cols or (col, row) in taken:
                continue
            distance = (col - x) ** 2 + (row - y) ** 2
            if best is None or (distance, row, col) < best[0]:
                best = ((distance, row, col), (col, row))
        if best is not None and best[0][0] <= radius**2:
            return best[1]
        radius += 1


def _first_free(cols: int, rows: int, taken) -> tuple[int, int]:
    index = 0
    while True:
        cell = (
            (index % cols, rows + index // cols)
            if index >= cols * rows
            else divmod(index, cols)[::-1]
        )
        if cell not in taken:
            return cell
        index += 1


def derive_province_tiles() -> dict[str, dict[str, list[int]]]:
    """The national sơ đồ of both eras by province, and of today's 3,321
    communes (a few seconds to lay out, so kept), as in `DATA_FILE`."""
    grids = {era: layout(dict(coordinates(era)["province"])) for era in (TODAY, LEGACY)}
    grids[NATIONAL_COMMUNES] = layout(dict(coordinates(TODAY)["commune"]))
    return {
        key: {code: list(cell) for code, cell in sorted(grid.items())}
        for key, grid in grids.items()
    }


@functools.cache
def province_tiles() -> dict[str, dict[str, tuple[int, int]]]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {era: {code: tuple(cell) for code, cell in cells.items()} for era, cells in data.items()}


def commune_tiles(era: str, codes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """A grid for these communes (or any units: those without coordinates fill
    the end of the grid), laid out from their coordinates."""
    return _commune_tiles(era, tuple(sorted(codes)))


@functools.lru_cache(maxsize=256)
def _commune_tiles(era: str, codes: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    known = coordinates(era)["commune"]
    return layout({code: known.get(code) for code in codes})


if __name__ == "__main__":  # python -m antq.maps.tiles: write the data file again
    DATA_FILE.write_text(
        json.dumps(derive_province_tiles(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {DATA_FILE}")
