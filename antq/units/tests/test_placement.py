"""Placement in history is one rule (antq.units.placement): every row of every
placed model is counted under today's units once restated, keeps its place
as published, and is seen by the officers of today's unit carrying it."""

from datetime import date

import pytest
from django.apps import apps
from django.db import models

from antq.accounts.models import Role
from antq.core.actors import SYSTEM
from antq.units.models import PUBLISHED, RESTATED, LineageEvent, LineageLink, Placement, Unit
from antq.units.placement import (
    place_columns,
    placed_models,
    places_of,
    restate_all,
    unit_carrier,
    unit_place,
)
from conftest import make_unit, make_user
from tests.world import build_world

REFORM = date(2026, 11, 30)


def _link(predecessor: Unit, successor: Unit) -> None:
    event = LineageEvent.objects.create(kind=LineageEvent.Kind.MERGE, date=REFORM)
    LineageLink.objects.create(event=event, predecessor=predecessor, successor=successor)


def _close(*units: Unit) -> None:
    Unit.objects.filter(pk__in=[u.pk for u in units]).update(valid_to=REFORM)
    for unit in units:
        unit.refresh_from_db()


def _rows_of_every_placed_model(world) -> dict[type[models.Model], list[models.Model]]:
    """The world's rows of each model that records a place (restated columns),
    found by its columns rather than by the registry, so a model the
    restatement forgets fails here; a model the world holds no row of fails
    too, so a new one cannot escape the test."""
    recording = [m for m in apps.get_models() if "restated_province_id" in place_columns(m)]
    assert set(recording) == set(placed_models())
    rows = {model: list(model._base_manager.all()) for model in recording}
    empty = sorted(model._meta.label for model, found in rows.items() if not found)
    assert empty == [], f"tests/world.py holds no row of {empty}: add one"
    return rows


def _unit_of(row) -> Unit:
    return getattr(row, type(row).placement.unit)


@pytest.mark.django_db
def test_every_placed_model_is_found_without_registering_it():
    labels = {model._meta.label for model in placed_models()}
    assert {
        "activities.Activity",
        "activities.FestivalSite",
        "assessments.Assessment",
        "awards.Nomination",
        "community.CommunityModel",
        "community.Example",
        "community.Site",
        "forces.Team",
        "indicators.DataValue",
        "plans.Committee",
        "plans.Plan",
    } <= labels


def test_a_merger_moves_every_placed_row_when_restated_and_keeps_it_as_published(tree, personas):
    world = build_world(tree, personas)
    rows = _rows_of_every_placed_model(world)
    published = {
        (type(row), row.pk): {c: getattr(row, c) for c in place_columns(type(row)) if "publ" in c}
        for found in rows.values()
        for row in found
    }
    # The province and both communes close; a new province and one new commune
    # carry them. Khu phố Đồng Tâm goes on as a new area; the school and Khu
    # phố Hòa Bình end with no successor of their own.
    _close(tree.province, tree.commune_a, tree.commune_b, tree.area_a, tree.area_b, tree.school_a)
    old_province = tree.province
    province = make_unit(
        code="22", name="Tỉnh Quảng Ninh", type=Unit.Type.PROVINCE, kind=Unit.Kind.TINH,
        valid_from=REFORM,
    )  # fmt: skip
    commune = make_unit(
        parent=province, code="06690", name="Phường Hạ Long Mới", type=Unit.Type.COMMUNE,
        kind=Unit.Kind.PHUONG, valid_from=REFORM,
    )  # fmt: skip
    area = make_unit(parent=commune, code="06690-001", name="Khu phố Đồng Tâm", valid_from=REFORM)
    _link(tree.province, province)
    _link(tree.commune_a, commune)
    _link(tree.commune_b, commune)
    _link(tree.area_a, area)

    moved = restate_all(by=SYSTEM)

    assert sum(moved.values()) > 0
    officer = make_user("phuong.moi", Role.VIEWER, commune)
    for model, found in rows.items():
        for row in found:
            row.refresh_from_db()
            label = f"{model._meta.label} #{row.pk}"
            columns = place_columns(model)
            assert row.restated_province_id == province.pk, label
            at_or_below_commune = _unit_of(row).type != Unit.Type.PROVINCE
            if "restated_commune_id" in columns and at_or_below_commune:
                assert row.restated_commune_id == commune.pk, label
            kept = {c: getattr(row, c) for c in columns if "publ" in c}
            assert kept == published[(model, row.pk)], label
            assert (
                model._base_manager.filter(pk=row.pk)
                .filter(_under(model, province, RESTATED))
                .exists()
            ), label
            assert (
                model._base_manager.filter(pk=row.pk)
                .filter(_under(model, old_province, PUBLISHED))
                .exists()
            ), label
            assert (
                not model._base_manager.filter(pk=row.pk)
                .filter(_under(model, old_province, RESTATED))
                .exists()
            ), label
            if "scope_path" in columns and at_or_below_commune:
                assert row.scope_path.startswith(commune.path), label
                if _seen_by_its_place(model):
                    assert model.objects.for_user(officer, "view").filter(pk=row.pk).exists(), label


