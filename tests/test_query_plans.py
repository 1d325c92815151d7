"""The five heaviest reads of the dashboard and the reports (the national
roll-up, a province's figures by commune, its 24-month line, the completeness
matrix, the activity figures and the activity search) are served by indexes:
at national size a full scan of the value or activity table costs seconds
(bench/rollup.py, bench/activities.py), and on a test database it costs
nothing, so only the plan shows it. Each statement such a read sends is
explained by the database it runs on; a scan of a big table fails the test.

SQLite: `EXPLAIN QUERY PLAN` must SEARCH a big table (through an index), not
SCAN it. PostgreSQL: with sequential scans priced out (`enable_seqscan =
off`, so a tiny table does not make the planner prefer one) the plan must
not hold a Seq Scan of a big table: if it still does, no index can serve it.
"""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.activities.selectors import FIGURES, activities_for, figures
from antq.core.actors import SYSTEM
from antq.core.periods import between, parse
from antq.indicators.completeness import completeness
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.selectors import rollup, series
from antq.indicators.services import catalogue_load
from antq.units.models import RESTATED

BIG_TABLES = {
    "indicators_datavalue",
    "indicators_provincetotal",
    "indicators_submission",
    "activities_activity",
    "activities_activityoutput",
    "activities_activitytotal",
}
YEAR = parse("2026")
MONTH = parse("202610")


def statements(read) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        read()
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        and any(table in q["sql"] for table in BIG_TABLES)
    ]


def sqlite_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        details = [row[-1] for row in cursor.fetchall()]
    # "SCAN t" reads every row of t; "SEARCH t USING INDEX …" reads a range
    return [
        d
        for d in details
        if re.match(r"SCAN (\w+)", d) and re.match(r"SCAN (\w+)", d).group(1) in BIG_TABLES
    ]


def postgresql_scans(sql: str) -> list[str]:
    found = []

    def walk(node: dict) -> None:
        table, kind = node.get("Relation Name"), node.get("Node Type", "")
        # Only a Seq Scan: on a test database's empty tables the planner may walk
        # a whole index for its order (GROUP BY) even where another index could
        # narrow the read, so a walk proves nothing here; SQLite's plan does.
        if table in BIG_TABLES and kind == "Seq Scan":
            found.append(f"{kind} on {table}")
        for child in node.get("Plans", []):
            walk(child)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = on")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    walk(plan[0]["Plan"])
    return found


def scans(read) -> dict[str, list[str]]:
    explain = sqlite_scans if connection.vendor == "sqlite" else postgresql_scans
    sent = statements(read)
    assert sent, "the read sent no statement to a big table: the test would check nothing"
    return {sql[:160]: found for sql in sent if (found := explain(sql))}


@pytest.fixture
def province(tree):
    return tree.province


@pytest.fixture
def monthly_form(db):
    catalogue_load()
    return ReportForm.objects.get(code="BC-THANG-XA")


@pytest.fixture
def indicator(monthly_form):
    return Indicator.objects.get(code="TT_BUOI")


@pytest.mark.django_db
def test_the_national_roll_up_reads_the_province_totals_through_an_index(indicator):
    assert scans(lambda: rollup(indicator=indicator, root=None, period=YEAR)) == {}


@pytest.mark.django_db
def test_a_provinces_figures_by_commune_read_the_values_through_an_index(indicator, province):
    assert scans(lambda: rollup(indicator=indicator, root=province, period=MONTH)) == {}


@pytest.mark.django_db
def test_a_provinces_24_month_line_reads_the_values_through_an_index(indicator, province):
    first = MONTH.shifted(-23)
    assert scans(lambda: series(indicator=indicator, root=province, first=first, last=MONTH)) == {}


@pytest.mark.django_db
def test_the_completeness_matrix_reads_the_reports_through_an_index(monthly_form, province):
    periods = between(parse("202601"), parse("202612"))
    assert scans(lambda: completeness(form=monthly_form, root=province, periods=periods)) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("root", ["nation", "province"])
def test_the_activity_figures_read_the_activities_through_an_index(root, province):
    """The nation's figures read ActivityTotal by its key (before it, every
    activity of the two years: 12.25 s at 2 million); a province by commune
    reads its activities through the province's index."""
    FIGURES.forget()  # counted afresh, not from the per-process memo

    def read():
        figures(
            "kind",
            "tuyen_truyen",
            root=None if root == "nation" else province,
            current=(date(2026, 1, 1), date(2026, 12, 31)),
            previous=(date(2025, 1, 1), date(2025, 12, 31)),
            view=RESTATED,
            by_child=True,
        )

    assert scans(read) == {}


@pytest.mark.django_db
def test_the_activity_search_reads_the_text_index(province):
    def read():
        rows = activities_for(SYSTEM, root=province, q="tuyen truyen")
        list(rows.order_by("-date")[:50])

    assert scans(read) == {}
