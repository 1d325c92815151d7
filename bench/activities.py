"""Activities at national scale: generate them, then time antq's reads
against hand-written SQL in the same run, interleaved, median of warm runs.

    DATABASE_URL=sqlite:///var/bench-activities.sqlite3 \
        .venv/bin/python bench/activities.py [--count 2060000] [--runs 5]

The database gets the national unit tree (`load_units`) and `--count`
activities over 2023–2025, spread over every commune of today (about one
output per two activities), written with executemany in 50,000-row
transactions; generation is skipped when the activities are there. Then:

- the nation's 2025 report figures: every activity kind, the attendance and
  every output kind by province, through `activities.selectors.figures`
  (its cache emptied before each run) against one hand-written `GROUP BY
  restated_province, kind` for activities and one for outputs;
- a search page for "tuyen truyen" (the 50 newest and the count up to 1,000)
  through `activities_for` and `CappedPaginator` against the FTS5 / pg_trgm
  query by hand;
- the 2025 summary of Thành phố Hồ Chí Minh (`activity_summary`) against its
  grouped query by date range;
- the whole 2025 report of the nation (`reports.drafting.draft_figures`,
  every section, cold), and its charts and DOCX: target under 3 s.

Since ActivityTotal, the nation's figures and a province's summary read the
totals; the table also shows them against the same read of ActivityTotal by
hand ("info": what the Python around the read costs).

Prints one table (measure, antq, hand SQL, ratio, target) and writes
var/bench/activities-<database>.json. Benchmarks print; they are never tests.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-activities.sqlite3'}")

import django  # noqa: E402
import production  # noqa: E402, F401 (DEBUG off, as in production)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from antq.activities.models import Activity, ActivityKind, OutputKind  # noqa: E402
from antq.activities.selectors import FIGURES, activities_for, activity_summary, figures  # noqa: E402
from antq.core.actors import SYSTEM  # noqa: E402
from antq.core.paging import CappedPaginator  # noqa: E402
from antq.core.periods import parse  # noqa: E402
from antq.indicators.services import catalogue_load  # noqa: E402
from antq.reports.documents import render_docx  # noqa: E402
from antq.reports.drafting import draft_figures  # noqa: E402
from antq.reports.models import Report, ReportTemplate  # noqa: E402
from antq.units.models import RESTATED, Unit  # noqa: E402

WORDS = [
    "Tuyên truyền phòng, chống lừa đảo qua mạng", "Họp tổ dân phố về an ninh trật tự",
    "Ký cam kết không vi phạm pháp luật", "Tuần tra ban đêm khu dân cư",
    "Diễn tập phương án phòng cháy", "Ngày hội Toàn dân bảo vệ an ninh Tổ quốc",
    "Tọa đàm về ma túy học đường", "Tuyên truyền Luật Trật tự an toàn giao thông",
]  # fmt: skip
FOLDED = [
    "tuyen truyen phong, chong lua dao qua mang", "hop to dan pho ve an ninh trat tu",
    "ky cam ket khong vi pham phap luat", "tuan tra ban dem khu dan cu",
    "dien tap phuong an phong chay", "ngay hoi toan dan bao ve an ninh to quoc",
    "toa dam ve ma tuy hoc duong", "tuyen truyen luat trat tu an toan giao thong",
]  # fmt: skip


def generate(count: int) -> None:
    call_command("migrate", verbosity=0)
    catalogue_load()  # the report's activity indicators
    if not Unit.objects.filter(type=Unit.Type.PROVINCE).exists():
        call_command("load_units", verbosity=0)
    have = Activity.objects.count()
    if have >= count:
        print(f"{have:,} activities already there")
        return
    started = time.perf_counter()
    communes = list(
        Unit.objects.filter(type=Unit.Type.COMMUNE, valid_to__isnull=True).values_list(
            "pk", "path", "parent_id"
        )
    )
    kinds = list(ActivityKind.objects.values_list("pk", flat=True))
    outputs = list(OutputKind.objects.values_list("pk", flat=True))
    rng = random.Random(25)
    first, days = date(2023, 1, 1), (date(2025, 12, 31) - date(2023, 1, 1)).days + 1
    columns = (
        "unit_id, kind_id, title, topic, host, date, presenter_name, presenter_position, "
        "chair_name, chair_position, attendance, is_public, search_text, created_at, "
        "updated_at, version, scope_path, published_province_id, published_commune_id, "
        "restated_province_id, restated_commune_id, reviewed_period"
    )
    activity_sql = f"INSERT INTO activities_activity ({columns}) VALUES ({', '.join(['%s'] * 22)})"
    output_sql = (
        "INSERT INTO activities_activityoutput (activity_id, kind_id, count) "
        "SELECT id, %s, %s FROM activities_activity WHERE id > %s AND id %% 2 = 0"
    )
    now = "2026-01-01 00:00:00+00:00"
    done = have
    while done < count:
        batch = []
        for _ in range(min(50_000, count - done)):
            commune, path, province = communes[rng.randrange(len(communes))]
            text = rng.randrange(len(WORDS))
            day = first + timedelta(days=rng.randrange(days))
            batch.append(
                (commune, kinds[rng.randrange(len(kinds))], WORDS[text], "", "", day, "", "",
                 "", "", rng.randrange(20, 300), False, FOLDED[text], now, now, 1, path,
                 province, commune, province, commune, "")
            )  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM activities_activity")
            (last,) = cursor.fetchone()
            cursor.executemany(activity_sql, batch)
            cursor.execute(output_sql, [outputs[rng.randrange(len(outputs))], 25, last])
        done += len(batch)
        print(f"  {done:,} activities, {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"generated {count - have:,} activities in {time.perf_counter() - started:.0f} s")


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def national_figures_antq() -> None:
    FIGURES.forget()  # cold: the cache would make it a dictionary read
    current = (date(2025, 1, 1), date(2025, 12, 31))
    previous = (date(2024, 1, 1), date(2024, 12, 31))
    options = {"root": None, "current": current, "previous": previous, "view": RESTATED}
    for code in ActivityKind.objects.values_list("code", flat=True):
        figures("kind", code, by_child=True, **options)
    figures("attendance", "", by_child=True, **options)
    for code in OutputKind.objects.values_list("code", flat=True):
        figures("output", code, by_child=True, **options)


def national_figures_hand() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT restated_province_id, kind_id, "
            "SUM(CASE WHEN date >= '2025-01-01' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN date < '2025-01-01' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN date >= '2025-01-01' THEN attendance ELSE 0 END) "
            "FROM activities_activity WHERE date BETWEEN '2024-01-01' AND '2025-12-31' "
            "GROUP BY restated_province_id, kind_id"
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT a.restated_province_id, o.kind_id, "
            "SUM(CASE WHEN a.date >= '2025-01-01' THEN o.count ELSE 0 END), "
            "SUM(CASE WHEN a.date < '2025-01-01' THEN o.count ELSE 0 END) "
            "FROM activities_activityoutput o JOIN activities_activity a ON a.id = o.activity_id "
            "WHERE a.date BETWEEN '2024-01-01' AND '2025-12-31' "
            "GROUP BY a.restated_province_id, o.kind_id"
        )
        cursor.fetchall()


def national_totals_hand() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT measure, province, kind, "
            "SUM(CASE WHEN month >= '2025-01-01' THEN value ELSE 0 END), "
            "SUM(CASE WHEN month < '2025-01-01' THEN value ELSE 0 END) "
            "FROM activities_activitytotal WHERE \"view\" = 'restated' "
            "AND measure IN ('k', 'a', 'o') AND month BETWEEN '2024-01-01' AND '2025-12-01' "
            "GROUP BY measure, province, kind"
        )
        cursor.fetchall()


def national_report() -> None:
    """The nation's 2025 report as a clerk drafts it: every section's
    figures (the activities' caches emptied), then its charts and DOCX."""
    FIGURES.forget()
    template = ReportTemplate.objects.get(is_default=True)
    drafted = draft_figures(template=template, root=None, period=parse("2025"))
    report = Report(
        template=template, unit=None, period="2025", view=RESTATED, figures=drafted,
        scope_path="", narrative={}, drafted_at=timezone.now(),
    )  # fmt: skip
    render_docx(report)


def search_antq() -> None:
    rows = activities_for(SYSTEM, q="tuyen truyen")
    page = CappedPaginator(rows, 50).get_page(1)
    list(page)
    page.paginator.count  # noqa: B018


def search_hand() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            found = (
                "SELECT rowid FROM activities_activity_fts WHERE search_text LIKE '%tuyen%' "
                "AND search_text LIKE '%truyen%'"
            )
            cursor.execute(
                f"SELECT a.id, a.title, a.date FROM activities_activity a WHERE a.id IN ({found}) "
                "ORDER BY a.date DESC, a.id DESC LIMIT 50"
            )
            cursor.fetchall()
            cursor.execute(f"SELECT COUNT(*) FROM ({found} LIMIT 1001)")
        else:
            where = "search_text LIKE '%%tuyen%%' AND search_text LIKE '%%truyen%%'"
            cursor.execute(
                f"SELECT id, title, date FROM activities_activity WHERE {where} "
                "ORDER BY date DESC, id DESC LIMIT 50"
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM activities_activity "
                f"WHERE {where} LIMIT 1001) t"
            )
        cursor.fetchall()


def summary_antq(root: Unit) -> None:
    activity_summary(SYSTEM, root=root, year=2025)


def summary_hand(root: Unit) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind_id, SUM(CASE WHEN date >= '2025-01-01' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN date < '2025-01-01' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN date >= '2025-01-01' THEN attendance ELSE 0 END) "
            "FROM activities_activity WHERE restated_province_id = %s "
            "AND date BETWEEN '2024-01-01' AND '2025-12-31' GROUP BY kind_id",
            [root.pk],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT o.kind_id, SUM(CASE WHEN a.date >= '2025-01-01' THEN o.count ELSE 0 END), "
            "SUM(CASE WHEN a.date < '2025-01-01' THEN o.count ELSE 0 END) "
            "FROM activities_activityoutput o JOIN activities_activity a ON a.id = o.activity_id "
            "WHERE a.restated_province_id = %s AND a.date BETWEEN '2024-01-01' AND '2025-12-31' "
            "GROUP BY o.kind_id",
            [root.pk],
        )
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2_060_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    generate(options.count)
    total = Activity.objects.count()
    hcm = Unit.objects.get(code="79", valid_to__isnull=True)
    measures = [
        ("national 2025 report figures (activities)", national_figures_antq,
         national_figures_hand, "≤ 2×"),
        ("the same, against ActivityTotal read by hand", national_figures_antq,
         national_totals_hand, "info"),
        ("whole 2025 national report (figures, charts, DOCX)", national_report, None, "< 3 s"),
        ('search "tuyen truyen", one page', search_antq, search_hand, "≤ 300 ms"),
        ("summary 2025, Thành phố Hồ Chí Minh", lambda: summary_antq(hcm),
         lambda: summary_hand(hcm), "≤ 2×"),
    ]  # fmt: skip
    results = []
    print(f"\n{total:,} activities, {connection.vendor}; median of {options.runs} warm runs")
    print(f"{'measure':<52} {'antq':>10} {'hand SQL':>10} {'ratio':>6}  target")
    for name, antq, hand, target in measures:
        # interleaved: antq, hand, antq, hand… under the same load
        antq_ms, hand_ms = [], []
        compared = hand is not None
        hand = hand or (lambda: None)
        antq(), hand()  # warm
        for _ in range(options.runs):
            antq_ms.append(timed(antq, 1))
            hand_ms.append(timed(hand, 1))
        a, h = statistics.median(antq_ms), statistics.median(hand_ms)
        ratio = a / h if compared else None
        shown = f"{h:8.1f} ms {ratio:5.2f}×" if ratio else f"{'':>11} {'':>6}"
        print(f"{name:<52} {a:8.1f} ms {shown}  {target}")
        results.append(
            {"measure": name, "antq_ms": a, "hand_ms": h if ratio else None, "ratio": ratio,
             "target": target, "activities": total, "database": connection.vendor}
        )  # fmt: skip
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"activities-{connection.vendor}.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