def _seen_by_its_place(model) -> bool:
    """Rows scoped by their own `scope_path` (a plan's task is seen where its
    plan is; its `scope_path` only says who reports on it)."""
    return model.objects.all().scope_path_field == "scope_path"


def _under(model, root, view):
    from antq.units.placement import placed_under

    return placed_under(model, root, view)


@pytest.fixture
def ben_tre_city(tree) -> Unit:
    """Thành phố Bến Tre: a district of Tỉnh Bến Tre until 30/06/2025, abolished
    with every district, with no successor of its own."""
    return make_unit(parent=tree.ben_tre, code="829", name="Thành phố Bến Tre",
                     type=Unit.Type.DISTRICT, kind=Unit.Kind.THANH_PHO,
                     valid_to=date(2025, 6, 30))  # fmt: skip


def test_a_closed_unit_without_successor_is_carried_by_its_nearest_ancestors_successor(
    tree, ben_tre_city
):
    place = unit_place(ben_tre_city)

    assert unit_carrier(ben_tre_city) == tree.vinh_long
    assert place == {
        "published_province_id": tree.ben_tre.pk,
        "published_commune_id": None,
        "restated_province_id": tree.vinh_long.pk,
        "restated_commune_id": None,
        "scope_path": tree.vinh_long.path,
    }
    # a closed commune of the old district of Hạ Long goes to its successor
    assert unit_carrier(tree.old_commune) == tree.commune_a
    # open units carry themselves, and many are placed in a few queries
    assert unit_carrier(tree.area_a) == tree.area_a


@pytest.mark.django_db
def test_many_units_are_placed_in_a_few_queries(tree, ben_tre_city, django_assert_max_num_queries):
    units = [tree.area_a, tree.area_b, tree.school_a, tree.old_commune, ben_tre_city]
    with django_assert_max_num_queries(8):
        places = places_of(units)
    assert places[tree.area_b.pk]["restated_commune_id"] == tree.commune_b.pk
    assert places[tree.old_commune.pk]["restated_commune_id"] == tree.commune_a.pk
    assert places[tree.old_commune.pk]["published_commune_id"] == tree.old_commune.pk


def test_rows_of_a_pre_2025_district_count_under_todays_province_once_restated(
    tree, personas, ben_tre_city
):
    world = build_world(tree, personas)
    rows = _rows_of_every_placed_model(world)
    copies = []
    for model, found in rows.items():
        row = found[0]
        row.pk = row.id = None
        row._state.adding = True
        setattr(row, model.placement.unit, ben_tre_city)
        if model._meta.label == "plans.Task":  # a task is numbered once in its plan
            row.number = 99
        # a row recorded before lineage was known: nowhere today
        for column in place_columns(model):
            setattr(row, column, None if column != "scope_path" else ben_tre_city.path)
        row.save()
        copies.append(row)

    restate_all(by=SYSTEM)

    officer = make_user("vinhlong.xem", Role.VIEWER, tree.vinh_long)
    for row in copies:
        model = type(row)
        row.refresh_from_db()
        label = model._meta.label
        assert row.restated_province_id == tree.vinh_long.pk, label
        if "published_province_id" in place_columns(model):
            assert row.published_province_id == tree.ben_tre.pk, label
        assert (
            model._base_manager.filter(pk=row.pk)
            .filter(_under(model, tree.vinh_long, RESTATED))
            .exists()
        ), label
        assert (
            model._base_manager.filter(pk=row.pk)
            .filter(_under(model, tree.ben_tre, PUBLISHED))
            .exists()
        ), label
        if model.placement.seen_from != Placement.OWN:
            assert row.scope_path == tree.vinh_long.path, label
            if _seen_by_its_place(model):
                assert model.objects.for_user(officer, "view").filter(pk=row.pk).exists(), label


def test_restating_twice_moves_nothing_the_second_time(tree, personas):
    build_world(tree, personas)
    restate_all(by=SYSTEM)
    assert sum(restate_all(by=SYSTEM).values()) == 0


def test_the_scope_of_many_units_is_their_deepest_common_ancestor(tree):
    from antq.units.placement import scope_of

    assert scope_of([tree.area_a]) == tree.area_a.path
    assert scope_of([tree.area_a, tree.commune_a]) == tree.commune_a.path
    both = scope_of([tree.area_a, tree.area_b])
    assert tree.area_a.path.startswith(both) and tree.area_b.path.startswith(both)
    assert both.startswith(tree.province.path) and both != tree.commune_a.path
    assert scope_of([]) == ""
