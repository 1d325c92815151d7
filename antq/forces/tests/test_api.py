"""`/api/v1/teams`: teams and members through the same services; members are
personal data, visible from the team's commune up."""

from antq.forces.models import Member, Team

MEMBER = {
    "full_name": "Lê Văn Tâm",
    "birth_year": 1978,
    "gender": "male",
    "role": "to_truong",
    "appointed_on": "2025-07-01",
    "allowance": 1300000,
}


def test_a_team_and_its_members_through_the_api(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    created = client.post(
        "/api/v1/teams",
        {"unit": "06688-001", "established_on": "2025-07-01", "decision_number": "125/QĐ-UBND"},
        content_type="application/json",
        **officer,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    added = client.post(
        f"/api/v1/teams/{pk}/members", MEMBER, content_type="application/json", **officer
    )
    assert added.status_code == 201 and added.json()["trained"] is False
    listed = client.get("/api/v1/teams?unit=06688", **officer).json()
    assert listed["count"] == 1 and listed["items"][0]["members"] == 1
    members = client.get(f"/api/v1/teams/{pk}/members", **officer).json()
    assert [m["full_name"] for m in members] == ["Lê Văn Tâm"]


def test_commune_b_never_sees_commune_as_members(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    pk = client.post(
        "/api/v1/teams", {"unit": "06688-001", "established_on": "2025-07-01"},
        content_type="application/json", **officer,
    ).json()["id"]  # fmt: skip
    client.post(f"/api/v1/teams/{pk}/members", MEMBER, content_type="application/json", **officer)
    other = auth(personas.officer_b)
    assert client.get(f"/api/v1/teams/{pk}/members", **other).status_code == 404
    assert client.get("/api/v1/teams", **other).json()["count"] == 0
    refused = client.post(
        f"/api/v1/teams/{pk}/members", MEMBER, content_type="application/json", **other
    )
    assert refused.status_code == 404
    assert Member.objects.count() == 1


def test_a_member_born_in_the_future_is_a_422_naming_the_field(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    pk = client.post(
        "/api/v1/teams", {"unit": "06688-001", "established_on": "2025-07-01"},
        content_type="application/json", **officer,
    ).json()["id"]  # fmt: skip
    answer = client.post(
        f"/api/v1/teams/{pk}/members", {**MEMBER, "birth_year": 2090},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"loc": ["body", "birth_year"], "msg": "Năm sinh 2090 chưa đến."}
    ]
    assert not Member.objects.exists() and Team.objects.count() == 1
