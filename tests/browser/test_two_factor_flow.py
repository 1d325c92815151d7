"""A unit administrator signs in for the first time: antq asks for two-factor
sign-in, shows the QR code and the key, takes the code from the app, and lets
the administrator in; the next sign-in asks for a fresh code."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PASSWORD


def code_now(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time += offset
    return f"{totp.token():06d}"


def password_step(page, live_server) -> None:
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "tinh.quantri")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_an_administrator_turns_on_two_factor_sign_in_and_uses_it(
    page, live_server, personas, settings, shot
):
    settings.TWO_FACTOR_REQUIRED = True
    password_step(page, live_server)
    expect(page.locator("h1")).to_have_text("Bật xác thực hai lớp")
    expect(page.locator("#two-factor-required")).to_be_visible()
    expect(page.locator("img.qr")).to_be_visible()
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 0  # the QR drew
    shot("1-setup")
    device = TOTPDevice.objects.get(user=personas.unit_admin)
    assert page.locator("#totp-secret").inner_text().strip()
    page.fill("#id_code", code_now(device))
    page.click("button:has-text('Xác nhận và bật')")
    expect(page.locator(".msg.success")).to_contain_text("Đã bật xác thực hai lớp")
    page.click("text=Đăng xuất")

    password_step(page, live_server)
    expect(page.locator("h1")).to_have_text("Nhập mã xác thực")
    shot("2-verify")
    page.fill("#id_code", code_now(device, offset=30))  # the next code: each code works once
    page.click("button:has-text('Xác nhận')")
    expect(page.locator("h1")).to_contain_text("Xin chào")
