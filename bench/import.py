"""Bulk import throughput: a year of monthly values for many communes as one
DHIS2 dataValueSets file through antq's importer (validator, scope, audit,
totals, all or nothing), against the same rows written by a raw executemany,
in the same run. Prints values per second, the ratio and peak memory.

    DATABASE_URL=sqlite:///var/import-bench.sqlite3 python bench/import.py \
        [--communes 300] [--years 2]

The demo's monthly form has 21 values a report, so a national year is about
840,000 values; `--years 2` writes two years in one file (about 1.67 M values),
the size of a year of a 40-indicator form.

The database is set up from empty (migrate, units, catalogue). Benchmarks
print; they are never tests.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
import django  # noqa: E402
import production  # noqa: E402, F401 (DEBUG off, as in production)

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


def write_payload(lines, units, years: int, path: Path) -> int:
    """The dataValueSets file, written value by value (never held whole). Years
    from YEAR on: today's communes exist from 01/07/2025 only."""
    with path.open("w") as out:
        out.write('{"dataValues": [')
        first = True
        for unit in units:
            for year, month in months(YEAR, years):
                for code, options in lines:
                    for option in options:
                        value = {
                            "dataElement": code,
                            "period": f"{year}{month:02d}",
                            "orgUnit": unit.code,
                            "value": str(month),
                            **({"categoryOptionCombo": option} if option else {}),
                        }
                        out.write(("" if first else ",\n") + json.dumps(value))
                        first = False
        out.write("]}\n")
    return path.stat().st_size


def antq_import(path: Path, trace: bool) -> None:
    """Run in a process of its own, so its peak memory is the importer's. With
    `trace`, Python's own allocations are followed too (slower): the peak of
    the Python heap, without the database driver's caches."""
    from antq.audit.context import audit_context
    from antq.core.actors import SystemActor
    from antq.indicators.importers import Payload, values_import

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with audit_context("cli"), path.open("rb") as handle:
        summary = values_import(by=SystemActor("bench"), rows=Payload(handle), source="bench")
    seconds = time.perf_counter() - started
    assert not summary.conflicts, summary.conflicts[:3]
    peak = peak_rss_mb()
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    print(
        json.dumps(
            {"imported": summary.imported, "seconds": seconds, "peak_mb": peak, "heap_mb": heap}
        )
    )


