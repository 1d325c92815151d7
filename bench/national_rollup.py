"""The national roll-up against its own SQL, in the same run.

    DATABASE_URL=sqlite:///var/bench-activities.sqlite3 .venv/bin/python bench/national_rollup.py

A national roll-up of a summed indicator reads ProvinceTotal only (34
provinces × 24 months), whatever the size of the value table, so this bench
needs the national unit tree (it reuses bench/activities.py's database) and
the province totals of one indicator for 2024 and 2025, which it writes
directly when missing (synthetic totals with no values under them: a read
bench, not a database to check). It times `indicators.selectors.rollup`
for the nation by province against the same statement by hand, interleaved,
median of warm runs, and writes var/bench/national_rollup-<database>.json.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-activities.sqlite3'}")

import django  # noqa: E402
import production  # noqa: E402, F401 (DEBUG off, as in production)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from antq.core.periods import parse  # noqa: E402
from antq.indicators.catalogue import MONTHLY_FORM  # noqa: E402
from antq.indicators.models import Indicator, ProvinceTotal  # noqa: E402
from antq.indicators.selectors import rollup  # noqa: E402
from antq.indicators.services import catalogue_load  # noqa: E402
from antq.units.models import Unit  # noqa: E402


def prepare() -> Indicator:
    call_command("migrate", verbosity=0)
    catalogue_load()
    if not Unit.objects.filter(type=Unit.Type.PROVINCE).exists():
        call_command("load_units", verbosity=0)
    indicator = next(
        i
        for i in Indicator.objects.filter(code__in=MONTHLY_FORM["indicators"]).order_by("code")
        if i.aggregation == Indicator.Aggregation.SUM
    )
    if not ProvinceTotal.objects.filter(indicator=indicator).exists():
        rng = random.Random(25)
        provinces = Unit.objects.filter(type=Unit.Type.PROVINCE, valid_to__isnull=True)
        ProvinceTotal.objects.bulk_create(
            ProvinceTotal(
                indicator=indicator, period_type="monthly", period_start=date(year, month, 1),
                view=view, province=province, total=Decimal(rng.randrange(100, 5000)),
                count=rng.randrange(20, 170),
            )
            for province in provinces
            for year in (2024, 2025)
            for month in range(1, 13)
            for view in ("restated", "published")
        )  # fmt: skip
    return indicator


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=201)
    options = parser.parse_args()
    indicator = prepare()
    year = parse("2025")
    starts = [date(y, m, 1) for y in (2025, 2024) for m in range(1, 13)]

    def antq():
        return rollup(indicator=indicator, root=None, period=year)

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT province_id, SUM(CASE WHEN period_start >= %s THEN total END), "
                "SUM(CASE WHEN period_start < %s THEN total END) "
                "FROM indicators_provincetotal WHERE indicator_id = %s AND view = 'restated' "
                "AND period_type = 'monthly' AND count > 0 "
                f"AND period_start IN ({', '.join(['%s'] * len(starts))}) GROUP BY province_id",
                [date(2025, 1, 1), date(2025, 1, 1), indicator.pk, *starts],
            )
            return cursor.fetchall()

    found = {r.key: r.current for r in antq()}
    assert found == {k: Decimal(str(v)).quantize(Decimal("0.01")) for k, v, _ in hand()}, (
        "the roll-up and the hand-written SQL must give the same totals"
    )
    antq_s, hand_s = [], []
    for _ in range(options.runs):
        started = time.perf_counter()
        antq()
        antq_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        hand()
        hand_s.append(time.perf_counter() - started)
    a, h = statistics.median(antq_s) * 1000, statistics.median(hand_s) * 1000
    print(
        f"national roll-up, {len(found)} provinces × 24 months ({connection.vendor}): "
        f"antq {a:.2f} ms, hand SQL {h:.2f} ms, {a / h:.2f}× (target ≤ 2×)"
    )
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"national_rollup-{connection.vendor}.json").write_text(
        json.dumps(
            [{"measure": "national roll-up, one indicator, by province", "antq_ms": a,
              "hand_ms": h, "ratio": a / h, "target": "≤ 2×", "database": connection.vendor}],
            indent=1, ensure_ascii=False,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
