"""A password change or a locked account ends what the old password opened:
every API token of the account is revoked and every other session ends (an
unlock does not bring them back), and the page says so."""

from django.test import Client
from django.urls import reverse

from antq.accounts.models import ApiToken
from antq.accounts.services import token_issue, user_set_active
from antq.audit.models import AuditEntry
from conftest import PASSWORD

NEW_PASSWORD = "Hoa-Binh-2026!x"


def _signed_in(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def _api(raw: str) -> int:
    return Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_a_password_change_revokes_the_tokens_and_ends_the_other_sessions(personas):
    user = personas.officer_a
    raw = token_issue(user=user, name="máy nhập liệu")
    laptop, phone = _signed_in(user), _signed_in(user)
    assert _api(raw) == 200

    response = phone.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    page = response.content.decode()
    assert "các phiên đăng nhập khác đã kết thúc" in page and "1 mã API" in page
    assert _api(raw) == 401
    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert laptop.get("/").status_code == 302  # signed out
    assert phone.get("/").status_code == 200  # the session that changed it stays
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PASSWORD)
    assert entry.after == {"tokens_revoked": 1, "other_sessions_ended": True}


def test_the_password_page_says_what_a_change_will_end(client, personas):
    client.force_login(personas.officer_a)
    page = client.get(reverse("accounts:password-change")).content.decode()
    assert "thu hồi mọi mã API" in page


def test_locking_an_account_revokes_its_tokens_and_sessions_for_good(personas, tree):
    user = personas.officer_a
    raw = token_issue(user=user)
    session = _signed_in(user)

    user_set_active(by=personas.unit_admin, user=user, active=False, unit=tree.province)
    assert _api(raw) == 401
    assert session.get("/").status_code == 302

    user_set_active(by=personas.unit_admin, user=user, active=True, unit=tree.province)
    assert _api(raw) == 401, "an unlock does not bring a revoked token back"
    assert session.get("/").status_code == 302, "nor an old session"
    assert _signed_in(user).get("/").status_code == 200
    revoked = AuditEntry.objects.filter(object_type="accounts.apitoken", actor=personas.unit_admin)
    assert revoked.count() == 1


def test_the_lock_button_says_tokens_and_sessions_were_revoked(client, personas):
    token_issue(user=personas.officer_b)
    client.force_login(personas.unit_admin)
    response = client.post(
        reverse("accounts:user-toggle-active", args=[personas.officer_b.pk]), follow=True
    )
    assert "1 mã API" in response.content.decode()
    assert "phiên đăng nhập" in response.content.decode()


def test_the_administration_site_revokes_the_same_on_a_password_change_or_a_lock(personas):
    admin_user = personas.system_admin
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    site = Client()
    site.force_login(admin_user)
    user = personas.officer_a
    raw = token_issue(user=user)
    session = _signed_in(user)
    response = site.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert _api(raw) == 401 and session.get("/").status_code == 302
    assert site.get("/admin/").status_code == 200

    # a lock through the change form (its save step)
    from types import SimpleNamespace

    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from antq.accounts.admin import UserAdmin
    from antq.accounts.models import User

    other = token_issue(user=personas.officer_b)
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    target = User.objects.get(pk=personas.officer_b.pk)
    target.is_active = False
    form = SimpleNamespace(changed_data=["is_active"])
    UserAdmin(User, django_admin.site).save_model(request, target, form, change=True)
    assert _api(other) == 401
