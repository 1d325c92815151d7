"""The map page and `/api/v1/maps`: scoped like every page, the sơ đồ where
no boundaries exist, figures and legend that agree, points, downloads."""

import json
from datetime import date
from decimal import Decimal

import pytest

from antq.maps.geometry import map_units
from antq.maps.services import location_set
from antq.maps.tiles import DATA_FILE, derive_province_tiles, province_tiles
from conftest import client_for


def test_the_kept_national_grids_are_what_the_rule_derives_from_the_coordinates():
    kept = json.loads(DATA_FILE.read_text(encoding="utf-8"))

    assert kept == derive_province_tiles()


@pytest.mark.parametrize(("era", "count"), [("today", 34), ("legacy", 63)])
def test_every_province_of_an_era_has_a_tile_of_its_own(era, count):
    cells = province_tiles()[era]

    assert len(cells) == count
    assert len(set(cells.values())) == count


def test_a_province_without_boundaries_is_drawn_as_a_labelled_sơ_đồ(tree):
    drawn = map_units(tree.province, date(2026, 12, 1))

    assert drawn.schematic
    assert {f["id"] for f in drawn.features} == {"06688", "06673"}
    assert all(f["geometry"]["type"] == "Polygon" for f in drawn.features)


def test_a_2024_map_draws_2024s_units(tree):
    drawn = map_units(tree.province, date(2024, 6, 1))

    assert [f["properties"]["name"] for f in drawn.features] == ["Phường Bạch Đằng"]


def test_the_api_answers_a_communes_children_to_its_people_only(tree, personas, client, auth):
    url = "/api/v1/maps/units?parent=06688"

    mine = client.get(url, **auth(personas.officer_a))
    theirs = client.get(url, **auth(personas.officer_b))

    assert mine.status_code == 200
    body = mine.json()
    assert body["schematic"] is True
    assert {f["properties"]["name"] for f in body["features"]} == {
        "Khu phố Đồng Tâm",
        "Trường THCS Hạ Long",
    }
    assert theirs.status_code == 404


def test_the_nations_map_is_refused_to_a_province_officer(personas, client, auth):
    answer = client.get("/api/v1/maps/units", **auth(personas.province_approver))

    assert answer.status_code == 403
    assert answer.json()["detail"] == "Chỉ quản trị hệ thống xem bản đồ toàn quốc."


def test_the_nations_map_answers_today_s_provinces_to_a_system_administrator(
    personas, client, auth
):
    answer = client.get("/api/v1/maps/units", **auth(personas.system_admin))

    assert answer.status_code == 200
    assert {f["id"] for f in answer.json()["features"]} == {"22", "86"}


def test_an_unknown_measure_is_a_400_saying_so(personas, client, auth):
    answer = client.get(
        "/api/v1/maps/values?parent=22&measure=khong-co&period=2026",
        **auth(personas.province_approver),
    )

    assert answer.status_code == 400
    assert answer.json()["detail"] == "Không có thước đo “khong-co”."


def test_a_bad_period_is_a_400_saying_so(world, client, auth):
    answer = client.get(
        "/api/v1/maps/values?parent=22&measure=completeness:BC-THANG-XA&period=2026-13",
        **auth(world.personas.province_approver),
    )

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["loc"] == ["query", "period"]


def test_the_measures_list_the_four_kinds(world, client, auth):
    answer = client.get("/api/v1/maps/measures", **auth(world.personas.viewer))

    keys = [m["key"] for m in answer.json()]

    assert keys[:2] == ["recognition", "classification"]
    assert "completeness:BC-THANG-XA" in keys
    assert any(k.startswith("indicator:") for k in keys)


def test_recognition_per_commune_counts_recognised_units_over_the_years_units(world, client, auth):
    # commune A: itself, Khu phố Đồng Tâm and its school; the school is recognised
    answer = client.get(
        "/api/v1/maps/values?parent=22&measure=recognition&period=2026",
        **auth(world.personas.province_approver),
    )

    body = answer.json()
    values = {v["code"]: (v["value"], v["label"], v["class"]) for v in body["values"]}
    assert values == {
        "06688": (33.3, "33,3 %", "Dưới 50 %"),
        "06673": (0.0, "0 %", "Dưới 50 %"),
    }
    counts = {row["label"]: row["count"] for row in body["legend"]}
    assert counts["Dưới 50 %"] == 2 and sum(counts.values()) == 2


def test_completeness_counts_the_reports_submitted(world, client, auth):
    answer = client.get(
        "/api/v1/maps/values?parent=22&measure=completeness:BC-THANG-XA&period=202610",
        **auth(world.personas.province_approver),
    )

    values = {v["code"]: v["value"] for v in answer.json()["values"]}
    assert values == {"06688": 100.0, "06673": 100.0}


