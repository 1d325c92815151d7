"""Time the movement report on the national benchmark database.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/report.py

On the database of `bench/generate_national.py` (3,321 communes, ~100,000
residential areas, 5 years of values of synthetic indicators), this script
first makes the report's own figures exist, once: the catalogue, the monthly
form's indicators for 2024 and 2025 copied from the synthetic values in SQL
(1.67 M values), their province totals, and ten activities per commune and
year (66,420 rows). Then it times, median of 3 warm runs, the year-end 2025
report of the province with most communes and of the nation: the figures
(every section), the charts and the DOCX, and the PDF separately.
"""

import os
import random
import statistics
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
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from antq.activities.models import Activity, ActivityKind  # noqa: E402
from antq.core.periods import parse  # noqa: E402
from antq.indicators.catalogue import MONTHLY_FORM  # noqa: E402
from antq.indicators.models import DataValue, Indicator  # noqa: E402
from antq.indicators.services import catalogue_load  # noqa: E402
from antq.indicators.totals import totals_rebuild  # noqa: E402
from antq.reports.documents import render_docx, render_pdf  # noqa: E402
from antq.reports.drafting import draft_figures  # noqa: E402
from antq.reports.models import Report, ReportTemplate  # noqa: E402
from antq.units.models import Unit  # noqa: E402

YEARS = (2024, 2025)
ACTIVITIES_PER_COMMUNE_YEAR = 10


def prepare() -> None:
    call_command("migrate", verbosity=0)
    catalogue_load()
    codes = MONTHLY_FORM["indicators"]
    first = Indicator.objects.get(code=codes[0])
    if not DataValue.objects.filter(indicator=first).exists():
        started = time.perf_counter()
        synthetic = {i.code: i.pk for i in Indicator.objects.filter(code__startswith="BENCH_")}
        columns = (
            "unit_id, period, period_type, period_start, option, value, comment, updated_at, "
            "published_province_id, published_commune_id, restated_province_id, restated_commune_id"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            for index, code in enumerate(codes, start=1):
                target = Indicator.objects.get(code=code).pk
                cursor.execute(
                    f"INSERT INTO indicators_datavalue (indicator_id, {columns}) "
                    f"SELECT %s, {columns} FROM indicators_datavalue "
                    "WHERE indicator_id = %s AND period_start >= %s",
                    [target, synthetic[f"BENCH_{index:02d}"], date(YEARS[0], 1, 1)],
                )
        print(f"catalogue values copied ({time.perf_counter() - started:.1f} s)", flush=True)
        started = time.perf_counter()
        totals_rebuild()
        print(f"province totals rebuilt ({time.perf_counter() - started:.1f} s)", flush=True)
    if not Activity.objects.exists():
        started = time.perf_counter()
        rng = random.Random(2026)
        kinds = list(ActivityKind.objects.all())
        communes = list(
            Unit.objects.filter(type=Unit.Type.COMMUNE, valid_to__isnull=True).values_list(
                "pk", "parent_id", "path"
            )
        )
        rows = [
            Activity(
                unit_id=commune, kind=rng.choice(kinds), title="Hoạt động thử",
                date=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                attendance=rng.randint(20, 300), published_province_id=province,
                published_commune_id=commune, restated_province_id=province,
                restated_commune_id=commune, scope_path=path, search_text="hoat dong thu",
            )
            for year in YEARS
            for commune, province, path in communes
            for _ in range(ACTIVITIES_PER_COMMUNE_YEAR)
        ]  # fmt: skip
        Activity.objects.bulk_create(rows, batch_size=5000)
        print(f"{len(rows):,} activities ({time.perf_counter() - started:.1f} s)", flush=True)


def timed(function, repeats: int = 3):
    durations, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), result


def measure(root: Unit | None) -> dict:
    template = ReportTemplate.objects.get(is_default=True)
    period = parse("2025")

    def figures():
        return draft_figures(template=template, root=root, period=period)

    figures_s, drafted = timed(figures)
    report = Report(
        template=template, unit=root, period="2025", view="restated", figures=drafted,
        scope_path=root.path if root else "", narrative={}, drafted_at=timezone.now(),
    )  # fmt: skip
    docx_s, docx = timed(lambda: render_docx(report))
    pdf_s, _pdf = timed(lambda: render_pdf(report))
    return {"figures": figures_s, "docx": docx_s, "pdf": pdf_s, "kb": len(docx) // 1024}


def main() -> None:
    prepare()
    largest = (
        Unit.objects.filter(type=Unit.Type.PROVINCE, valid_to__isnull=True)
        .annotate(n=Count("children", filter=Q(children__valid_to__isnull=True)))
        .order_by("-n")
        .first()
    )
    print(f"{connection.vendor}; province: {largest.name} ({largest.n} communes)")
    for label, root in ((largest.name, largest), ("Toàn quốc", None)):
        measure(root)  # warm the caches
        result = measure(root)
        total = result["figures"] + result["docx"]
        print(
            f"{label}: figures {result['figures']:.2f} s, charts + DOCX {result['docx']:.2f} s "
            f"= {total:.2f} s ({result['kb']} KB); PDF {result['pdf']:.2f} s"
        )


if __name__ == "__main__":
    main()
