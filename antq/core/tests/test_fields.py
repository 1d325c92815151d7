from antq.units.models import Unit
from conftest import make_unit


def test_prefix_lookup_returns_the_subtree_and_not_a_sibling_with_a_longer_id(db):
    root = make_unit(code="1", name="Tỉnh A", type=Unit.Type.PROVINCE, kind=Unit.Kind.TINH)
    # Create enough units that ids 1x and 1xx exist next to id 1's subtree.
    others = [
        make_unit(code=f"P{i}", name=f"Tỉnh {i}", type=Unit.Type.PROVINCE, kind=Unit.Kind.TINH)
        for i in range(12)
    ]
    child = make_unit(
        parent=root, code="C1", name="Xã B", type=Unit.Type.COMMUNE, kind=Unit.Kind.XA
    )
    found = set(Unit.objects.filter(path__prefix=root.path).values_list("pk", flat=True))
    assert found == {root.pk, child.pk}
    assert not found & {u.pk for u in others}


# --- DHIS2-style UIDs ----------------------------------------------------------


def test_a_uid_is_eleven_characters_starting_with_a_letter_and_the_same_everywhere():
    import re

    from antq.core.fields import uid_from

    uid = uid_from("antq:organisationUnit:86:2025-07-01")
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{10}", uid)
    assert uid == uid_from("antq:organisationUnit:86:2025-07-01")
    assert uid != uid_from("antq:organisationUnit:86:")  # the old Vĩnh Long is another unit


def test_a_unit_gets_its_uid_once_and_keeps_it_when_its_code_changes(db):
    from antq.core.fields import uid_from

    unit = Unit.objects.create(code="T1", name="Khu phố Thử", type="residential_area",
                               kind="khu_pho", path="/1/")  # fmt: skip
    assert unit.uid == uid_from(unit.uid_seed())
    first = unit.uid
    unit.code = "T2"
    unit.save()
    unit.refresh_from_db()
    assert unit.uid == first
    many = Unit.objects.bulk_create(
        [Unit(code=f"B{i}", name="Khu", type="residential_area", kind="khu_pho", path=f"/{i}/")
         for i in range(3)]
    )  # fmt: skip
    assert len({u.uid for u in many}) == 3 and all(u.uid for u in many)
