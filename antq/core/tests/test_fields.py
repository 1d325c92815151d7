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
