"""Activities at national scale: report figures answered per family and kept
until an activity changes (never stale: always equal to a recount), search
through the text index, no exact count past 1.000."""

from datetime import date

from django.db import connection
from django.db.models import Count, Sum

from antq.activities.models import Activity, ActivityKind, ActivityOutput
from antq.activities.selectors import activities_for, figures
from antq.activities.services import activity_create, activity_delete, activity_update
from antq.activities.tests.conftest import entry
from antq.core.actors import SYSTEM
from antq.units.models import RESTATED
from antq.units.placement import restate_all

YEAR = ((date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)))


def _figures(measure, argument, root):
    current, previous = YEAR
    return figures(
        measure, argument, root=root, current=current, previous=previous,
        view=RESTATED, by_child=True,
    )  # fmt: skip


def _recount(measure, argument, root):
    """The same figures counted from the rows, by the commune of today."""
    rows = Activity.objects.filter(restated_province=root)
    result = {}
    for column in (0, 1):
        start, end = YEAR[column]
        window = rows.filter(date__range=(start, end))
        if measure == "kind":
            counted = window.filter(kind__code=argument).values("restated_commune")
            counted = counted.annotate(n=Count("pk"))
        elif measure == "attendance":
            counted = window.values("restated_commune").annotate(n=Sum("attendance"))
        else:
            counted = [
                {"restated_commune": r["activity__restated_commune"], "n": r["n"]}
                for r in ActivityOutput.objects.filter(activity__in=window, kind__code=argument)
                .values("activity__restated_commune")
                .annotate(n=Sum("count"))
            ]
        for row in counted:
            pair = result.setdefault(row["restated_commune"], [0, 0])
            pair[column] = row["n"] or 0
    return {k: tuple(v) for k, v in result.items() if any(v)}


def _assert_equal_to_a_recount(root):
    for measure, argument in [
        ("kind", "tuyen_truyen"),
        ("kind", "ngay_hoi"),
        ("attendance", ""),
        ("output", "to_roi"),
        ("output", "tin_bai"),
    ]:
        found = {k: v for k, v in _figures(measure, argument, root).items() if any(v)}
        assert found == _recount(measure, argument, root), (measure, argument)


def test_report_figures_stay_equal_to_a_recount_after_create_edit_delete_and_restating(
    tree, personas
):
    by = personas.officer_a
    first = activity_create(by=by, data=entry(tree.commune_a))
    activity_create(by=by, data=entry(tree.old_commune, date(2025, 3, 5)))
    activity_create(by=personas.officer_b, data=entry(tree.commune_b, outputs={"to_roi": 50}))
    _assert_equal_to_a_recount(tree.province)
    activity_update(
        by=by, activity=first, data=entry(tree.commune_a, attendance=7, outputs={"to_roi": 9})
    )
    _assert_equal_to_a_recount(tree.province)
    activity_delete(by=by, activity=first)
    _assert_equal_to_a_recount(tree.province)
    second = activity_create(by=by, data=entry(tree.old_commune, date(2025, 4, 5), kind="ngay_hoi"))
    _assert_equal_to_a_recount(tree.province)
    Activity.objects.filter(pk=second.pk).update(restated_commune=None, scope_path="/0/")
    _assert_equal_to_a_recount(tree.province)  # a bulk write is seen at once
    restate_all(by=SYSTEM)
    _assert_equal_to_a_recount(tree.province)


def test_a_national_report_counts_every_kind_in_one_query(tree, personas):
    from django.test.utils import CaptureQueriesContext

    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    kinds = list(ActivityKind.objects.values_list("code", flat=True))
    with CaptureQueriesContext(connection) as queries:
        for code in kinds:
            _figures("kind", code, tree.province)
    grouped = [q for q in queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1 and len(kinds) > 3


def test_search_finds_tuyen_truyen_in_tuyen_truyen_with_its_accents_and_follows_edits(
    tree, personas
):
    by = personas.officer_a
    found = activity_create(by=by, data=entry(tree.commune_a, title="Tuyên truyền pháp luật"))
    activity_create(by=by, data=entry(tree.commune_a, title="Họp dân cư", topic=""))
    assert list(activities_for(by, q="tuyen truyen")) == [found]
    assert list(activities_for(by, q="TUYÊN truyền")) == [found]
    activity_update(by=by, activity=found, data=entry(tree.commune_a, title="Diễn tập"))
    assert list(activities_for(by, q="dien tap")) == [found]
    assert "phap luat" not in found.search_text and not activities_for(by, q="phap luat")


def test_a_long_list_says_more_than_1000_instead_of_counting_them_all(client, tree, personas):
    kind = ActivityKind.objects.get(code="tuyen_truyen")
    Activity.objects.bulk_create(
        Activity(
            unit=tree.commune_a, kind=kind, title=f"Tuyên truyền {i}", date=date(2026, 5, 1),
            search_text=f"tuyen truyen {i}", scope_path=tree.commune_a.path,
            restated_commune=tree.commune_a, restated_province=tree.province,
            published_commune=tree.commune_a, published_province=tree.province,
        )
        for i in range(1001)
    )  # fmt: skip
    client.force_login(personas.officer_a)
    page = client.get("/hoat-dong/", {"q": "tuyen truyen"}).content.decode()
    assert "hơn 1.000 kết quả" in page
    page = client.get("/hoat-dong/", {"q": "tuyen truyen 999"}).content.decode()
    assert "1 hoạt động" in page and "hơn 1.000" not in page


def test_a_common_word_walks_the_list_in_its_order_and_a_rare_one_reads_the_text_index(
    tree, personas
):
    """'tuyen truyen' is in a quarter of two million activities: handing
    500.000 ids from the text index to a sort costs seconds, walking the
    newest first until 50 match costs milliseconds. A rare word the other
    way round. Either way the page is the same."""
    from django.test.utils import CaptureQueriesContext

    kind = ActivityKind.objects.get(code="tuyen_truyen")
    place = {
        "scope_path": tree.commune_a.path, "restated_commune": tree.commune_a,
        "restated_province": tree.province, "published_commune": tree.commune_a,
        "published_province": tree.province,
    }  # fmt: skip
    Activity.objects.bulk_create(
        Activity(unit=tree.commune_a, kind=kind, title=f"Tuyên truyền {i}",
                 date=date(2025, 1, 1 + i % 28), search_text=f"tuyen truyen {i}", **place)
        for i in range(1001)
    )  # fmt: skip
    rare = activity_create(by=personas.officer_a, data=entry(tree.commune_a, title="Họp dân cư"))
    for q, expected in [("tuyen truyen", 50), ("hop dan", 1)]:
        with CaptureQueriesContext(connection) as queries:
            page = list(activities_for(SYSTEM, q=q)[:50])
        assert len(page) == expected
        assert page == sorted(page, key=lambda a: (a.date, a.pk), reverse=True)
        listed = queries.captured_queries[-1]["sql"]
        reads_index = "activities_activity_fts" in listed
        assert reads_index == (q == "hop dan" and connection.vendor == "sqlite"), q
    assert page == [rare]
