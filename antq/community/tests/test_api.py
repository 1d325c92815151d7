"""`/api/v1/models` and `/api/v1/examples`: register, replicate, list, scope."""

from antq.community.models import CommunityModel, Site

MODEL = {
    "name": "Camera an ninh",
    "category": "cong_nghe",
    "lead_organisation": "cong_an",
    "unit": "06688",
    "started_on": "2025-08-01",
    "site": {"unit": "06688-001", "started_on": "2025-08-01", "groups": 2, "participants": 120},
}


def test_register_replicate_and_list_through_the_api(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    created = client.post("/api/v1/models", MODEL, content_type="application/json", **officer)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["active_sites"] == 1
    origin = client.get(f"/api/v1/models/{pk}/sites", **officer).json()[0]
    replica = client.post(
        f"/api/v1/models/{pk}/sites",
        {"unit": "06688-002", "started_on": "2026-02-01", "origin": origin["id"]},
        content_type="application/json",
        **officer,
    )
    assert replica.status_code == 201 and replica.json()["origin"] == origin["id"]
    listed = client.get("/api/v1/models?unit=06688&category=cong_nghe", **officer).json()
    assert listed["count"] == 1 and listed["items"][0]["active_sites"] == 2


def test_commune_b_does_not_see_or_extend_commune_as_model(client, personas, tree, auth):
    pk = client.post(
        "/api/v1/models", MODEL, content_type="application/json", **auth(personas.officer_a)
    ).json()["id"]
    other = auth(personas.officer_b)
    assert client.get(f"/api/v1/models/{pk}", **other).status_code == 404
    assert client.get("/api/v1/models", **other).json()["count"] == 0
    answer = client.post(
        f"/api/v1/models/{pk}/sites",
        {"unit": "06673-001", "started_on": "2026-02-01"},
        content_type="application/json",
        **other,
    )
    assert answer.status_code == 404
    assert Site.objects.count() == 1


def test_bad_model_bodies_are_422_and_write_nothing(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    unknown = client.post(
        "/api/v1/models", {**MODEL, "category": "xyz"}, content_type="application/json", **officer
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"loc": ["body", "category"], "msg": "Không có nhóm mô hình mã xyz."}
    ]
    negative = client.post(
        "/api/v1/models",
        {**MODEL, "site": {**MODEL["site"], "participants": -1}},
        content_type="application/json",
        **officer,
    )
    assert negative.status_code == 422
    assert not CommunityModel.objects.exists()


def test_examples_through_the_api(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    created = client.post(
        "/api/v1/examples",
        {
            "kind": "individual",
            "unit": "06688-001",
            "year": 2026,
            "person_name": "Lê Văn Tâm",
            "position": "Tổ trưởng Tổ bảo vệ ANTT",
            "achievement": "Phát hiện, báo tin giúp bắt giữ 2 đối tượng trộm cắp",
        },
        content_type="application/json",
        **officer,
    )
    assert created.status_code == 201, created.json()
    assert [e["person_name"] for e in client.get("/api/v1/examples", **officer).json()] == [
        "Lê Văn Tâm"
    ]
    assert client.get("/api/v1/examples", **auth(personas.officer_b)).json() == []