def peak_rss_mb() -> float:
    """This process's peak resident memory since its exec (VmHWM). Not
    getrusage's ru_maxrss: Linux carries the parent's peak across fork and
    exec into it, so a child started by a bench that had just written a
    national year reported the bench's memory, not its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def antq_import_process(path: Path, trace: bool) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--import-file", str(path)]
        + (["--trace-memory"] if trace else []),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def months(first_year: int, years: int):
    return [(first_year + y, m) for y in range(years) for m in range(1, 13)]


def raw_write(lines, units, years: int, first: int) -> tuple[int, float]:
    """The same number of rows from the year `first` (before the import's,
    so they never collide), one executemany per 10,000, no validation, audit
    or totals."""
    from antq.indicators.models import DataValue, Indicator
    from antq.units.placement import unit_place

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
            place = unit_place(unit)
            for year, month in months(first, years):
                for code, options in lines:
                    for option in options:
                        rows.append(
                            (
                                ids[code], unit.pk, f"{year}{month:02d}",
                                f"{year}-{month:02d}-01", option, 1,
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


def raw_copy(lines, units, years: int, first: int) -> tuple[int, float]:
    """PostgreSQL: the same rows written by COPY (the fastest raw write, what
    antq's importer itself uses) from the year `first`."""
    from antq.indicators.models import DataValue, Indicator
    from antq.units.placement import unit_place

    ids = dict(Indicator.objects.values_list("code", "pk"))
    table = DataValue._meta.db_table
    columns = (
        "indicator_id, unit_id, period, period_type, period_start, option, value, comment, "
        "published_province_id, published_commune_id, restated_province_id, "
        "restated_commune_id, updated_at"
    )
    started = time.perf_counter()
    written = 0
    copy_sql = f"COPY {table} ({columns}) FROM STDIN"
    places = {unit.pk: unit_place(unit) for unit in units}  # no query while COPY runs
    with transaction.atomic(), connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for unit in units:
            place = places[unit.pk]
            for year, month in months(first, years):
                for code, options in lines:
                    for option in options:
                        copy.write_row(
                            (
                                ids[code], unit.pk, f"{year}{month:02d}", "monthly",
                                f"{year}-{month:02d}-01", option, 1, "",
                                place["published_province_id"],
                                place["published_commune_id"],
                                place["restated_province_id"],
                                place["restated_commune_id"], "now",
                            )
                        )  # fmt: skip
                        written += 1
    return written, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--years", type=int, default=1, help="years of monthly values")
    parser.add_argument(
        "--trace-memory", action="store_true", help="also the Python heap's peak (slower)"
    )
    parser.add_argument("--import-file", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.import_file:
        return antq_import(options.import_file, options.trace_memory)
    lines, units = prepare(options.communes)
    path = Path(tempfile.mkdtemp()) / "datavaluesets.json"
    size = write_payload(lines, units, options.years, path)
    months_count = 12 * options.years
    print(
        f"{connection.vendor}: {len(units)} communes × {months_count} months, "
        f"file {size / 1e6:.1f} MB"
    )
    # The raw writes bracket the import: one before it, one after, each into
    # years of its own. Every write makes the table's B-trees bigger and the
    # next one slower, so the reference is the mean of the two (the import
    # alone after a raw write was compared against a smaller table).
    postgresql = connection.vendor == "postgresql"
    raw_name = "COPY" if postgresql else "executemany"
    raw = raw_copy if postgresql else raw_write
    year = YEAR - options.years
    before = raw(lines, units, options.years, year)
    result = antq_import_process(path, options.trace_memory)
    path.unlink()
    after = raw(lines, units, options.years, year - options.years)
    count = before[0]
    raw_seconds = (before[1] + after[1]) / 2
    for when, (written, seconds) in (("before", before), ("after", after)):
        print(f"raw {raw_name} {when}: {written:,} values in {seconds:.1f} s = "
              f"{written / seconds:,.0f}/s")  # fmt: skip
    imported, seconds = result["imported"], result["seconds"]
    rate = imported / seconds
    ratio = count / raw_seconds / rate
    print(f"antq importer:   {imported:,} values in {seconds:.1f} s = {rate:,.0f}/s")
    print(f"raw {raw_name} (mean of before and after) / antq: {ratio:.2f}×")
    results = [
        {"measure": f"import, {imported:,} values: antq against a raw {raw_name}",
         "antq_ms": seconds * 1000, "hand_ms": raw_seconds * 1000 * imported / count,
         "ratio": ratio, "target": "≤ 1.3×" if postgresql else "≤ 1.2×",
         "database": connection.vendor},
    ]  # fmt: skip
    if postgresql:  # the row-by-row write, for information
        written, seconds = raw_write(lines, units, options.years, year - 2 * options.years)
        rate_raw = written / seconds
        print(f"raw executemany: {written:,} values in {seconds:.1f} s = {rate_raw:,.0f}/s")
    print(f"peak memory of the importing process: {result['peak_mb']:,.0f} MB")
    results.append(
        {"measure": "import: peak memory of the importing process (MB)",
         "antq_ms": result["peak_mb"], "unit": "MB", "hand_ms": None, "ratio": None,
         "target": "< 200 MB",
         "database": connection.vendor}
    )  # fmt: skip
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"import-{connection.vendor}.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False)
    )
    if result["heap_mb"] is not None:
        print(f"peak of its Python heap: {result['heap_mb']:,.1f} MB (timing slowed by tracing)")


if __name__ == "__main__":
    main()
