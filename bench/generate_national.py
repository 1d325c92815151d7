"""Build a synthetic national statistics database for the roll-up benchmark.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/generate_national.py
    DATABASE_URL=postgres://… .venv/bin/python bench/generate_national.py

Real units (34 provinces, 3,321 communes from `antq load_units`), about
100,000 synthetic residential areas, and 5 years of monthly reports of every
commune on 41 indicators: about 8.2 million values, written in bulk (COPY on
PostgreSQL). A CSV of the value table is written beside it for DuckDB.
"""

import csv
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from antq.indicators.models import FormIndicator, Indicator, ReportForm  # noqa: E402
from antq.indicators.totals import totals_rebuild  # noqa: E402
from antq.units.models import Unit  # noqa: E402

INDICATORS = 41
YEARS = (2021, 2022, 2023, 2024, 2025)
AREAS_PER_COMMUNE = 30
CSV_PATH = Path(os.environ.get("BENCH_CSV", "var/bench-values.csv"))


def step(message: str, started: float) -> float:
    now = time.perf_counter()
    print(f"{message} ({now - started:.1f} s)", flush=True)
    return now


def catalogue() -> list[Indicator]:
    form, _ = ReportForm.objects.get_or_create(
        code="BENCH-THANG",
        defaults={
            "name": "Biểu tháng (benchmark)",
            "period_type": "monthly",
            "unit_types": ["commune"],
            "deadline_days": 20,
        },
    )
    indicators = []
    for index in range(1, INDICATORS + 1):
        indicator, _ = Indicator.objects.get_or_create(
            code=f"BENCH_{index:02d}",
            defaults={"name": f"Chỉ tiêu thử {index}", "aggregation": "sum"},
        )
        FormIndicator.objects.get_or_create(
            form=form, indicator=indicator, defaults={"order": index}
        )
        indicators.append(indicator)
    return indicators


def residential_areas(communes: list[Unit]) -> int:
    if Unit.objects.filter(type=Unit.Type.RESIDENTIAL_AREA, code__startswith="B").exists():
        return 0
    rows = []
    for commune in communes:
        for number in range(1, AREAS_PER_COMMUNE + 1):
            rows.append(
                Unit(
                    code=f"B{commune.code}-{number:03d}",
                    name=f"Thôn {number}",
                    name_folded=f"thon {number}",
                    type=Unit.Type.RESIDENTIAL_AREA,
                    kind=Unit.Kind.THON,
                    parent=commune,
                    path="",
                    depth=2,
                )
            )
    Unit.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        # path = parent's path + own id, in SQL (one statement, both databases).
        cursor.execute(
            "UPDATE units_unit SET path = (SELECT p.path FROM units_unit p "
            "WHERE p.id = units_unit.parent_id) || CAST(id AS VARCHAR(20)) || '/' "
            "WHERE code LIKE 'B%' AND type = 'residential_area'"
        )
    return len(rows)


def values(indicators: list[Indicator], communes: list[Unit]):
    rng = random.Random(2026)
    for year in YEARS:
        for month in range(1, 13):
            start = date(year, month, 1)
            period = f"{year}{month:02d}"
            for commune in communes:
                province = commune.parent_id
                for indicator in indicators:
                    yield (
                        indicator.pk,
                        commune.pk,
                        period,
                        "monthly",
                        start,
                        "",
                        rng.randint(0, 20),
                        "",
                        province,
                        commune.pk,
                        province,
                        commune.pk,
                    )


COLUMNS = [
    "indicator_id",
    "unit_id",
    "period",
    "period_type",
    "period_start",
    "option",
    "value",
    "comment",
    "published_province_id",
    "published_commune_id",
    "restated_province_id",
    "restated_commune_id",
]


def write_values(indicators, communes) -> int:
    count = 0
    CSV_PATH.parent.mkdir(parents=True, exist_ok=True)
    with CSV_PATH.open("w", newline="") as dump, transaction.atomic():
        writer = csv.writer(dump)
        writer.writerow(COLUMNS)
        if connection.vendor == "postgresql":
            count = _copy(indicators, communes, writer)
        else:
            count = _insert(indicators, communes, writer)
    return count


def _insert(indicators, communes, writer) -> int:
    sql = (
        f"INSERT INTO indicators_datavalue ({', '.join(COLUMNS)}, updated_at) VALUES "
        f"({', '.join(['%s'] * len(COLUMNS))}, CURRENT_TIMESTAMP)"
    )
    batch, count = [], 0
    with connection.cursor() as cursor:
        for row in values(indicators, communes):
            batch.append(row)
            writer.writerow(row)
            if len(batch) == 100_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch.clear()
                if count % 1_000_000 == 0:
                    print(f"  {count:,} values", flush=True)
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _copy(indicators, communes, writer) -> int:
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        statement = f"COPY indicators_datavalue ({', '.join(COLUMNS)}, updated_at) FROM STDIN"
        with raw.copy(statement) as copy:
            for row in values(indicators, communes):
                copy.write_row((*row, "2026-01-01T00:00:00Z"))
                writer.writerow(row)
                count += 1
                if count % 1_000_000 == 0:
                    print(f"  {count:,} values", flush=True)
    return count


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(type=Unit.Type.PROVINCE).exists():
        call_command("load_units", verbosity=0)
    started = step("Units loaded", started)
    indicators = catalogue()
    communes = list(
        Unit.objects.filter(type=Unit.Type.COMMUNE, valid_to__isnull=True).only(
            "pk", "parent_id", "path"
        )
    )
    areas = residential_areas(communes)
    started = step(f"{len(communes):,} communes, {areas:,} residential areas added", started)
    if Indicator.objects.filter(code="BENCH_01", values__isnull=False).exists():
        print("Values already generated; nothing to do.")
        return
    count = write_values(indicators, communes)
    started = step(f"{count:,} values written", started)
    totals = totals_rebuild()
    started = step(f"{totals:,} province totals computed", started)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("Statistics refreshed", started)
    print(f"CSV for DuckDB: {CSV_PATH} ({CSV_PATH.stat().st_size / 1e9:.2f} GB)")


if __name__ == "__main__":
    main()
