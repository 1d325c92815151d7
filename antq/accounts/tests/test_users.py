import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antq.accounts.access import Refused, SystemActor
from antq.accounts.models import Assignment, Role, User
from antq.accounts.services import assignment_add, user_create
from antq.audit.models import AuditEntry


def test_unit_admin_creates_a_commune_officer_in_their_subtree(personas, tree):
    user = user_create(
        by=personas.unit_admin,
        username="xa.moi",
        password="Ha-Long-2026!x",
        role=Role.DATA_ENTRY,
        unit=tree.commune_a,
        full_name="Đỗ Văn Mới",
    )
    assert user.check_password("Ha-Long-2026!x")
    assert Assignment.objects.filter(user=user, role=Role.DATA_ENTRY, unit=tree.commune_a).exists()
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()


def test_unit_admin_cannot_grant_outside_their_subtree_or_grant_system_admin(personas, tree):
    with pytest.raises(Refused):
        assignment_add(
            by=personas.unit_admin, user=personas.viewer, role=Role.VIEWER, unit=tree.vinh_long
        )
    with pytest.raises(Refused):
        assignment_add(
            by=personas.unit_admin, user=personas.viewer, role=Role.SYSTEM_ADMIN, unit=tree.province
        )


def test_weak_passwords_and_taken_names_are_refused(personas, tree):
    with pytest.raises(ValidationError):
        user_create(
            by=personas.unit_admin,
            username="xa.yeu",
            password="12345678",
            role=Role.VIEWER,
            unit=tree.commune_a,
        )
    with pytest.raises(ValidationError):
        user_create(
            by=personas.unit_admin,
            username="XA.A",
            password="Ha-Long-2026!x",
            role=Role.VIEWER,
            unit=tree.commune_a,
        )
    assert not User.objects.filter(username="xa.yeu").exists()


def test_user_pages_are_for_managers_only(client, personas):
    client.force_login(personas.officer_a)
    assert client.get(reverse("accounts:user-list")).status_code == 403
    client.force_login(personas.unit_admin)
    page = client.get(reverse("accounts:user-list")).content.decode()
    assert "xa.a" in page and "xa.b" in page


def test_creating_a_user_through_the_form(client, personas, tree):
    client.force_login(personas.unit_admin)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "xa.nhap",
            "full_name": "Vũ Thị Nhập",
            "password": "Bai-Chay-2026!x",
            "role": Role.DATA_ENTRY,
            "unit": tree.commune_b.pk,
        },
    )
    user = User.objects.get(username="xa.nhap")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user-detail", args=[user.pk])


def test_a_commune_b_unit_cannot_be_picked_by_a_commune_a_admin(client, personas, tree):
    from conftest import make_user

    admin_a = make_user("quantri.a", Role.UNIT_ADMIN, tree.commune_a)
    client.force_login(admin_a)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "lan",
            "full_name": "Lấn",
            "password": "Bai-Chay-2026!x",
            "role": Role.VIEWER,
            "unit": tree.commune_b.pk,
        },
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not User.objects.filter(username="lan").exists()


def test_locking_an_account_is_audited_and_blocks_sign_in(client, personas):
    client.force_login(personas.unit_admin)
    client.post(reverse("accounts:user-toggle-active", args=[personas.officer_b.pk]))
    personas.officer_b.refresh_from_db()
    assert not personas.officer_b.is_active
    assert AuditEntry.objects.filter(action="update", object_id=str(personas.officer_b.pk)).exists()


def test_a_unit_admin_granting_the_system_administrator_role_gets_403_and_nothing_is_added(
    client, personas, tree
):
    client.force_login(personas.unit_admin)
    response = client.post(
        reverse("accounts:user-detail", args=[personas.officer_a.pk]),
        {"role": Role.SYSTEM_ADMIN, "unit": tree.province.pk},
    )
    assert response.status_code == 403
    assert "Chỉ quản trị hệ thống mới cấp được vai trò này." in response.content.decode()
    assert not Assignment.objects.filter(user=personas.officer_a, role=Role.SYSTEM_ADMIN).exists()
    assert not AuditEntry.objects.filter(object_type="accounts.assignment").exists()


def test_the_system_creates_accounts_and_is_named_in_the_log(tree):
    user = user_create(
        by=SystemActor("create_user"),
        username="tinh.moi",
        password="Ha-Long-2026!x",
        role=Role.SYSTEM_ADMIN,
        unit=tree.province,
    )
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert (entry.actor, entry.actor_name) == (None, "hệ thống (create_user)")
