"""Where a point is recorded, in the thing's own form and API: a team's
headquarters, a model's site, a festival site, typed or clicked on a small
map; a point outside Vietnam refused in Vietnamese, nothing written."""

from decimal import Decimal

from django.urls import reverse

from antq.activities.models import FestivalSite
from antq.audit.models import AuditEntry
from antq.community.models import Site
from antq.forces.models import Team
from antq.maps.points import points_under
from antq.maps.services import location_set
from conftest import client_for

HQ = {"latitude": "20,95123", "longitude": "107.05211"}  # a comma or a point


def test_the_team_form_records_its_headquarters_typed_with_a_comma_or_a_point(
    tree, personas, client
):
    page = client_for(client, personas.officer_a).post(
        reverse("forces:team-create"),
        {"unit": tree.area_a.pk, "established_on": "2025-07-01", **HQ},
    )

    assert page.status_code == 302, page.context["form"].errors
    team = Team.objects.get()
    assert (team.latitude, team.longitude) == (Decimal("20.95123"), Decimal("107.05211"))
    created = AuditEntry.objects.get(object_type="forces.team", action="create")
    assert created.after["latitude"] == "20.95123"


def test_the_team_form_refuses_a_point_outside_vietnam_and_writes_nothing(tree, personas, client):
    page = client_for(client, personas.officer_a).post(
        reverse("forces:team-create"),
        {
            "unit": tree.area_a.pk,
            "established_on": "2025-07-01",
            "latitude": "48,85",
            "longitude": "2,35",
        },
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "Vĩ độ phải từ 6 đến 24" in html and "Kinh độ phải từ 100 đến 118,5" in html
    assert not Team.objects.exists()


def test_the_team_form_draws_its_point_picker_without_inline_script(world, client):
    page = client_for(client, world.personas.officer_a).get(
        reverse("forces:team-edit", args=[world.team_a.pk])
    )

    html = page.content.decode()
    assert 'class="point-picker"' in html
    assert f'data-unit="{world.team_a.unit.pk}"' in html
    assert 'src="/static/antq/point-picker.js"' in html
    assert "<script>" not in html


def test_editing_a_team_moves_its_headquarters(world, client):
    team = world.team_a
    page = client_for(client, world.personas.officer_a).post(
        reverse("forces:team-edit", args=[team.pk]),
        {"name": team.name, "version": team.version, **HQ},
    )

    assert page.status_code == 302, page.context["form"].errors
    team.refresh_from_db()
    assert team.latitude == Decimal("20.95123")


def test_the_api_takes_and_answers_a_teams_headquarters(tree, personas, client, auth):
    officer = auth(personas.officer_a)
    created = client.post(
        "/api/v1/teams",
        {"unit": "06688-001", "established_on": "2025-07-01", "latitude": 20.95123,
         "longitude": "107,05211"},
        content_type="application/json",
        **officer,
    )  # fmt: skip

    assert created.status_code == 201, created.json()
    assert created.json()["latitude"] == "20.95123"
    assert client.get(f"/api/v1/teams/{created.json()['id']}", **officer).json()["longitude"] == (
        "107.05211"
    )


def test_the_api_refuses_a_teams_headquarters_outside_vietnam(tree, personas, client, auth):
    answer = client.post(
        "/api/v1/teams",
        {"unit": "06688-001", "established_on": "2025-07-01", "latitude": 48.85,
         "longitude": 2.35},
        content_type="application/json",
        **auth(personas.officer_a),
    )  # fmt: skip

    assert answer.status_code in {400, 422}
    body = answer.json()
    assert "Vĩ độ phải từ 6 đến 24" in str(body["errors"])
    assert not Team.objects.exists()


def test_the_api_refuses_degrees_that_are_not_numbers(tree, personas, client, auth):
    answer = client.post(
        "/api/v1/teams",
        {"unit": "06688-001", "established_on": "2025-07-01", "latitude": "hai mươi"},
        content_type="application/json",
        **auth(personas.officer_a),
    )

    assert answer.status_code == 422
    assert "không phải là tọa độ" in str(answer.json())


def test_a_models_site_takes_its_point_in_the_api(world, client, auth):
    answer = client.post(
        f"/api/v1/models/{world.model_a.pk}/sites",
        {"unit": "06688-002", "started_on": "2026-02-01", "latitude": "20,96",
         "longitude": "107,06"},
        content_type="application/json",
        **auth(world.personas.officer_a),
    )  # fmt: skip

    assert answer.status_code == 201, answer.json()
    site = Site.objects.get(pk=answer.json()["id"])
    assert (site.latitude, site.longitude) == (Decimal("20.96"), Decimal("107.06"))


def test_a_models_site_form_refuses_half_a_point_and_says_which(world, client):
    page = client_for(client, world.personas.officer_a).post(
        reverse("community:site-add", args=[world.model_a.pk]),
        {"unit": world.tree.school_a.pk, "started_on": "2026-02-01", "groups": "1",
         "participants": "10", "participant_kind": "households", "latitude": "20,96"},
        follow=True,
    )  # fmt: skip

    assert "Kinh độ: Nhập cả kinh độ (hoặc xóa vĩ độ)." in page.content.decode()
    assert not Site.objects.filter(unit=world.tree.school_a).exists()


def test_a_festival_site_is_placed_in_its_own_form_and_drawn_on_the_map(world, client):
    page = client_for(client, world.personas.officer_a).post(
        reverse("activities:festival-site", args=[world.festival.pk]),
        {"unit": world.tree.area_a.pk, "planned_on": "2026-08-03", **HQ},
    )

    assert page.status_code == 302
    site = FestivalSite.objects.get(unit=world.tree.area_a)
    assert site.latitude == Decimal("20.95123")
    drawn = points_under(
        world.tree.province,
        site.planned_on,
        [world.tree.commune_a, world.tree.commune_b],
        user=world.personas.officer_a,
    )
    assert [p["unit"] for p in drawn if p["kind"] == "festival"] == ["06688"]


def test_placing_a_point_from_the_map_makes_an_open_edit_form_stale(world):
    team = world.team_a
    version = team.version

    location_set(
        by=world.personas.officer_a,
        subject=team,
        latitude=Decimal("20.95"),
        longitude=Decimal("107.05"),
    )

    team.refresh_from_db()
    assert team.version == version + 1
    entry = AuditEntry.objects.filter(object_type="forces.team").latest("pk")
    assert entry.before == {"latitude": None, "longitude": None}
    assert entry.after == {"latitude": "20.95", "longitude": "107.05"}


def test_the_picker_draws_the_communes_of_the_units_province_marking_its_own(world, client):
    answer = client_for(client, world.personas.officer_a).get(
        f"/ban-do/quanh-diem/?unit={world.tree.area_a.pk}"
    )

    places = answer.json()["places"]
    assert answer.status_code == 200
    assert len(places) == 2  # both communes' centres; only commune A's is named to its officer
    assert sorted(p["name"] for p in places) == ["", "Phường Hạ Long"]
    assert [p["name"] for p in places if p["focus"]] == ["Phường Hạ Long"]
    assert all(20 < p["lat"] < 22 and 106 < p["lon"] < 108.5 for p in places)


def test_the_picker_refuses_a_unit_that_is_not_a_number_instead_of_drawing_another(world, client):
    answer = client_for(client, world.personas.officer_a).get("/ban-do/quanh-diem/?unit=abc")

    assert answer.status_code == 400
    assert answer.json()["detail"] == "Mã đơn vị “abc” không hợp lệ."
    assert answer.json()["errors"][0]["field"] == "unit"


def test_the_picker_answers_nothing_of_a_unit_out_of_scope(world, client):
    answer = client_for(client, world.personas.officer_b).get(
        f"/ban-do/quanh-diem/?unit={world.tree.area_a.pk}"
    )

    assert answer.status_code == 404
