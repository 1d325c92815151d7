"""Where a person starts in the tree: the top of each subtree their rights
cover, for the action a page is about."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from antq.accounts.models import Assignment, Role
from antq.core.access import APPROVE, EDIT, VIEW
from antq.units.selectors import home_units, requested_unit
from conftest import make_user


def _request(user, **query):
    request = RequestFactory().get("/", query)
    request.user = user
    return request


def test_someone_assigned_at_a_province_and_one_of_its_communes_starts_at_the_province(tree):
    user = make_user("tinh.va.xa", Role.APPROVER, tree.province)
    Assignment.objects.create(user=user, role=Role.DATA_ENTRY, unit=tree.commune_a)
    assert list(home_units(user)) == [tree.province]
    assert requested_unit(_request(user)) == tree.province


def test_someone_who_sees_a_province_and_approves_in_a_commune_approves_from_the_commune(tree):
    user = make_user("xem.tinh.duyet.xa", Role.VIEWER, tree.province)
    Assignment.objects.create(user=user, role=Role.APPROVER, unit=tree.commune_a)
    assert list(home_units(user, VIEW)) == [tree.province]
    assert list(home_units(user, APPROVE)) == [tree.commune_a]
    assert list(home_units(user, EDIT)) == [tree.commune_a]


def test_two_communes_are_two_starting_points_shallowest_first_then_by_name(tree):
    user = make_user("hai.xa", Role.DATA_ENTRY, tree.commune_a)
    Assignment.objects.create(user=user, role=Role.VIEWER, unit=tree.commune_b)
    assert list(home_units(user)) == [tree.commune_b, tree.commune_a]


def test_the_requested_unit_is_any_unit_one_may_see_and_nothing_else(personas, tree):
    officer = personas.officer_a
    assert requested_unit(_request(officer, unit=tree.area_a.pk)) == tree.area_a
    with pytest.raises(Http404):
        requested_unit(_request(officer, unit=tree.commune_b.pk))
    assert requested_unit(_request(personas.outsider)) is None
