"""Nobody acts on an account holding a role above their own, nobody grants
themselves a role, and every role change is audited and shown to the person
it changed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from antq.accounts.access import Refused
from antq.accounts.models import ApiToken, Assignment, Role
from antq.accounts.services import (
    assignment_add,
    assignment_remove,
    token_issue,
    token_revoke,
    user_create,
    user_set_active,
)
from antq.audit.models import AuditEntry
from conftest import PASSWORD, make_user


def test_a_unit_administrator_cannot_lock_a_system_administrator(personas, tree):
    with pytest.raises(Refused):
        user_set_active(
            by=personas.unit_admin, user=personas.system_admin, active=False, unit=tree.province
        )
    personas.system_admin.refresh_from_db()
    assert personas.system_admin.is_active


def test_a_unit_administrator_cannot_remove_the_system_administrator_role(personas):
    role = Assignment.objects.get(user=personas.system_admin, role=Role.SYSTEM_ADMIN)
    with pytest.raises(Refused):
        assignment_remove(by=personas.unit_admin, assignment=role)
    assert Assignment.objects.filter(pk=role.pk).exists()


def test_nobody_grants_themselves_a_role(personas, tree):
    with pytest.raises(Refused, match="chính mình"):
        assignment_add(
            by=personas.unit_admin, user=personas.unit_admin, role=Role.APPROVER, unit=tree.province
        )
    with pytest.raises(Refused, match="chính mình"):
        assignment_add(
            by=personas.system_admin,
            user=personas.system_admin,
            role=Role.APPROVER,
            unit=tree.commune_a,
        )
    assert not Assignment.objects.filter(role=Role.APPROVER, user=personas.unit_admin).exists()


def test_a_commune_administrator_cannot_touch_a_province_administrator_who_also_works_there(
    personas, tree
):
    admin_a = make_user("quantri.a", Role.UNIT_ADMIN, tree.commune_a)
    Assignment.objects.create(user=personas.unit_admin, role=Role.VIEWER, unit=tree.commune_a)
    with pytest.raises(Refused):
        user_set_active(by=admin_a, user=personas.unit_admin, active=False, unit=tree.commune_a)
    viewer_role = Assignment.objects.get(user=personas.unit_admin, role=Role.VIEWER)
    with pytest.raises(Refused):
        assignment_remove(by=admin_a, assignment=viewer_role)


def test_nobody_grants_a_role_above_their_own(personas, tree):
    admin_a = make_user("quantri.a", Role.UNIT_ADMIN, tree.commune_a)
    approver = make_user("duyet.a", Role.APPROVER, tree.commune_a)
    Assignment.objects.create(user=approver, role=Role.UNIT_ADMIN, unit=tree.area_a)
    with pytest.raises(Refused):  # the approver manages users at the area only
        assignment_add(by=approver, user=personas.viewer, role=Role.UNIT_ADMIN, unit=tree.commune_a)
    with pytest.raises(Refused):
        user_create(
            by=admin_a, username="moi", password="Ha-Long-2026!x",
            role=Role.SYSTEM_ADMIN, unit=tree.commune_a,
        )  # fmt: skip
    made = user_create(
        by=admin_a, username="moi", password="Ha-Long-2026!x",
        role=Role.UNIT_ADMIN, unit=tree.area_a,
    )  # fmt: skip
    assert made.assignments.get().role == Role.UNIT_ADMIN


def test_an_administrator_still_manages_the_people_below_them(personas, tree):
    user_set_active(
        by=personas.unit_admin, user=personas.officer_a, active=False, unit=tree.province
    )
    added = assignment_add(
        by=personas.unit_admin, user=personas.officer_a, role=Role.VIEWER, unit=tree.commune_b
    )
    assignment_remove(by=personas.unit_admin, assignment=added)


def test_a_unit_administrator_cannot_revoke_a_system_administrators_token(personas, tree):
    token_issue(user=personas.system_admin)
    token = ApiToken.objects.get(user=personas.system_admin)
    with pytest.raises(Refused):
        token_revoke(by=personas.unit_admin, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_pages_refuse_the_same_and_hide_the_buttons(client, personas, tree):
    client.force_login(personas.unit_admin)
    page = client.get(reverse("accounts:user-detail", args=[personas.system_admin.pk]))
    assert page.status_code == 200
    assert "Khóa tài khoản" not in page.content.decode()
    assert reverse("accounts:user-toggle-active", args=[personas.system_admin.pk]) not in (
        page.content.decode()
    )
    lock = client.post(reverse("accounts:user-toggle-active", args=[personas.system_admin.pk]))
    assert lock.status_code == 403
    role = Assignment.objects.get(user=personas.system_admin)
    remove = client.post(reverse("accounts:assignment-delete", args=[role.pk]))
    assert remove.status_code == 403
    own = client.post(
        reverse("accounts:user-detail", args=[personas.unit_admin.pk]),
        {"role": Role.APPROVER, "unit": tree.province.pk},
    )
    assert own.status_code == 403
    assert Assignment.objects.filter(user=personas.unit_admin).count() == 1
    personas.system_admin.refresh_from_db()
    assert personas.system_admin.is_active


def test_every_role_change_is_audited_with_the_person_it_changed(personas, tree):
    added = assignment_add(
        by=personas.unit_admin, user=personas.officer_a, role=Role.VIEWER, unit=tree.commune_b
    )
    assignment_remove(by=personas.unit_admin, assignment=added)
    entries = AuditEntry.objects.filter(object_type="accounts.assignment").order_by("pk")
    assert [e.action for e in entries] == ["create", "delete"]
    assert entries[0].after["user_id"] == personas.officer_a.pk
    assert entries[1].before["user_id"] == personas.officer_a.pk


def test_the_person_sees_their_role_changes_on_their_account_page_and_at_sign_in(
    client, personas, tree
):
    personas.officer_a.last_login = timezone.now() - timedelta(days=1)
    personas.officer_a.save(update_fields=["last_login"])
    assignment_add(
        by=personas.unit_admin, user=personas.officer_a, role=Role.VIEWER, unit=tree.commune_b
    )
    signed_in = client.post(
        reverse("accounts:login"), {"username": "xa.a", "password": PASSWORD}, follow=True
    )
    assert "Tài khoản của bạn đã thay đổi" in signed_in.content.decode()
    page = client.get(reverse("accounts:my-account")).content.decode()
    assert "Người xem" in page and "Phường Bãi Cháy" in page
    assert "tinh.quantri" in page  # who changed it
    again = client.get("/").content.decode()
    assert "Tài khoản của bạn đã thay đổi" not in again

    client.force_login(personas.officer_b)
    other = client.get(reverse("accounts:my-account")).content.decode()
    assert "tinh.quantri" not in other and "Chưa có thay đổi nào." in other


def test_the_administration_site_does_not_let_anyone_edit_their_own_roles(rf, personas):
    from django.contrib import admin

    from antq.accounts.admin import AssignmentInline
    from antq.accounts.models import User

    superuser = personas.system_admin
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    request = rf.get("/admin/")
    request.user = superuser
    inline = AssignmentInline(User, admin.site)
    assert not inline.has_add_permission(request, superuser)
    assert not inline.has_change_permission(request, superuser)
    assert not inline.has_delete_permission(request, superuser)
    assert inline.has_add_permission(request, personas.officer_a)
