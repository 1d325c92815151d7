"""An import places its values with the kernel (units.placement), in a few
queries however many units, closed ones included, it touches."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.actors import SYSTEM
from antq.indicators.importers import values_import
from antq.indicators.models import DataValue
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import link, make_unit


def _communes(tree, count: int, start: int) -> list[Unit]:
    """Communes closed in 2025, each carried by commune A (placing a closed
    unit follows its lineage)."""
    communes = []
    for i in range(start, start + count):
        commune = make_unit(
            parent=tree.district,
            code=f"07{i:03d}",
            name=f"Xã Thử {i}",
            type=Unit.Type.COMMUNE,
            kind=Unit.Kind.XA,
            valid_to=REFORM_2025_CLOSE,
        )
        link(commune, tree.commune_a)
        communes.append(commune)
    return communes


def _queries_to_import(communes: list[Unit]) -> int:
    rows = [
        {"dataElement": "TT_BUOI", "period": "202506", "orgUnit": c.code, "value": "2"}
        for c in communes
    ]
    with CaptureQueriesContext(connection) as queries:
        summary = values_import(by=SYSTEM, rows=rows)
    assert not summary.conflicts, summary.conflicts
    return len(queries)


def test_the_queries_of_an_import_do_not_grow_with_its_units(tree, monthly_form):
    few = _queries_to_import(_communes(tree, 2, 0))
    many = _queries_to_import(_communes(tree, 8, 2))
    assert many == few
    assert DataValue.objects.filter(restated_commune=tree.commune_a).count() == 10
