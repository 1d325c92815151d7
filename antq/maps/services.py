"""Writing what a map draws: boundaries (`boundaries_import`, all or nothing)
and points (`location_set`, `location_clear`), audited."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pyproj
import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity, make_valid

from antq.accounts.access import EDIT, require
from antq.audit.services import audit_record, audit_record_each, snapshot
from antq.core.actors import Actor, person_of
from antq.core.geo import POINT_FIELDS, point_errors
from antq.core.vietnamese import format_date
from antq.maps.models import Boundary
from antq.maps.readers import read_file
from antq.units.models import Unit

CODE_FIELDS = ("code", "ma", "ma_don_vi", "madonvi", "ma_dvhc", "id")
# Vietnam with its islands (Hoàng Sa, Trường Sa), in degrees: coordinates
# outside it mean another coordinate system than the one declared
VIETNAM_BOX = (100.0, 6.0, 118.5, 24.0)
TOLERANCES = {"fine": 0.0002, "medium": 0.002, "coarse": 0.01}  # degrees (≈ 20 m, 200 m, 1 km)
DECIMALS = 5


@dataclass
class BoundaryProblem:
    feature: int
    code: str
    message: str

    def __str__(self) -> str:
        where = _("đối tượng %(n)s") % {"n": self.feature}
        if self.code:
            where += f" ({self.code})"
        return f"{where}: {self.message}"


class BoundaryImportError(ValueError):
    def __init__(self, problems: list[BoundaryProblem]):
        self.problems = problems
        super().__init__(
            _("Tệp có %(n)s lỗi; không ranh giới nào được ghi.") % {"n": len(problems)}
        )


@dataclass
class ImportResult:
    created: int = 0
    replaced: int = 0
    closed: int = 0
    repaired: list[str] = field(default_factory=list)


def _transformer(declared: str | None, srid: str | None):
    """None when the coordinates are WGS84 longitude/latitude already."""
    source = srid or declared
    if not source:
        return None  # GeoJSON (RFC 7946) is WGS84 unless it says otherwise
    try:
        crs = pyproj.CRS.from_user_input(source)
    except pyproj.exceptions.CRSError:
        raise BoundaryImportError(
            [
                BoundaryProblem(
                    0,
                    "",
                    _(
                        "Hệ tọa độ của tệp không nhận ra được (“%(crs)s”). Hãy chuyển tệp sang "
                        "WGS84 (EPSG:4326) hoặc ghi rõ mã EPSG bằng --srid."
                    )
                    % {"crs": source[:80]},
                )
            ]
        ) from None
    if crs.equals(pyproj.CRS("OGC:CRS84"), ignore_axis_order=True):
        return None
    return pyproj.Transformer.from_crs(crs, "OGC:CRS84", always_xy=True).transform


def _code_of(properties: dict, code_field: str | None) -> str:
    if code_field:
        return str(properties.get(code_field) or "").strip()
    folded = {str(k).lower(): v for k, v in properties.items()}
    for name in CODE_FIELDS:
        if folded.get(name) not in (None, ""):
            value = folded[name]
            return (
                str(int(value))
                if isinstance(value, float) and value.is_integer()
                else str(value).strip()
            )
    return ""


def _polygonal(geom):
    """The polygons of a geometry (make_valid may give a collection)."""
    if geom.geom_type in {"Polygon", "MultiPolygon"}:
        return geom
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in {"Polygon", "MultiPolygon"}]
        if parts:
            return shapely.union_all(parts)
    return None


def _right_hand(geom):
    """Outer rings counter-clockwise, as RFC 7946 asks of GeoJSON."""
    if geom.geom_type == "Polygon":
        return orient(geom)
    if geom.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(p) for p in geom.geoms])
    return geom


def _simplified(geom) -> dict:
    result = {}
    for detail, tolerance in TOLERANCES.items():
        simple = geom.simplify(tolerance, preserve_topology=True)
        simple = shapely.set_precision(simple, 10**-DECIMALS)
        if simple.is_empty:
            simple = geom
        result[detail] = mapping(
            shapely.geometry.polygon.orient(simple) if simple.geom_type == "Polygon" else simple
        )
    return result


def boundaries_import(
    *,
    path: Path,
    as_of: date,
    by: Actor,
    code_field: str | None = None,
    srid: str | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportResult:
    """Import the boundaries of `path` (GeoJSON, TopoJSON, zipped shapefile),
    valid from `as_of`. Every feature is checked before the first write: its
    code names a unit valid on `as_of` (in `by`'s scope, for editing), once;
    its geometry is a polygon, repaired when it is invalid but repairable;
    its coordinates lie in Vietnam once reprojected to WGS84. Any problem:
    BoundaryImportError listing them all, nothing written. Then, in one
    transaction, a unit's boundary open on `as_of` is closed the day before
    (or replaced when it starts that day) and the new one written, each with
    an `import` audit entry. Raises Refused, BoundaryImportError,
    UnreadableFile."""
    raw = read_file(path)
    to_wgs84 = _transformer(raw.crs, srid)
    problems: list[BoundaryProblem] = []
    seen: dict[str, int] = {}
    ready: list[tuple[Unit, dict]] = []
    result = ImportResult()
    codes = {_code_of(f.properties, code_field) for f in raw.features}
    units = {u.code: u for u in Unit.objects.valid_on(as_of).filter(code__in=codes)}
    total = len(raw.features)
    if not total:
        raise BoundaryImportError([BoundaryProblem(0, "", _("Tệp không có đối tượng nào."))])
    for done, feature in enumerate(raw.features, start=1):
        code = _code_of(feature.properties, code_field)
        problem = _check(feature, code, units, seen, as_of, to_wgs84, result, ready)
        if problem:
            problems.append(BoundaryProblem(feature.index, code, problem))
        progress(done, total)
    if problems:
        raise BoundaryImportError(problems)
    for unit, _geometries in ready:
        require(
            by,
            EDIT,
            unit,
            _("Bạn không có quyền nhập ranh giới của %(unit)s.") % {"unit": unit.name},
        )
    with transaction.atomic():
        written = []
        for unit, geometries in ready:
            current = Boundary.objects.filter(unit=unit).valid_on(as_of).first()
            if current is not None and current.valid_from == as_of:
                for detail, geometry in geometries.items():
                    setattr(current, detail, geometry)
                current.source, current.imported_by = path.name[:255], person_of(by)
                current.save()
                written.append(current)
                result.replaced += 1
                continue
            if current is not None:
                current.valid_to = as_of - timedelta(days=1)
                current.save(update_fields=["valid_to"])
                result.closed += 1
            written.append(
                Boundary.objects.create(
                    unit=unit,
                    valid_from=as_of,
                    valid_to=unit.valid_to,
                    source=path.name[:255],
                    imported_by=person_of(by),
                    **geometries,
                )
            )
            result.created += 1
        audit_record_each(
            actor=by,
            action="import",
            objects=written,
            unit_path_of=lambda b: b.unit.path,
            after_of=lambda b: {
                "unit": b.unit.code,
                "valid_from": b.valid_from.isoformat() if b.valid_from else None,
                "valid_to": b.valid_to.isoformat() if b.valid_to else None,
                "source": b.source,
            },
            note=_("Nhập ranh giới từ %(name)s") % {"name": path.name},
        )
    return result


def _check(feature, code, units, seen, as_of, to_wgs84, result, ready) -> str:
    """One feature's problem (a Vietnamese sentence), or "" once it is ready."""
    if not code:
        return _("không có mã đơn vị (thuộc tính code hoặc ma).")
    if code in seen:
        return _("mã %(code)s lặp lại (đã có ở đối tượng %(n)s).") % {"code": code, "n": seen[code]}
    seen[code] = feature.index
    unit = units.get(code)
    if unit is None:
        other = Unit.objects.filter(code=code).order_by("valid_from").first()
        if other is None:
            return _("không có đơn vị mã %(code)s.") % {"code": code}
        return _(
            "đơn vị mã %(code)s (%(name)s) không tồn tại vào ngày %(day)s của tệp "
            "(hiệu lực %(start)s – %(end)s)."
        ) % {
            "code": code,
            "name": other.name,
            "day": format_date(as_of),
            "start": format_date(other.valid_from) or "…",
            "end": format_date(other.valid_to) or "…",
        }
    if not feature.geometry:
        return _("không có hình.")
    try:
        geom = shape(feature.geometry)
    except (
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        shapely.errors.GEOSException,
    ) as error:
        return _("hình không đọc được: %(error)s") % {"error": error}
    if geom.geom_type not in {"Polygon", "MultiPolygon"} or geom.is_empty:
        return _("hình phải là vùng (Polygon, MultiPolygon), không phải %(kind)s.") % {
            "kind": geom.geom_type
        }
    if to_wgs84 is not None:
        geom = shapely.transform(geom, to_wgs84, interleaved=False)
    west, south, east, north = geom.bounds
    box = VIETNAM_BOX
    if not (box[0] <= west and east <= box[2] and box[1] <= south and north <= box[3]):
        return _(
            "tọa độ (%(x).4g, %(y).4g) nằm ngoài lãnh thổ Việt Nam: tệp dùng hệ tọa độ khác "
            "WGS84 mà không khai báo? Hãy ghi rõ mã EPSG bằng --srid."
        ) % {"x": west, "y": south}
    if not geom.is_valid:
        reason = explain_validity(geom)
        repaired = _polygonal(make_valid(geom))
        if repaired is None or repaired.is_empty or not repaired.is_valid:
            return _("hình không hợp lệ và không sửa được: %(reason)s") % {"reason": reason}
        result.repaired.append(f"{code} ({unit.name}): {reason}")
        geom = repaired
    ready.append((unit, _simplified(geom)))
    return ""


def location_set(
    *, by: Actor, subject, latitude: Decimal | None, longitude: Decimal | None
) -> None:
    """Put a festival site, a model's site or a team's headquarters on the map
    from the map page (the thing's own form does the same), audited; None
    and None take it off. Raises Refused outside the subject's scope,
    ValidationError for a point outside Vietnam or half a point."""
    require(by, EDIT, subject.scope_path, _("Bạn không có quyền sửa vị trí này."))
    errors = point_errors(latitude, longitude)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        type(subject)._base_manager.select_for_update().filter(pk=subject.pk).exists()
        subject.refresh_from_db(fields=POINT_FIELDS)
        before = snapshot(subject, POINT_FIELDS)
        subject.latitude, subject.longitude = latitude, longitude
        after = snapshot(subject, POINT_FIELDS)
        if after == before:
            return
        fields = list(POINT_FIELDS)
        if hasattr(subject, "version"):  # an edit form open elsewhere is now stale
            subject.version += 1
            fields.append("version")
        subject.save(update_fields=fields)
        audit_record(
            actor=by,
            action="update",
            obj=subject,
            unit_path=subject.scope_path,
            before=before,
            after=after,
            note=_("Vị trí trên bản đồ"),
        )


def location_clear(*, by: Actor, subject) -> None:
    """Take a point off the map (audited; nothing to do when it has none).
    Raises Refused outside the subject's scope."""
    location_set(by=by, subject=subject, latitude=None, longitude=None)
