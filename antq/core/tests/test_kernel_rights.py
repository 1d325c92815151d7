"""One right check (core.access.require, re-exported by accounts.access):
every service refuses with the same exception, never skips the check, and
the system acts as a typed actor."""

import pytest
from django.core.exceptions import PermissionDenied

from antq.accounts.access import EDIT, SYSTEM, VIEW, Refused, can, require
from antq.core.actors import SystemActor


def test_a_commune_officer_is_refused_in_another_commune(personas, tree):
    require(personas.officer_a, EDIT, tree.area_a)
    with pytest.raises(Refused) as refused:
        require(personas.officer_a, EDIT, tree.area_b, "Không sửa được khu phố này.")
    assert str(refused.value) == "Không sửa được khu phố này."


def test_a_refusal_is_a_permission_denied_and_never_an_os_error(personas, tree):
    with pytest.raises(PermissionDenied) as refused:
        require(personas.viewer, EDIT, tree.province)
    assert not isinstance(refused.value, OSError)
    assert str(refused.value) == "Bạn không có quyền thực hiện thao tác này."


def test_no_one_can_switch_the_check_off_by_passing_no_actor(tree):
    with pytest.raises(TypeError):
        require(None, EDIT, tree.area_a)


def test_the_system_acts_everywhere_and_is_named(tree):
    require(SYSTEM, EDIT, tree.area_b)
    require(SystemActor("demo"), EDIT, None)
    assert can(SYSTEM, EDIT, "/999/")
    assert SystemActor("demo").get_username() == "hệ thống (demo)"
    assert not SYSTEM.is_authenticated


def test_national_configuration_is_for_system_administrators_only(personas):
    require(personas.system_admin, EDIT, None)
    for person in (personas.province_approver, personas.unit_admin, personas.officer_a):
        with pytest.raises(Refused):
            require(person, EDIT, None)


def test_an_unknown_action_is_a_programming_error(personas, tree):
    with pytest.raises(ValueError):
        require(personas.officer_a, "delete_everything", tree.area_a)


def test_anonymous_and_inactive_people_are_refused_everywhere(personas, tree):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Refused):
        require(AnonymousUser(), VIEW, tree.area_a)
    personas.officer_a.is_active = False
    with pytest.raises(Refused):
        require(personas.officer_a, VIEW, tree.area_a)


def test_a_page_listing_what_one_manages_refuses_who_manages_nothing(personas):
    from antq.accounts.access import MANAGE_USERS, VIEW_AUDIT, require_somewhere

    require_somewhere(personas.unit_admin, MANAGE_USERS)
    require_somewhere(personas.system_admin, VIEW_AUDIT)
    require_somewhere(SYSTEM, MANAGE_USERS)
    with pytest.raises(Refused) as refused:
        require_somewhere(
            personas.officer_a, MANAGE_USERS, "Bạn không có quyền quản lý người dùng."
        )
    assert str(refused.value) == "Bạn không có quyền quản lý người dùng."
    with pytest.raises(TypeError):
        require_somewhere(None, VIEW_AUDIT)
