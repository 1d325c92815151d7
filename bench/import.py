"""Bulk import throughput: a year of monthly values for many communes as one
DHIS2 dataValueSets file through antq's importer (validator, scope, audit,
totals, all or nothing), against the same rows written by a raw executemany,
in the same run. Prints values per second, the ratio and peak memory.

    DATABASE_URL=sqlite:///var/import-bench.sqlite3 python bench/import.py [--communes 300]

The database is set up from empty (migrate, units, catalogue). Benchmarks
print; they are never tests.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

YEAR = 2026


def prepare(communes: int):
    from antq.indicators.models import ReportForm
    from antq.indicators.services import catalogue_load
    from antq.units.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(type="province").exists():
        call_command("load_units", verbosity=0)
    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    lines = [
        (line.indicator.code, [o["code"] for o in line.indicator.options] or [""])
        for line in form.lines.select_related("indicator")
    ]
    units = list(
        Unit.objects.filter(type="commune", valid_to__isnull=True).order_by("code")[:communes]
    )
    return lines, units


def payload(lines, units) -> bytes:
    values = [
        {
            "dataElement": code,
            "period": f"{YEAR}{month:02d}",
            "orgUnit": unit.code,
            "value": "1",
            **({"categoryOptionCombo": option} if option else {}),
        }
        for unit in units
        for month in range(1, 13)
        for code, options in lines
        for option in options
    ]
    return json.dumps({"dataValues": values}).encode()


def antq_import(data: bytes) -> tuple[int, float]:
    from antq.audit.context import audit_context
    from antq.indicators.importers import parse_payload, values_import

    started = time.perf_counter()
    with audit_context("cli"):
        summary = values_import(by=None, rows=parse_payload(data), source="bench")
    assert not summary.conflicts, summary.conflicts[:3]
    return summary.imported, time.perf_counter() - started


def raw_write(lines, units) -> tuple[int, float]:
    """The same rows, one executemany per 10,000, no validation, audit or totals."""
    from antq.indicators.models import DataValue, Indicator
    from antq.indicators.services import ancestors

    ids = dict(Indicator.objects.values_list("code", "pk"))
    table = DataValue._meta.db_table
    sql = (
        f"INSERT INTO {table} (indicator_id, unit_id, period, period_type, period_start, "
        "option, value, comment, published_province_id, published_commune_id, "
        "restated_province_id, restated_commune_id, updated_at) "
        "VALUES (%s,%s,%s,'monthly',%s,%s,%s,'',%s,%s,%s,%s,CURRENT_TIMESTAMP)"
    )
    started = time.perf_counter()
    rows, written = [], 0
    with transaction.atomic(), connection.cursor() as cursor:
        for unit in units:
            place = ancestors(unit)
            for month in range(1, 13):
                for code, options in lines:
                    for option in options:
                        rows.append(
                            (
                                ids[code], unit.pk, f"{YEAR - 1}{month:02d}",
                                f"{YEAR - 1}-{month:02d}-01", option, 1,
                                place["published_province_id"], place["published_commune_id"],
                                place["restated_province_id"], place["restated_commune_id"],
                            )
                        )  # fmt: skip
                        if len(rows) == 10_000:
                            cursor.executemany(sql, rows)
                            written, rows = written + len(rows), []
        cursor.executemany(sql, rows)
        written += len(rows)
    return written, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=3321)
    options = parser.parse_args()
    lines, units = prepare(options.communes)
    data = payload(lines, units)
    print(f"{connection.vendor}: {len(units)} communes × 12 months, file {len(data) / 1e6:.1f} MB")
    raw, raw_seconds = raw_write(lines, units)
    print(f"raw executemany: {raw:,} values in {raw_seconds:.1f} s = {raw / raw_seconds:,.0f}/s")
    imported, seconds = antq_import(data)
    rate = imported / seconds
    print(f"antq importer:   {imported:,} values in {seconds:.1f} s = {rate:,.0f}/s")
    print(f"raw / antq: {raw / raw_seconds / rate:.1f}×")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (whole run): {peak:,.0f} MB")


if __name__ == "__main__":
    main()
