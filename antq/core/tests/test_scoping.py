"""Scoped query sets: a row is seen under the unit paths its model declares,
one field or several (a row reached through either of two units)."""

from antq.accounts.access import EDIT, VIEW
from antq.accounts.models import Role
from antq.core.scoping import ScopedQuerySet
from antq.units.models import LineageLink
from conftest import link, make_user


class _EitherSide(ScopedQuerySet):
    scope_path_field = ("predecessor__path", "successor__path")


def test_a_row_reached_through_either_of_two_units_is_seen_from_either(tree, personas):
    crossing = link(tree.commune_b, tree.commune_a, primary=False)
    outsider = make_user("vl", Role.APPROVER, tree.vinh_long)
    links = _EitherSide(model=LineageLink).filter(pk=crossing.pk)
    assert links.for_user(personas.officer_a, EDIT).exists()  # the successor's side
    assert links.for_user(personas.officer_b, EDIT).exists()  # the predecessor's side
    assert links.for_user(personas.viewer, VIEW).exists()
    assert not links.for_user(personas.viewer, EDIT).exists()
    assert not links.for_user(outsider, VIEW).exists()
    assert links.for_user(personas.officer_a, VIEW).count() == 1  # once, not once per side
