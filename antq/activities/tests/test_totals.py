"""The nation's activity figures read `ActivityTotal` (a few hundred rows)
instead of every activity (two million at national size: 12 s). The totals
are kept by database triggers, so whatever writes an activity (a form, the
importer, a bulk move, restating, raw SQL) moves them in the same
transaction: they always equal a recount, in both views."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Sum

from antq.activities import totals
from antq.activities.models import Activity, ActivityKind, ActivityOutput, ActivityTotal, OutputKind
from antq.activities.selectors import FIGURES, activity_summary, figures
from antq.activities.services import (
    ActivityInput,
    activity_create,
    activity_delete,
    activity_update,
)
from antq.activities.tests.conftest import entry
from antq.core.actors import SYSTEM
from antq.units.models import PUBLISHED, RESTATED
from antq.units.placement import restate_all
from conftest import run_at_once

YEAR_2026 = ((date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)))


def nation(measure, argument, view=RESTATED, window=YEAR_2026):
    FIGURES.forget()
    current, previous = window
    return figures(
        measure, argument, root=None, current=current, previous=previous, view=view,
        by_child=True,
    )  # fmt: skip


def recount_by_province(measure, argument, view=RESTATED, window=YEAR_2026):
    """The same figures counted from the rows, by province."""
    column = f"{view}_province"
    result = {}
    for at, (start, end) in enumerate(window):
        rows = Activity.objects.filter(date__range=(start, end))
        if measure == "kind":
            counted = rows.filter(kind__code=argument).values(column).annotate(n=Count("pk"))
        elif measure == "attendance":
            counted = rows.values(column).annotate(n=Sum("attendance"))
        else:
            counted = (
                ActivityOutput.objects.filter(activity__in=rows, kind__code=argument)
                .values(place=F(f"activity__{column}"))
                .annotate(n=Sum("count"))
            )
        for row in counted:
            pair = result.setdefault(row.get(column, row.get("place")), [0, 0])
            pair[at] = row["n"] or 0
    return {k: tuple(v) for k, v in result.items() if any(v)}


def assert_totals_equal_a_recount():
    assert totals.differences() == []
    for view in (RESTATED, PUBLISHED):
        for measure, argument in [
            ("kind", "tuyen_truyen"),
            ("kind", "ngay_hoi"),
            ("attendance", ""),
            ("output", "to_roi"),
            ("output", "tin_bai"),
        ]:
            found = {k: v for k, v in nation(measure, argument, view).items() if any(v)}
            assert found == recount_by_province(measure, argument, view), (view, measure)


def test_every_way_of_writing_an_activity_moves_the_nations_totals_with_it(
    tree, personas, merged_commune
):
    old_ben_tre, _successor = merged_commune
    by = personas.officer_a
    first = activity_create(by=by, data=entry(tree.commune_a))
    activity_create(by=by, data=entry(tree.old_commune, date(2025, 3, 5)))
    activity_create(by=personas.system_admin, data=entry(old_ben_tre, date(2025, 2, 1)))
    assert_totals_equal_a_recount()

    activity_update(
        by=by,
        activity=first,
        data=entry(tree.commune_a, date(2025, 11, 2), attendance=7, outputs={"to_roi": 9}),
    )
    assert_totals_equal_a_recount()  # moved a year back, outputs changed and removed

    kind = ActivityKind.objects.get(code="ngay_hoi")
    Activity.objects.filter(pk=first.pk).update(kind=kind, date=date(2026, 8, 19))
    ActivityOutput.objects.filter(activity=first).update(count=41)
    ActivityOutput.objects.bulk_create(
        [ActivityOutput(activity=first, kind=OutputKind.objects.get(code="tin_bai"), count=5)]
    )
    assert_totals_equal_a_recount()  # the ORM's bulk writes, no signal sent

    with connection.cursor() as cursor:
        cursor.execute("UPDATE activities_activity SET attendance = 999 WHERE id = %s", [first.pk])
    assert_totals_equal_a_recount()  # raw SQL too

    restate_all(by=SYSTEM)
    assert_totals_equal_a_recount()
    activity_delete(by=by, activity=first)
    assert_totals_equal_a_recount()
    assert ActivityTotal.objects.filter(value__gt=0).exists()


def test_a_write_rolled_back_leaves_the_totals_as_they_were(tree, personas):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    before = list(ActivityTotal.objects.order_by("pk").values_list("pk", "value"))
    with pytest.raises(RuntimeError), transaction.atomic():
        activity_create(by=personas.officer_a, data=entry(tree.commune_a, attendance=500))
        raise RuntimeError("the officer's browser closed")
    assert list(ActivityTotal.objects.order_by("pk").values_list("pk", "value")) == before


def test_a_review_conference_counts_in_the_year_it_reviews_and_was_held_in_both(tree, personas):
    conference = ActivityInput(
        unit=tree.province,
        kind=ActivityKind.objects.get(code="hoi_nghi"),
        title="Hội nghị tổng kết phong trào năm 2025",
        date=date(2026, 1, 16),
        reviewed_period="2025",
        attendance=80,
    )
    activity_create(by=personas.province_approver, data=conference)
    year_2025 = ((date(2025, 1, 1), date(2025, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31)))
    assert nation("kind", "hoi_nghi", window=year_2025) == {tree.province.pk: (1, 0)}
    assert nation("kind", "hoi_nghi") == {tree.province.pk: (0, 1)}  # not again in 2026
    assert nation("attendance", "") == {tree.province.pk: (80, 0)}  # people came in 2026
    # something was counted in 2025 and held in 2026: 0 sessions there, not "no data";
    # nothing at all in 2024: no data
    for window, expected in ((year_2025, (0, None)), (YEAR_2026, (0, 0))):
        FIGURES.forget()
        whole = figures(
            "kind", "tuyen_truyen", root=None, current=window[0], previous=window[1],
            view=RESTATED, by_child=False,
        )  # fmt: skip
        assert whole == {None: expected}


def test_a_period_that_is_not_whole_months_is_counted_from_the_activities(tree, personas):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a, date(2026, 10, 5)))
    activity_create(by=personas.officer_a, data=entry(tree.commune_a, date(2026, 10, 25)))
    window = ((date(2026, 10, 1), date(2026, 10, 19)), (date(2025, 10, 1), date(2025, 10, 19)))
    assert nation("kind", "tuyen_truyen", window=window) == {tree.province.pk: (1, 0)}


def test_the_provinces_summary_reads_the_totals_and_agrees_with_its_rows(
    tree, personas, django_assert_max_num_queries
):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    activity_create(by=personas.officer_b, data=entry(tree.commune_b, kind="ngay_hoi"))
    activity_create(by=personas.officer_a, data=entry(tree.old_commune, date(2025, 3, 5)))
    summary = activity_summary(personas.province_approver, root=tree.province, year=2026)
    by_kind = {k["code"]: (k["count"], k["previous"], k["attendance"]) for k in summary.by_kind}
    assert by_kind["tuyen_truyen"] == (1, 1, 120)
    assert by_kind["ngay_hoi"] == (1, 0, 120)
    assert (summary.total, summary.attendance) == (2, 240)
    outputs = {o["code"]: (o["total"], o["previous"]) for o in summary.outputs}
    assert outputs["to_roi"] == (600, 300)
    # a commune officer reads only their commune: from their own rows
    mine = activity_summary(personas.officer_b, root=tree.province, year=2026)
    assert {k["code"]: k["count"] for k in mine.by_kind if k["count"]} == {"ngay_hoi": 1}


def test_a_recount_repairs_totals_written_around_the_triggers(tree, personas):
    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    ActivityTotal.objects.filter(measure="k").update(value=40)  # a restore gone wrong
    assert totals.differences() != []
    totals.rebuild()
    assert totals.differences() == []


def test_officers_saving_activities_at_once_keep_the_totals_exact(postgresql_only, tree, personas):
    communes = [tree.commune_a, tree.commune_b]
    officers = [personas.officer_a, personas.officer_b]

    def save(i: int):
        kind = ["tuyen_truyen", "ngay_hoi", "hoi_nghi"][i % 3]
        month = 1 + (i * 5) % 11  # the months before the suite's today (02/12/2026)
        return activity_create(
            by=officers[i % 2], data=entry(communes[i % 2], date(2026, month, 3), kind=kind)
        )

    results = run_at_once(save, 12)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Activity.objects.count() == 12
    assert_totals_equal_a_recount()


def test_the_command_line_checks_the_totals_and_recounts_them(tree, personas):
    from io import StringIO

    from django.core.management import CommandError, call_command

    activity_create(by=personas.officer_a, data=entry(tree.commune_a))
    out = StringIO()
    call_command("activity_totals", stdout=out)
    assert "khớp" in out.getvalue()
    ActivityTotal.objects.filter(measure="a").delete()
    with pytest.raises(CommandError, match="lệch"):
        call_command("activity_totals", stdout=StringIO(), stderr=StringIO())
    call_command("activity_totals", "--rebuild", stdout=out)
    assert "Đã đếm lại" in out.getvalue() and totals.differences() == []
