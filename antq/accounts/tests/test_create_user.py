"""A new account, its first role and unit: the page offers no role by
default and lists roles from the least privilege to the most; the command
line (`antq create_user`) and the API (`POST /api/v1/users`) are its twins,
through the same service."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from antq.accounts.models import Assignment, Role, User
from antq.audit.models import AuditEntry

PASSWORD = "mat-khau-moi-2026-dai"


def test_the_new_user_form_chooses_no_role_and_lists_them_from_least_privilege(
    client, personas, tree
):
    client.force_login(personas.unit_admin)
    page = client.get(reverse("accounts:user-create")).content.decode()
    select = re.search(r'<select name="role".*?</select>', page, re.S).group(0)
    values = re.findall(r'<option value="([^"]*)"', select)
    assert values == ["", "viewer", "data_entry", "approver", "unit_admin", "system_admin"]
    assert re.findall(r'<option value="([^"]+)" selected', select) == []  # none chosen
    assert 'role="combobox"' in page  # the unit is a searchable picker
    refused = client.post(
        reverse("accounts:user-create"),
        {
            "username": "moi",
            "full_name": "Người Mới",
            "password": PASSWORD,
            "unit": tree.province.pk,
        },
    )
    assert refused.status_code == 200 and not User.objects.filter(username="moi").exists()


def test_antq_create_user_makes_an_account_with_its_role_at_a_unit(tree, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    out = io.StringIO()
    call_command(
        "create_user",
        "xa.moi",
        role="data_entry",
        unit="06688",
        full_name="Cán bộ Mới",
        password_stdin=True,
        stdout=out,
    )
    user = User.objects.get(username="xa.moi")
    assert user.check_password(PASSWORD) and user.full_name == "Cán bộ Mới"
    assignment = Assignment.objects.get(user=user)
    assert (assignment.role, assignment.unit) == (Role.DATA_ENTRY, tree.commune_a)
    assert AuditEntry.objects.filter(object_type="accounts.user", action="create").exists()
    assert "Đã tạo tài khoản xa.moi" in out.getvalue()


def test_antq_create_user_refuses_an_unknown_unit_and_a_creator_without_the_right(
    personas, tree, monkeypatch
):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    with pytest.raises(CommandError, match="Không có đơn vị đang hoạt động mã 99999"):
        call_command("create_user", "a", role="viewer", unit="99999", password_stdin=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    with pytest.raises(CommandError):
        call_command(
            "create_user", "b", role="viewer", unit="06688", password_stdin=True, by="xa.a"
        )
    assert not User.objects.filter(username__in=["a", "b"]).exists()


def test_the_api_creates_an_account_for_whoever_manages_users_there(client, auth, personas, tree):
    roles = client.get("/api/v1/users/roles", **auth(personas.viewer)).json()
    assert [r["code"] for r in roles][:2] == ["viewer", "data_entry"]
    body = {"username": "xa.api", "password": PASSWORD, "role": "viewer", "unit": "06688"}
    created = client.post(
        "/api/v1/users", body, content_type="application/json", **auth(personas.unit_admin)
    )
    assert created.status_code == 201, created.json()
    assert created.json()["roles"] == [
        {"role": "viewer", "unit": "06688", "unit_name": "Phường Hạ Long"}
    ]
    no_role = client.post(
        "/api/v1/users",
        body | {"username": "x2", "role": ""},
        content_type="application/json",
        **auth(personas.unit_admin),
    )
    assert no_role.status_code == 422
    refused = client.post(
        "/api/v1/users",
        body | {"username": "x3"},
        content_type="application/json",
        **auth(personas.officer_a),
    )
    assert refused.status_code == 403
