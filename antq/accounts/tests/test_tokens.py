"""API tokens expire, are stored hashed, are listed and revoked by their owner
and by the administrators of the owner's unit, and are rate-limited."""

import hashlib

from django.test import Client

from antq.accounts.models import ApiToken, Role
from antq.accounts.services import token_issue
from conftest import make_user


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_only_the_hash_is_stored_and_an_expired_or_revoked_token_is_refused(client, personas):
    raw = token_issue(user=personas.officer_a, name="máy tính xã")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values_list())
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 200

    revoked = client.delete(f"/api/v1/auth/tokens/{token.pk}", **bearer(raw))
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 401


def test_a_unit_administrator_lists_and_revokes_tokens_of_the_people_of_the_unit(
    client, personas, tree
):
    raw_a = token_issue(user=personas.officer_a)
    raw_b = token_issue(user=personas.officer_b)
    admin_b = make_user("quantri.b", Role.UNIT_ADMIN, tree.commune_b)
    client.force_login(admin_b)
    listed = client.get("/api/v1/auth/tokens").json()
    assert [t["user"] for t in listed] == ["xa.b"]
    token_a = ApiToken.objects.get(user=personas.officer_a)
    assert client.delete(f"/api/v1/auth/tokens/{token_a.pk}").status_code == 404
    token_b = ApiToken.objects.get(user=personas.officer_b)
    page = client.post(f"/tai-khoan/ma-api/{token_b.pk}/thu-hoi/")
    assert page.status_code == 302
    assert Client().get("/api/v1/units", **bearer(raw_b)).status_code == 401
    assert Client().get("/api/v1/units", **bearer(raw_a)).status_code == 200


def test_the_token_page_shows_a_new_token_once(client, personas):
    client.force_login(personas.officer_a)
    created = client.post("/tai-khoan/ma-api/", {"name": "chương trình báo cáo"})
    raw = created.context["created"]
    assert raw and raw in created.content.decode()
    again = client.get("/tai-khoan/ma-api/").content.decode()
    assert raw not in again and "chương trình báo cáo" in again


def test_calls_over_the_rate_limit_get_a_vietnamese_429(client, personas, settings):
    settings.API_RATE_PER_MINUTE = 3
    raw = token_issue(user=personas.officer_a)
    answers = [client.get("/api/v1/units", **bearer(raw)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "Quá 3 lượt gọi API trong một phút" in answers[-1].json()["detail"]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60


def test_a_token_s_owner_is_read_once_within_the_bound(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    raw = token_issue(user=personas.officer_a)
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/units", **bearer(raw)).status_code == 200
    assert not any("accounts_apitoken" in q["sql"] for q in queries)


def test_a_locked_user_or_a_revoked_token_is_refused_at_once_in_the_same_process(client, personas):
    raw = token_issue(user=personas.officer_a)
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 200
    personas.officer_a.is_active = False
    personas.officer_a.save()
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 401
    personas.officer_a.is_active = True
    personas.officer_a.save()
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 200
    token = ApiToken.objects.get()
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 401


def test_a_revocation_made_by_another_process_is_seen_within_the_bound(client, personas, settings):
    from django.utils import timezone

    raw = token_issue(user=personas.officer_a)
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 200
    # another process revokes in SQL: this one learns it when its copy is older than the bound
    ApiToken.objects.filter(user=personas.officer_a).update(revoked_at=timezone.now())
    settings.API_TOKEN_CACHE_SECONDS = 0  # the bound has passed
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 401
