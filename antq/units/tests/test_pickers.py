"""Successors hold their predecessors' past (`units_for_entry` on a day, the
stored carrier path) and the unit picker that offers it: one endpoint that
searches the form's own set for whoever asks, without regard to diacritics,
listed with the parent, limited to the form's date."""

import importlib
from datetime import date

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from antq.accounts.models import Role
from antq.units.forms import UnitPickerField
from antq.units.models import REFORM_2025_CLOSE, Unit
from antq.units.placement import carriers_refresh
from antq.units.recipes import sign
from antq.units.selectors import units_for_entry
from conftest import make_unit, make_user


@pytest.fixture
def ben_tre_city(tree) -> Unit:
    return make_unit(
        parent=tree.ben_tre,
        code="829",
        name="Thành phố Bến Tre",
        type=Unit.Type.DISTRICT,
        kind=Unit.Kind.THANH_PHO,
        valid_to=REFORM_2025_CLOSE,
    )


@pytest.fixture
def vinh_long_officer(tree):
    return make_user("vinhlong.canbo", Role.APPROVER, tree.vinh_long)


def test_todays_province_may_record_for_its_predecessors_units_on_the_days_they_existed(
    tree, ben_tre_city, vinh_long_officer
):
    in_2022 = set(units_for_entry(vinh_long_officer, "edit", on=date(2022, 6, 15)))
    assert in_2022 == {tree.ben_tre, ben_tre_city}  # Vĩnh Long itself did not exist yet
    today = set(units_for_entry(vinh_long_officer, "edit", on=date(2026, 10, 1)))
    assert today == {tree.vinh_long}
    assert set(units_for_entry(vinh_long_officer)) == {tree.vinh_long, tree.ben_tre, ben_tre_city}


def test_a_commune_officer_holds_the_merged_commune_but_not_the_abolished_district(personas, tree):
    units = set(units_for_entry(personas.officer_a, "edit", on=date(2024, 5, 1)))
    assert tree.old_commune in units and tree.district not in units
    assert not set(units_for_entry(personas.officer_b, "edit")) & {tree.old_commune, tree.area_a}
    province = set(units_for_entry(personas.province_approver, "edit", on=date(2024, 5, 1)))
    assert tree.district in province  # a pre-2025 district, carried by the province


def test_units_for_entry_is_one_query(django_assert_num_queries, tree, vinh_long_officer):
    units_for_entry(vinh_long_officer)  # the scope, cached per request
    with django_assert_num_queries(1):
        list(units_for_entry(vinh_long_officer, "edit", on=date(2022, 6, 15)))


def test_the_restatement_keeps_every_carrier_path(tree, ben_tre_city):
    Unit.objects.update(carrier_path="")
    carriers_refresh()
    assert Unit.objects.get(pk=ben_tre_city.pk).carrier_path == tree.vinh_long.path
    assert Unit.objects.get(pk=tree.old_commune.pk).carrier_path == tree.commune_a.path
    assert Unit.objects.get(pk=tree.district.pk).carrier_path == tree.province.path
    assert Unit.objects.get(pk=tree.area_a.pk).carrier_path == tree.area_a.path


def test_the_migration_fills_the_carrier_paths_and_keeps_every_unit(tree, ben_tre_city):
    before = list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "valid_to"))
    expected = dict(Unit.objects.values_list("pk", "carrier_path"))
    Unit.objects.update(carrier_path="")
    migration = importlib.import_module("antq.units.migrations.0004_history")
    migration.carriers(apps, None)
    after = list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "valid_to"))
    assert after == before
    assert dict(Unit.objects.values_list("pk", "carrier_path")) == expected


# --- the picker ----------------------------------------------------------------


def _search(client, recipe, **params):
    url = reverse("units:unit-pick")
    return client.get(url, {"t": sign(recipe), **params})


ENTRY = [["entry", "edit", None]]


