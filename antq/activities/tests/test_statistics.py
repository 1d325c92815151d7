"""Activities are counted into the statistics as derived indicators: nobody
types them twice, and a period's figures follow the unit lineage."""

from datetime import date
from decimal import Decimal

from antq.activities.services import activity_create
from antq.activities.tests.conftest import entry
from antq.core.periods import parse
from antq.indicators.models import Indicator
from antq.indicators.selectors import rollup
from antq.indicators.services import catalogue_load


def figures(code, root, period, **options):
    indicator = Indicator.objects.get(code=code)
    return {
        row.name: (row.current, row.previous)
        for row in rollup(indicator=indicator, root=root, period=parse(period), **options)
    }


def test_counts_of_activities_outputs_and_attendance_roll_up_by_commune(tree, personas):
    catalogue_load()
    by = personas.officer_a
    activity_create(by=by, data=entry(tree.commune_a))
    activity_create(by=by, data=entry(tree.area_a, date(2026, 10, 20), attendance=30))
    activity_create(by=by, data=entry(tree.old_commune, date(2025, 3, 5)))
    activity_create(by=personas.officer_b, data=entry(tree.commune_b, outputs={"to_roi": 50}))
    october = figures("HD_TUYEN_TRUYEN", tree.province, "202610")
    assert october == {
        "Phường Hạ Long": (Decimal("2.00"), Decimal("0.00")),
        "Phường Bãi Cháy": (Decimal("1.00"), Decimal("0.00")),
    }
    assert figures("SP_TO_ROI", tree.commune_a, "2026", by_child=False) == {
        "": (Decimal("600.00"), Decimal("300.00"))
    }
    assert figures("HD_LUOT_DU", tree.commune_a, "2026", by_child=False)[""][0] == Decimal("150.00")


def test_a_merged_communes_activities_are_its_own_as_published_and_the_successors_restated(
    tree, personas
):
    catalogue_load()
    activity_create(by=personas.officer_a, data=entry(tree.old_commune, date(2025, 3, 5)))
    restated = figures("HD_TUYEN_TRUYEN", tree.province, "2025")
    published = figures("HD_TUYEN_TRUYEN", tree.province, "2025", view="published")
    assert restated == {"Phường Hạ Long": (Decimal("1.00"), Decimal("0.00"))}
    assert published == {"Phường Bạch Đằng": (Decimal("1.00"), Decimal("0.00"))}
