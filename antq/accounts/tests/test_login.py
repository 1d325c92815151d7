import pytest
from django.urls import reverse

from antq.accounts.models import LoginFailure
from antq.audit.models import AuditEntry
from conftest import PASSWORD

LOGIN = reverse("accounts:login")


def post_login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_a_user_signs_in_and_lands_on_the_overview(client, personas):
    response = post_login(client, "xa.a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Phường Hạ Long" in client.get("/").content.decode()
    assert AuditEntry.objects.filter(action="login", actor=personas.officer_a).exists()


def test_a_wrong_password_re_renders_the_form_with_a_vietnamese_error(client, personas):
    response = post_login(client, "xa.a", "sai")
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.content.decode()
    assert LoginFailure.objects.count() == 1


def test_after_five_failures_even_the_right_password_is_refused_for_a_while(
    client, settings, personas
):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        post_login(client, "xa.a", "sai")
    response = post_login(client, "xa.a", PASSWORD)
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_next_parameter_cannot_redirect_to_another_site(client, personas):
    response = post_login(client, "xa.a", PASSWORD, next="https://example.org/")
    assert response["Location"] == "/"


def test_logout_is_a_post_and_ends_the_session(client, personas):
    client.force_login(personas.officer_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_sessions_expire_after_the_idle_time_and_the_page_says_when(client, settings, personas):
    client.force_login(personas.officer_a)
    page = client.get("/").content.decode()
    assert f'data-session-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert f'data-session-left="{settings.SESSION_COOKIE_AGE}"' in page
    assert client.post(reverse("accounts:session-keepalive")).status_code == 204


def test_expired_session_login_page_explains_why(client):
    page = client.get(LOGIN + "?het-han=1").content.decode()
    assert "Phiên làm việc đã hết hạn" in page


def test_password_change_checks_the_old_password(client, personas):
    client.force_login(personas.officer_a)
    url = reverse("accounts:password-change")
    bad = client.post(
        url,
        {
            "old_password": "x",
            "new_password1": "Hoa-Binh-2026!x",
            "new_password2": "Hoa-Binh-2026!x",
        },
    )
    assert "Mật khẩu hiện tại không đúng." in bad.content.decode()
    good = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Hoa-Binh-2026!x",
            "new_password2": "Hoa-Binh-2026!x",
        },
    )
    assert good.status_code == 302
    personas.officer_a.refresh_from_db()
    assert personas.officer_a.check_password("Hoa-Binh-2026!x")


@pytest.mark.parametrize("language", ["en-US,en;q=0.9", "fr"])
def test_vietnamese_is_the_default_whatever_the_browser_asks(client, language):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert '<html lang="vi">' in page and "Đăng nhập" in page


def test_english_is_one_click_away_and_stays_chosen(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    page = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in page and "Sign in" in page and "User name" in page


def test_behind_the_proxy_one_attacker_locks_out_only_their_own_address(client, settings, personas):
    """The documented nginx forwards every request from 127.0.0.1: the throttle
    keys on the client address it reports, not on the proxy's."""
    settings.TRUSTED_PROXIES = ("127.0.0.1/32",)
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for attempt in range(settings.LOGIN_MAX_FAILURES * 4):
        client.post(LOGIN, {"username": f"doan-{attempt}", "password": "sai"}, **attacker)
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}

    colleague = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = client.post(LOGIN, {"username": "xa.a", "password": PASSWORD}, **colleague)
    assert response.status_code == 302, "a colleague behind the same proxy signs in"

    client.logout()
    again = client.post(LOGIN, {"username": "xem", "password": PASSWORD}, **attacker)
    assert "Đăng nhập sai quá nhiều lần" in again.content.decode()


def test_a_forged_forwarded_header_from_outside_the_proxy_is_ignored(client, settings, personas):
    settings.TRUSTED_PROXIES = ("127.0.0.1/32",)
    outside = {"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    client.post(LOGIN, {"username": "xa.a", "password": "sai"}, **outside)
    assert LoginFailure.objects.get().ip_address == "203.0.113.66"
    assert AuditEntry.objects.get(action="login_failed").ip_address == "203.0.113.66"
