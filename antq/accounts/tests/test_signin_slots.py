"""Sign-ins never take the machine from the saves at a deadline: a password
check (a quarter of a second of CPU by design) takes one of the machine's
few slots, and a sign-in that finds none free in time is told, in
Vietnamese, to try again in a second (503 with Retry-After on the API). Its
password is not counted as a failure: nothing was checked."""

import fcntl
import os
from contextlib import contextmanager

from antq.accounts.models import LoginFailure

PASSWORD = "mat-khau-du-dai-2026"


@contextmanager
def every_slot_taken(settings, slots: int):
    """Another process of the machine is checking `slots` passwords."""
    held = []
    folder = settings.SIGNIN_LOCK_DIR
    os.makedirs(folder, exist_ok=True)
    for slot in range(slots):
        handle = os.open(f"{folder}/signin-{slot}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.append(handle)
    try:
        yield
    finally:
        for handle in held:
            os.close(handle)


def _user(personas):
    user = personas.officer_a
    user.set_password(PASSWORD)
    user.save()
    return user


def test_the_token_call_answers_busy_with_retry_after_and_then_signs_in(client, personas, settings):
    settings.SIGNIN_SLOTS = 1
    user = _user(personas)
    body = {"username": user.username, "password": PASSWORD, "name": "máy đọc số liệu"}
    with every_slot_taken(settings, 1):
        busy = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert busy.status_code == 503 and busy["Retry-After"] == "1"
    assert "nhiều người đăng nhập" in busy.json()["detail"]
    assert not LoginFailure.objects.exists()  # no password was tried
    signed = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["token"]


def test_a_busy_sign_in_is_not_logged_as_a_server_error(client, personas, settings, caplog):
    """At a deadline the busy answers are expected: the operator's log keeps
    errors for failures, not for load shed on purpose."""
    settings.SIGNIN_SLOTS = 1
    user = _user(personas)
    body = {"username": user.username, "password": PASSWORD, "name": "b"}
    with every_slot_taken(settings, 1), caplog.at_level("INFO"):
        busy = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert busy.status_code == 503
    assert [r.levelname for r in caplog.records if r.levelno >= 30] == []
    assert any("sign-in slots busy" in r.getMessage() for r in caplog.records)


def test_a_free_slot_lets_a_sign_in_through_while_the_others_are_taken(client, personas, settings):
    settings.SIGNIN_SLOTS = 2
    user = _user(personas)
    body = {"username": user.username, "password": PASSWORD, "name": "b"}
    with every_slot_taken(settings, 1):
        signed = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert signed.status_code == 200


def test_the_sign_in_page_says_to_try_again_in_a_moment(client, personas, settings):
    settings.SIGNIN_SLOTS, settings.SIGNIN_WAIT_SECONDS = 1, 0
    user = _user(personas)
    with every_slot_taken(settings, 1):
        page = client.post(
            "/tai-khoan/dang-nhap/", {"username": user.username, "password": PASSWORD}
        )
    assert page.status_code == 200
    assert "Đang có nhiều người đăng nhập cùng lúc" in page.content.decode()
    assert "_auth_user_id" not in client.session
    after = client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert after.status_code == 302
