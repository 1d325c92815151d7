"""Time the statistics roll-ups on the national benchmark database.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/rollup.py
    DATABASE_URL=postgres://… .venv/bin/python bench/rollup.py

In one run it times (median of several repeats):
- the national roll-up: one indicator, one year, by province (antq's selector);
- the same rows aggregated by DuckDB from the value table (the lower bound);
- the same result by a naive ORM loop over the rows (what not to do);
- a province dashboard's queries (key figures, bar by commune, 24-month line);
- the completeness matrix of a province over 12 months;
and prints each figure and the ratios. Targets: national roll-up within 2× of
DuckDB and under 100 ms on PostgreSQL; a dashboard under 150 ms in total.
"""

import os
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

import duckdb  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from antq.core.periods import between, parse  # noqa: E402
from antq.indicators.models import DataValue, Indicator, ReportForm  # noqa: E402
from antq.indicators.selectors import completeness, rollup, series  # noqa: E402
from antq.reports.selectors import kpis  # noqa: E402
from antq.units.models import Unit  # noqa: E402

CSV_PATH = Path(os.environ.get("BENCH_CSV", "var/bench-values.csv"))
YEAR = 2024


def timed(function, repeats: int = 5) -> tuple[float, object]:
    function()  # warm caches, as a server would be
    durations, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations) * 1000, result


def main() -> None:
    indicator = Indicator.objects.get(code="BENCH_01")
    form = ReportForm.objects.get(code="BENCH-THANG")
    province = Unit.objects.get(code="01", type=Unit.Type.PROVINCE, valid_to__isnull=True)
    year = parse(str(YEAR))
    total = DataValue.objects.count()
    print(f"Database: {connection.vendor}; {total:,} values")

    national_ms, national = timed(lambda: rollup(indicator=indicator, root=None, period=year))

    def orm_loop():
        sums = defaultdict(Decimal)
        for value in DataValue.objects.filter(indicator=indicator, period_start__year=YEAR):
            sums[value.restated_province_id] += value.value
        return sums

    naive_ms, naive = timed(orm_loop, repeats=1)
    assert {r.key: r.current for r in national} == {k: v for k, v in naive.items()}, (
        "the naive loop must find the same totals"
    )

    duck = duckdb.connect()
    duck.execute(f"CREATE TABLE v AS SELECT * FROM read_csv_auto('{CSV_PATH}')")
    # The same rows and the same result as antq's query: this year and the same
    # period last year, as two conditional sums, grouped by province.
    query = (
        "SELECT restated_province_id, "
        "SUM(CASE WHEN period_start >= ? THEN value END), "
        "SUM(CASE WHEN period_start < ? THEN value END) "
        "FROM v WHERE indicator_id = ? AND period_type = 'monthly' "
        "AND period_start BETWEEN ? AND ? GROUP BY 1"
    )
    params = [f"{YEAR}-01-01", f"{YEAR}-01-01", indicator.pk, f"{YEAR - 1}-01-01", f"{YEAR}-12-01"]
    duck_ms, duck_rows = timed(lambda: duck.execute(query, params).fetchall())
    assert {row[0]: row[1] for row in duck_rows} == {r.key: r.current for r in national}, (
        "DuckDB must find the same totals"
    )

    month = parse(f"{YEAR}10")

    def dashboard():
        figures = kpis(form=form, root=province, period=month)
        by_commune = rollup(indicator=indicator, root=province, period=month)
        line = series(indicator=indicator, root=province, first=month.shifted(-23), last=month)
        return figures, by_commune, line

    reset_queries()
    dashboard_ms, _dash = timed(dashboard)
    matrix_ms, _matrix = timed(
        lambda: completeness(
            form=form, root=province, periods=between(parse(f"{YEAR}01"), parse(f"{YEAR}12"))
        )
    )

    print(
        f"National roll-up, one indicator, {YEAR}, by province: {national_ms:8.1f} ms "
        f"({len(national)} provinces)"
    )
    print(
        f"  DuckDB on the same rows (lower bound):          {duck_ms:8.1f} ms "
        f"→ antq / DuckDB = {national_ms / duck_ms:.1f}×"
    )
    print(
        f"  Naive ORM loop over the rows:                   {naive_ms:8.1f} ms "
        f"→ loop / antq = {naive_ms / national_ms:.0f}×"
    )
    print(f"Province dashboard (key figures, by commune, 24 months): {dashboard_ms:8.1f} ms")
    print(f"Completeness matrix, province × 12 months:                {matrix_ms:8.1f} ms")


if __name__ == "__main__":
    main()
