"""The heaviest reads of activities and of the national roll-up are answered
through an index, as EXPLAIN shows on SQLite and on PostgreSQL (there with
sequential scans priced out, since the test tables are tiny)."""

from contextlib import contextmanager
from datetime import date

from django.db import connection

from antq.activities.models import Activity
from antq.activities.selectors import activities_for
from antq.activities.services import activity_create
from antq.activities.tests.conftest import entry
from antq.indicators.models import ProvinceTotal


@contextmanager
def no_seq_scan():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = on")
    else:
        yield


def plan(rows) -> str:
    with no_seq_scan():
        return rows.explain()


def test_a_search_reads_the_text_index(tree, personas):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    if connection.vendor == "sqlite":
        found = plan(activities_for(personas.province_approver, q="tuyen truyen"))
        assert "activities_activity_fts" in found, found
    else:
        # on a tiny table PostgreSQL may prefer the subtree's B-tree for a
        # scoped search (both are index reads); the words alone use the GIN
        found = plan(Activity.objects.filter(search_text__contains="tuyen").values("pk"))
        assert "act_search_trgm" in found, found


def test_a_province_s_activities_of_a_year_read_its_province_index(tree, personas):
    """Among the activities of 34 provinces, one province's two years come
    through its own index, not through the date index walking every
    province's (on a table of one row both cost the same to PostgreSQL, so
    the table holds another province's years and its statistics are read)."""
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    kind = Activity.objects.get().kind
    Activity.objects.bulk_create(
        Activity(
            unit=tree.vinh_long, kind=kind, title="Tuyên truyền",
            date=date(2020 + i % 7, 1 + i % 12, 1),
            scope_path=tree.vinh_long.path, restated_province=tree.vinh_long,
            published_province=tree.vinh_long,
        )
        for i in range(400)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE activities_activity")
    rows = Activity.objects.filter(
        restated_province=tree.province, date__range=(date(2025, 1, 1), date(2026, 12, 31))
    )
    assert "act_restated_province" in plan(rows.values("kind").order_by())


def test_a_commune_officer_s_list_reads_the_scope_index(tree, personas):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    found = plan(activities_for(personas.officer_a)[:50])
    assert "act_activity_scope_date" in found, found


def test_the_national_roll_up_reads_the_province_totals_by_their_key(tree):
    year = (date(2025, 1, 1), date(2025, 12, 1))
    rows = ProvinceTotal.objects.filter(
        indicator_id=1, period_type="monthly", period_start__range=year, view="restated"
    )
    found = plan(rows)
    assert "indicators_provincetotal_once" in found or "sqlite_autoindex" in found, found
