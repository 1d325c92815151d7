"""`/api/v1/activities`: the contract's paths and fields, scope, and 4xx bodies."""

from antq.activities.models import Activity

API = "/api/v1/activities"
BODY = {
    "unit": "06688",
    "kind": "tuyen_truyen",
    "title": "Tuyên truyền phòng, chống lừa đảo qua mạng",
    "date": "2026-10-05",
    "categories": ["lua_dao_mang", "cong_nghe_cao"],
    "presenter": {"name": "Nguyễn Văn An", "position": "Trưởng Công an phường"},
    "chair": {"name": "Trần Văn Bình", "position": "Chủ tịch UBND phường"},
    "attendance": 150,
    "outputs": {"tin_bai": 3, "to_roi": 500},
}


def test_record_list_filter_and_summarise_through_the_api(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    created = client.post(API, BODY, content_type="application/json", **officer)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["outputs"] == {"tin_bai": 3, "to_roi": 500}
    assert body["presenter"] == BODY["presenter"] and body["unit"] == "06688"
    older = {**BODY, "unit": "06688", "date": "2025-03-05", "kind": "hoi_nghi", "outputs": {}}
    answer = client.post(API, older, content_type="application/json", **officer)
    assert answer.status_code == 201
    assert answer.json()["unit_name"] == "Phường Bạch Đằng"  # the code on that day

    listed = client.get(f"{API}?unit=06688&kind=tuyen_truyen&date_from=2026-10-01", **officer)
    assert [a["title"] for a in listed.json()["items"]] == [BODY["title"]]
    searched = client.get(f"{API}?q=lua+dao", **officer).json()
    assert searched["count"] == 2
    summary = client.get(f"{API}/summary?unit=06688&year=2026", **officer).json()
    kinds = {k["code"]: (k["count"], k["previous"]) for k in summary["by_kind"]}
    assert kinds["tuyen_truyen"] == (1, 0) and kinds["hoi_nghi"] == (0, 1)
    assert {o["code"]: o["total"] for o in summary["outputs"]}["to_roi"] == 500
    closed = client.get(
        f"{API}/summary?unit=06688&year=2025&view=published&as_of=2025-03-05", **officer
    ).json()
    assert closed["unit_name"] == "Phường Bạch Đằng" and closed["total"] == 1


def test_the_configurable_lists_answer_code_and_vietnamese_name(client, personas, auth):
    officer = auth(personas.officer_a)
    for path, first in [
        ("kinds", {"code": "tuyen_truyen", "name": "Tuyên truyền"}),
        ("categories", {"code": "lua_dao_mang", "name": "Lừa đảo qua mạng"}),
        ("output-kinds", {"code": "tin_bai", "name": "Tin, bài"}),
    ]:
        answer = client.get(f"{API}/{path}", **officer)
        assert answer.status_code == 200 and answer.json()[0] == first


def test_commune_b_neither_sees_nor_writes_commune_a(client, personas, tree, auth):
    officer_a, officer_b = auth(personas.officer_a), auth(personas.officer_b)
    pk = client.post(API, BODY, content_type="application/json", **officer_a).json()["id"]
    assert client.get(f"{API}/{pk}", **officer_b).status_code == 404
    assert client.get(API, **officer_b).json()["count"] == 0
    answer = client.post(API, BODY, content_type="application/json", **officer_b)
    assert answer.status_code == 404 and "06688" in answer.json()["detail"]
    assert client.delete(f"{API}/{pk}", **officer_b).status_code == 404
    viewer = client.post(API, BODY, content_type="application/json", **auth(personas.viewer))
    assert viewer.status_code == 403
    assert Activity.objects.count() == 1


def test_bad_bodies_get_4xx_with_places_and_write_nothing(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    negative = client.post(
        API, {**BODY, "outputs": {"to_roi": -5}}, content_type="application/json", **officer
    )
    assert negative.status_code == 422
    assert negative.json()["errors"] == [
        {"loc": ["body", "outputs"], "msg": "Số tờ rơi phải là số nguyên không âm."}
    ]
    closed_unit_later = client.post(
        API, {**BODY, "unit": "06688", "date": "2025-06-30", "end_date": "2025-07-02"},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert closed_unit_later.status_code == 422
    assert "không tồn tại vào ngày 02/07/2025" in closed_unit_later.json()["errors"][0]["msg"]
    unknown_kind = client.post(
        API, {**BODY, "kind": "xyz"}, content_type="application/json", **officer
    )
    assert unknown_kind.status_code == 422
    assert client.post(API, "{", content_type="application/json", **officer).status_code == 400
    assert Activity.objects.count() == 0


def test_an_edit_and_a_delete_carry_the_version_read(client, personas, tree, auth):
    officer = auth(personas.officer_a)
    pk = client.post(API, BODY, content_type="application/json", **officer).json()["id"]
    edited = client.put(
        f"{API}/{pk}", {**BODY, "attendance": 90, "version": 1},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = client.put(
        f"{API}/{pk}", {**BODY, "attendance": 10, "version": 1},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert stale.status_code == 409
    assert client.delete(f"{API}/{pk}?version=2", **officer).status_code == 204
    assert not Activity.objects.exists()