def test_an_indicator_counts_approved_reports_only(world, client, auth):
    # the world's October reports are submitted, not approved: no figure yet
    answer = client.get(
        "/api/v1/maps/values?parent=22&measure=indicator:TT_LUOT&period=202610",
        **auth(world.personas.province_approver),
    )

    assert {v["label"] for v in answer.json()["values"]} == {"—"}


def test_the_map_page_shows_the_legend_and_the_same_figures_in_a_table(world, client):
    page = client_for(client, world.personas.province_approver).get(
        "/ban-do/?unit=22&measure=recognition&period=2026"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Sơ đồ: mỗi ô là một đơn vị" in html
    assert 'data-class="Dưới 50 %" data-count="2"' in html
    assert "33,3 %" in html
    assert 'id="map-spec"' in html and "<script>" not in html.replace('<script id="map-spec"', "")


def test_the_map_page_of_another_commune_is_not_found(world, client):
    page = client_for(client, world.personas.officer_b).get("/ban-do/?unit=06688")

    assert page.status_code == 404


def test_a_bad_period_on_the_page_says_so_and_draws_the_default(world, client):
    page = client_for(client, world.personas.province_approver).get(
        "/ban-do/?unit=22&measure=completeness:BC-THANG-XA&period=abc"
    )

    assert page.status_code == 200
    assert "errors" in page.content.decode()


@pytest.mark.parametrize(
    ("export", "kind", "start"),
    [("svg", "image/svg+xml", b"<svg"), ("png", "image/png", b"\x89PNG")],
)
def test_the_map_downloads_as_svg_and_png(world, client, export, kind, start):
    answer = client_for(client, world.personas.province_approver).get(
        f"/ban-do/?unit=22&export={export}"
    )

    assert answer["Content-Type"] == kind
    assert answer.content.startswith(start)


def test_a_typed_location_puts_the_team_on_its_communes_tile(world, client):
    location_set(
        by=world.personas.officer_a,
        subject=world.team_a,
        latitude=Decimal("20.95"),
        longitude=Decimal("107.05"),
    )

    page = client_for(client, world.personas.province_approver).get("/ban-do/?unit=22")

    spec = page.context["map"].spec
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    assert points["data"]["values"][0]["unit"] == "06688"
    assert "Trụ sở Tổ bảo vệ ANTT" in page.content.decode()


def test_the_location_form_refuses_a_point_outside_vietnam(world, client):
    url = f"/ban-do/vi-tri/team/{world.team_a.pk}/"

    page = client_for(client, world.personas.officer_a).post(
        url, {"latitude": "48,85", "longitude": "2,35"}
    )

    assert page.status_code == 200
    assert "Vĩ độ phải từ 6 đến 24" in page.content.decode()
    world.team_a.refresh_from_db()
    assert world.team_a.latitude is None


def test_the_location_form_saves_a_typed_point(world, client):
    url = f"/ban-do/vi-tri/team/{world.team_a.pk}/"

    page = client_for(client, world.personas.officer_a).post(
        url, {"latitude": "20,95123", "longitude": "107,05211"}
    )

    assert page.status_code == 302
    world.team_a.refresh_from_db()
    assert (world.team_a.latitude, world.team_a.longitude) == (
        Decimal("20.95123"),
        Decimal("107.05211"),
    )


def test_the_classification_reads_for_colour_blind_readers_too():
    from antq.maps.measures import CLASS_COLOURS

    # ColorBrewer's RdYlBu, four classes: safe for the colour-blind (no
    # red beside green), and the classes' order reads from dark to dark
    assert list(CLASS_COLOURS.values()) == ["#2c7bb6", "#abd9e9", "#fdae61", "#d7191c"]


def test_every_legend_colour_has_its_class_in_the_stylesheet():
    from antq.maps.measures import BLUES, CLASS_COLOURS, NO_DATA_COLOUR
    from antq.maps.selectors import colour_class

    css = (DATA_FILE.parents[3] / "static" / "antq" / "maps.css").read_text()
    for colour in [*BLUES, *CLASS_COLOURS.values(), NO_DATA_COLOUR]:
        assert f".{colour_class(colour)} {{ background: {colour}; }}" in css


def test_a_long_title_is_drawn_on_two_lines_not_clipped():
    from antq.maps.spec import title_lines

    long = "Tỷ lệ báo cáo đã nộp: Báo cáo tháng kết quả phong trào (cấp xã) — Tỉnh Quảng Ninh"
    assert title_lines(long) == [
        "Tỷ lệ báo cáo đã nộp: Báo cáo tháng kết quả phong trào (cấp xã)",
        "— Tỉnh Quảng Ninh",
    ]
    assert title_lines("Xếp loại phong trào — Toàn quốc") == "Xếp loại phong trào — Toàn quốc"
