"""Two-factor sign-in (TOTP): administrators cannot use antq until it is on;
anyone who has it on proves it after the password, on pages and for tokens."""

import pytest
from django_otp.oath import TOTP

from antq.accounts.services import two_factor_start
from antq.audit.models import AuditEntry
from conftest import PASSWORD


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    # django-otp delays the next try after a wrong code (1 s, then doubling);
    # these tests type the right code right after a wrong one
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def current_code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def sign_in(client, username: str):
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": username, "password": PASSWORD, "next": "/don-vi/"}
    )
    assert response.status_code == 302
    return client.get("/don-vi/")


def test_an_administrator_is_sent_to_turn_it_on_before_any_page(client, personas, required):
    response = sign_in(client, "tinh.quantri")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/xac-thuc-hai-lop/?next=")
    assert client.get("/api/v1/units").status_code == 401  # not the API with that session either

    setup = client.get(response["Location"])
    assert "Bật xác thực hai lớp" in setup.content.decode()
    assert setup.context["qr"].startswith("data:image/svg+xml")
    device = personas.unit_admin.totpdevice_set.get(confirmed=False)

    wrong = client.post(response["Location"], {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    done = client.post(response["Location"], {"code": current_code(device), "next": "/don-vi/"})
    assert done.status_code == 302 and done["Location"] == "/don-vi/"
    assert client.get("/don-vi/").status_code == 200
    assert AuditEntry.objects.filter(note="Bật xác thực hai lớp").count() == 1


def test_a_user_with_it_on_types_the_code_after_the_password(client, personas, required):
    device = two_factor_start(user=personas.officer_a)
    device.confirmed = True
    device.save()
    response = sign_in(client, "xa.a")
    assert response["Location"].startswith("/tai-khoan/xac-thuc/?next=")
    assert client.post(response["Location"], {"code": "123456"}).status_code == 200
    ok = client.post(response["Location"], {"code": current_code(device), "next": "/don-vi/"})
    assert ok["Location"] == "/don-vi/"
    assert client.get("/don-vi/").status_code == 200


def test_other_users_may_leave_it_off(client, personas, required):
    assert sign_in(client, "xa.a").status_code == 200


def test_a_token_for_an_account_with_it_on_needs_the_code(client, personas, required):
    url = "/api/v1/auth/token"
    admin = {"username": "tinh.quantri", "password": PASSWORD}
    refused = client.post(url, admin, content_type="application/json")
    assert refused.status_code == 403 and "xác thực hai lớp" in refused.json()["detail"]

    device = two_factor_start(user=personas.unit_admin)
    device.confirmed = True
    device.save()
    assert client.post(url, admin, content_type="application/json").status_code == 401
    granted = client.post(
        url, admin | {"otp": current_code(device)}, content_type="application/json"
    )
    assert granted.status_code == 200 and granted.json()["token"]
