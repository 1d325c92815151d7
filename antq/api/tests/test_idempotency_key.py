"""An API POST sent again (a retry after a lost answer, a client that sends
twice) is applied once when it carries an `Idempotency-Key`: the second send
answers the first one's status and body and writes nothing. The same key with
another request is a 422 in Vietnamese; the key is the caller's, and it lives
24 hours (core.idempotency)."""

import datetime as dt
import json

from django.test import Client
from django.utils import timezone

from antq.activities.models import Activity
from antq.audit.models import AuditEntry
from antq.core.models import IdempotencyKey
from antq.forces.models import Member
from conftest import run_at_once
from tests.test_url_matrix import ACTIVITY

KEY = "5d1c0e0a-8a51-4a3e-9a8e-2f4b1a7c9d10"
URL = "/api/v1/activities"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, body: dict, key: str | None = KEY, url: str = URL):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def test_a_post_sent_twice_with_one_key_creates_one_row_and_answers_the_same(personas):
    client = _signed_in(personas.officer_a)
    first = _post(client, ACTIVITY)
    trail = AuditEntry.objects.count()
    second = _post(client, ACTIVITY)
    assert first.status_code == second.status_code == 201, first.content
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Activity.objects.count() == 1
    assert AuditEntry.objects.count() == trail  # the replay wrote nothing


def test_without_a_key_a_post_is_applied_each_time_it_is_sent(personas):
    client = _signed_in(personas.officer_a)
    _post(client, ACTIVITY, key=None)
    _post(client, ACTIVITY, key=None)
    assert Activity.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_the_same_key_with_another_body_is_a_422_in_vietnamese_and_writes_nothing(personas):
    client = _signed_in(personas.officer_a)
    _post(client, ACTIVITY)
    trail = AuditEntry.objects.count()
    response = _post(client, ACTIVITY | {"attendance": 61})
    assert response.status_code == 422, response.content
    body = response.json()
    assert "đã được dùng cho một yêu cầu khác" in body["detail"]
    assert body["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert Activity.objects.count() == 1
    assert AuditEntry.objects.count() == trail


def test_the_same_key_on_another_path_is_refused_too(personas, tree):
    client = _signed_in(personas.officer_a)
    _post(client, ACTIVITY)
    team = {"unit": "06688-001", "established_on": "2025-07-01"}
    response = _post(client, team, url="/api/v1/teams")
    assert response.status_code == 422, response.content


def test_a_key_is_the_callers_own(personas):
    """Two officers who happen to pick one key are two requests."""
    _post(_signed_in(personas.officer_a), ACTIVITY)
    other = _post(_signed_in(personas.province_approver), ACTIVITY)
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert Activity.objects.count() == 2


def test_a_bearer_token_and_the_session_of_one_person_share_the_key(personas):
    from antq.accounts.services import token_issue

    _post(_signed_in(personas.officer_a), ACTIVITY)
    token = token_issue(user=personas.officer_a)
    again = Client().post(
        URL,
        json.dumps(ACTIVITY),
        content_type="application/json",
        headers={"Idempotency-Key": KEY, "Authorization": f"Bearer {token}"},
    )
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Activity.objects.count() == 1


def test_a_refused_post_frees_its_key_so_the_corrected_one_goes_through(personas):
    client = _signed_in(personas.officer_a)
    wrong = _post(client, ACTIVITY | {"kind": "khong_co"})
    assert 400 <= wrong.status_code < 500
    assert not IdempotencyKey.objects.exists()
    right = _post(client, ACTIVITY)
    assert right.status_code == 201 and "Idempotent-Replayed" not in right
    assert Activity.objects.count() == 1


def test_a_key_lives_a_day_then_the_same_request_is_new(personas):
    client = _signed_in(personas.officer_a)
    _post(client, ACTIVITY)
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    later = _post(client, ACTIVITY)
    assert later.status_code == 201 and "Idempotent-Replayed" not in later
    assert Activity.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1


def test_a_malformed_key_is_a_400_and_writes_nothing(personas):
    client = _signed_in(personas.officer_a)
    for key in ["x" * 256, "khóa có dấu"]:
        response = _post(client, ACTIVITY, key=key)
        assert response.status_code == 400, response.content
        assert "Idempotency-Key" in response.json()["detail"]
    assert Activity.objects.count() == 0


def test_a_member_posted_twice_with_one_key_is_added_once(personas, tree):
    client = _signed_in(personas.officer_a)
    team = client.post(
        "/api/v1/teams",
        json.dumps({"unit": "06688-001", "established_on": "2025-07-01"}),
        content_type="application/json",
    ).json()
    member = {"full_name": "Phạm Thị Lan", "birth_year": 1985, "gender": "female",
              "role": "to_pho", "appointed_on": "2025-08-01"}  # fmt: skip
    url = f"/api/v1/teams/{team['id']}/members"
    answers = [_post(client, member, url=url) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201], answers[0].content
    assert Member.objects.filter(team_id=team["id"]).count() == 1


def test_every_post_of_the_schema_documents_the_header():
    from antq.api.api import api

    schema = api.get_openapi_schema()
    posts = [ops["post"] for ops in schema["paths"].values() if "post" in ops]
    assert posts
    for operation in posts:
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "Idempotency-Key" in names, operation["operationId"]


def test_one_key_sent_by_eight_clients_at_once_creates_one_row(postgresql_only, personas):
    """On PostgreSQL the eight requests really run at once: the first claims
    the key, the others wait on its row, then answer what it answered."""

    def send(_i: int):
        response = _post(_signed_in(personas.officer_a), ACTIVITY)
        return response.status_code, response.content

    answers = run_at_once(send, 8)
    assert {status for status, _ in answers} == {201}, answers
    assert len({content for _, content in answers}) == 1
    assert Activity.objects.count() == 1


def test_a_key_on_the_token_request_which_needs_no_sign_in_is_ignored(personas):
    """Found by the fuzzer: a key sent by nobody in particular is nobody's."""
    from conftest import PASSWORD

    body = {"username": personas.officer_a.username, "password": PASSWORD}
    answers = [_post(Client(), body, url="/api/v1/auth/token") for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200], answers[0].content
    assert answers[0].json()["token"] != answers[1].json()["token"]
    assert not IdempotencyKey.objects.exists()


def test_a_json_body_sent_as_multipart_without_a_boundary_is_digested_as_it_came(personas):
    """Found by the fuzzer: reading it as multipart raised, a 500."""
    client = _signed_in(personas.officer_a)
    response = client.post(
        URL,
        json.dumps(ACTIVITY),
        content_type="multipart/form-data",
        headers={"Idempotency-Key": KEY},
    )
    assert response.status_code < 500, response.content