def test_the_picker_finds_a_unit_without_diacritics_and_lists_it_with_its_parent(
    client, personas, tree
):
    client.force_login(personas.officer_a)
    for typed in ("dong tam", "ĐỒNG TÂM", "06688-001", "ha long dong"):
        items = _search(client, ENTRY, q=typed).json()["items"]
        assert {"id": tree.area_a.pk, "label": "Khu phố Đồng Tâm — Phường Hạ Long"} in items, typed


def test_the_picker_offers_only_the_units_that_existed_on_the_forms_date(client, personas, tree):
    client.force_login(personas.officer_a)
    labels = [i["label"] for i in _search(client, ENTRY, on="2024-03-01").json()["items"]]
    assert "Phường Bạch Đằng (đến 30/06/2025) — Thành phố Hạ Long" in labels
    assert "Phường Hạ Long — Tỉnh Quảng Ninh" not in labels


def test_the_picker_searches_the_set_the_form_was_given(client, personas, tree):
    """A view narrows its units (a round's unit, no residential areas): the
    picker replays the same steps."""
    narrowed = (
        units_for_entry(personas.province_approver)
        .filter(path__prefix=tree.commune_a.path)
        .exclude(type=Unit.Type.RESIDENTIAL_AREA)
    )
    client.force_login(personas.province_approver)
    ids = {i["id"] for i in _search(client, narrowed.recipe).json()["items"]}
    assert ids == {tree.commune_a.pk, tree.school_a.pk}


def test_a_token_answers_only_within_the_askers_own_scope(client, personas, tree):
    client.force_login(personas.officer_b)
    ids = {i["id"] for i in _search(client, [["all"]]).json()["items"]}
    assert tree.area_a.pk not in ids and tree.commune_a.pk not in ids
    assert tree.area_b.pk in ids


def test_a_token_the_server_did_not_sign_is_a_400(client, personas):
    client.force_login(personas.officer_a)
    response = client.get(reverse("units:unit-pick"), {"t": "W1siYWxsIl1d:forged:sig"})
    assert response.status_code == 400
    assert _search(client, [["drop", "table"]]).status_code == 400
    assert _search(client, [["all"], ["filter", {"name__regex": ".*"}]]).status_code == 400


def test_more_matches_than_shown_are_announced(client, personas, tree):
    for number in range(25):
        make_unit(parent=tree.commune_a, code=f"06688-1{number:02d}", name=f"Khu phố {number}")
    client.force_login(personas.officer_a)
    answer = _search(client, ENTRY, q="khu pho").json()
    assert len(answer["items"]) == 20 and answer["more"] is True


class _Form(forms.Form):
    date = forms.DateField()
    unit = UnitPickerField(label="Đơn vị", date_field="date", queryset=Unit.objects.none())


def test_the_field_renders_a_searchable_picker_with_the_chosen_units_label(personas, tree):
    form = _Form(initial={"unit": tree.area_a.pk})
    form.fields["unit"].queryset = units_for_entry(personas.officer_a)
    html = str(form["unit"])
    assert 'role="combobox"' in html and 'data-date-field="date"' in html
    assert 'value="Khu phố Đồng Tâm — Phường Hạ Long"' in html
    assert "<select" not in html and "<script" not in html


def test_the_field_refuses_a_unit_on_a_day_it_did_not_exist_and_says_what_to_pick(personas, tree):
    form = _Form({"date": "2024-03-01", "unit": tree.commune_a.pk})
    form.fields["unit"].queryset = units_for_entry(personas.officer_a)
    assert not form.is_valid()
    message = form.errors["unit"][0]
    assert "Phường Hạ Long có từ 01/07/2025, chưa có vào ngày 01/03/2024." in message
    assert "Phường Bạch Đằng (đến 30/06/2025) (mã 06688)" in message


def test_a_set_the_picker_cannot_replay_falls_back_to_a_plain_list(personas, tree):
    from django.db.models import Exists, OuterRef

    form = _Form()
    children = Unit.objects.filter(parent=OuterRef("pk"))
    form.fields["unit"].queryset = Unit.objects.filter(Exists(children))
    assert "<select" in str(form["unit"])
