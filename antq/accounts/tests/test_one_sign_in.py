"""One sign-in path, one throttle: the administration site's login page, the
sign-in page and the token endpoint all go through the same throttle and lock,
and record their failures in the same place."""

import pytest
from django.urls import resolve

from antq.accounts.models import LoginFailure
from conftest import PASSWORD

SIGN_IN = "/tai-khoan/dang-nhap/"
ADMIN_SIGN_IN = "/admin/login/"


@pytest.fixture
def staff(personas):
    user = personas.system_admin
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_a_password_locked_on_the_sign_in_page_does_not_open_the_administration_site(
    client, settings, staff
):
    for _ in range(settings.LOGIN_MAX_FAILURES + 1):
        client.post(SIGN_IN, {"username": staff.username, "password": "sai"})

    response = client.post(
        ADMIN_SIGN_IN, {"username": staff.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert "_auth_user_id" not in client.session
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_on_the_administration_site_count_and_lock(client, settings, staff):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(ADMIN_SIGN_IN, {"username": staff.username, "password": "sai"})
    assert (
        LoginFailure.objects.filter(username=staff.username).count() == settings.LOGIN_MAX_FAILURES
    )

    client.post(SIGN_IN, {"username": staff.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    token = client.post(
        "/api/v1/auth/token",
        {"username": staff.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 429


def test_the_administration_site_signs_in_through_antqs_page_and_returns_to_it(client, staff):
    assert resolve(ADMIN_SIGN_IN).func is resolve(SIGN_IN).func
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(ADMIN_SIGN_IN)
    page = client.get(response["Location"])
    assert 'name="next" value="/admin/"' in page.content.decode()
    signed_in = client.post(
        ADMIN_SIGN_IN, {"username": staff.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_no_other_code_checks_a_password():
    """`authenticate` is called in one place, behind the throttle."""
    import pathlib
    import re

    import antq

    call = re.compile(r"^(?!\s*def ).*(?<![\w])authenticate\(", re.MULTILINE)
    root = pathlib.Path(antq.__file__).parent
    callers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and call.search(path.read_text(encoding="utf-8"))
    )
    assert callers == ["accounts/services.py"]
