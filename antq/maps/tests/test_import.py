"""`antq import_boundaries`: checked, reprojected, simplified, dated, all or
nothing, audited."""

import io
import json
import zipfile
from datetime import date

import pyproj
import pytest
import shapefile
from django.core.management import CommandError, call_command

from antq.audit.models import AuditEntry
from antq.core.actors import SystemActor
from antq.maps.geometry import map_units
from antq.maps.models import Boundary
from antq.maps.services import BoundaryImportError, boundaries_import

SYSTEM = SystemActor("test")
DAY = date(2026, 1, 1)
HA_LONG = (107.05, 20.95)  # Phường Hạ Long, about
BAI_CHAY = (107.02, 20.96)


def square(lon: float, lat: float, size: float = 0.01) -> list:
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def feature(code: str, ring: list, **extra) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, **extra},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def write(tmp_path, features: list, name="ranh-gioi.geojson", **top) -> object:
    path = tmp_path / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features, **top}), encoding="utf-8"
    )
    return path


def good_file(tmp_path):
    return write(
        tmp_path, [feature("06688", square(*HA_LONG)), feature("06673", square(*BAI_CHAY))]
    )


def test_a_good_file_gives_each_commune_a_boundary_from_its_date_with_an_audit_entry(
    tree, tmp_path
):
    result = boundaries_import(path=good_file(tmp_path), as_of=DAY, by=SYSTEM)

    assert (result.created, result.replaced, result.closed) == (2, 0, 0)
    boundary = Boundary.objects.get(unit=tree.commune_a)
    assert boundary.valid_from == DAY and boundary.valid_to is None
    assert {"fine", "medium", "coarse"} <= set(vars(boundary))
    assert boundary.coarse["type"] == "Polygon"
    entries = AuditEntry.objects.filter(action="import", object_type="maps.boundary")
    assert entries.count() == 2
    assert {e.unit_path for e in entries} == {tree.commune_a.path, tree.commune_b.path}
    # the province's map now draws boundaries, not the sơ đồ
    drawn = map_units(tree.province, date(2026, 12, 1))
    assert not drawn.schematic
    assert {f["id"] for f in drawn.features} == {"06688", "06673"}


def test_a_code_that_names_no_unit_is_refused_and_nothing_is_written(tree, tmp_path):
    path = write(
        tmp_path, [feature("06688", square(*HA_LONG)), feature("99999", square(*BAI_CHAY))]
    )

    with pytest.raises(BoundaryImportError) as refused:
        boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    assert [str(p) for p in refused.value.problems] == [
        "đối tượng 2 (99999): không có đơn vị mã 99999."
    ]
    assert not Boundary.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()


def test_a_code_given_twice_is_refused(tree, tmp_path):
    path = write(
        tmp_path, [feature("06688", square(*HA_LONG)), feature("06688", square(*BAI_CHAY))]
    )

    with pytest.raises(BoundaryImportError) as refused:
        boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    assert "lặp lại" in str(refused.value.problems[0])


def test_a_file_dated_before_a_unit_existed_is_refused_naming_the_units_validity(tree, tmp_path):
    # Phường Bãi Cháy (06673) exists from 1/7/2025; a 2024 file cannot name it
    path = write(tmp_path, [feature("06673", square(*BAI_CHAY))])

    with pytest.raises(BoundaryImportError) as refused:
        boundaries_import(path=path, as_of=date(2024, 6, 1), by=SYSTEM)

    message = str(refused.value.problems[0])
    assert "không tồn tại vào ngày 01/06/2024" in message
    assert "01/07/2025" in message
    assert not Boundary.objects.exists()


def test_a_2024_file_draws_the_commune_that_held_the_code_in_2024(tree, tmp_path):
    # code 06688 was Phường Bạch Đằng until 30/6/2025, Phường Hạ Long after
    path = write(tmp_path, [feature("06688", square(*HA_LONG))])

    boundaries_import(path=path, as_of=date(2024, 6, 1), by=SYSTEM)

    boundary = Boundary.objects.get()
    assert boundary.unit == tree.old_commune
    assert boundary.valid_to == tree.old_commune.valid_to


def test_a_self_crossing_polygon_is_repaired_and_reported(tree, tmp_path):
    lon, lat = HA_LONG
    bow_tie = [
        [lon, lat],
        [lon + 0.01, lat + 0.01],
        [lon + 0.01, lat],
        [lon, lat + 0.01],
        [lon, lat],
    ]
    path = write(tmp_path, [feature("06688", bow_tie)])

    result = boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    assert len(result.repaired) == 1 and "Self-intersection" in result.repaired[0]
    assert Boundary.objects.get().fine["type"] == "MultiPolygon"


