"""Reading boundary files: GeoJSON, TopoJSON and zipped shapefiles (pyshp),
each feature's properties and geometry, and the coordinate system the file
declares (GeoJSON's legacy `crs` member, a shapefile's `.prj`)."""

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import shapefile
from django.utils.translation import gettext as _


class UnreadableFile(ValueError):
    """The file cannot be read at all (a sentence in Vietnamese)."""


@dataclass
class RawFeature:
    index: int  # 1-based, as a person counts the features of the file
    properties: dict
    geometry: dict | None


@dataclass
class RawFile:
    features: list[RawFeature]
    crs: str | None  # as declared: "EPSG:3405", a WKT, None when nothing is declared


def read_file(path: Path) -> RawFile:
    suffix = path.suffix.lower()
    try:
        if suffix == ".zip":
            return _read_zip(path)
        if suffix in {".json", ".geojson", ".topojson"}:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            if isinstance(data, dict) and data.get("type") == "Topology":
                return _read_topojson(data)
            return _read_geojson(data)
    except (OSError, ValueError, zipfile.BadZipFile, shapefile.ShapefileException) as error:
        if isinstance(error, UnreadableFile):
            raise
        raise UnreadableFile(
            _("Không đọc được tệp %(name)s: %(error)s") % {"name": path.name, "error": error}
        ) from None
    raise UnreadableFile(
        _("Tệp %(name)s không phải GeoJSON, TopoJSON hay shapefile nén .zip.") % {"name": path.name}
    )


def _declared_crs(data: dict) -> str | None:
    crs = data.get("crs")
    if not crs:
        return None
    properties = crs.get("properties") or {}
    return str(properties.get("name") or properties.get("href") or json.dumps(crs))


def _read_geojson(data) -> RawFile:
    if not isinstance(data, dict):
        raise UnreadableFile(_("Tệp GeoJSON phải là một FeatureCollection."))
    if data.get("type") == "Feature":
        items = [data]
    elif data.get("type") == "FeatureCollection" and isinstance(data.get("features"), list):
        items = data["features"]
    else:
        raise UnreadableFile(_("Tệp GeoJSON phải là một FeatureCollection."))
    features = [
        RawFeature(i, dict(item.get("properties") or {}), item.get("geometry"))
        for i, item in enumerate(items, start=1)
        if isinstance(item, dict)
    ]
    return RawFile(features, _declared_crs(data))


def _read_topojson(data: dict) -> RawFile:
    """Every object of the topology, its arcs decoded (quantized or not)."""
    transform = data.get("transform")
    arcs = []
    for arc in data.get("arcs", []):
        points, x, y = [], 0, 0
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append([x * sx + tx, y * sy + ty])
            else:
                points.append(list(position[:2]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    def geometry(obj):
        kind = obj.get("type")
        if kind == "Polygon":
            return {"type": kind, "coordinates": [ring(r) for r in obj["arcs"]]}
        if kind == "MultiPolygon":
            return {"type": kind, "coordinates": [[ring(r) for r in p] for p in obj["arcs"]]}
        return None

    features, index = [], 0
    for obj in data.get("objects", {}).values():
        members = obj.get("geometries", [obj]) if obj.get("type") == "GeometryCollection" else [obj]
        for member in members:
            index += 1
            features.append(
                RawFeature(index, dict(member.get("properties") or {}), geometry(member))
            )
    return RawFile(features, _declared_crs(data))


def _read_zip(path: Path) -> RawFile:
    with zipfile.ZipFile(path) as archive:
        names = {Path(n).suffix.lower(): n for n in archive.namelist() if not n.endswith("/")}
        if ".shp" not in names or ".dbf" not in names:
            raise UnreadableFile(_("Tệp nén không có shapefile (.shp và .dbf)."))
        parts = {
            key: io.BytesIO(archive.read(names[key]))
            for key in (".shp", ".shx", ".dbf")
            if key in names
        }
        prj = archive.read(names[".prj"]).decode("utf-8", "replace") if ".prj" in names else None
    reader = shapefile.Reader(
        shp=parts[".shp"], shx=parts.get(".shx"), dbf=parts[".dbf"], encoding="utf-8"
    )
    features = []
    for index, record in enumerate(reader.iterShapeRecords(), start=1):
        geometry = record.shape.__geo_interface__ if record.shape.shapeType else None
        features.append(RawFeature(index, record.record.as_dict(), geometry))
    return RawFile(features, prj)
