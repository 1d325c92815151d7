import json

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq.audit.models import AuditEntry
from antq.units.models import Unit
from conftest import PASSWORD

API = "/api/v1"


@pytest.fixture
def token_for(client):
    def issue(user) -> dict:
        response = client.post(
            f"{API}/auth/token",
            {"username": user.username, "password": PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}

    return issue


def test_openapi_schema_is_published(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/units" in response.json()["paths"]


def test_token_with_wrong_password_is_401_and_without_token_units_are_401(client, personas):
    bad = client.post(
        f"{API}/auth/token", {"username": "xa.a", "password": "x"}, content_type="application/json"
    )
    assert bad.status_code == 401 and bad.json()["detail"] == "Sai tên đăng nhập hoặc mật khẩu."
    anonymous = client.get(f"{API}/units")
    assert anonymous.status_code == 401 and "errors" in anonymous.json()


def test_listing_is_scoped_paginated_and_diacritics_insensitive(client, personas, token_for):
    auth = token_for(personas.officer_a)
    body = client.get(f"{API}/units", {"limit": 2}, **auth).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    found = client.get(f"{API}/units", {"q": "dong tam"}, **auth).json()
    assert [u["name"] for u in found["items"]] == ["Khu phố Đồng Tâm"]
    assert found["items"][0]["kind_label"] == "khu phố"
    assert found["items"][0]["parent"] == "06688"


def test_filters_by_type_and_parent(client, personas, token_for):
    auth = token_for(personas.province_approver)
    body = client.get(f"{API}/units", {"type": "commune", "parent": "22"}, **auth).json()
    assert sorted(u["name"] for u in body["items"]) == ["Phường Bãi Cháy", "Phường Hạ Long"]


def test_a_reused_code_means_the_unit_valid_on_as_of(client, personas, token_for):
    auth = token_for(personas.province_approver)
    today = client.get(f"{API}/units/06688", **auth).json()
    assert today["name"] == "Phường Hạ Long"
    assert [p["unit"]["name"] for p in today["predecessors"]] == ["Phường Bạch Đằng"]
    before = client.get(f"{API}/units/06688", {"as_of": "2024-12-31"}, **auth).json()
    assert before["name"] == "Phường Bạch Đằng" and before["type"] == "commune"
    assert before["successors"][0]["unit"]["code"] == "06688"


def test_a_code_whose_unit_did_not_exist_that_day_is_a_422_that_says_what_to_pick(
    client, personas, token_for
):
    auth = token_for(personas.system_admin)
    response = client.get(f"{API}/units/86", {"as_of": "2024-01-01"}, **auth)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "Tỉnh Vĩnh Long có từ 01/07/2025, chưa có vào ngày 01/01/2024." in detail
    assert "hãy chọn: Tỉnh Bến Tre (đến 30/06/2025) (mã 83)" in detail
    closed = client.get(f"{API}/units/83", {"as_of": "2026-01-01"}, **auth)
    assert closed.status_code == 422
    assert "Tỉnh Bến Tre chỉ tồn tại đến 30/06/2025" in closed.json()["detail"]
    assert "Tỉnh Vĩnh Long (mã 86)" in closed.json()["detail"]


def test_a_code_that_names_nothing_is_still_a_404(client, personas, token_for):
    response = client.get(f"{API}/units/99999", **token_for(personas.system_admin))
    assert response.status_code == 404


def test_commune_a_officer_gets_404_for_commune_b(client, personas, token_for):
    auth = token_for(personas.officer_a)
    assert client.get(f"{API}/units/06673-001", **auth).status_code == 404
    response = client.post(
        f"{API}/units",
        {"parent": "06673", "type": "residential_area", "kind": "khu_pho", "name": "Khu phố Lấn"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 404
    assert not Unit.objects.filter(name="Khu phố Lấn").exists()


def test_create_update_and_close_through_the_api_are_audited(client, personas, token_for):
    auth = token_for(personas.officer_a)
    created = client.post(
        f"{API}/units",
        {
            "parent": "06688",
            "type": "residential_area",
            "kind": "khu_pho",
            "name": "Khu phố Hải Yến",
            "households": 210,
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    patched = client.patch(
        f"{API}/units/{code}", {"households": 230}, content_type="application/json", **auth
    )
    assert patched.json()["households"] == 230
    today = timezone.localdate().isoformat()  # a closure is never after today
    closed = client.post(
        f"{API}/units/{code}/close", {"date": today}, content_type="application/json", **auth
    )
    assert closed.json()["valid_to"] == today, closed.content
    sources = set(
        AuditEntry.objects.filter(object_type="units.unit").values_list("source", flat=True)
    )
    assert sources == {"api"}


def test_counts_are_numbers_or_text_as_offices_write_them(client, personas, token_for):
    auth = token_for(personas.officer_a)
    patched = client.patch(
        f"{API}/units/06688-001",
        {"households": "1.480", "population": 5200},
        content_type="application/json",
        **auth,
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["households"], patched.json()["population"]) == (1480, 5200)
    fraction = client.patch(
        f"{API}/units/06688-001", {"households": "12,5"}, content_type="application/json", **auth
    )
    assert fraction.status_code == 422
    assert fraction.json()["errors"][0]["loc"][-1] == "households"
    # the number reader's own sentence reaches the client, not a generic one
    assert fraction.json()["errors"][0]["msg"] == "“12,5” phải là số nguyên."


def test_viewer_gets_403_on_write(client, personas, token_for):
    auth = token_for(personas.viewer)
    response = client.patch(
        f"{API}/units/06688-001", {"households": 1}, content_type="application/json", **auth
    )
    assert response.status_code == 403 and response.json()["detail"]


def test_invalid_bodies_answer_422_with_field_locations(client, personas, token_for):
    auth = token_for(personas.officer_a)
    wrong_kind = client.post(
        f"{API}/units",
        {"parent": "06688", "type": "residential_area", "kind": "truong_thcs", "name": "X"},
        content_type="application/json",
        **auth,
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["errors"][0]["loc"] == ["body", "kind"]
    wrong_type = client.post(
        f"{API}/units",
        {"parent": "06688", "type": "province", "kind": "tinh", "name": "X"},
        content_type="application/json",
        **auth,
    )
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["loc"][:2] == ["body", "payload"]
    null_name = client.patch(
        f"{API}/units/06688-001", {"name": None}, content_type="application/json", **auth
    )
    assert null_name.status_code == 422


def test_bad_filters_are_422_not_500(client, personas, token_for):
    auth = token_for(personas.officer_a)
    for params in ({"as_of": "31/12/2024"}, {"type": "village"}, {"limit": 0}, {"offset": -1}):
        response = client.get(f"{API}/units", params, **auth)
        assert response.status_code == 422, params


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payload=st.dictionaries(
        st.sampled_from(["parent", "type", "kind", "name", "code", "households", "note"]),
        st.one_of(st.none(), st.integers(-5, 10**12), st.text(max_size=40), st.booleans()),
    )
)
def test_no_payload_makes_the_api_answer_500(client, personas, payload):
    """Whatever a client sends, the answer is a 2xx or a 4xx with a JSON body."""
    client.force_login(personas.officer_a)
    response = client.post(f"{API}/units", json.dumps(payload), content_type="application/json")
    assert response.status_code < 500
    assert "detail" in response.json() or "code" in response.json()
