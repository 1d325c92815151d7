"""A map's units as TopoJSON (`/api/v1/maps/units?format=topojson`): the
same features as the GeoJSON answer, their coordinates quantized and
delta-encoded, and a border two units share kept once (an arc used forwards
by one and backwards by the other), as the TopoJSON specification describes.

The rings are cut into arcs at their junctions: a point where the rings
meeting there do not all go on to the same neighbours. Rings that share no
point with another stay one arc each. `antq import_boundaries` (readers.py)
reads what this writes: a test sends one through the other.
"""

from collections import defaultdict
from itertools import pairwise

QUANTIZATION = 100_000  # steps across the map's extent: about 20 m over Vietnam


def topology(features: list[dict], *, name: str = "units", quantization: int = QUANTIZATION):
    """A Topology of `features` (GeoJSON Features with Polygon or MultiPolygon
    geometries) as one GeometryCollection object `name`, each geometry with
    its feature's id and properties."""
    points = [xy for f in features for ring in _rings(f["geometry"]) for xy in ring]
    if not points:
        empty = {"type": "GeometryCollection", "geometries": []}
        return {"type": "Topology", "objects": {name: empty}, "arcs": []}
    x0, y0 = min(p[0] for p in points), min(p[1] for p in points)
    x1, y1 = max(p[0] for p in points), max(p[1] for p in points)
    kx = (x1 - x0) / (quantization - 1) or 1.0
    ky = (y1 - y0) / (quantization - 1) or 1.0

    def quantize(ring):
        out = []
        for x, y in ring:
            q = (round((x - x0) / kx), round((y - y0) / ky))
            if not out or q != out[-1]:
                out.append(q)
        if out[0] != out[-1]:
            out.append(out[0])
        return out

    shapes = [
        [[quantize(ring) for ring in polygon] for polygon in _polygons(f["geometry"])]
        for f in features
    ]
    junctions = _junctions([ring for shape in shapes for polygon in shape for ring in polygon])
    arcs: list[list[tuple[int, int]]] = []
    index: dict[tuple, int] = {}

    def arc_of(line: list[tuple[int, int]]) -> int:
        key = tuple(line)
        if key in index:
            return index[key]
        back = tuple(reversed(line))
        if back in index:
            return ~index[back]
        index[key] = len(arcs)
        arcs.append(line)
        return index[key]

    def ring_arcs(ring: list[tuple[int, int]]) -> list[int]:
        body = ring[:-1]
        cuts = [i for i, p in enumerate(body) if p in junctions]
        if not cuts:  # a ring of its own: start at its smallest point, so a twin matches
            start = body.index(min(body))
            body = body[start:] + body[:start]
            return [arc_of([*body, body[0]])]
        body = body[cuts[0] :] + body[: cuts[0]]
        cuts = [c - cuts[0] for c in cuts] + [len(body)]
        closed = [*body, body[0]]
        return [arc_of(closed[a : b + 1]) for a, b in pairwise(cuts)]

    geometries = []
    for feature, shape in zip(features, shapes, strict=True):
        polygons = [[ring_arcs(ring) for ring in polygon] for polygon in shape]
        geometry = {"properties": feature.get("properties") or {}}
        if feature.get("id") is not None:
            geometry["id"] = feature["id"]
        if feature["geometry"]["type"] == "Polygon":
            geometry.update(type="Polygon", arcs=polygons[0])
        else:
            geometry.update(type="MultiPolygon", arcs=polygons)
        geometries.append(geometry)
    return {
        "type": "Topology",
        "bbox": [x0, y0, x1, y1],
        "transform": {"scale": [kx, ky], "translate": [x0, y0]},
        "objects": {name: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": [_deltas(arc) for arc in arcs],
    }


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"not an area: {geometry['type']}")


def _rings(geometry: dict):
    for polygon in _polygons(geometry):
        yield from polygon


def _junctions(rings: list[list[tuple[int, int]]]) -> set[tuple[int, int]]:
    """Points where rings part: met with different neighbours, or where a
    ring meets another at a single point."""
    neighbours: dict[tuple[int, int], set] = defaultdict(set)
    rings_at: dict[tuple[int, int], int] = defaultdict(int)
    for ring in rings:
        body = ring[:-1]
        n = len(body)
        for i, point in enumerate(body):
            before, after = body[i - 1], body[(i + 1) % n]
            neighbours[point].add(frozenset((before, after)))
            rings_at[point] += 1
    return {p for p, pairs in neighbours.items() if len(pairs) > 1 and rings_at[p] > 1}


def _deltas(arc: list[tuple[int, int]]) -> list[list[int]]:
    out, px, py = [], 0, 0
    for x, y in arc:
        out.append([x - px, y - py])
        px, py = x, y
    return out