def test_a_geometry_that_is_not_an_area_is_refused(tree, tmp_path):
    path = write(
        tmp_path,
        [
            {
                "type": "Feature",
                "properties": {"code": "06688"},
                "geometry": {"type": "Point", "coordinates": list(HA_LONG)},
            }
        ],
    )

    with pytest.raises(BoundaryImportError) as refused:
        boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    assert "phải là vùng" in str(refused.value.problems[0])


def _mercator(ring: list) -> list:
    to = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    return [list(to.transform(x, y)) for x, y in ring]


def test_coordinates_in_an_undeclared_projection_are_refused_with_the_way_out(tree, tmp_path):
    path = write(tmp_path, [feature("06688", _mercator(square(*HA_LONG)))])

    with pytest.raises(BoundaryImportError) as refused:
        boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    message = str(refused.value.problems[0])
    assert "nằm ngoài lãnh thổ Việt Nam" in message and "--srid" in message


def test_a_declared_projection_is_reprojected_to_wgs84(tree, tmp_path):
    crs = {"type": "name", "properties": {"name": "EPSG:3857"}}
    path = write(tmp_path, [feature("06688", _mercator(square(*HA_LONG)))], crs=crs)

    boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    lon, lat = Boundary.objects.get().fine["coordinates"][0][0]
    assert abs(lon - HA_LONG[0]) < 0.011 and abs(lat - HA_LONG[1]) < 0.011


def test_an_unknown_projection_is_refused(tree, tmp_path):
    crs = {"type": "name", "properties": {"name": "EPSG:999999"}}
    path = write(tmp_path, [feature("06688", square(*HA_LONG))], crs=crs)

    with pytest.raises(BoundaryImportError) as refused:
        boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    assert "không nhận ra" in str(refused.value.problems[0])


def test_a_zipped_shapefile_in_vn2000_is_read_and_reprojected(tree, tmp_path):
    to = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3405", always_xy=True)  # VN-2000 UTM 48N
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("MA", "C", 10)
        writer.poly([[list(to.transform(x, y)) for x, y in square(*HA_LONG)][::-1]])
        writer.record("06688")
    path = tmp_path / "ranh-gioi.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, part in (("rg.shp", shp), ("rg.shx", shx), ("rg.dbf", dbf)):
            archive.writestr(name, part.getvalue())
        archive.writestr("rg.prj", pyproj.CRS("EPSG:3405").to_wkt("WKT1_ESRI"))

    boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    lon, lat = Boundary.objects.get(unit=tree.commune_a).fine["coordinates"][0][0]
    assert abs(lon - HA_LONG[0]) < 0.011 and abs(lat - HA_LONG[1]) < 0.011


def test_a_topojson_file_is_read(tree, tmp_path):
    topology = {
        "type": "Topology",
        "objects": {
            "xa": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"ma": "06688"}}],
            }
        },
        "arcs": [square(*HA_LONG)],
    }
    path = tmp_path / "xa.topojson"
    path.write_text(json.dumps(topology), encoding="utf-8")

    boundaries_import(path=path, as_of=DAY, by=SYSTEM)

    assert Boundary.objects.get().unit == tree.commune_a


def test_a_later_file_closes_the_boundary_of_the_day_before(tree, tmp_path):
    boundaries_import(path=good_file(tmp_path), as_of=DAY, by=SYSTEM)

    result = boundaries_import(path=good_file(tmp_path), as_of=date(2026, 6, 1), by=SYSTEM)

    assert result.closed == 2
    first, second = Boundary.objects.filter(unit=tree.commune_a).order_by("valid_from")
    assert first.valid_to == date(2026, 5, 31) and second.valid_from == date(2026, 6, 1)


def test_the_command_prints_progress_and_lists_every_problem(tree, tmp_path, capsys):
    path = write(
        tmp_path, [feature("99998", square(*HA_LONG)), feature("99999", square(*BAI_CHAY))]
    )

    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_boundaries", str(path), "--date", "01/01/2026")

    out = capsys.readouterr()
    assert "kiểm tra 2/2" in out.out
    assert "99998" in out.err and "99999" in out.err


def test_the_command_imports_a_good_file(tree, tmp_path, capsys):
    call_command("import_boundaries", str(good_file(tmp_path)), "--date", "01/01/2026")

    assert "thêm 2" in capsys.readouterr().out
    assert Boundary.objects.count() == 2


def test_boundaries_are_read_once_per_process_until_a_new_import(tree, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert map_units(tree.province, date(2026, 12, 1)).schematic  # the copy, without boundaries
    boundaries_import(path=good_file(tmp_path), as_of=DAY, by=SYSTEM)

    drawn = map_units(tree.province, date(2026, 12, 1))  # the import changed the generation
    with CaptureQueriesContext(connection) as queries:
        again = map_units(tree.province, date(2026, 12, 1))

    assert not drawn.schematic and not again.schematic
    assert not [q for q in queries if "maps_boundary" in q["sql"]]
