"""`/api/v1/maps/units?format=topojson`: the map's units as TopoJSON, read
back by the boundary importer's own reader and imported again."""

import json
from datetime import date

from shapely.geometry import shape

from antq.core.actors import SystemActor
from antq.maps.models import Boundary
from antq.maps.readers import read_file
from antq.maps.services import boundaries_import
from antq.maps.tests.test_import import feature, write
from antq.maps.topojson import topology

SYSTEM = SystemActor("test")
DAY = date(2026, 1, 1)
# two communes sharing a border (107.06 from 20.95 to 20.96): one arc, kept once
WEST = [[107.05, 20.95], [107.06, 20.95], [107.06, 20.96], [107.05, 20.96], [107.05, 20.95]]
EAST = [[107.06, 20.95], [107.07, 20.95], [107.07, 20.96], [107.06, 20.96], [107.06, 20.95]]


def _read_back(tmp_path, topo: dict):
    path = tmp_path / "ban-do.topojson"
    path.write_text(json.dumps(topo), encoding="utf-8")
    return read_file(path)


def test_a_shared_border_is_one_arc_used_both_ways(tmp_path):
    topo = topology([feature("06688", WEST), feature("06673", EAST)])

    west, east = topo["objects"]["units"]["geometries"]
    used = [i for ring in west["arcs"] + east["arcs"] for i in ring]
    shared = {i if i >= 0 else ~i for i in used if (~i if i >= 0 else i) in used}
    assert len(topo["arcs"]) == 3  # west's side, the shared border, east's side
    assert len(shared) == 1
    read = _read_back(tmp_path, topo)
    for raw, ring in zip(read.features, (WEST, EAST), strict=True):
        drawn = shape(raw.geometry)
        assert drawn.is_valid
        assert (
            drawn.symmetric_difference(shape({"type": "Polygon", "coordinates": [ring]})).area
            < 1e-3 * 1e-4  # within a thousandth of its area
        )


def test_the_api_answers_a_provinces_boundaries_as_topojson_the_importer_reads(
    tree, personas, client, auth, tmp_path
):
    boundaries_import(
        path=write(tmp_path, [feature("06688", WEST), feature("06673", EAST)]),
        as_of=DAY,
        by=SYSTEM,
    )

    answer = client.get(
        "/api/v1/maps/units?parent=22&format=topojson&detail=fine&as_of=2026-06-01",
        **auth(personas.province_approver),
    )

    topo = answer.json()
    assert answer.status_code == 200
    assert topo["type"] == "Topology" and topo["schematic"] is False
    codes = [g["properties"]["code"] for g in topo["objects"]["units"]["geometries"]]
    assert sorted(codes) == ["06673", "06688"]
    # read back and imported again, for a later day: the same outlines
    path = tmp_path / "lai.topojson"
    path.write_text(json.dumps(topo), encoding="utf-8")
    again = boundaries_import(path=path, as_of=date(2026, 7, 1), by=SYSTEM)
    assert (again.created, again.closed) == (2, 2)
    later = Boundary.objects.get(unit=tree.commune_a, valid_from=date(2026, 7, 1))
    first = Boundary.objects.get(unit=tree.commune_a, valid_from=DAY)
    assert shape(later.fine).symmetric_difference(shape(first.fine)).area < 1e-8


def test_the_sơ_đồ_answers_as_topojson_too(tree, personas, client, auth, tmp_path):
    answer = client.get(
        "/api/v1/maps/units?parent=22&format=topojson", **auth(personas.province_approver)
    )

    topo = answer.json()
    assert topo["schematic"] is True
    read = _read_back(tmp_path, topo)
    tiles = {f.properties["code"]: shape(f.geometry) for f in read.features}
    assert set(tiles) == {"06688", "06673"}
    assert all(abs(tile.area - 0.81) < 1e-3 for tile in tiles.values())  # 0,9 × 0,9 cells


def test_an_unknown_format_is_a_4xx_naming_it(personas, client, auth):
    answer = client.get(
        "/api/v1/maps/units?parent=22&format=kml", **auth(personas.province_approver)
    )

    assert answer.status_code in {400, 422}
    assert "format" in json.dumps(answer.json())


def test_the_map_page_offers_its_shapes_as_topojson_to_download(world, client):
    from conftest import client_for

    signed_in = client_for(client, world.personas.province_approver)
    page = signed_in.get("/ban-do/?unit=22")

    href = page.context["shapes"]
    assert f'href="/api/v1/maps/units?{href.replace("&", "&amp;")}"' in page.content.decode()
    answer = signed_in.get(f"/api/v1/maps/units?{href}")
    assert answer.status_code == 200 and answer.json()["type"] == "Topology"
