"""The unit catalogue: today's units from the authority, the pre-2025 units and
the lineage between them, reconciled across two packages that disagree on codes."""

import sqlite3
from collections import Counter

import pytest
from vietnam_provinces import Ward

from antq.units.loaders import CURRENT, LEGACY, _data_dir, build_plan, load_units, tone_free_key
from antq.units.models import REFORM_2025_CLOSE, REFORM_2025_OPEN, LineageLink, Unit


@pytest.fixture(scope="module")
def plan():
    return build_plan()


def test_the_two_packages_reconcile_without_a_single_problem(plan):
    assert plan.problems == []


def test_plan_holds_34_provinces_and_3321_communes_today_and_63_provinces_before(plan):
    kinds = Counter((key[0], key[2]) for key in (u.key for u in plan.units))
    assert kinds[(Unit.Type.PROVINCE, CURRENT)] == 34
    assert kinds[(Unit.Type.COMMUNE, CURRENT)] == 3321
    unchanged = sum(1 for key in plan.legacy_alias if key[0] == Unit.Type.PROVINCE)
    assert kinds[(Unit.Type.PROVINCE, LEGACY)] + unchanged == 63
    assert kinds[(Unit.Type.DISTRICT, LEGACY)] == 696


def test_every_successor_named_by_the_lineage_resolves_to_exactly_one_current_unit(plan):
    current = Counter(u.key for u in plan.units if u.key[2] == CURRENT)
    successors = set(plan.lineage)
    assert successors, "the lineage must not be empty"
    assert all(current[key] == 1 for key in successors)
    # Every pre-2025 commune has a successor, none is lost.
    legacy_communes = {
        u.key for u in plan.units if u.key[0] == Unit.Type.COMMUNE and u.key[2] == LEGACY
    }
    predecessors = {pred for preds in plan.lineage.values() for pred, _primary in preds}
    assert legacy_communes <= predecessors


def test_the_packages_really_disagree_on_about_a_hundred_codes(plan):
    """Pins why names, not codes, are matched: if this number drops to zero the
    matching could be simplified; if it jumps, a package changed under us."""
    with sqlite3.connect(_data_dir() / "dataset.db") as db:
        other = {
            (row[0].lower(), int(row[1]))
            for row in db.execute("SELECT ward, wardCode FROM admin_units")
        }
    authority = {(w.name.lower(), int(w.code)) for w in Ward.iter_all()}
    differing = len(authority - other)
    assert 80 <= differing <= 200


def test_tone_placement_is_ignored_but_vowels_and_tones_are_not():
    assert tone_free_key("Xã Thanh Thủy") == tone_free_key("Xã Thanh Thuỷ")
    assert tone_free_key("Xã Văn Lang") != tone_free_key("Xã Văn Lăng")
    assert tone_free_key("Xã Sơn Hà") != tone_free_key("Xã Sơn Hạ")


@pytest.mark.django_db
def test_loading_units_is_idempotent_and_records_the_2025_mergers():
    first = load_units()
    assert first["created"] == Unit.objects.count() > 14_000
    second = load_units()
    assert second == {"created": 0, "updated": 0, "links": 0, "carriers": 0}

    binh_phuoc = Unit.objects.get(code="70", type=Unit.Type.PROVINCE)
    assert binh_phuoc.valid_to == REFORM_2025_CLOSE
    assert [link.successor.name for link in binh_phuoc.successor_links.all()] == ["Tỉnh Đồng Nai"]
    ben_tre = Unit.objects.get(code="83", type=Unit.Type.PROVINCE)
    assert [link.successor.name for link in ben_tre.successor_links.all()] == ["Tỉnh Vĩnh Long"]
    quang_ninh = Unit.objects.get(code="22", type=Unit.Type.PROVINCE)
    assert quang_ninh.is_open and quang_ninh.valid_from is None
    assert not LineageLink.objects.filter(predecessor=quang_ninh).exists()
    # Its pre-2025 districts hang under the same, unchanged province row.
    assert quang_ninh.children.filter(type=Unit.Type.DISTRICT).count() == 13
    # A reused code means two units with disjoint validity.
    dong_nai = Unit.objects.filter(code="75", type=Unit.Type.PROVINCE)
    assert sorted((u.is_open, u.valid_from, u.valid_to) for u in dong_nai) == [
        (False, None, REFORM_2025_CLOSE),
        (True, REFORM_2025_OPEN, None),
    ]
    # Each pre-2025 commune rolls up to exactly one successor.
    primaries = Counter(
        LineageLink.objects.filter(
            is_primary=True, predecessor__type=Unit.Type.COMMUNE
        ).values_list("predecessor_id", flat=True)
    )
    assert set(primaries.values()) == {1}
    assert (
        len(primaries)
        == Unit.objects.filter(type=Unit.Type.COMMUNE, valid_to__isnull=False).count()
    )
