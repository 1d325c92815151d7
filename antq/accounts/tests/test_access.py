import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from antq.accounts.access import APPROVE, EDIT, MANAGE_USERS, VIEW, get_for_user, scope_paths
from antq.units.models import Unit


def test_commune_officer_sees_their_commune_subtree_and_the_past_it_carries(personas, tree):
    visible = set(Unit.objects.for_user(personas.officer_a, VIEW))
    # Phường Bạch Đằng (closed 30/06/2025) is carried by Phường Hạ Long today
    assert visible == {tree.commune_a, tree.area_a, tree.school_a, tree.old_commune}
    assert tree.district not in visible  # carried by the province, not the commune


def test_commune_officer_cannot_see_neighbouring_commune(personas, tree):
    with pytest.raises(Http404):
        get_for_user(Unit.objects.all(), personas.officer_a, VIEW, pk=tree.area_b.pk)


def test_viewer_sees_the_province_but_gets_403_on_write(personas, tree):
    assert get_for_user(Unit.objects.all(), personas.viewer, VIEW, pk=tree.area_a.pk)
    with pytest.raises(PermissionDenied):
        get_for_user(Unit.objects.all(), personas.viewer, EDIT, pk=tree.area_a.pk)


def test_roles_grant_their_actions_over_the_whole_subtree(personas, tree):
    assert scope_paths(personas.province_approver, APPROVE) == [tree.province.path]
    assert scope_paths(personas.officer_a, EDIT) == [tree.commune_a.path]
    assert scope_paths(personas.viewer, EDIT) == []
    assert scope_paths(personas.unit_admin, MANAGE_USERS) == [tree.province.path]
    assert scope_paths(personas.officer_a, MANAGE_USERS) == []


def test_system_admin_scope_is_everywhere_and_outsiders_nowhere(personas, tree):
    assert scope_paths(personas.system_admin, EDIT) is None
    assert scope_paths(personas.outsider, VIEW) == []
    assert not Unit.objects.for_user(personas.outsider, VIEW).exists()


def test_a_locked_account_loses_every_right(personas, tree):
    personas.officer_a.is_active = False
    assert scope_paths(personas.officer_a, VIEW) == []


def test_assignments_at_a_closed_unit_grant_nothing(personas, tree):
    from antq.accounts.models import Assignment, Role
    from conftest import make_user

    user = make_user("cu", Role.APPROVER, tree.old_commune)
    assert Assignment.objects.filter(user=user).exists()
    assert scope_paths(user, VIEW) == []


def test_unknown_actions_are_a_programming_error(personas):
    with pytest.raises(ValueError):
        scope_paths(personas.viewer, "delete_everything")
